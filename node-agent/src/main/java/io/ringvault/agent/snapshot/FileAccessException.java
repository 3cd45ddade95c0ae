package io.ringvault.agent.snapshot;

/**
 * A snapshot file that may not be served. {@link #forbidden()} is true when the path points somewhere it must not
 * (a symbolic link, a directory outside the snapshot); otherwise the file is simply not one this agent serves.
 */
public class FileAccessException extends RuntimeException {
    private final boolean forbidden;
    private final String reason;

    private FileAccessException(boolean forbidden, String reason, String detail) {
        super(detail);
        this.forbidden = forbidden;
        this.reason = reason;
    }

    public static FileAccessException notFound(String reason, String detail) {
        return new FileAccessException(false, reason, detail);
    }

    public static FileAccessException forbidden(String reason, String detail) {
        return new FileAccessException(true, reason, detail);
    }

    public boolean forbidden() {
        return forbidden;
    }

    /** A stable machine-readable reason, for example {@code unknown-snapshot}. */
    public String reason() {
        return reason;
    }
}
