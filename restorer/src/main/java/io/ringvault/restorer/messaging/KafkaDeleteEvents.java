package io.ringvault.restorer.messaging;

import io.ringvault.common.message.DeleteFinished;
import io.ringvault.common.message.DeleteProgress;
import io.ringvault.common.message.PurgeFinished;
import io.ringvault.common.message.PurgeProgress;
import io.ringvault.connections.kafka.EventPublisher;
import io.ringvault.restorer.delete.DeleteEvents;
import io.ringvault.restorer.delete.PurgeEvents;

/**
 * A delete's and a purge's events on the events topic, keyed by the operation id, with the operation id as subject. Each waits for
 * Kafka's acknowledgement, so the command is committed only once the report is written.
 */
public class KafkaDeleteEvents implements DeleteEvents, PurgeEvents {
    private final EventPublisher publisher;

    public KafkaDeleteEvents(EventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void progress(String operationId, DeleteProgress progress) {
        publisher.publish(operationId, progress);
    }

    @Override
    public void finished(String operationId, DeleteFinished finished) {
        publisher.publish(operationId, finished);
    }

    @Override
    public void progress(String operationId, PurgeProgress progress) {
        publisher.publish(operationId, progress);
    }

    @Override
    public void finished(String operationId, PurgeFinished finished) {
        publisher.publish(operationId, finished);
    }
}
