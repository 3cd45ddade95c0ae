package io.ringvault.storage.gcs;

import com.google.auth.Retryable;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.storage.StorageException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place where Google Cloud Storage failures become {@link StorageException}s with a {@link FailureReason}, with
 * the same reasons {@code S3Errors} gives: 401, 403 and unusable credentials are {@code ACCESS_DENIED}; 404 is
 * {@code OBJECT_NOT_FOUND} for an object, but a missing bucket (a 404 where only the bucket can be missing, or one that
 * says so) is {@code INVALID_REQUEST}, a setting to fix, and a resumable upload's session gone (404, 410) is an
 * {@code IO_ERROR} a new put gets past; a refused MD5 or CRC32C is {@code CHECKSUM_MISMATCH} (all
 * fatal). 429 is {@code THROTTLED}, 408 and socket timeouts {@code TIMEOUT}, 5xx {@code SERVER_ERROR}, connection
 * failures {@code IO_ERROR} (all retryable). Everything else is an {@code INVALID_REQUEST}, fatal. Messages carry the
 * status and GCS's reason, never a credential.
 */
final class GcsErrors {
    /** Where a 404 means: the store's own bucket, or an object in it. */
    enum Scope {
        /** An object that may be missing (head, get, delete). */
        OBJECT,
        /** The bucket itself: creating or listing objects succeeds on any existing bucket, so a 404 is the bucket. */
        BUCKET,
        /**
         * The chunks of a resumable upload whose session exists: a 404 or 410 is the session gone (expired or
         * cancelled), and a new put, with a new session, can succeed.
         */
        UPLOAD
    }

    private GcsErrors() {}

    /** Classifies {@code failure} of {@code operation} on {@code location} ({@code gs://bucket/key}). */
    static StorageException classify(String operation, String location, Scope scope, Throwable failure) {
        Throwable e = unwrap(failure);
        if (e instanceof StorageException storage) {
            return storage;
        }
        String what = operation + " " + location;
        if (e instanceof com.google.cloud.storage.StorageException gcs && gcs.getCode() > 0) {
            return classifyStatus(what, scope, gcs);
        }
        if (hasCause(e, InterruptedException.class)
                || hasCause(e, InterruptedIOException.class) && !hasCause(e, SocketTimeoutException.class)) {
            Thread.currentThread().interrupt();
            return new StorageException(FailureReason.IO_ERROR, what + " was interrupted", e);
        }
        if (hasCause(e, SocketTimeoutException.class)) {
            return new StorageException(FailureReason.TIMEOUT, what + " timed out: " + e.getMessage(), e);
        }
        Retryable auth = cause(e, Retryable.class);
        if (auth != null) {
            // The token endpoint or the metadata server: an outage is retried, a refused key or identity is not.
            return new StorageException(
                    auth.isRetryable() ? FailureReason.IO_ERROR : FailureReason.ACCESS_DENIED,
                    what + " failed to get an access token: " + e.getMessage(),
                    e);
        }
        if (e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("credentials")) {
            return new StorageException(FailureReason.ACCESS_DENIED, what + " failed: " + e.getMessage(), e);
        }
        if (hasCause(e, IOException.class)) {
            return new StorageException(FailureReason.IO_ERROR, what + " failed: " + e.getMessage(), e);
        }
        return new StorageException(
                FailureReason.INVALID_REQUEST,
                what + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                e);
    }

    private static StorageException classifyStatus(
            String what, Scope scope, com.google.cloud.storage.StorageException gcs) {
        int status = gcs.getCode();
        String message = gcs.getMessage() == null ? "" : gcs.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        String detail = what + " failed: HTTP " + status + (gcs.getReason() == null ? "" : " " + gcs.getReason())
                + (message.isEmpty() ? "" : ": " + firstLine(message));
        FailureReason reason;
        if (status == 401 || status == 403) {
            reason = FailureReason.ACCESS_DENIED;
        } else if ((status == 404 || status == 410) && scope == Scope.UPLOAD && !saysBucketMissing(lower)) {
            return new StorageException(
                    FailureReason.IO_ERROR,
                    detail + " (the resumable upload session is gone; a new put starts over)",
                    gcs);
        } else if (status == 404 && (scope == Scope.BUCKET || saysBucketMissing(lower))) {
            return new StorageException(
                    FailureReason.INVALID_REQUEST,
                    detail + " (the bucket does not exist: check ringvault.storage.gcs.bucket)",
                    gcs);
        } else if (status == 404) {
            reason = FailureReason.OBJECT_NOT_FOUND;
        } else if (status == 400 && (lower.contains("crc32c") || lower.contains("md5") || lower.contains("hash"))) {
            // GCS refuses an upload whose bytes do not match the hash sent with them with a 400.
            reason = FailureReason.CHECKSUM_MISMATCH;
        } else if (status == 429) {
            reason = FailureReason.THROTTLED;
        } else if (status == 408) {
            reason = FailureReason.TIMEOUT;
        } else if (status >= 500) {
            reason = FailureReason.SERVER_ERROR;
        } else {
            reason = FailureReason.INVALID_REQUEST;
        }
        return new StorageException(reason, detail, gcs);
    }

    /** GCS's and fake-gcs-server's words for a missing bucket (an object's 404 names the bucket in its path). */
    private static boolean saysBucketMissing(String message) {
        return message.contains("bucket does not exist")
                || message.contains("no such bucket")
                || message.contains("bucket not found");
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static Throwable unwrap(Throwable e) {
        Throwable current = e;
        while ((current instanceof ExecutionException || current instanceof CompletionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        // The SDK hands an HTTP failure inside an IOException from its channels, and the reverse from its calls.
        if (current instanceof IOException && current.getCause() instanceof com.google.cloud.storage.StorageException) {
            current = current.getCause();
        }
        return current;
    }

    private static boolean hasCause(Throwable e, Class<?> type) {
        return cause(e, type) != null;
    }

    private static <T> T cause(Throwable e, Class<T> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
