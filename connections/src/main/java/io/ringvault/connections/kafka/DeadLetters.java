package io.ringvault.connections.kafka;

import io.ringvault.common.failure.FailureReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;

/**
 * Writes a record that could not be handled to the dead-letter topic, unchanged, with why and where it came from in
 * headers: the same headers whichever service gives up on it, so one tool reads the whole topic.
 *
 * <p>Only the exception's class and message are written, never the record's decoded contents: a message may carry
 * configuration, and secrets must not reach the dead-letter topic.
 */
public final class DeadLetters implements ConsumerRecordRecoverer {
    public static final String REASON_HEADER = "ringvault.rejection.reason";
    public static final String DETAIL_HEADER = "ringvault.rejection.detail";
    public static final String ORIGINAL_TOPIC_HEADER = "ringvault.original.topic";
    public static final String ORIGINAL_PARTITION_HEADER = "ringvault.original.partition";
    public static final String ORIGINAL_OFFSET_HEADER = "ringvault.original.offset";
    /** The reason written when a record is given up after its retries. */
    public static final String PROCESSING_FAILED = FailureReason.PROCESSING_FAILED.code();

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaTemplate<String, byte[]> kafka;
    private final String deadLetterTopic;

    /** @param deadLetterTopic the deployment's dead-letter topic ({@code TopicNames.dlq()}) */
    public DeadLetters(KafkaTemplate<String, byte[]> kafka, String deadLetterTopic) {
        this.kafka = kafka;
        this.deadLetterTopic = deadLetterTopic;
    }

    /**
     * Dead-letters {@code record} with reason {@code processing-failed} and the root cause's message. Throws when
     * Kafka does not take it, so the container seeks back and the record is not lost.
     */
    @Override
    public void accept(ConsumerRecord<?, ?> record, Exception cause) {
        write(record, PROCESSING_FAILED, describe(rootCause(cause)));
    }

    /**
     * Dead-letters {@code record} with a reason of the caller's, and logs it; waits for the broker's acknowledgement.
     *
     * @throws PublishFailedException when Kafka does not take it within 30 s (the caller's record is then not lost:
     *     the listener fails and its record is delivered again)
     */
    public void write(ConsumerRecord<?, ?> record, String reason, String detail) {
        Acks.await(send(record, reason, detail), deadLetterTopic, SEND_TIMEOUT);
    }

    /**
     * Dead-letters {@code record} with a reason of the caller's, and logs it, without waiting: for batch listeners
     * that wait for all their sends together before they commit. The future completes once the broker has the dead
     * letter, or exceptionally with a {@link PublishFailedException}.
     */
    public CompletableFuture<Void> send(ConsumerRecord<?, ?> record, String reason, String detail) {
        LOG.warn("record dead-lettered location={} reason={} detail={}", location(record), reason, detail);
        return Acks.send(kafka, deadLetter(record, deadLetterTopic, reason, detail));
    }

    /** {@link #write(ConsumerRecord, String, String)} with one of the contract's reasons. */
    public void write(ConsumerRecord<?, ?> record, FailureReason reason, String detail) {
        write(record, reason.code(), detail);
    }

    /** {@link #send(ConsumerRecord, String, String)} with one of the contract's reasons. */
    public CompletableFuture<Void> send(ConsumerRecord<?, ?> record, FailureReason reason, String detail) {
        return send(record, reason.code(), detail);
    }

    /** Where {@code record} was read: {@code topic-partition@offset}. */
    public static String location(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    /**
     * The dead letter of {@code record}: its key and bytes unchanged, why and where it came from in headers. For callers
     * that send it their own way (for example without waiting).
     */
    public static ProducerRecord<String, byte[]> deadLetter(
            ConsumerRecord<?, ?> record, String deadLetterTopic, String reason, String detail) {
        ProducerRecord<String, byte[]> dead =
                new ProducerRecord<>(deadLetterTopic, keyOf(record), valueOf(record.value()));
        header(dead, REASON_HEADER, reason);
        header(dead, DETAIL_HEADER, detail);
        header(dead, ORIGINAL_TOPIC_HEADER, record.topic());
        header(dead, ORIGINAL_PARTITION_HEADER, Integer.toString(record.partition()));
        header(dead, ORIGINAL_OFFSET_HEADER, Long.toString(record.offset()));
        return dead;
    }

    static Throwable rootCause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String describe(Throwable error) {
        return error.getMessage() == null
                ? error.getClass().getSimpleName()
                : error.getClass().getSimpleName() + ": " + error.getMessage();
    }

    private static String keyOf(ConsumerRecord<?, ?> record) {
        return record.key() == null ? null : record.key().toString();
    }

    private static byte[] valueOf(Object value) {
        if (value == null || value instanceof byte[]) {
            return (byte[]) value;
        }
        return value.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
