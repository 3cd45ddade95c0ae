package io.ringvault.uploader.messaging;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Envelope;
import io.ringvault.common.TopicNames;
import io.ringvault.common.message.Payload;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Writes CloudEvents to their topic, keyed by the backup id so that a backup's events stay in order on one partition.
 * Sends are asynchronous, so the events of many files share the producer's batches; the caller waits for the returned
 * acknowledgements before it commits the files' records: an event is never lost, at worst written twice.
 */
public class EventPublisher {
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

    /**
     * Publishes {@code data} about backup {@code backupId} on the topic its type belongs to; completes once the broker
     * has it.
     */
    public <P extends Payload> CompletableFuture<Void> publish(String backupId, P data) {
        Envelope<P> event = Envelope.of(source, backupId, data);
        return send(new ProducerRecord<>(topics.nameOf(event.type().topic()), backupId, codec.encode(event)));
    }

    /** Sends {@code record}; completes once the broker has it, or exceptionally with what went wrong. */
    public CompletableFuture<Void> send(ProducerRecord<String, byte[]> record) {
        return kafka.send(record).handle((result, failure) -> {
            if (failure != null) {
                throw new IllegalStateException(
                        "could not publish to " + record.topic() + ": " + failure.getMessage(), failure);
            }
            return null;
        });
    }
}
