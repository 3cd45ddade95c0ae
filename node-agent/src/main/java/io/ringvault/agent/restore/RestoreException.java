package io.ringvault.agent.restore;

import io.ringvault.common.failure.ClassifiedFailure;
import io.ringvault.common.failure.FailureReason;

/**
 * A restore request the agent does not carry out, with a stable {@link FailureReason} the restorer sees in the problem
 * answer and a message safe to show (names, paths, checksums; never a credential). Its reasons are those of the node
 * agent's API ({@code agentapi.AgentReasons}), which gives each its status: a name that is not one
 * ({@code INVALID_NAME}, {@code NOT_SSTABLE_COMPONENT}, {@code KEYSPACE_NOT_ALLOWED}), an upload refused
 * ({@code MISSING_CHECKSUM}, {@code INVALID_CHECKSUM}, {@code INCOMPLETE_BODY}, {@code CHECKSUM_MISMATCH},
 * {@code INSUFFICIENT_SPACE}, {@code ALREADY_IMPORTED}), a concurrent request ({@code STAGING_BUSY}), an import refused
 * ({@code TABLE_MISSING}, {@code NOTHING_STAGED}, {@code IMPORT_FAILED}), or Cassandra or the staging directory
 * failing ({@code CASSANDRA_ERROR}, {@code STAGING_ERROR}).
 */
public class RestoreException extends RuntimeException implements ClassifiedFailure {
    private final FailureReason reason;

    public RestoreException(FailureReason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public RestoreException(FailureReason reason, String detail, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
    }

    @Override
    public FailureReason reason() {
        return reason;
    }
}
