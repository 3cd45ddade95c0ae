package io.ringvault.connections.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.ringvault.common.InvalidMessageException;
import io.ringvault.common.failure.ClassifiedFailure;
import io.ringvault.common.failure.FailureReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryPoliciesTest {
    private static final RetryPolicies.Policy FAST =
            new RetryPolicies.Policy(4, Duration.ofMillis(1), Duration.ofMillis(4));

    /** An exception that says why, like the object store's or the agent client's. */
    private static final class Refused extends RuntimeException implements ClassifiedFailure {
        private final FailureReason reason;

        Refused(FailureReason reason) {
            super(reason.message());
            this.reason = reason;
        }

        @Override
        public FailureReason reason() {
            return reason;
        }

        /** The same refusal as a checked exception, wrapped the way a stream wraps it. */
        IOException asIo() {
            IOException io = new RefusedIo(reason);
            io.initCause(this);
            return io;
        }
    }

    private static final class RefusedIo extends IOException implements ClassifiedFailure {
        private final FailureReason reason;

        RefusedIo(FailureReason reason) {
            super(reason.message());
            this.reason = reason;
        }

        @Override
        public FailureReason reason() {
            return reason;
        }
    }

    @Test
    void shouldRetryARetryableReasonUpToTheAttemptsAndThenGiveUp() {
        Retry retry = RetryPolicies.retry("test", FAST);
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retry.executeSupplier(() -> {
                    calls.incrementAndGet();
                    throw new Refused(FailureReason.STAGING_BUSY);
                }))
                .isInstanceOf(Refused.class);
        assertThat(calls).hasValue(4);
    }

    @Test
    void shouldReturnWhatALaterAttemptGets() throws Exception {
        Retry retry = RetryPolicies.retry("test", FAST);
        AtomicInteger calls = new AtomicInteger();

        String answer = retry.executeCallable(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new IOException("connection reset");
            }
            return "stored";
        });

        assertThat(answer).isEqualTo("stored");
        assertThat(calls).hasValue(3);
    }

    @Test
    void shouldNotRetryAReasonThatIsNotRetryable() {
        for (RuntimeException failure : new RuntimeException[] {
            new Refused(FailureReason.CHECKSUM_MISMATCH),
            new Refused(FailureReason.ACCESS_DENIED),
            new InvalidMessageException(FailureReason.INVALID_DATA, "bad"),
            new UncheckedIOException(new Refused(FailureReason.WRONG_TOKEN).asIo()),
            new IllegalStateException("a bug")
        }) {
            Retry retry = RetryPolicies.retry("test", FAST);
            AtomicInteger calls = new AtomicInteger();

            assertThatThrownBy(() -> retry.executeSupplier(() -> {
                        calls.incrementAndGet();
                        throw failure;
                    }))
                    .isSameAs(failure);
            assertThat(calls).as("calls for %s", failure).hasValue(1);
        }
    }

    @Test
    void shouldRetryTimeoutsAndIoFailuresThatCarryNoReason() {
        Retry retry = RetryPolicies.retry("test", FAST);
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retry.executeCallable(() -> {
                    calls.incrementAndGet();
                    throw new java.net.SocketTimeoutException("read timed out");
                }))
                .isInstanceOf(java.net.SocketTimeoutException.class);
        assertThat(calls).hasValue(4);
    }

    @Test
    void shouldDoubleTheWaitsWithJitterUnderTheCeiling() {
        RetryPolicies.Policy policy = new RetryPolicies.Policy(10, Duration.ofMillis(100), Duration.ofSeconds(1));
        IntervalFunction backoff = RetryPolicies.backoff(policy);

        for (int i = 0; i < 200; i++) {
            assertThat(backoff.apply(1)).isBetween(50L, 150L);
            assertThat(backoff.apply(2)).isBetween(100L, 300L);
            assertThat(backoff.apply(3)).isBetween(200L, 600L);
            // From the fifth wait on the exponential value passes the ceiling: jitter never lifts a wait above it.
            assertThat(backoff.apply(5)).isBetween(500L, 1000L);
            assertThat(backoff.apply(30)).isBetween(500L, 1000L);
            assertThat(backoff.apply(10_000)).isBetween(500L, 1000L);
        }
    }

    @Test
    void shouldUseThePolicysAttemptsAndBackoffInItsConfig() {
        RetryPolicies.Policy policy = new RetryPolicies.Policy(3, Duration.ofMillis(200), Duration.ofMillis(250));

        var config = RetryPolicies.config(policy);

        assertThat(config.getMaxAttempts()).isEqualTo(3);
        assertThat(config.getIntervalBiFunction().apply(4, null)).isBetween(100L, 250L);
    }

    @Test
    void shouldRefuseAPolicyThatCannotWork() {
        assertThatThrownBy(() -> new RetryPolicies.Policy(0, Duration.ofMillis(1), Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> new RetryPolicies.Policy(3, Duration.ZERO, Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("initialBackoff");
        assertThatThrownBy(() -> new RetryPolicies.Policy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBackoff");
    }
}
