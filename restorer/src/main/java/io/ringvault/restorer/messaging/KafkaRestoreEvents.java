package io.ringvault.restorer.messaging;

import io.ringvault.common.message.RestoreFinished;
import io.ringvault.common.message.RestorePlanned;
import io.ringvault.common.message.RestoreProgress;
import io.ringvault.connections.kafka.EventPublisher;
import io.ringvault.restorer.restore.RestoreEvents;

/**
 * A restore's events on the events topic, keyed by the operation id, with the operation id as subject. Each waits for
 * Kafka's acknowledgement before the restore goes on (and before its command is committed): an event is never lost, at
 * worst written twice.
 */
public class KafkaRestoreEvents implements RestoreEvents {
    private final EventPublisher publisher;

    public KafkaRestoreEvents(EventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void planned(String operationId, RestorePlanned planned) {
        publisher.publish(operationId, planned);
    }

    @Override
    public void progress(String operationId, RestoreProgress progress) {
        publisher.publish(operationId, progress);
    }

    @Override
    public void finished(String operationId, RestoreFinished finished) {
        publisher.publish(operationId, finished);
    }
}
