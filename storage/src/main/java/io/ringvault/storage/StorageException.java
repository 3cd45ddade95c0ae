package io.ringvault.storage;

import io.ringvault.common.failure.ClassifiedFailure;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.failure.Failures;

/**
 * A failure of the object store, classified in one place per backend ({@link S3Errors}, the filesystem store's
 * {@code failure}) with a {@link FailureReason}: {@link FailureReason#THROTTLED}, {@link FailureReason#SERVER_ERROR},
 * {@link FailureReason#TIMEOUT} and {@link FailureReason#IO_ERROR} (5xx, throttling, timeouts, connection resets) are
 * retryable; {@link FailureReason#ACCESS_DENIED}, {@link FailureReason#OBJECT_NOT_FOUND},
 * {@link FailureReason#CHECKSUM_MISMATCH}, {@link FailureReason#SIZE_MISMATCH} and {@link FailureReason#INVALID_REQUEST}
 * (403, a missing object, a refused digest, content of another size, a bad key or setting) are not.
 *
 * <p>A failure to read the caller's content ({@link #source}) carries the reason of that failure, since only the
 * caller's content knows whether reading it again can succeed.
 *
 * <p>Messages name the operation and the key, never a credential.
 */
public class StorageException extends RuntimeException implements ClassifiedFailure {
    private final FailureReason reason;
    private final boolean source;

    public StorageException(FailureReason reason, String message, Throwable cause) {
        this(reason, message, cause, false);
    }

    public StorageException(FailureReason reason, String message) {
        this(reason, message, null, false);
    }

    private StorageException(FailureReason reason, String message, Throwable cause, boolean source) {
        super(message, cause);
        this.reason = reason;
        this.source = source;
    }

    /**
     * Reading the caller's content stream failed with {@code cause}: the store wrote nothing. The reason is the cause's
     * ({@link Failures#reasonOf}), so a broken download is retried and a cancelled or vanished one is not.
     */
    public static StorageException source(String message, Throwable cause) {
        return new StorageException(Failures.reasonOf(cause), message, cause, true);
    }

    /**
     * Some keys of a batch delete could not be deleted: names them (the first twenty, and how many more), with the
     * reason of the first failure.
     */
    public static StorageException notDeleted(
            FailureReason reason, java.util.List<String> keys, int batch, String firstFailure) {
        int shown = Math.min(keys.size(), 20);
        String named = String.join(", ", keys.subList(0, shown))
                + (keys.size() > shown ? " and " + (keys.size() - shown) + " more" : "");
        return new StorageException(
                reason,
                "could not delete " + keys.size() + " of " + batch + " object(s): " + named + " (" + firstFailure
                        + ")");
    }

    @Override
    public FailureReason reason() {
        return reason;
    }

    /** Whether reading the caller's content failed (the cause says how), rather than the store. */
    public boolean fromSource() {
        return source;
    }
}
