package io.ringvault.storage;

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
 * The one place where S3 failures become {@link StorageException}s: 403 and credential errors are fatal, 404 is
 * NOT_FOUND, 5xx and throttling are retryable, and so are timeouts and connection resets. Everything else is an invalid
 * request, fatal. Messages carry the status, the S3 error code and the request id, never a credential.
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
            StorageException.Reason reason;
            if (status == 401 || status == 403 || code != null && CREDENTIAL_CODES.contains(code)) {
                reason = StorageException.Reason.FORBIDDEN;
            } else if (status == 404) {
                reason = StorageException.Reason.NOT_FOUND;
            } else if (status == 412 || "BadDigest".equals(code) || "InvalidDigest".equals(code)) {
                reason = StorageException.Reason.CHECKSUM_MISMATCH;
            } else if (status == 429
                    || status == 503
                    || service.isThrottlingException()
                    || code != null && THROTTLING_CODES.contains(code)) {
                reason = StorageException.Reason.THROTTLED;
            } else if (status == 408 || "RequestTimeout".equals(code)) {
                reason = StorageException.Reason.TIMEOUT;
            } else if (status >= 500 || "InternalError".equals(code)) {
                reason = StorageException.Reason.SERVER_ERROR;
            } else {
                reason = StorageException.Reason.INVALID_REQUEST;
            }
            return new StorageException(reason, detail, service);
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return new StorageException(StorageException.Reason.TIMEOUT, what + " timed out", e);
        }
        if (e instanceof SdkClientException client) {
            if (hasCause(client, SocketTimeoutException.class)) {
                return new StorageException(
                        StorageException.Reason.TIMEOUT, what + " timed out: " + client.getMessage(), client);
            }
            if (hasCause(client, IOException.class) && !(client instanceof AbortedException)) {
                return new StorageException(
                        StorageException.Reason.CONNECTION, what + " failed: " + client.getMessage(), client);
            }
            if (client.getMessage() != null && client.getMessage().contains("credentials")) {
                return new StorageException(
                        StorageException.Reason.FORBIDDEN, what + " failed: " + client.getMessage(), client);
            }
            return new StorageException(
                    StorageException.Reason.INVALID_REQUEST, what + " failed: " + client.getMessage(), client);
        }
        if (e instanceof InterruptedException || e instanceof InterruptedIOException) {
            Thread.currentThread().interrupt();
            return new StorageException(StorageException.Reason.CONNECTION, what + " was interrupted", e);
        }
        if (e instanceof IOException) {
            return new StorageException(StorageException.Reason.CONNECTION, what + " failed: " + e.getMessage(), e);
        }
        return new StorageException(
                StorageException.Reason.INVALID_REQUEST,
                what + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                e);
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
