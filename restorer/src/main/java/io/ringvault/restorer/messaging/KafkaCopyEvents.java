package io.ringvault.restorer.messaging;

import io.ringvault.common.message.CopyFinished;
import io.ringvault.common.message.CopyProgress;
import io.ringvault.connections.kafka.EventPublisher;
import io.ringvault.restorer.copy.CopyEvents;

/**
 * A copy's events on the events topic, keyed by the operation id, with the operation id as subject. Each waits for
 * Kafka's acknowledgement, so the command is committed only once the report is written.
 */
public class KafkaCopyEvents implements CopyEvents {
    private final EventPublisher publisher;

    public KafkaCopyEvents(EventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void progress(String operationId, CopyProgress progress) {
        publisher.publish(operationId, progress);
    }

    @Override
    public void finished(String operationId, CopyFinished finished) {
        publisher.publish(operationId, finished);
    }
}
