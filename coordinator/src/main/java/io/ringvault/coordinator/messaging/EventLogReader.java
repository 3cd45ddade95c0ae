package io.ringvault.coordinator.messaging;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Envelope;
import io.ringvault.common.InvalidMessageException;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.Payload;
import io.ringvault.coordinator.operation.OperationLog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the whole events topic, every partition from the beginning, and folds it into the {@link OperationLog}. Not a
 * consumer group member: every coordinator instance reads everything, so each can answer for every operation.
 */
public class EventLogReader implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(EventLogReader.class);

    private final Supplier<KafkaConsumer<String, byte[]>> consumerFactory;
    private final String topic;
    private final CloudEventCodec codec;
    private final OperationLog log;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;
    private volatile boolean running;
    private volatile boolean caughtUp;
    private volatile int partitions;

    public EventLogReader(Map<String, Object> consumerConfig, String topic, CloudEventCodec codec, OperationLog log) {
        Properties properties = new Properties();
        properties.putAll(consumerConfig);
        properties.remove("group.id");
        properties.put("enable.auto.commit", "false");
        properties.put("key.deserializer", StringDeserializer.class.getName());
        properties.put("value.deserializer", ByteArrayDeserializer.class.getName());
        this.consumerFactory = () -> new KafkaConsumer<>(properties);
        this.topic = topic;
        this.codec = codec;
        this.log = log;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::readForever, "event-log-reader");
        thread.setDaemon(true);
        thread.start();
    }

    private void readForever() {
        try (KafkaConsumer<String, byte[]> kafka = consumerFactory.get()) {
            consumer = kafka;
            List<TopicPartition> assigned = kafka.partitionsFor(topic, Duration.ofMinutes(1)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            partitions = assigned.size();
            kafka.assign(assigned);
            kafka.seekToBeginning(assigned);
            Map<TopicPartition, Long> endAtStart = kafka.endOffsets(assigned);
            LOG.info(
                    "replaying the event log topic={} partitions={} events={}",
                    topic,
                    assigned.size(),
                    endAtStart.values().stream().mapToLong(Long::longValue).sum());
            while (running) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(200))) {
                    fold(record);
                }
                if (!caughtUp
                        && endAtStart.entrySet().stream()
                                .allMatch(end -> kafka.position(end.getKey()) >= end.getValue())) {
                    caughtUp = true;
                    LOG.info("event log replayed: state rebuilt topic={}", topic);
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            LOG.error("event log reader stopped topic={}", topic, e);
        }
    }

    private void fold(ConsumerRecord<String, byte[]> record) {
        try {
            // Keep the event exactly as written, extension attributes included: it is the audit trail.
            ObjectNode json = (ObjectNode) codec.mapper().readTree(record.value());
            Envelope<Payload> event = codec.decode(json);
            log.apply(event, json, record.partition(), record.offset());
        } catch (InvalidMessageException | ClassCastException | tools.jackson.core.JacksonException e) {
            // Only ringvault writes here; a foreign record is skipped, never allowed to stop the fold.
            LOG.warn(
                    "skipping an unreadable event partition={} offset={} reason={} detail={}",
                    record.partition(),
                    record.offset(),
                    e instanceof InvalidMessageException i ? i.reason() : FailureReason.MALFORMED_JSON,
                    e.getMessage());
        }
    }

    /** True once every event that existed at start-up has been folded. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** The partition count of the events topic, once known. */
    public int partitions() {
        return partitions;
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> kafka = consumer;
        if (kafka != null) {
            kafka.wakeup();
        }
        Thread reader = thread;
        if (reader != null) {
            try {
                reader.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
