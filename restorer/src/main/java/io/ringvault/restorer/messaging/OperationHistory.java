package io.ringvault.restorer.messaging;

import io.ringvault.common.MessageType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whether an operation is already over, from the events topic: a {@code restore.finished} (a restorer finished it and
 * stopped before committing its command) or the coordinator's {@code operation.completed}, {@code .failed} or
 * {@code .cancelled}. Reads only the partition the operation's events are keyed to, from its beginning to its end at
 * the time of asking; no group, no commit.
 */
public class OperationHistory {
    private static final Set<String> TERMINAL_TYPES = Set.of(
            MessageType.RESTORE_FINISHED.type(),
            MessageType.OPERATION_COMPLETED.type(),
            MessageType.OPERATION_FAILED.type(),
            MessageType.OPERATION_CANCELLED.type());
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, Object> consumerProperties;
    private final String topic;
    private final Duration timeout;

    public OperationHistory(Map<String, Object> consumerProperties, String topic, Duration timeout) {
        this.consumerProperties = new HashMap<>(consumerProperties);
        this.topic = topic;
        this.timeout = timeout;
    }

    /** The type of the event that ended the operation, if one did. */
    public Optional<String> endOf(String operationId) {
        Map<String, Object> properties = new HashMap<>(consumerProperties);
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                return Optional.empty();
            }
            // The producers' default partitioner: murmur2 of the key.
            int partition =
                    Utils.toPositive(Utils.murmur2(operationId.getBytes(StandardCharsets.UTF_8))) % infos.size();
            TopicPartition topicPartition = new TopicPartition(topic, partition);
            consumer.assign(List.of(topicPartition));
            consumer.seekToBeginning(List.of(topicPartition));
            long end = consumer.endOffsets(List.of(topicPartition), timeout).get(topicPartition);
            while (consumer.position(topicPartition, timeout) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the events topic " + topic + " partition " + partition
                            + " could not be read to its end within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (operationId.equals(record.key())) {
                        Optional<String> type = terminalType(record.value());
                        if (type.isPresent()) {
                            return type;
                        }
                    }
                }
            }
            return Optional.empty();
        }
    }

    private static Optional<String> terminalType(byte[] value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            JsonNode event = JSON.readTree(value);
            JsonNode type = event == null ? null : event.get("type");
            if (type != null && TERMINAL_TYPES.contains(type.asString())) {
                return Optional.of(type.asString());
            }
        } catch (RuntimeException e) {
            // Not JSON: not an event that ends anything.
        }
        return Optional.empty();
    }
}
