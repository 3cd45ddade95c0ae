package io.ringvault.connections.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition a keyed record goes to: Kafka's default partitioner for a record with a key and no partition (murmur2
 * of the key's bytes, made positive, modulo the partition count), computed with Kafka's own {@link Utils}. ringvault's
 * keys are strings written by {@code StringSerializer} (UTF-8). Used where a reader must know an operation's partition
 * without reading every partition.
 */
public final class KeyPartitions {
    private KeyPartitions() {}

    /** The partition, of {@code partitions}, that the producers write {@code key} to. */
    public static int partitionOf(String key, int partitions) {
        if (partitions <= 0) {
            throw new IllegalArgumentException("a topic has at least one partition, not " + partitions);
        }
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
