package io.ringvault.connections.kafka;

import io.ringvault.common.InvalidMessageException;
import java.time.Duration;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The one way a service's Kafka listeners retry: exponential back-off with a ceiling on each wait and on the total,
 * then a recoverer (the service's own give-up step, then the dead-letter topic). A record that can never succeed (it
 * does not decode) skips the retries. Nothing retries forever: a record that keeps failing
 * stops blocking its partition once {@link Retries#giveUpAfter()} has passed.
 */
public final class ListenerErrorHandlers {
    private ListenerErrorHandlers() {}

    /** How long and how often a listener tries a record again before giving it up. */
    public record Retries(Duration firstWait, Duration longestWait, Duration giveUpAfter) {
        /** The services' default: 1 s doubling to at most 30 s, given up after 5 minutes. */
        public static final Retries DEFAULT =
                new Retries(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(5));

        public Retries {
            if (firstWait.isNegative() || firstWait.isZero()) {
                throw new IllegalArgumentException("the first wait must be positive, got " + firstWait);
            }
            if (longestWait.compareTo(firstWait) < 0) {
                throw new IllegalArgumentException(
                        "the longest wait (" + longestWait + ") is shorter than the first (" + firstWait + ")");
            }
            if (giveUpAfter.compareTo(firstWait) < 0) {
                throw new IllegalArgumentException(
                        "giving up after " + giveUpAfter + " leaves no time for a wait of " + firstWait);
            }
        }

        ExponentialBackOff backOff() {
            ExponentialBackOff backOff = new ExponentialBackOff(firstWait.toMillis(), 2.0);
            backOff.setMaxInterval(longestWait.toMillis());
            backOff.setMaxElapsedTime(giveUpAfter.toMillis());
            return backOff;
        }
    }

    /**
     * Retries with {@code retries}, then hands the record to {@code giveUp} (for example, the service reports the
     * failure on the events topic) and to {@code deadLetters}. When {@code giveUp} throws, the record is still
     * dead-lettered.
     */
    public static DefaultErrorHandler create(Retries retries, ConsumerRecordRecoverer giveUp, DeadLetters deadLetters) {
        ConsumerRecordRecoverer recoverer = (record, cause) -> {
            try {
                giveUp.accept(record, cause);
            } finally {
                deadLetters.accept(record, cause);
            }
        };
        return configure(new DefaultErrorHandler(recoverer, retries.backOff()));
    }

    /** Retries with {@code retries}, then dead-letters the record. */
    public static DefaultErrorHandler create(Retries retries, DeadLetters deadLetters) {
        return configure(new DefaultErrorHandler(deadLetters, retries.backOff()));
    }

    private static DefaultErrorHandler configure(DefaultErrorHandler handler) {
        // Retrying cannot mend a message that does not decode.
        handler.addNotRetryableExceptions(InvalidMessageException.class);
        return handler;
    }
}
