package io.ringvault.coordinator.messaging;

import io.ringvault.coordinator.lifecycle.OperationDriver;
import io.ringvault.coordinator.operation.OperationLog;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * The coordinators' consumer group on the events topic. It folds nothing (the {@link EventLogReader} does); each event
 * of an operation this instance owns (see {@link OwnedPartitions}) triggers an evaluation, once the log has folded it.
 */
public class OperationOwnership {
    private static final Duration FOLD_WAIT = Duration.ofSeconds(30);

    private final OperationLog log;
    private final OperationDriver driver;

    public OperationOwnership(OperationLog log, OperationDriver driver) {
        this.log = log;
        this.driver = driver;
    }

    @KafkaListener(
            id = "operation-ownership",
            topics = "#{@topicNames.events()}",
            groupId = "${ringvault.coordinator.consumer-group}",
            containerFactory = "ownershipContainerFactory",
            properties = "auto.offset.reset=earliest")
    void onEvent(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        if (record.key() == null) {
            return;
        }
        // Decide on the folded state, never ahead of it.
        long deadline = System.nanoTime() + FOLD_WAIT.toNanos();
        while (log.nextOffset(record.partition()) <= record.offset() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        driver.evaluate(record.key());
    }
}
