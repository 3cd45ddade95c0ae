package io.ringvault.agent.snapshot;

import io.ringvault.common.failure.ClassifiedFailure;
import io.ringvault.common.failure.FailureReason;

/**
 * A snapshot file that may not be served. {@link #forbidden()} is true when the path points somewhere it must not
 * (a symbolic link, a directory outside the snapshot); otherwise the file is simply not one this agent serves.
 */
public class FileAccessException extends RuntimeException implements ClassifiedFailure {
    private final boolean forbidden;
    private final FailureReason reason;

    private FileAccessException(boolean forbidden, FailureReason reason, String detail) {
        super(detail);
        this.forbidden = forbidden;
        this.reason = reason;
    }

    public static FileAccessException notFound(FailureReason reason, String detail) {
        return new FileAccessException(false, reason, detail);
    }

    public static FileAccessException forbidden(FailureReason reason, String detail) {
        return new FileAccessException(true, reason, detail);
    }

    public boolean forbidden() {
        return forbidden;
    }

    /** Why, for example {@link FailureReason#UNKNOWN_SNAPSHOT}. */
    @Override
    public FailureReason reason() {
        return reason;
    }
}
