package io.ringvault.restorer.messaging;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Envelope;
import io.ringvault.common.TopicNames;
import io.ringvault.common.message.Payload;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Writes CloudEvents to their topic, keyed by the operation id so that an operation's events stay in order on one partition.
 * Waits for the broker's acknowledgement before the command is committed: an event is never lost, at worst
 * written twice.
 */
public class EventPublisher {
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaTemplate<String, byte[]> kafka;
    private final CloudEventCodec codec;
    private final TopicNames topics;
    private final String source;

    public EventPublisher(
            KafkaTemplate<String, byte[]> kafka, CloudEventCodec codec, TopicNames topics, String source) {
        this.kafka = kafka;
        this.codec = codec;
        this.topics = topics;
        this.source = source;
    }

    /** Publishes {@code data} about operation {@code operationId} on the topic its type belongs to. */
    public <P extends Payload> Envelope<P> publish(String operationId, P data) {
        Envelope<P> event = Envelope.of(source, operationId, data);
        send(new ProducerRecord<>(topics.nameOf(event.type().topic()), operationId, codec.encode(event)));
        return event;
    }

    public void send(ProducerRecord<String, byte[]> record) {
        try {
            kafka.send(record).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + record.topic(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish to " + record.topic() + ": " + e.getMessage(), e);
        }
    }
}
