package io.ringvault.restorer.messaging;

import io.ringvault.common.message.GcFinished;
import io.ringvault.common.message.GcProgress;
import io.ringvault.connections.kafka.EventPublisher;
import io.ringvault.restorer.gc.GcEvents;

/**
 * A garbage collection's events on the events topic, keyed by the operation id, with the operation id as subject. Each
 * waits for Kafka's acknowledgement, so the command is committed only once the report is written.
 */
public class KafkaGcEvents implements GcEvents {
    private final EventPublisher publisher;

    public KafkaGcEvents(EventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void progress(String operationId, GcProgress progress) {
        publisher.publish(operationId, progress);
    }

    @Override
    public void finished(String operationId, GcFinished finished) {
        publisher.publish(operationId, finished);
    }
}
