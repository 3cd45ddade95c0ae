package io.ringvault.systemtest;

import io.ringvault.common.Envelope;
import io.ringvault.common.InvalidMessageException;
import io.ringvault.common.message.Payload;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The test's own Kafka client, playing the coordinator: publishes commands as the coordinator does (CloudEvent subject
 * and key = the operation id) and collects every event of the events topic, from its beginning, in the background.
 */
final class KafkaEvents implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Envelope<Payload>> events = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile boolean running = true;

    KafkaEvents(String bootstrapServers, String eventsTopic) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class));
        consumer = consumerOfEveryPartition(bootstrapServers, eventsTopic);
        consumer.seekToBeginning(consumer.assignment());
        reader = new Thread(this::read, "events-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** A consumer without a group, assigned every partition of {@code topic}; positions are the caller's to set. */
    static KafkaConsumer<String, byte[]> consumerOfEveryPartition(String bootstrapServers, String topic) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class));
        consumer.assign(consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList());
        return consumer;
    }

    private void read() {
        while (running) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                try {
                    events.add(RingvaultSystem.CODEC.decode(record.value()));
                } catch (InvalidMessageException e) {
                    // Not an event of the contract: not ours to check here.
                }
            }
        }
        consumer.close();
    }

    void publish(String topic, String operationId, Payload command) throws Exception {
        Envelope<Payload> event = Envelope.of("/ringvault/coordinator", operationId, command);
        producer.send(new ProducerRecord<>(topic, operationId, RingvaultSystem.CODEC.encode(event)))
                .get(30, TimeUnit.SECONDS);
    }

    /** The events of an operation so far, in the order they were read. */
    <P extends Payload> List<P> of(String operationId, Class<P> type) {
        return events.stream()
                .filter(e -> operationId.equals(e.subject()))
                .map(Envelope::data)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        reader.join(5_000);
        producer.close();
    }
}
