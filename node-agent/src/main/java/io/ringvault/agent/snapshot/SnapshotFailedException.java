package io.ringvault.agent.snapshot;

import io.ringvault.common.failure.ClassifiedFailure;
import io.ringvault.common.failure.FailureReason;

/**
 * A snapshot that cannot be taken, for a reason retrying will not change. The agent answers it with
 * {@code node.failed}, whose {@code reason} is {@link #reason()} ({@link FailureReason#KEYSPACE_NOT_ALLOWED},
 * {@link FailureReason#KEYSPACE_MISSING}, {@link FailureReason#TABLE_MISSING}, {@link FailureReason#SNAPSHOT_FAILED}
 * or {@link FailureReason#SNAPSHOT_INCOMPLETE}) and whose {@code detail} is this message: safe to show, it names
 * keyspaces, tables and paths but never a credential.
 */
public class SnapshotFailedException extends RuntimeException implements ClassifiedFailure {
    private final FailureReason reason;

    public SnapshotFailedException(FailureReason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public SnapshotFailedException(FailureReason reason, String detail, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
    }

    @Override
    public FailureReason reason() {
        return reason;
    }
}
