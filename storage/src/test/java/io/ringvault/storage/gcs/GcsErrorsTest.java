package io.ringvault.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.storage.StorageException;
import io.ringvault.storage.gcs.GcsErrors.Scope;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GcsErrorsTest {
    private static final String LOCATION = "gs://bucket/cluster/key";

    @ParameterizedTest
    @CsvSource({
        "401, OBJECT, Anonymous caller does not have storage.objects.get access, ACCESS_DENIED, false",
        "403, OBJECT, caller does not have storage.objects.create access, ACCESS_DENIED, false",
        "404, OBJECT, No such object: bucket/cluster/key, OBJECT_NOT_FOUND, false",
        "404, OBJECT, The specified bucket does not exist., INVALID_REQUEST, false",
        "404, BUCKET, Not Found, INVALID_REQUEST, false",
        "404, UPLOAD, Not Found, IO_ERROR, true",
        "410, UPLOAD, Gone, IO_ERROR, true",
        "404, UPLOAD, The specified bucket does not exist., INVALID_REQUEST, false",
        "400, BUCKET, Provided CRC32C \"AAAAAA==\" does not match calculated CRC32C \"BBBBBB==\"., CHECKSUM_MISMATCH, false",
        "400, BUCKET, Provided MD5 hash \"x\" does not match calculated MD5 hash \"y\"., CHECKSUM_MISMATCH, false",
        "400, OBJECT, Invalid argument., INVALID_REQUEST, false",
        "412, OBJECT, Precondition Failed, INVALID_REQUEST, false",
        "429, OBJECT, rateLimitExceeded, THROTTLED, true",
        "408, OBJECT, Request Timeout, TIMEOUT, true",
        "500, OBJECT, Internal Error, SERVER_ERROR, true",
        "503, BUCKET, Service Unavailable, SERVER_ERROR, true",
    })
    void shouldClassifyByStatus(int status, Scope scope, String message, FailureReason reason, boolean retryable) {
        StorageException e = GcsErrors.classify(
                "put", LOCATION, scope, new com.google.cloud.storage.StorageException(status, message));

        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.reason().retryable()).isEqualTo(retryable);
        assertThat(e.getMessage()).contains("put " + LOCATION, "HTTP " + status);
    }

    @Test
    void shouldNameTheBucketSettingWhenTheBucketIsMissing() {
        StorageException e = GcsErrors.classify(
                "list", LOCATION, Scope.BUCKET, new com.google.cloud.storage.StorageException(404, "Not Found"));
        assertThat(e.getMessage()).contains("ringvault.storage.gcs.bucket");
    }

    @Test
    void shouldTakeTimeoutsAndBrokenConnectionsAsRetryable() {
        StorageException timeout = GcsErrors.classify(
                "get",
                LOCATION,
                Scope.OBJECT,
                new com.google.cloud.storage.StorageException(new SocketTimeoutException("Read timed out")));
        assertThat(timeout.reason()).isEqualTo(FailureReason.TIMEOUT);

        StorageException refused = GcsErrors.classify(
                "get",
                LOCATION,
                Scope.OBJECT,
                new com.google.cloud.storage.StorageException(new ConnectException("Connection refused")));
        assertThat(refused.reason()).isEqualTo(FailureReason.IO_ERROR);
        assertThat(refused.reason().retryable()).isTrue();

        StorageException channel = GcsErrors.classify(
                "get",
                LOCATION,
                Scope.OBJECT,
                new IOException(new com.google.cloud.storage.StorageException(503, "x")));
        assertThat(channel.reason()).isEqualTo(FailureReason.SERVER_ERROR);
    }

    @Test
    void shouldUnwrapTheFutureOfAnUploadAndKeepOurOwnFailures() {
        StorageException forbidden = GcsErrors.classify(
                "put",
                LOCATION,
                Scope.BUCKET,
                new ExecutionException(new com.google.cloud.storage.StorageException(403, "Forbidden")));
        assertThat(forbidden.reason()).isEqualTo(FailureReason.ACCESS_DENIED);

        StorageException ours = new StorageException(FailureReason.SIZE_MISMATCH, "the content ended early");
        assertThat(GcsErrors.classify("put", LOCATION, Scope.BUCKET, ours)).isSameAs(ours);
    }

    @Test
    void shouldTakeMissingCredentialsAsAccessDenied() {
        StorageException e = GcsErrors.classify(
                "put",
                LOCATION,
                Scope.BUCKET,
                new IllegalStateException("The Application Default Credentials are not available."));
        assertThat(e.reason()).isEqualTo(FailureReason.ACCESS_DENIED);
        assertThat(e.reason().retryable()).isFalse();
    }
}
