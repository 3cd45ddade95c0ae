package io.ringvault.connections.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Envelope;
import io.ringvault.common.MessageType;
import io.ringvault.common.message.OperationCompleted;
import io.ringvault.common.message.OperationKind;
import io.ringvault.common.message.Payload;
import io.ringvault.connections.kafka.EventsReplay.ReplayedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class EventsReplayTest {
    private static final String TOPIC = "acme.events";
    private static final int PARTITIONS = 6;
    private static final CloudEventCodec CODEC = new CloudEventCodec();
    private static final OperationCompleted COMPLETED = new OperationCompleted(OperationKind.BACKUP, 1, 1, 1, 1);

    private final List<ConsumerRecord<String, byte[]>> topic = new ArrayList<>();
    private final List<MockConsumer<String, byte[]>> opened = new ArrayList<>();

    @Test
    void shouldReadEveryPartitionToItsEndAndCloseTheConsumer() {
        publish("op-1", event("op-1", COMPLETED));
        publish("op-2", "not json at all".getBytes(StandardCharsets.UTF_8));
        publish("op-3", event("op-3", COMPLETED));
        List<ReplayedEvent> seen = new ArrayList<>();

        long read = replay().replay(Duration.ofSeconds(5), seen::add);

        assertThat(read).isEqualTo(3);
        assertThat(seen)
                .extracting(ReplayedEvent::key, ReplayedEvent::type, ReplayedEvent::subject)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("op-1", MessageType.OPERATION_COMPLETED.type(), "op-1"),
                        org.assertj.core.groups.Tuple.tuple("op-2", null, null),
                        org.assertj.core.groups.Tuple.tuple("op-3", MessageType.OPERATION_COMPLETED.type(), "op-3"));
        assertThat(opened).singleElement().satisfies(consumer -> {
            assertThat(consumer.closed()).isTrue();
            assertThat(consumer.assignment()).hasSize(PARTITIONS);
        });
    }

    /** Only the partition the producers write the key to, found with Kafka's own partitioner: no other is read. */
    @Test
    void shouldFindAnOperationsEventInItsPartitionOnly() {
        publish("op-1", event("op-1", new io.ringvault.common.message.CancelOperation("x")));
        publish("op-1", event("op-1", COMPLETED));
        publish("other", event("other", COMPLETED));

        Optional<ReplayedEvent> end = replay().findForKey(
                        "op-1",
                        Duration.ofSeconds(5),
                        event -> MessageType.OPERATION_COMPLETED.type().equals(event.type()));

        assertThat(end).get().satisfies(event -> {
            assertThat(event.subject()).isEqualTo("op-1");
            assertThat(event.partition()).isEqualTo(KeyPartitions.partitionOf("op-1", PARTITIONS));
        });
        assertThat(opened.get(0).assignment())
                .containsExactly(new TopicPartition(TOPIC, KeyPartitions.partitionOf("op-1", PARTITIONS)));
    }

    @Test
    void shouldFindNothingForAnOperationThatDidNotEnd() {
        publish("op-1", event("op-1", new io.ringvault.common.message.CancelOperation("x")));

        assertThat(replay().findForKey("op-1", Duration.ofSeconds(5), event -> "never".equals(event.type())))
                .isEmpty();
        assertThat(replay().findForKey("op-9", Duration.ofSeconds(5), event -> true))
                .isEmpty();
    }

    @Test
    void shouldReplayNothingOfATopicThatDoesNotExistYet() {
        EventsReplay replay = new EventsReplay(
                () -> {
                    MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
                    opened.add(consumer);
                    return consumer;
                },
                TOPIC);

        assertThat(replay.replay(Duration.ofSeconds(1), event -> {})).isZero();
        assertThat(replay.findForKey("op-1", Duration.ofSeconds(1), event -> true))
                .isEmpty();
    }

    /** End offsets that the records never reach (a broker that stops answering): the replay gives up in time. */
    @Test
    void shouldGiveUpWhenTheTopicCannotBeReadToItsEndInTime() {
        publish("op-1", event("op-1", COMPLETED));
        EventsReplay replay = replay(Map.of(KeyPartitions.partitionOf("op-1", PARTITIONS), 10L));

        assertThatThrownBy(() -> replay.replay(Duration.ofMillis(200), event -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(TOPIC)
                .hasMessageContaining("within PT0.2S");
    }

    private void publish(String key, byte[] value) {
        int partition = KeyPartitions.partitionOf(key, PARTITIONS);
        long offset = topic.stream().filter(r -> r.partition() == partition).count();
        topic.add(new ConsumerRecord<>(TOPIC, partition, offset, key, value));
    }

    private static byte[] event(String operationId, Payload data) {
        return CODEC.encode(Envelope.of("/test", operationId, data));
    }

    private EventsReplay replay() {
        return replay(Map.of());
    }

    /** A replay over {@link #topic}, with end offsets where the records end unless {@code ends} says otherwise. */
    private EventsReplay replay(Map<Integer, Long> ends) {
        return new EventsReplay(
                () -> {
                    MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
                    consumer.updatePartitions(
                            TOPIC,
                            IntStream.range(0, PARTITIONS)
                                    .mapToObj(p -> new PartitionInfo(TOPIC, p, null, null, null))
                                    .toList());
                    Map<TopicPartition, Long> beginnings = new HashMap<>();
                    Map<TopicPartition, Long> endOffsets = new HashMap<>();
                    for (int p = 0; p < PARTITIONS; p++) {
                        int partition = p;
                        beginnings.put(new TopicPartition(TOPIC, p), 0L);
                        endOffsets.put(
                                new TopicPartition(TOPIC, p),
                                ends.getOrDefault(
                                        p,
                                        topic.stream()
                                                .filter(r -> r.partition() == partition)
                                                .count()));
                    }
                    consumer.updateBeginningOffsets(beginnings);
                    consumer.updateEndOffsets(endOffsets);
                    // Records can only be added once their partition is assigned, which the replay does itself.
                    consumer.schedulePollTask(() -> topic.stream()
                            .filter(r -> consumer.assignment().contains(new TopicPartition(TOPIC, r.partition())))
                            .forEach(consumer::addRecord));
                    opened.add(consumer);
                    return consumer;
                },
                TOPIC);
    }
}
