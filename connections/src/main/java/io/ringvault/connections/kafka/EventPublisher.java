package io.ringvault.connections.kafka;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Envelope;
import io.ringvault.common.TopicNames;
import io.ringvault.common.message.Payload;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Writes a service's messages as CloudEvents ({@link CloudEventCodec}), each on the topic its type belongs to
 * ({@code TopicNames.nameOf(type.topic())}: an event on the events topic, a command on the commands topic), keyed by
 * the operation id with the operation id as subject, so that an operation's messages stay in order on one partition.
 * The one publisher of every service; what differs between them is their CloudEvent {@code source} and how long they
 * wait for Kafka.
 *
 * <p>{@link #publish} waits for the broker's acknowledgement, at most the acknowledgement timeout: nothing is decided,
 * and no record is committed, on a message that might be lost. {@link #publishAsync} lets many messages share the
 * producer's batches; its caller waits for them before it commits. Every failure is a {@link PublishFailedException}.
 */
public class EventPublisher {
    /** How long {@link #publish} waits for Kafka unless told otherwise. */
    public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaTemplate<String, byte[]> kafka;
    private final CloudEventCodec codec;
    private final TopicNames topics;
    private final String source;
    private final Duration ackTimeout;

    /**
     * @param source the CloudEvent {@code source} of every message written (for example {@code /ringvault/uploader})
     * @param ackTimeout how long a send waits for Kafka's acknowledgement before it fails
     */
    public EventPublisher(
            KafkaTemplate<String, byte[]> kafka,
            CloudEventCodec codec,
            TopicNames topics,
            String source,
            Duration ackTimeout) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("an event publisher needs a CloudEvent source");
        }
        if (ackTimeout.isZero() || ackTimeout.isNegative()) {
            throw new IllegalArgumentException("the acknowledgement timeout must be positive, not " + ackTimeout);
        }
        this.kafka = kafka;
        this.codec = codec;
        this.topics = topics;
        this.source = source;
        this.ackTimeout = ackTimeout;
    }

    /** A publisher that waits {@link #DEFAULT_ACK_TIMEOUT} for Kafka. */
    public EventPublisher(
            KafkaTemplate<String, byte[]> kafka, CloudEventCodec codec, TopicNames topics, String source) {
        this(kafka, codec, topics, source, DEFAULT_ACK_TIMEOUT);
    }

    /** The CloudEvent {@code source} of the messages this publisher writes. */
    public String source() {
        return source;
    }

    /**
     * Publishes {@code data} about operation {@code operationId} on the topic its type belongs to, keyed by
     * {@code operationId}, and returns once Kafka has acknowledged it.
     *
     * @return the message as written
     * @throws PublishFailedException when Kafka does not acknowledge it within the timeout
     */
    public <P extends Payload> Envelope<P> publish(String operationId, P data) {
        Envelope<P> event = Envelope.of(source, operationId, data);
        ProducerRecord<String, byte[]> record = recordOf(event, operationId);
        Acks.await(Acks.send(kafka, record), record.topic(), ackTimeout);
        return event;
    }

    /**
     * Publishes as {@link #publish} does, without waiting: the future completes with the message once Kafka has it, or
     * exceptionally with a {@link PublishFailedException}. Kafka's own {@code delivery.timeout.ms} bounds the wait.
     */
    public <P extends Payload> CompletableFuture<Envelope<P>> publishAsync(String operationId, P data) {
        Envelope<P> event = Envelope.of(source, operationId, data);
        return Acks.send(kafka, recordOf(event, operationId)).thenApply(acknowledged -> event);
    }

    /**
     * The record of {@code data} about operation {@code operationId}, for a message that is not keyed by its operation
     * (for example one {@code file.ready} per file, keyed by the file): to be sent with {@link #sendAll}.
     *
     * @param partition the partition, or {@code null} for the producer's choice by {@code key}
     */
    public ProducerRecord<String, byte[]> record(
            String topic, Integer partition, String key, String operationId, Payload data) {
        return new ProducerRecord<>(topic, partition, key, codec.encode(Envelope.of(source, operationId, data)));
    }

    /**
     * Sends every record without waiting for each, then waits for all of them to be acknowledged, at most the
     * acknowledgement timeout in all.
     *
     * @throws PublishFailedException when one of them is not acknowledged in time
     */
    public void sendAll(List<ProducerRecord<String, byte[]>> records) {
        if (records.isEmpty()) {
            return;
        }
        CompletableFuture<?>[] sends =
                records.stream().map(record -> Acks.send(kafka, record)).toArray(CompletableFuture[]::new);
        String topicsSent = String.join(
                ", ",
                records.stream().map(ProducerRecord::topic).distinct().sorted().toList());
        Acks.await(CompletableFuture.allOf(sends), topicsSent, ackTimeout);
    }

    /** How many partitions {@code topic} has, from the producer's metadata (which it fetches when it must). */
    public int partitionCount(String topic) {
        return kafka.partitionsFor(topic).size();
    }

    private ProducerRecord<String, byte[]> recordOf(Envelope<?> event, String operationId) {
        return new ProducerRecord<>(topics.nameOf(event.type().topic()), operationId, codec.encode(event));
    }
}
