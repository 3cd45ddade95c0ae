package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code io.ringvault.operation.cancel.command}: stop all work for the operation named by the event's subject and clean
 * up. Sent by the coordinator; acted on by every worker that holds work for the operation.
 *
 * @param reason why, for the workers' logs
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CancelOperation(String reason) implements Command {
    public CancelOperation {
        reason = reason == null ? "cancelled" : reason;
    }
}
