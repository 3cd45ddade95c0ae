package io.ringvault.systemtest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Sees an operation's terminal event on the events topic as soon as the coordinator publishes it, so that the
 * benchmark's clock stops there. Polling the REST API instead either takes CPU from the backup it measures (every few
 * milliseconds, the coordinator renders the operation each time) or adds up to its interval to the figure (a
 * differential backup takes a few tenths of a second). Only the records keyed by the operation are looked at, and only
 * for the type: nothing is decoded.
 */
final class CompletionWatcher implements AutoCloseable {
    private static final List<byte[]> TERMINAL_TYPES = List.of(
            type("io.ringvault.operation.completed"),
            type("io.ringvault.operation.failed"),
            type("io.ringvault.operation.cancelled"));

    private final KafkaConsumer<String, byte[]> consumer;

    /** Starts at the end of the topic: only events published from now on are seen. */
    CompletionWatcher(String bootstrapServers, String eventsTopic) {
        consumer = KafkaEvents.consumerOfEveryPartition(bootstrapServers, eventsTopic);
        consumer.seekToEnd(consumer.assignment());
        // seekToEnd is lazy: look the positions up now, before the request whose events must not be missed.
        consumer.assignment().forEach(consumer::position);
    }

    /**
     * Waits for the terminal event ({@code operation.completed}, {@code failed} or {@code cancelled}) of an operation.
     *
     * @return {@link System#nanoTime()} when it was seen
     * @throws IllegalStateException if it does not come within {@code timeout}
     */
    long awaitTerminal(String operationId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                if (operationId.equals(record.key()) && isTerminal(record.value())) {
                    return System.nanoTime();
                }
            }
        }
        throw new IllegalStateException("no terminal event of operation " + operationId + " within " + timeout);
    }

    private static boolean isTerminal(byte[] value) {
        return value != null && TERMINAL_TYPES.stream().anyMatch(type -> contains(value, type));
    }

    private static boolean contains(byte[] value, byte[] part) {
        outer:
        for (int i = 0; i <= value.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (value[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static byte[] type(String type) {
        return ("\"type\":\"" + type + "\"").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
