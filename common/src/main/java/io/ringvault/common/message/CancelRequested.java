package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code io.ringvault.operation.cancel.requested}: stop a running operation. Published on the requests topic or posted
 * to {@code POST /api/v1/operations/{id}/cancel}; consumed by the coordinator, which emits {@link CancelOperation}
 * to the workers and {@link OperationCancelled} to the audit trail.
 *
 * @param operationId the operation to cancel; required
 * @param requestedBy optional free text naming who asked
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CancelRequested(String operationId, String requestedBy) implements Request {
    public CancelRequested {
        Names.requireId(operationId, "operationId");
    }
}
