package io.ringvault.storage;

import io.ringvault.common.failure.FailureReason;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The one place where S3 failures become {@link StorageException}s with a {@link FailureReason}: 403 and credential
 * errors are {@code ACCESS_DENIED}, 404 is {@code OBJECT_NOT_FOUND}, 412 and refused digests {@code CHECKSUM_MISMATCH}
 * (all fatal); throttling, timeouts, 5xx and connection resets are retryable ({@code THROTTLED}, {@code TIMEOUT},
 * {@code SERVER_ERROR}, {@code IO_ERROR}). Everything else is an {@code INVALID_REQUEST}, fatal. Messages carry the status, the S3 error code and the request id, never a credential.
 */
final class S3Errors {
    /** Error codes S3 (and compatible servers) use for bad, expired or unknown credentials, whatever the status. */
    private static final Set<String> CREDENTIAL_CODES = Set.of(
            "AccessDenied",
            "AllAccessDisabled",
            "ExpiredToken",
            "InvalidAccessKeyId",
            "InvalidToken",
            "SignatureDoesNotMatch",
            "TokenRefreshRequired",
            "AccountProblem",
            "RequestTimeTooSkewed");

    private static final Set<String> THROTTLING_CODES = Set.of(
            "SlowDown",
            "Throttling",
            "ThrottlingException",
            "RequestLimitExceeded",
            "TooManyRequestsException",
            "RequestThrottled",
            "ServiceUnavailable");

    private S3Errors() {}

    /** Classifies {@code failure} of {@code operation} on {@code location} (for example {@code s3://bucket/key}). */
    static StorageException classify(String operation, String location, Throwable failure) {
        Throwable e = unwrap(failure);
        if (e instanceof StorageException storage) {
            return storage;
        }
        String what = operation + " " + location;
        if (e instanceof AwsServiceException service) {
            int status = service.statusCode();
            String code = service.awsErrorDetails() == null
                    ? null
                    : service.awsErrorDetails().errorCode();
            String detail = what + " failed: HTTP " + status + (code == null ? "" : " " + code)
                    + (service.requestId() == null ? "" : " (request id " + service.requestId() + ")");
            FailureReason reason;
            if (status == 401 || status == 403 || code != null && CREDENTIAL_CODES.contains(code)) {
                reason = FailureReason.ACCESS_DENIED;
            } else if (status == 404) {
                reason = FailureReason.OBJECT_NOT_FOUND;
            } else if (status == 412 || "BadDigest".equals(code) || "InvalidDigest".equals(code)) {
                reason = FailureReason.CHECKSUM_MISMATCH;
            } else if (status == 429
                    || status == 503
                    || service.isThrottlingException()
                    || code != null && THROTTLING_CODES.contains(code)) {
                reason = FailureReason.THROTTLED;
            } else if (status == 408 || "RequestTimeout".equals(code)) {
                reason = FailureReason.TIMEOUT;
            } else if (status >= 500 || "InternalError".equals(code)) {
                reason = FailureReason.SERVER_ERROR;
            } else {
                reason = FailureReason.INVALID_REQUEST;
            }
            return new StorageException(reason, detail, service);
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return new StorageException(FailureReason.TIMEOUT, what + " timed out", e);
        }
        if (e instanceof SdkClientException client) {
            if (hasCause(client, SocketTimeoutException.class)) {
                return new StorageException(FailureReason.TIMEOUT, what + " timed out: " + client.getMessage(), client);
            }
            if (hasCause(client, IOException.class) && !(client instanceof AbortedException)) {
                return new StorageException(FailureReason.IO_ERROR, what + " failed: " + client.getMessage(), client);
            }
            if (client.getMessage() != null && client.getMessage().contains("credentials")) {
                return new StorageException(
                        FailureReason.ACCESS_DENIED, what + " failed: " + client.getMessage(), client);
            }
            return new StorageException(
                    FailureReason.INVALID_REQUEST, what + " failed: " + client.getMessage(), client);
        }
        if (e instanceof InterruptedException || e instanceof InterruptedIOException) {
            Thread.currentThread().interrupt();
            return new StorageException(FailureReason.IO_ERROR, what + " was interrupted", e);
        }
        if (e instanceof IOException) {
            return new StorageException(FailureReason.IO_ERROR, what + " failed: " + e.getMessage(), e);
        }
        return new StorageException(
                FailureReason.INVALID_REQUEST,
                what + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                e);
    }

    /**
     * The reason of one key's failure in a DeleteObjects answer, which carries an S3 error code but no status: the same
     * classification as {@link #classify}'s by code. Null for {@code NoSuchKey}: a key already gone is deleted.
     */
    static FailureReason reasonOfCode(String code) {
        if (code == null) {
            return FailureReason.SERVER_ERROR;
        }
        if (code.equals("NoSuchKey")) {
            return null;
        }
        if (CREDENTIAL_CODES.contains(code)) {
            return FailureReason.ACCESS_DENIED;
        }
        if (THROTTLING_CODES.contains(code)) {
            return FailureReason.THROTTLED;
        }
        if (code.equals("RequestTimeout")) {
            return FailureReason.TIMEOUT;
        }
        if (code.equals("InternalError")) {
            return FailureReason.SERVER_ERROR;
        }
        return FailureReason.INVALID_REQUEST;
    }

    private static Throwable unwrap(Throwable e) {
        Throwable current = e;
        while ((current instanceof ExecutionException || current instanceof CompletionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
