package io.ringvault.common.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.InvalidMessageException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class FailuresTest {
    /** A checked exception that carries a reason, like the agent client's refusals. */
    private static final class Refused extends IOException implements ClassifiedFailure {
        private final FailureReason reason;

        Refused(FailureReason reason) {
            super("refused: " + reason);
            this.reason = reason;
        }

        @Override
        public FailureReason reason() {
            return reason;
        }
    }

    @Test
    void shouldTakeTheReasonOfAClassifiedFailure() {
        assertThat(Failures.reasonOf(new Refused(FailureReason.STAGING_BUSY))).isEqualTo(FailureReason.STAGING_BUSY);
        assertThat(Failures.reasonOf(new InvalidMessageException(FailureReason.UNKNOWN_TYPE, "nope")))
                .isEqualTo(FailureReason.UNKNOWN_TYPE);
    }

    @Test
    void shouldPreferTheReasonOverTheExceptionClass() {
        // An IOException is retryable by default; one that says why it is not stays not retryable.
        assertThat(Failures.retryable(new Refused(FailureReason.WRONG_TOKEN))).isFalse();
        assertThat(Failures.retryable(new Refused(FailureReason.CASSANDRA_ERROR)))
                .isTrue();
    }

    @Test
    void shouldLookThroughWrappersOfExecutorsAndStreams() {
        Refused refused = new Refused(FailureReason.CHECKSUM_MISMATCH);

        assertThat(Failures.reasonOf(new ExecutionException(refused))).isEqualTo(FailureReason.CHECKSUM_MISMATCH);
        assertThat(Failures.reasonOf(new CompletionException(new ExecutionException(refused))))
                .isEqualTo(FailureReason.CHECKSUM_MISMATCH);
        assertThat(Failures.reasonOf(new UncheckedIOException(refused))).isEqualTo(FailureReason.CHECKSUM_MISMATCH);
        assertThat(Failures.reasonOf(new UncheckedIOException(new IOException("reset"))))
                .isEqualTo(FailureReason.IO_ERROR);
    }

    @Test
    void shouldClassifyTimeoutsAndIoFailuresAsRetryable() {
        assertThat(Failures.reasonOf(new SocketTimeoutException("read timed out")))
                .isEqualTo(FailureReason.TIMEOUT);
        assertThat(Failures.reasonOf(new HttpTimeoutException("request timed out")))
                .isEqualTo(FailureReason.TIMEOUT);
        assertThat(Failures.reasonOf(new TimeoutException())).isEqualTo(FailureReason.TIMEOUT);
        assertThat(Failures.reasonOf(new ConnectException("refused"))).isEqualTo(FailureReason.IO_ERROR);
        assertThat(Failures.reasonOf(new InterruptedIOException("interrupted"))).isEqualTo(FailureReason.IO_ERROR);
        assertThat(Failures.retryable(new IOException("broken pipe"))).isTrue();
    }

    @Test
    void shouldNotRetryWhatNothingClassified() {
        assertThat(Failures.reasonOf(new IllegalStateException("bug"))).isEqualTo(FailureReason.INTERNAL_ERROR);
        assertThat(Failures.reasonOf(new InterruptedException())).isEqualTo(FailureReason.INTERNAL_ERROR);
        assertThat(Failures.reasonOf(null)).isEqualTo(FailureReason.INTERNAL_ERROR);
        assertThat(Failures.retryable(new NullPointerException())).isFalse();
        // Only known wrappers are looked through: a reason buried in an unrelated exception is not trusted.
        assertThat(Failures.reasonOf(new RuntimeException(new Refused(FailureReason.STAGING_BUSY))))
                .isEqualTo(FailureReason.INTERNAL_ERROR);
    }

    @Test
    void shouldStopOnACauseCycle() {
        ExecutionException first = new ExecutionException("first") {};
        ExecutionException second = new ExecutionException("second", first);
        first.initCause(second);

        assertThat(Failures.reasonOf(first)).isEqualTo(FailureReason.INTERNAL_ERROR);
    }
}
