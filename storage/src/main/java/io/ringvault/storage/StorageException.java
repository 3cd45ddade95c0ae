package io.ringvault.storage;

/**
 * A failure of the object store, classified in one place per backend: {@link #retryable()} is true for 5xx, throttling,
 * timeouts and connection resets, false for what a retry cannot fix (403, a checksum mismatch, a missing object).
 *
 * <p>Messages name the operation and the key, never a credential.
 */
public class StorageException extends RuntimeException {
    /** Why, in words an operator can act on. */
    public enum Reason {
        /** Access denied, bad or expired credentials. */
        FORBIDDEN(false),
        NOT_FOUND(false),
        CHECKSUM_MISMATCH(false),
        /** The content given to {@code put} was shorter or longer than the size announced. */
        SIZE_MISMATCH(false),
        /** A request the store cannot take (a bad key, an invalid setting, an unexpected 4xx). */
        INVALID_REQUEST(false),
        THROTTLED(true),
        SERVER_ERROR(true),
        TIMEOUT(true),
        CONNECTION(true),
        /**
         * Reading the caller's content stream failed (its exception is the cause). The store wrote nothing; whether a
         * retry helps depends on where the content came from, which only the caller knows.
         */
        SOURCE(true);

        private final boolean retryable;

        Reason(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Reason reason;

    public StorageException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public StorageException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }

    public boolean retryable() {
        return reason.retryable();
    }
}
