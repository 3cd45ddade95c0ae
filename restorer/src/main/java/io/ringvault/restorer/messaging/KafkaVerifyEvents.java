package io.ringvault.restorer.messaging;

import io.ringvault.common.message.VerifyFinished;
import io.ringvault.common.message.VerifyProgress;
import io.ringvault.connections.kafka.EventPublisher;
import io.ringvault.restorer.verify.VerifyEvents;

/**
 * A verify's events on the events topic, keyed by the operation id, with the operation id as subject. Each waits for
 * Kafka's acknowledgement, so the command is committed only once the report is written.
 */
public class KafkaVerifyEvents implements VerifyEvents {
    private final EventPublisher publisher;

    public KafkaVerifyEvents(EventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void progress(String operationId, VerifyProgress progress) {
        publisher.publish(operationId, progress);
    }

    @Override
    public void finished(String operationId, VerifyFinished finished) {
        publisher.publish(operationId, finished);
    }
}
