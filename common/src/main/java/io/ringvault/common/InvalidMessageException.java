package io.ringvault.common;

/**
 * A message that cannot be accepted, with a stable machine-readable {@link #reason()} (for example
 * {@code malformed-json}, {@code unknown-type}, {@code invalid-data}) and a message naming the problem.
 */
public class InvalidMessageException extends RuntimeException {
    private final String reason;

    public InvalidMessageException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public InvalidMessageException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
