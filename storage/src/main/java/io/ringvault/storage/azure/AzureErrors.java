package io.ringvault.storage.azure;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpResponse;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.storage.StorageException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The one place where Azure Blob Storage failures become {@link StorageException}s, with the {@link FailureReason}s the
 * S3 store uses: 401, 403 and credential failures (DefaultAzureCredential finding no identity, a token refused) are
 * {@code ACCESS_DENIED}; a missing container is {@code INVALID_REQUEST} (a setting that cannot work, so fatal); a
 * missing blob is {@code OBJECT_NOT_FOUND}; 412 and refused MD5/CRC64 digests are {@code CHECKSUM_MISMATCH} (all
 * fatal). 429 and 503 ({@code ServerBusy}) are {@code THROTTLED}; 408, {@code OperationTimedOut} and client-side
 * timeouts {@code TIMEOUT}; other 5xx {@code SERVER_ERROR}; connection failures {@code IO_ERROR} (all retryable).
 * Everything else is {@code INVALID_REQUEST}.
 *
 * <p>Messages carry the status, Azure's error code and the request id, never the service's own message (which can
 * quote a signature) and never a credential: SAS signatures and account keys are masked in whatever text is kept.
 */
final class AzureErrors {
    /** Azure error codes for a refused identity or permission, whatever the status. */
    private static final Set<String> ACCESS_CODES = Set.of(
            "AuthenticationFailed",
            "AuthorizationFailure",
            "AuthorizationPermissionMismatch",
            "AuthorizationProtocolMismatch",
            "AuthorizationResourceTypeMismatch",
            "AuthorizationServiceMismatch",
            "AuthorizationSourceIPMismatch",
            "InsufficientAccountPermissions",
            "AccountIsDisabled",
            "KeyBasedAuthenticationNotPermitted",
            "NoAuthenticationInformation",
            "InvalidAuthenticationInfo");

    private static final Set<String> THROTTLING_CODES = Set.of("ServerBusy", "TooManyRequests");
    private static final Set<String> CHECKSUM_CODES = Set.of("Md5Mismatch", "Crc64Mismatch", "ConditionNotMet");
    private static final Set<String> CONTAINER_GONE_CODES = Set.of("ContainerNotFound", "ContainerBeingDeleted");

    /** {@code sig=…} of a SAS, {@code AccountKey=…} and {@code SharedAccessSignature=…} of a connection string. */
    private static final Pattern SECRETS =
            Pattern.compile("(?i)((?:[?&]sig=)|(?:AccountKey=)|(?:SharedAccessSignature=))[^&;\\s\"'<]+");

    private AzureErrors() {}

    /** Classifies {@code failure} of {@code operation} on {@code location} (for example {@code azure://container/key}). */
    static StorageException classify(String operation, String location, Throwable failure) {
        Throwable e = unwrap(failure);
        if (e instanceof StorageException storage) {
            return storage;
        }
        String what = operation + " " + location;
        if (e instanceof ClientAuthenticationException && ((HttpResponseException) e).getResponse() == null) {
            // No HTTP answer: the credential chain itself failed (no identity found, a token not issued).
            return new StorageException(
                    FailureReason.ACCESS_DENIED, what + " failed: no credential: " + redact(firstLine(e)), e);
        }
        if (e instanceof HttpResponseException http && http.getResponse() != null) {
            return classify(what, http.getResponse(), http);
        }
        if (hasCause(e, TimeoutException.class)
                || hasCause(e, SocketTimeoutException.class)
                || hasCause(e, HttpTimeoutException.class)) {
            return new StorageException(FailureReason.TIMEOUT, what + " timed out: " + redact(firstLine(e)), e);
        }
        if (e instanceof InterruptedException
                || e instanceof InterruptedIOException
                || hasCause(e, InterruptedException.class)) {
            Thread.currentThread().interrupt();
            return new StorageException(FailureReason.IO_ERROR, what + " was interrupted", e);
        }
        if (hasCause(e, IOException.class)) {
            return new StorageException(FailureReason.IO_ERROR, what + " failed: " + redact(firstLine(e)), e);
        }
        return new StorageException(
                FailureReason.INVALID_REQUEST,
                what + " failed: " + e.getClass().getSimpleName() + ": " + redact(firstLine(e)),
                e);
    }

    private static StorageException classify(String what, HttpResponse response, HttpResponseException e) {
        int status = response.getStatusCode();
        String code = response.getHeaderValue("x-ms-error-code");
        String requestId = response.getHeaderValue("x-ms-request-id");
        String detail = what + " failed: HTTP " + status + (code == null ? "" : " " + code)
                + (requestId == null ? "" : " (request id " + requestId + ")");
        return new StorageException(reasonOf(status, code), detail, e);
    }

    /** The reason of an answer with {@code status} and Azure's {@code x-ms-error-code} (null when there is none). */
    static FailureReason reasonOf(int status, String code) {
        if (status == 401 || status == 403 || code != null && ACCESS_CODES.contains(code)) {
            return FailureReason.ACCESS_DENIED;
        }
        if (code != null && CONTAINER_GONE_CODES.contains(code)) {
            return FailureReason.INVALID_REQUEST;
        }
        if (status == 404) {
            return FailureReason.OBJECT_NOT_FOUND;
        }
        if (status == 412 || code != null && CHECKSUM_CODES.contains(code)) {
            return FailureReason.CHECKSUM_MISMATCH;
        }
        if (status == 429 || status == 503 || code != null && THROTTLING_CODES.contains(code)) {
            return FailureReason.THROTTLED;
        }
        if (status == 408 || "OperationTimedOut".equals(code)) {
            return FailureReason.TIMEOUT;
        }
        if (status >= 500) {
            return FailureReason.SERVER_ERROR;
        }
        return FailureReason.INVALID_REQUEST;
    }

    /** True when the answer says the blob (not its container) does not exist. */
    static boolean isBlobNotFound(Throwable failure) {
        Throwable e = unwrap(failure);
        if (!(e instanceof HttpResponseException http) || http.getResponse() == null) {
            return false;
        }
        String code = http.getResponse().getHeaderValue("x-ms-error-code");
        // A HEAD answer may have no code: a missing container then shows on the next request that has a body.
        return http.getResponse().getStatusCode() == 404 && (code == null || code.equals("BlobNotFound"));
    }

    /** {@code text} with SAS signatures and account keys masked. */
    static String redact(String text) {
        return text == null ? null : SECRETS.matcher(text).replaceAll("$1(redacted)");
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    private static Throwable unwrap(Throwable e) {
        Throwable current = e;
        while ((current instanceof ExecutionException
                        || current instanceof CompletionException
                        || current.getClass().getName().startsWith("reactor.core.Exceptions$"))
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
