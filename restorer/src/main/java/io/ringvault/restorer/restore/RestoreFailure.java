package io.ringvault.restorer.restore;

import io.ringvault.common.failure.ClassifiedFailure;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.NodeRef;

/**
 * A restore cannot go on, for a reason a retry would not change: the restore finishes {@code failed} with
 * {@link #reason()} and the message as its detail (safe to show: names tables, files, nodes and sizes, never a secret).
 * Its reasons are the restore's ({@link FailureReason#UNKNOWN_BACKUP}, {@link FailureReason#UNKNOWN_TABLE},
 * {@link FailureReason#NODE_COUNT_MISMATCH}, {@link FailureReason#NODE_MAPPING_FAILED},
 * {@link FailureReason#AGENT_UNKNOWN}, {@link FailureReason#SCHEMA_MISMATCH}, {@link FailureReason#SCHEMA_FAILED},
 * {@link FailureReason#INSUFFICIENT_SPACE}, {@link FailureReason#CHECKSUM_MISMATCH},
 * {@link FailureReason#TRUNCATE_FAILED}, {@link FailureReason#IMPORT_FAILED}, {@link FailureReason#BULK_LOAD_FAILED},
 * {@link FailureReason#UNKNOWN_DATACENTER}, {@link FailureReason#AGENT_FAILED},
 * {@link FailureReason#STORAGE_FAILED}, {@link FailureReason#RESTORE_ERROR}); none is retryable, so a failure thrown
 * inside a retried call ends it at once.
 */
public class RestoreFailure extends RuntimeException implements ClassifiedFailure {
    private final FailureReason reason;
    private final NodeRef node;

    public RestoreFailure(FailureReason reason, String detail) {
        this(reason, detail, null, null);
    }

    public RestoreFailure(FailureReason reason, String detail, NodeRef node, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
        this.node = node;
    }

    @Override
    public FailureReason reason() {
        return reason;
    }

    /** The node it happened on, when it is one node's failure. */
    public NodeRef node() {
        return node;
    }
}
