package io.ringvault.coordinator.messaging;

import io.ringvault.connections.kafka.KeyPartitions;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions of the events topic that the coordinators' consumer group has assigned to this instance (see {@link
 * OperationOwnership}). Operations are keyed by id, so holding an operation's partition means driving that operation;
 * two instances never both do.
 */
public class OwnedPartitions {
    private static final Logger LOG = LoggerFactory.getLogger(OwnedPartitions.class);

    private final IntSupplier partitionCount;
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();

    public OwnedPartitions(IntSupplier partitionCount) {
        this.partitionCount = partitionCount;
    }

    /** True when this instance drives the operation. */
    public boolean owns(String operationId) {
        int partitions = partitionCount.getAsInt();
        if (partitions <= 0) {
            return false;
        }
        // Where the producers write the operation's events.
        return owned.contains(KeyPartitions.partitionOf(operationId, partitions));
    }

    void assigned(Collection<Integer> partitions) {
        owned.addAll(partitions);
        LOG.info("now driving the operations of partitions={}", owned);
    }

    void revoked(Collection<Integer> partitions) {
        owned.removeAll(partitions);
    }

    void clear() {
        owned.clear();
    }
}
