package io.ringvault.connections.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RecentRecordsReplayTest {
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final TopicPartition P0 = new TopicPartition("acme.commands", 0);
    private static final TopicPartition P1 = new TopicPartition("acme.commands", 1);

    private final AtomicInteger caughtUp = new AtomicInteger();
    private final RecentRecordsReplay replay =
            new RecentRecordsReplay(Duration.ofHours(24), caughtUp::incrementAndGet, Clock.fixed(NOW, ZoneOffset.UTC));

    /** Partition 0 has records of the last day from offset 7 to 10; partition 1 none since then. */
    private final Consumer consumer = new Consumer(
            Map.of(P0, new OffsetAndTimestamp(7, NOW.minusSeconds(60).toEpochMilli())), Map.of(P0, 10L, P1, 4L));

    @Test
    void shouldStartEachPartitionAWindowBackAndCatchUpWhereItEnded() {
        consumer.assign(List.of(P0, P1));
        replay.onPartitionsAssigned(consumer, List.of(P0, P1));

        assertThat(consumer.asked)
                .containsOnly(
                        Map.entry(P0, NOW.minus(Duration.ofHours(24)).toEpochMilli()),
                        Map.entry(P1, NOW.minus(Duration.ofHours(24)).toEpochMilli()));
        assertThat(consumer.position(P0)).isEqualTo(7);
        assertThat(consumer.position(P1)).isEqualTo(4);
        assertThat(caughtUp).hasValue(0);

        consumer.addRecord(new ConsumerRecord<>("acme.commands", 0, 7, "op", new byte[0]));
        consumer.addRecord(new ConsumerRecord<>("acme.commands", 0, 8, "op", new byte[0]));
        consumer.poll(Duration.ZERO);
        replay.afterPoll(consumer);
        assertThat(caughtUp).hasValue(0);

        consumer.addRecord(new ConsumerRecord<>("acme.commands", 0, 9, "op", new byte[0]));
        consumer.poll(Duration.ZERO);
        replay.afterPoll(consumer);
        assertThat(caughtUp).hasValue(1);
    }

    @Test
    void shouldBeCaughtUpAtOnceWithoutRecentRecords() {
        consumer.assign(List.of(P1));
        replay.onPartitionsAssigned(consumer, List.of(P1));

        assertThat(caughtUp).hasValue(1);
    }

    /** A partition taken away is no longer waited for. */
    @Test
    void shouldStopWaitingForAPartitionThatIsRevoked() {
        consumer.assign(List.of(P0, P1));
        replay.onPartitionsAssigned(consumer, List.of(P0, P1));

        replay.onPartitionsRevokedAfterCommit(consumer, List.of(P0));
        consumer.poll(Duration.ZERO);
        replay.afterPoll(consumer);

        // Nothing left to catch up with: the next assignment starts over.
        replay.onPartitionsAssigned(consumer, List.of(P1));
        assertThat(caughtUp).hasValue(1);
    }

    /** MockConsumer has no offsetsForTimes: this one answers with the offsets the test gives. */
    private static final class Consumer extends MockConsumer<String, byte[]> {
        final Map<TopicPartition, Long> asked = new HashMap<>();
        private final Map<TopicPartition, OffsetAndTimestamp> starts;

        Consumer(Map<TopicPartition, OffsetAndTimestamp> starts, Map<TopicPartition, Long> ends) {
            super("latest");
            this.starts = starts;
            updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
            updateEndOffsets(ends);
        }

        @Override
        public synchronized Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(
                Map<TopicPartition, Long> timestamps) {
            asked.putAll(timestamps);
            Map<TopicPartition, OffsetAndTimestamp> found = new HashMap<>();
            timestamps.keySet().forEach(partition -> found.put(partition, starts.get(partition)));
            return found;
        }
    }
}
