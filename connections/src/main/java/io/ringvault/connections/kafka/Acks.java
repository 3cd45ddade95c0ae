package io.ringvault.connections.kafka;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

/** Sending to Kafka and waiting for its acknowledgement, with every failure as a {@link PublishFailedException}. */
final class Acks {
    private Acks() {}

    /**
     * Sends {@code record}; the future completes once the broker has it, or exceptionally with a
     * {@link PublishFailedException}, also when the producer refuses the record at once.
     */
    static CompletableFuture<Void> send(KafkaTemplate<String, byte[]> kafka, ProducerRecord<String, byte[]> record) {
        String topic = record.topic();
        CompletableFuture<?> sent;
        try {
            sent = kafka.send(record);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.handle((result, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                throw new PublishFailedException(
                        topic, "could not publish to " + topic + ": " + describe(cause), cause);
            }
            return null;
        });
    }

    /**
     * Waits for {@code sent}, at most {@code timeout}.
     *
     * @param what the topic or topics, for the message
     * @throws PublishFailedException when Kafka refused, did not answer in time, or the wait was interrupted
     */
    static void await(CompletableFuture<?> sent, String what, Duration timeout) {
        try {
            sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException(what, "interrupted while publishing to " + what, e);
        } catch (TimeoutException e) {
            throw new PublishFailedException(
                    what, "could not publish to " + what + ": no acknowledgement within " + timeout, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PublishFailedException failed) {
                throw failed;
            }
            throw new PublishFailedException(what, "could not publish to " + what + ": " + describe(e), e);
        }
    }

    /** The root cause's message: Spring's wrappers say only "Send failed". */
    private static String describe(Throwable failure) {
        Throwable root = DeadLetters.rootCause(failure);
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
