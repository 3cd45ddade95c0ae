package io.ringvault.logical;

import io.ringvault.common.failure.ClassifiedFailure;
import io.ringvault.common.failure.FailureReason;

/**
 * A failure of the logical backup engine, with the {@link FailureReason} that says whether trying again can help:
 * {@link FailureReason#BACKUP_CORRUPT} for a chunk file that is truncated or corrupt (the message names the file and the
 * offset), {@link FailureReason#SCHEMA_FAILED} for a schema statement Cassandra refused, {@link FailureReason#IMPORT_FAILED}
 * for an import past its {@code maxErrors}, {@link FailureReason#CASSANDRA_ERROR} for a read or write Cassandra failed,
 * {@link FailureReason#STAGING_ERROR} for a chunk directory that cannot be read or written.
 *
 * <p>Messages name the keyspace, table, chunk file and row, never a credential.
 */
public class LogicalException extends RuntimeException implements ClassifiedFailure {
    private final FailureReason reason;

    public LogicalException(FailureReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public LogicalException(FailureReason reason, String message) {
        this(reason, message, null);
    }

    @Override
    public FailureReason reason() {
        return reason;
    }
}
