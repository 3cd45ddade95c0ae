package io.ringvault.connections.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the events topic once, from the beginning of its partitions to where they ended when the read began: every
 * partition ({@link #replay}), or only the one an operation's events are keyed to ({@link #findForKey}). It joins no
 * consumer group and commits nothing, so it leaves no trace and may run beside the service's listeners.
 *
 * <p>Only each event's {@code type} and {@code subject} are read, as JSON, never the whole payload: an event that this
 * version cannot decode (a newer type, a field it does not know) does not stop the replay. A record that is not JSON
 * is passed over, as no event.
 */
public class EventsReplay {
    private static final Logger LOG = LoggerFactory.getLogger(EventsReplay.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration POLL = Duration.ofMillis(500);

    private final Supplier<Consumer<String, byte[]>> consumers;
    private final String topic;

    /**
     * @param consumers opens a new consumer for each replay (which closes it); it must take {@code String} keys and
     *     {@code byte[]} values
     */
    public EventsReplay(Supplier<Consumer<String, byte[]>> consumers, String topic) {
        this.consumers = consumers;
        this.topic = topic;
    }

    /**
     * A replay with consumers built from {@code consumerProperties} (a service's, with its brokers, TLS and SASL): no
     * group, no commits, no automatic topic creation, large polls.
     */
    public static EventsReplay of(Map<String, Object> consumerProperties, String topic) {
        Map<String, Object> properties = new HashMap<>(consumerProperties);
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        // The services' listeners may take one record per poll; a replay wants big batches.
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new EventsReplay(() -> new KafkaConsumer<>(properties), topic);
    }

    /** The topic this replay reads. */
    public String topic() {
        return topic;
    }

    /**
     * One event as the replay sees it.
     *
     * @param key the record's key (the operation id for ringvault's events)
     * @param type the CloudEvent {@code type}, for example {@code io.ringvault.operation.completed}; null if absent
     * @param subject the CloudEvent {@code subject} (the operation id); null if absent
     */
    public record ReplayedEvent(String key, String type, String subject, int partition, long offset) {}

    /**
     * Hands every event of every partition to {@code visitor}, in order within each partition.
     *
     * @return how many records were read
     * @throws IllegalStateException when the topic cannot be read to its end within {@code timeout}
     */
    public long replay(Duration timeout, java.util.function.Consumer<ReplayedEvent> visitor) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Consumer<String, byte[]> consumer = consumers.get()) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                LOG.info("events topic {} has no partitions yet: nothing to replay", topic);
                return 0;
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            long records = read(consumer, partitions, timeout, deadline, event -> {
                visitor.accept(event);
                return false;
            });
            LOG.info("events topic replayed topic={} partitions={} events={}", topic, partitions.size(), records);
            return records;
        }
    }

    /**
     * The first event keyed {@code key} that {@code match} accepts. Reads only the partition the producers write
     * {@code key} to ({@link KeyPartitions}), up to its end when the read began, and stops at the first match.
     *
     * @throws IllegalStateException when the partition cannot be read to its end within {@code timeout}
     */
    public Optional<ReplayedEvent> findForKey(String key, Duration timeout, Predicate<ReplayedEvent> match) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Consumer<String, byte[]> consumer = consumers.get()) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                return Optional.empty();
            }
            TopicPartition partition = new TopicPartition(topic, KeyPartitions.partitionOf(key, infos.size()));
            ReplayedEvent[] found = new ReplayedEvent[1];
            read(consumer, List.of(partition), timeout, deadline, event -> {
                if (key.equals(event.key()) && match.test(event)) {
                    found[0] = event;
                    return true;
                }
                return false;
            });
            return Optional.ofNullable(found[0]);
        }
    }

    /**
     * Reads {@code partitions} from their beginning to their end offsets of now, until {@code stop} says so.
     *
     * @return the records read
     */
    private long read(
            Consumer<String, byte[]> consumer,
            List<TopicPartition> partitions,
            Duration timeout,
            long deadline,
            Predicate<ReplayedEvent> stop) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
        long records = 0;
        while (!caughtUp(consumer, ends)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the events topic " + topic + " (partitions "
                        + partitions.stream().map(TopicPartition::partition).toList()
                        + ") could not be read to its end within " + timeout);
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                records++;
                if (stop.test(event(record))) {
                    return records;
                }
            }
        }
        return records;
    }

    private static boolean caughtUp(Consumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static ReplayedEvent event(ConsumerRecord<String, byte[]> record) {
        String type = null;
        String subject = null;
        if (record.value() != null) {
            try {
                JsonNode event = JSON.readTree(record.value());
                if (event != null && event.isObject()) {
                    type = text(event.get("type"));
                    subject = text(event.get("subject"));
                }
            } catch (RuntimeException e) {
                // Not JSON: not an event, passed over with neither type nor subject.
            }
        }
        return new ReplayedEvent(record.key(), type, subject, record.partition(), record.offset());
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() ? node.asString() : null;
    }
}
