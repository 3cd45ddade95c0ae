package io.ringvault.uploader;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Envelope;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.CancelOperation;
import io.ringvault.common.message.FileReady;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.Payload;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.ObjectStores;
import io.ringvault.storage.StorageProperties;
import io.ringvault.testkit.SharedStack;
import io.ringvault.testkit.Stack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Future;
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
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * What the uploader's integration tests share: the JVM's real stack (Kafka, s3proxy), a node agent stub serving real
 * files, topics and a consumer group of the test class's own, and plain kafka-clients to publish {@code file.ready}
 * and read the events, as the node agent and the coordinator would.
 */
final class UploaderHarness implements AutoCloseable {
    static final CloudEventCodec CODEC = new CloudEventCodec();
    static final String CLUSTER = "it-cluster";

    final Stack stack = SharedStack.get();
    final String name;
    final Path directory;
    final AgentStub agent;
    final String agentToken = "agent-token-" + UUID.randomUUID();
    /** The {@code ringvault.storage.*} settings of the test class, but the prefix. */
    final Map<String, String> storage;

    final NodeRef node = new NodeRef(UUID.randomUUID().toString(), "127.0.0.1", "dc1", "rack1");

    private final List<ConsumerRecord<String, byte[]>> events = new ArrayList<>();
    private KafkaConsumer<String, byte[]> eventsConsumer;
    private KafkaConsumer<String, byte[]> dlqConsumer;
    private final List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
    private KafkaProducer<String, byte[]> producer;

    private UploaderHarness(String kind) {
        this.name = "uploader-" + kind + "-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            this.directory = Files.createTempDirectory("ringvault-" + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.agent = new AgentStub(directory.resolve("agent"), agentToken);
        this.storage = new HashMap<>();
    }

    static UploaderHarness filesystem() {
        UploaderHarness harness = new UploaderHarness("fs");
        harness.storage.putAll(Map.of(
                "ringvault.storage.type",
                "filesystem",
                "ringvault.storage.filesystem.root",
                harness.directory.resolve("objects").toString()));
        return harness;
    }

    static UploaderHarness s3() {
        var endpoint = SharedStack.get().objectStore();
        UploaderHarness harness = new UploaderHarness("s3");
        harness.storage.putAll(Map.of(
                "ringvault.storage.type", "s3",
                "ringvault.storage.s3.bucket", endpoint.bucket(),
                "ringvault.storage.s3.endpoint", endpoint.endpoint().toString(),
                "ringvault.storage.s3.region", endpoint.region(),
                "ringvault.storage.s3.path-style", "true",
                "ringvault.storage.s3.access-key", endpoint.accessKey(),
                "ringvault.storage.s3.secret-key", endpoint.secretKey(),
                "ringvault.storage.s3.part-size", "5MB",
                "ringvault.storage.s3.part-concurrency", "2"));
        return harness;
    }

    String topic(String topic) {
        return name + "." + topic;
    }

    /** Every property of an uploader instance on the stack, named by its CloudEvent source. */
    Map<String, String> properties(String instance) {
        Map<String, String> properties = new HashMap<>(storage);
        properties.putAll(Map.ofEntries(
                Map.entry("spring.kafka.bootstrap-servers", stack.kafkaBootstrapServers()),
                Map.entry("ringvault.topics.requests", topic("requests")),
                Map.entry("ringvault.topics.commands", topic("commands")),
                Map.entry("ringvault.topics.files", topic("files")),
                Map.entry("ringvault.topics.events", topic("events")),
                Map.entry("ringvault.topics.dlq", topic("dlq")),
                Map.entry("ringvault.uploader.consumer-group", name),
                Map.entry("ringvault.uploader.agent-token", agentToken),
                Map.entry("ringvault.uploader.direct-read", "true"),
                Map.entry("ringvault.uploader.concurrency", "2"),
                // Small, so that tests with several files of a few hundred KiB also run batches cut by the budget.
                Map.entry("ringvault.uploader.batch-bytes", "1MB"),
                Map.entry("ringvault.uploader.retry.max-attempts", "3"),
                Map.entry("ringvault.uploader.retry.initial-backoff", "100ms"),
                Map.entry("ringvault.uploader.retry.max-backoff", "500ms"),
                Map.entry("ringvault.uploader.agent-timeout", "10s"),
                Map.entry("ringvault.uploader.source", "/ringvault/uploader/" + instance),
                Map.entry("ringvault.storage.cluster", CLUSTER),
                Map.entry("ringvault.storage.prefix", name)));
        return properties;
    }

    ObjectLayout layout() {
        return new ObjectLayout(name, CLUSTER);
    }

    /** A store opened independently of the uploader, on the same settings, to check what it wrote. */
    ObjectStore openStore() {
        Map<String, String> settings = new HashMap<>(storage);
        return ObjectStores.open(new Binder(new MapConfigurationPropertySource(settings))
                .bind("ringvault.storage", StorageProperties.class)
                .orElseGet(StorageProperties::defaults));
    }

    /** A snapshot file of {@code size} random bytes on the agent; returns its SHA-256 as {@code sha256:<hex>}. */
    SnapshotFile createFile(String backupId, String keyspace, String table, String fileName, int size) {
        String tableDirectory = table + "-" + "0123456789abcdef0123456789abcdef";
        Path path = agent.file(0, keyspace, tableDirectory, backupId, fileName);
        byte[] bytes = new byte[size];
        new Random(fileName.hashCode() * 31L + size).nextBytes(bytes);
        try {
            Files.createDirectories(path.getParent());
            Files.write(path, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SnapshotFile(keyspace, table, tableDirectory, fileName, path, size, sha256(bytes));
    }

    /** The same file in the snapshot of another backup (a hard link in Cassandra, a copy here). */
    SnapshotFile inBackup(SnapshotFile file, String backupId) {
        Path path = agent.file(0, file.keyspace(), file.tableDirectory(), backupId, file.fileName());
        try {
            Files.createDirectories(path.getParent());
            Files.copy(file.path(), path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SnapshotFile(
                file.keyspace(),
                file.table(),
                file.tableDirectory(),
                file.fileName(),
                path,
                file.size(),
                file.sha256());
    }

    /** A file of a snapshot, as the test created it. */
    record SnapshotFile(
            String keyspace,
            String table,
            String tableDirectory,
            String fileName,
            Path path,
            long size,
            String sha256) {}

    FileReady fileReady(SnapshotFile file, BackupMode mode, boolean withLocalPath) {
        return new FileReady(
                node,
                file.keyspace(),
                file.table(),
                "0123456789abcdef0123456789abcdef",
                file.fileName(),
                file.size(),
                mode,
                0,
                file.tableDirectory(),
                agent.url(),
                withLocalPath ? file.path().toString() : null);
    }

    String expectedKey(SnapshotFile file) {
        return layout().nodeFile(node.hostId(), file.keyspace(), file.tableDirectory(), file.fileName());
    }

    void publish(String backupId, FileReady file) {
        publish(backupId, file, null);
    }

    /** Publishes a file.ready as a node agent does, keyed by host/keyspace/table/file; optionally to one partition. */
    void publish(String backupId, FileReady file, Integer partition) {
        send(fileReadyRecord(backupId, file, partition));
    }

    private ProducerRecord<String, byte[]> fileReadyRecord(String backupId, FileReady file, Integer partition) {
        Envelope<Payload> event = Envelope.of("/ringvault/node-agent/" + node.hostId(), backupId, file);
        String key = node.hostId() + "/" + file.keyspace() + "/" + file.table() + "/" + file.fileName();
        return new ProducerRecord<>(topic("files"), partition, key, CODEC.encode(event));
    }

    /**
     * Publishes file.ready events to one partition without waiting for each, so that they reach the broker in one
     * produce request and an uploader's next poll holds all of them.
     */
    void publishTogether(String backupId, List<FileReady> files, int partition) {
        List<Future<?>> sends = new ArrayList<>();
        synchronized (this) {
            for (FileReady file : files) {
                sends.add(producer().send(fileReadyRecord(backupId, file, partition)));
            }
            producer().flush();
        }
        for (Future<?> send : sends) {
            try {
                send.get();
            } catch (Exception e) {
                throw new IllegalStateException("could not publish a file.ready", e);
            }
        }
    }

    /** Publishes the coordinator's {@code operation.cancel.command} for backup {@code backupId}. */
    void publishCancel(String backupId, String reason) {
        Envelope<Payload> event = Envelope.of("/ringvault/coordinator", backupId, new CancelOperation(reason));
        send(new ProducerRecord<>(topic("commands"), backupId, CODEC.encode(event)));
    }

    void publishRaw(String key, byte[] value) {
        send(new ProducerRecord<>(topic("files"), key, value));
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        }
        return producer;
    }

    private synchronized void send(ProducerRecord<String, byte[]> record) {
        try {
            producer().send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + record.topic(), e);
        }
    }

    /** The events of one backup read so far from the events topic (polls for more). */
    synchronized List<Envelope<Payload>> events(String backupId) {
        if (eventsConsumer == null) {
            eventsConsumer = consumer(topic("events"));
        }
        eventsConsumer.poll(Duration.ofMillis(200)).forEach(events::add);
        return events.stream()
                .filter(record -> backupId.equals(record.key()))
                .map(record -> CODEC.decode(record.value()))
                .toList();
    }

    /** Records of the dead-letter topic read so far. */
    synchronized List<ConsumerRecord<String, byte[]>> deadLetters() {
        if (dlqConsumer == null) {
            dlqConsumer = consumer(topic("dlq"));
        }
        dlqConsumer.poll(Duration.ofMillis(200)).forEach(dead::add);
        return List.copyOf(dead);
    }

    private KafkaConsumer<String, byte[]> consumer(String topic) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    static String sha256(byte[] bytes) {
        return "sha256:" + HexFormat.of().formatHex(digest().digest(bytes));
    }

    static String sha256(java.io.InputStream in) {
        MessageDigest digest = digest();
        try (in) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        agent.close();
        if (eventsConsumer != null) {
            eventsConsumer.close();
        }
        if (dlqConsumer != null) {
            dlqConsumer.close();
        }
        if (producer != null) {
            producer.close();
        }
    }
}
