package io.ringvault.coordinator.messaging;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Envelope;
import io.ringvault.common.TopicNames;
import io.ringvault.common.message.Payload;
import io.ringvault.coordinator.operation.EventSink;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Writes CloudEvents to their topic, keyed by operation id so that an operation's events stay in order on one
 * partition. Waits for the broker's acknowledgement: a request is only accepted once its event is durable. The Kafka
 * side of the domain's {@link EventSink}.
 */
public class EventPublisher implements EventSink {
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
    @Override
    public <P extends Payload> Envelope<P> publish(String operationId, P data) {
        Envelope<P> event = Envelope.of(source, operationId, data);
        send(new ProducerRecord<>(topics.nameOf(event.type().topic()), operationId, codec.encode(event)));
        return event;
    }

    /** Sends a record as it is (the dead-letter topic keeps a rejected request's original bytes) and waits for it. */
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
