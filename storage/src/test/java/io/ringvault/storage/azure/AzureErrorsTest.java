package io.ringvault.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.storage.blob.models.BlobStorageException;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.storage.StorageException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class AzureErrorsTest {
    private static final String LOCATION = "azure://backups/cluster/index.json";

    @ParameterizedTest(name = "HTTP {0} {1} -> {2}")
    @CsvSource({
        "403, AuthenticationFailed, ACCESS_DENIED",
        "403, AuthorizationPermissionMismatch, ACCESS_DENIED",
        "401, '', ACCESS_DENIED",
        "400, InvalidAuthenticationInfo, ACCESS_DENIED",
        "404, ContainerNotFound, INVALID_REQUEST",
        "409, ContainerBeingDeleted, INVALID_REQUEST",
        "404, BlobNotFound, OBJECT_NOT_FOUND",
        "404, '', OBJECT_NOT_FOUND",
        "412, ConditionNotMet, CHECKSUM_MISMATCH",
        "400, Md5Mismatch, CHECKSUM_MISMATCH",
        "429, '', THROTTLED",
        "503, ServerBusy, THROTTLED",
        "500, OperationTimedOut, TIMEOUT",
        "408, '', TIMEOUT",
        "500, InternalError, SERVER_ERROR",
        "502, '', SERVER_ERROR",
        "400, InvalidBlockList, INVALID_REQUEST",
        "409, BlobAlreadyExists, INVALID_REQUEST"
    })
    void shouldClassifyAnAnswerByStatusAndErrorCode(int status, String code, FailureReason expected) {
        StorageException classified = AzureErrors.classify("put", LOCATION, blobError(status, code));

        assertThat(classified.reason()).isEqualTo(expected);
        assertThat(classified.getMessage())
                .startsWith("put " + LOCATION + " failed: HTTP " + status)
                .contains("request id req-1");
        if (!code.isEmpty()) {
            assertThat(classified.getMessage()).contains(code);
        }
    }

    @Test
    void shouldMakeAuthAndMissingContainerFatalAndThrottlingRetryable() {
        assertThat(AzureErrors.reasonOf(403, "AuthenticationFailed").retryable())
                .isFalse();
        assertThat(AzureErrors.reasonOf(404, "ContainerNotFound").retryable()).isFalse();
        assertThat(AzureErrors.reasonOf(503, "ServerBusy").retryable()).isTrue();
        assertThat(AzureErrors.reasonOf(500, "InternalError").retryable()).isTrue();
    }

    @Test
    void shouldKeepTheServiceMessageAndAnySignatureOutOfTheMessage() {
        BlobStorageException refused = new BlobStorageException(
                "Status code 403, <Error><AuthenticationDetail>The MAC signature found in the HTTP request"
                        + " 'c2VjcmV0LXNpZ25hdHVyZQ==' is not the same as any computed signature.</AuthenticationDetail>",
                response(403, "AuthenticationFailed"),
                null);

        StorageException classified = AzureErrors.classify("head", LOCATION, refused);

        assertThat(classified.getMessage()).doesNotContain("c2VjcmV0LXNpZ25hdHVyZQ==");
        assertThat(classified.getCause()).isSameAs(refused);
    }

    @Test
    void shouldTellAMissingBlobFromAMissingContainer() {
        assertThat(AzureErrors.isBlobNotFound(blobError(404, "BlobNotFound"))).isTrue();
        assertThat(AzureErrors.isBlobNotFound(blobError(404, ""))).isTrue();
        assertThat(AzureErrors.isBlobNotFound(blobError(404, "ContainerNotFound")))
                .isFalse();
        assertThat(AzureErrors.isBlobNotFound(blobError(403, "AuthenticationFailed")))
                .isFalse();
        assertThat(AzureErrors.isBlobNotFound(new RuntimeException("boom"))).isFalse();
    }

    @Test
    void shouldDenyAccessWhenNoCredentialCouldBeHad() {
        StorageException classified = AzureErrors.classify(
                "list",
                LOCATION,
                new ClientAuthenticationException("DefaultAzureCredential failed to retrieve a token", null));

        assertThat(classified.reason()).isEqualTo(FailureReason.ACCESS_DENIED);
        assertThat(classified.reason().retryable()).isFalse();
    }

    @Test
    void shouldRetryTimeoutsAndBrokenConnections() {
        assertThat(AzureErrors.classify("put", LOCATION, new RuntimeException(new TimeoutException("did not observe")))
                        .reason())
                .isEqualTo(FailureReason.TIMEOUT);
        assertThat(AzureErrors.classify(
                                "put",
                                LOCATION,
                                new UncheckedIOException(new HttpTimeoutException("request timed out")))
                        .reason())
                .isEqualTo(FailureReason.TIMEOUT);
        StorageException reset = AzureErrors.classify(
                "put", LOCATION, new UncheckedIOException(new ConnectException("Connection refused")));
        assertThat(reset.reason()).isEqualTo(FailureReason.IO_ERROR);
        assertThat(reset.reason().retryable()).isTrue();
    }

    @Test
    void shouldPassAStorageExceptionThroughAndUnwrapExecutionFailures() {
        StorageException source = new StorageException(FailureReason.SIZE_MISMATCH, "short");
        assertThat(AzureErrors.classify("upload", LOCATION, new ExecutionException(source)))
                .isSameAs(source);
        assertThat(AzureErrors.classify("upload", LOCATION, new ExecutionException(blobError(503, "ServerBusy")))
                        .reason())
                .isEqualTo(FailureReason.THROTTLED);
    }

    @Test
    void shouldMaskSignaturesAndKeysInAnyTextKept() {
        String text = "GET https://acct.blob.core.windows.net/c/k?sv=2024-08-04&sig=abc%2Bdef%3D&se=2030 failed;"
                + " DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0a2V5==;EndpointSuffix=x";

        String redacted = AzureErrors.redact(text);

        assertThat(redacted)
                .doesNotContain("abc%2Bdef%3D")
                .doesNotContain("c2VjcmV0a2V5==")
                .contains("sig=(redacted)", "AccountKey=(redacted)", "sv=2024-08-04", "AccountName=acct");
    }

    private static HttpResponseException blobError(int status, String code) {
        return new BlobStorageException("Status code " + status, response(status, code), null);
    }

    private static HttpResponse response(int status, String code) {
        HttpHeaders headers = new HttpHeaders().set("x-ms-request-id", "req-1");
        if (!code.isEmpty()) {
            headers.set("x-ms-error-code", code);
        }
        return new FixedResponse(status, headers);
    }

    /** An answer with a status and headers and no body: what the classification reads. */
    private static final class FixedResponse extends HttpResponse {
        private final int status;
        private final HttpHeaders headers;

        FixedResponse(int status, HttpHeaders headers) {
            super(new HttpRequest(HttpMethod.PUT, "http://127.0.0.1/devstoreaccount1/c/k"));
            this.status = status;
            this.headers = headers;
        }

        @Override
        public int getStatusCode() {
            return status;
        }

        @Override
        public String getHeaderValue(String name) {
            return headers.getValue(name);
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }

        @Override
        public Flux<ByteBuffer> getBody() {
            return Flux.empty();
        }

        @Override
        public Mono<byte[]> getBodyAsByteArray() {
            return Mono.empty();
        }

        @Override
        public Mono<String> getBodyAsString() {
            return Mono.empty();
        }

        @Override
        public Mono<String> getBodyAsString(Charset charset) {
            return Mono.empty();
        }
    }
}
