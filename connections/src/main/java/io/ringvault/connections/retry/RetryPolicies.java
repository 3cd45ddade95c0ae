package io.ringvault.connections.retry;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.failure.Failures;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one way ringvault builds a Resilience4j {@link Retry}: at most {@link Policy#maxAttempts()} calls, waits that
 * start at {@link Policy#initialBackoff()}, double each time with ±50% jitter (so that the workers of one failing
 * node do not retry in step) and never exceed {@link Policy#maxBackoff()}; and another attempt only for an exception
 * whose {@link FailureReason} is {@linkplain FailureReason#retryable() retryable} ({@link Failures#retryable}). Nothing
 * else decides a retry, so the uploader's files, the restorer's agent calls and the uploader's resumed downloads agree
 * on what is worth another attempt.
 *
 * <p>Here rather than in {@code common}: {@code common} is the message contract that any system reading ringvault's
 * topics may depend on, and stays free of libraries beyond Jackson; {@code storage} is one of the things retried and
 * sets its SDK's own retries on purpose. Resilience4j is an optional dependency of this module: the services that
 * build retries (uploader, restorer) bring it.
 */
public final class RetryPolicies {
    /** Each wait is twice the one before, before jitter. */
    static final double MULTIPLIER = 2.0;
    /** A wait is drawn within ±50% of its exponential value, and then held under the ceiling. */
    static final double JITTER = 0.5;

    private RetryPolicies() {}

    /**
     * How hard to try: at most {@code maxAttempts} calls (the first included), waiting {@code initialBackoff} after the
     * first failure, then twice as long each time, never longer than {@code maxBackoff}.
     */
    public record Policy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        public Policy {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
            }
            if (initialBackoff == null || initialBackoff.isNegative() || initialBackoff.isZero()) {
                throw new IllegalArgumentException("initialBackoff must be positive, not " + initialBackoff);
            }
            if (maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException(
                        "maxBackoff " + maxBackoff + " must be at least initialBackoff " + initialBackoff);
            }
        }
    }

    /** A retry named {@code name} (the name shows in Resilience4j's events and metrics) that follows {@code policy}. */
    public static Retry retry(String name, Policy policy) {
        return Retry.of(name, config(policy));
    }

    /** The configuration behind {@link #retry}. */
    public static RetryConfig config(Policy policy) {
        return RetryConfig.custom()
                .maxAttempts(policy.maxAttempts())
                .intervalFunction(backoff(policy))
                .retryOnException(Failures::retryable)
                .build();
    }

    /**
     * The waits of {@code policy}, for a retry loop Resilience4j does not run (a download resumed from where it broke
     * off): the wait before attempt {@code n + 1} is {@code apply(n)}, in milliseconds.
     */
    public static IntervalFunction backoff(Policy policy) {
        long initial = policy.initialBackoff().toMillis();
        long ceiling = policy.maxBackoff().toMillis();
        return attempt -> {
            double exponential = initial * Math.pow(MULTIPLIER, Math.max(0, attempt - 1));
            double capped = Math.min(exponential, ceiling);
            double jittered =
                    capped * (1 + JITTER * (2 * ThreadLocalRandom.current().nextDouble() - 1));
            // At least a millisecond: a zero wait would make a failing peer a busy loop.
            return Math.max(1, Math.min(ceiling, Math.round(jittered)));
        };
    }
}
