package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.ringvault.common.failure.FailureReason;

/**
 * {@code io.ringvault.node.failed}: the part of an operation on one node failed. Sent by a worker (or by the coordinator
 * when a node stops answering); the coordinator fails the operation with it.
 *
 * @param node the node
 * @param reason why, for example {@link FailureReason#TIMEOUT} or {@link FailureReason#SNAPSHOT_FAILED}
 * @param detail a human-readable explanation, safe to show (no secrets)
 * @param reportedBy the worker or service that saw the failure
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NodeFailed(NodeRef node, FailureReason reason, String detail, String reportedBy) implements Event {
    public NodeFailed {
        if (node == null) {
            throw new IllegalArgumentException("node is required");
        }
        if (reason == null) {
            throw new IllegalArgumentException("reason is required");
        }
        Names.requireText(detail, "detail");
    }
}
