package io.ringvault.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.failure.FailureReason;
import java.io.IOException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3ErrorsTest {

    @ParameterizedTest
    @CsvSource({
        "403, AccessDenied, ACCESS_DENIED",
        "400, ExpiredToken, ACCESS_DENIED",
        "400, InvalidAccessKeyId, ACCESS_DENIED",
        "403, SignatureDoesNotMatch, ACCESS_DENIED",
        "404, NoSuchKey, OBJECT_NOT_FOUND",
        "412, PreconditionFailed, CHECKSUM_MISMATCH",
        "400, BadDigest, CHECKSUM_MISMATCH",
        "503, SlowDown, THROTTLED",
        "429, TooManyRequests, THROTTLED",
        "500, InternalError, SERVER_ERROR",
        "502, BadGateway, SERVER_ERROR",
        "400, RequestTimeout, TIMEOUT",
        "400, InvalidArgument, INVALID_REQUEST",
        "416, InvalidRange, INVALID_REQUEST"
    })
    void shouldClassifyServiceErrors(int status, String code, FailureReason reason) {
        S3Exception error = (S3Exception) S3Exception.builder()
                .statusCode(status)
                .requestId("req-1")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
                .build();

        StorageException classified = S3Errors.classify("put", "s3://b/k", error);

        assertThat(classified.reason()).isEqualTo(reason);
        assertThat(classified.getMessage()).contains("put s3://b/k", "HTTP " + status, code, "req-1");
        assertThat(classified.getCause()).isSameAs(error);
    }

    @Test
    void shouldRetryTimeoutsAndConnectionResets() {
        assertThat(S3Errors.classify(
                                "put",
                                "k",
                                SdkClientException.create("Unable to execute HTTP request", new IOException("reset")))
                        .reason())
                .isEqualTo(FailureReason.IO_ERROR);
        assertThat(S3Errors.classify(
                                "put",
                                "k",
                                SdkClientException.create(
                                        "Unable to execute HTTP request", new SocketTimeoutException()))
                        .reason())
                .isEqualTo(FailureReason.TIMEOUT);
        assertThat(S3Errors.classify("put", "k", ApiCallTimeoutException.create(1000))
                        .reason()
                        .retryable())
                .isTrue();
    }

    @Test
    void shouldTreatMissingCredentialsAsFatal() {
        StorageException classified = S3Errors.classify(
                "head", "k", SdkClientException.create("Unable to load credentials from any of the providers"));
        assertThat(classified.reason()).isEqualTo(FailureReason.ACCESS_DENIED);
        assertThat(classified.reason().retryable()).isFalse();
    }

    @Test
    void shouldUnwrapPartUploadFailures() {
        S3Exception error = (S3Exception) S3Exception.builder().statusCode(503).build();
        assertThat(S3Errors.classify("put", "k", new java.util.concurrent.ExecutionException(error))
                        .reason())
                .isEqualTo(FailureReason.THROTTLED);
    }

    /** A DeleteObjects answer names each key's failure by code only: the same classification, by code. */
    @ParameterizedTest
    @CsvSource({
        "AccessDenied, ACCESS_DENIED",
        "SlowDown, THROTTLED",
        "InternalError, SERVER_ERROR",
        "RequestTimeout, TIMEOUT",
        "InvalidArgument, INVALID_REQUEST"
    })
    void shouldClassifyTheFailureOfOneKeyOfABatchDeleteByItsCode(String code, FailureReason reason) {
        assertThat(S3Errors.reasonOfCode(code)).isEqualTo(reason);
    }

    @Test
    void shouldTakeAKeyAlreadyGoneInABatchDeleteAsDeleted() {
        assertThat(S3Errors.reasonOfCode("NoSuchKey")).isNull();
    }

    @Test
    void shouldNameTheKeysABatchDeleteCouldNotDelete() {
        java.util.List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 25; i++) {
            keys.add("c/nodes/h1/ks/t-1/nb-" + i + "-big-Data.db");
        }
        StorageException failure = StorageException.notDeleted(FailureReason.ACCESS_DENIED, keys, 1000, "denied");

        assertThat(failure.reason()).isEqualTo(FailureReason.ACCESS_DENIED);
        assertThat(failure.getMessage())
                .contains("could not delete 25 of 1000 object(s)")
                .contains("nb-0-big-Data.db", "nb-19-big-Data.db")
                .doesNotContain("nb-20-big-Data.db")
                .contains("and 5 more", "denied");
    }
}
