package io.ringvault.connections.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class KeyPartitionsTest {

    /** The same partition as the producer's own partitioner gives a keyed record. */
    @Test
    void shouldAgreeWithTheProducersPartitioner() {
        for (int i = 0; i < 500; i++) {
            String key = i % 2 == 0 ? UUID.randomUUID().toString() : "nightly-" + i;
            for (int partitions : new int[] {1, 3, 6, 12}) {
                assertThat(KeyPartitions.partitionOf(key, partitions))
                        .as("%s over %d partitions", key, partitions)
                        .isEqualTo(
                                BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions));
            }
        }
    }

    @Test
    void shouldRefuseATopicWithoutPartitions() {
        assertThatThrownBy(() -> KeyPartitions.partitionOf("op", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
