package io.ringvault.agent.messaging;

import io.ringvault.common.MessageType;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Reads the events topic once, every partition from the beginning up to the end offsets seen at the start, and returns
 * the operations that are over ({@code operation.completed}, {@code operation.failed}, {@code operation.cancelled}).
 * Not a consumer group member and commits nothing. Only each event's {@code type} and {@code subject} are read, so an
 * event this agent cannot fully decode does not stop it.
 */
public class FinishedOperationsReader {
    private static final Logger LOG = LoggerFactory.getLogger(FinishedOperationsReader.class);
    private static final Set<String> TERMINAL_TYPES = Set.of(
            MessageType.OPERATION_COMPLETED.type(),
            MessageType.OPERATION_FAILED.type(),
            MessageType.OPERATION_CANCELLED.type());
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, Object> consumerProperties;
    private final String topic;

    public FinishedOperationsReader(Map<String, Object> consumerProperties, String topic) {
        this.consumerProperties = new HashMap<>(consumerProperties);
        this.topic = topic;
    }

    /**
     * The operations that are over.
     *
     * @throws IllegalStateException when the topic cannot be read to its end within {@code timeout}
     */
    public Set<String> read(Duration timeout) {
        Map<String, Object> properties = new HashMap<>(consumerProperties);
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        // The commands listener takes one record per poll; a replay wants big batches.
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> finished = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                LOG.info("events topic {} has no partitions yet: no operation is over", topic);
                return finished;
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long events = 0;
            while (!caughtUp(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "the events topic " + topic + " could not be read to its end within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    events++;
                    terminalSubject(record.value()).ifPresent(finished::add);
                }
            }
            LOG.info("events topic replayed topic={} events={} operationsOver={}", topic, events, finished.size());
            return finished;
        }
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey()) < partition.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static java.util.Optional<String> terminalSubject(byte[] value) {
        if (value == null) {
            return java.util.Optional.empty();
        }
        try {
            JsonNode event = JSON.readTree(value);
            JsonNode type = event == null ? null : event.get("type");
            JsonNode subject = event == null ? null : event.get("subject");
            if (type != null && subject != null && TERMINAL_TYPES.contains(type.asString())) {
                return java.util.Optional.of(subject.asString());
            }
        } catch (RuntimeException e) {
            // Not JSON: not an event this agent needs.
        }
        return java.util.Optional.empty();
    }
}
