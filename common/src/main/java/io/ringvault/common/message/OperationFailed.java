package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.ringvault.common.failure.FailureReason;
import java.util.Map;

/**
 * {@code io.ringvault.operation.failed}: the operation ended in failure. Sent by the coordinator; the last event of the
 * operation.
 *
 * @param reason why, for example {@link FailureReason#TIMEOUT} or {@link FailureReason#NODE_FAILED}
 * @param detail a human-readable explanation naming what failed
 * @param nodeFailures per node host id, why that node failed: its reason's code, a colon and its detail
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OperationFailed(FailureReason reason, String detail, Map<String, String> nodeFailures) implements Event {
    public OperationFailed {
        if (reason == null) {
            throw new IllegalArgumentException("reason is required");
        }
        Names.requireText(detail, "detail");
        nodeFailures = nodeFailures == null ? Map.of() : Map.copyOf(nodeFailures);
    }
}
