package io.ringvault.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import io.ringvault.common.Envelope;
import io.ringvault.common.MessageType;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.BackupRequested;
import io.ringvault.common.message.OperationAccepted;
import io.ringvault.common.message.Payload;
import io.ringvault.testkit.CassandraEndpoint;
import io.ringvault.testkit.KafkaSasl;
import io.ringvault.testkit.LocalKafka;
import io.ringvault.testkit.LocalService;
import io.ringvault.testkit.ServiceSettings;
import io.ringvault.testkit.Stack;
import io.ringvault.testkit.StackExtension;
import io.ringvault.testkit.StoreTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Who may request a backup over Kafka is decided by Kafka's ACLs (docs/security.md, "Kafka ACLs"). On a broker of its
 * own with SASL and the {@code StandardAuthorizer} (nothing allowed without an ACL), the real coordinator runs as
 * {@code User:ringvault-coordinator} with exactly the grants the documentation lists, read from it; a requester has
 * only its documented {@code Write} on the requests topic, and an outsider has nothing.
 */
@ExtendWith(StackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaAclsSystemIT {
    private static final String COORDINATOR = "ringvault-coordinator";
    private static final String REQUESTER = "backup-scheduler";
    private static final String OUTSIDER = "outsider";
    private static final String REQUESTS = "ringvault.requests";
    private static final String COMMANDS = "ringvault.commands";
    private static final String EVENTS = "ringvault.events";

    private final String keyspace = "acl_" + UUID.randomUUID().toString().substring(0, 8);
    private KafkaSasl sasl;
    private LocalKafka kafka;
    private LocalService coordinator;

    @BeforeAll
    void start(Stack stack) throws Exception {
        Path directory = Files.createTempDirectory("ringvault-kafka-acls-");
        sasl = KafkaSasl.withAdmin("admin", secret())
                .user(COORDINATOR, secret())
                .user(REQUESTER, secret())
                .user(OUTSIDER, secret());
        kafka = LocalKafka.startWithAcls(directory.resolve("kafka"), sasl, Duration.ofMinutes(3));

        List<AclBinding> grants = new ArrayList<>(DocumentedAcls.grantedTo("User:" + COORDINATOR));
        grants.addAll(DocumentedAcls.grantedTo("User:" + REQUESTER));
        try (Admin admin = Admin.create(client(sasl.admin()))) {
            admin.createAcls(grants).all().get(60, TimeUnit.SECONDS);
        }

        CassandraEndpoint node = stack.cassandra();
        try (CqlSession cql = CqlSession.builder()
                .addContactPoint(node.cql())
                .withLocalDatacenter(node.datacenter())
                .build()) {
            cql.execute("CREATE KEYSPACE IF NOT EXISTS " + keyspace
                    + " WITH replication = {'class':'SimpleStrategy','replication_factor':1}");
            cql.execute("CREATE TABLE IF NOT EXISTS " + keyspace + ".t (id int PRIMARY KEY, v text)");
        }

        // Default topic and group names, as the documented grants name them: the broker is this test's alone.
        Map<String, String> properties = new HashMap<>(new ServiceSettings(
                        stack,
                        RingvaultSystem.AGENT_TOKEN,
                        RingvaultSystem.CLUSTER,
                        keyspace,
                        StoreTarget.filesystem(directory.resolve("objects")))
                .coordinator());
        properties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        sasl.clientProperties(COORDINATOR)
                .forEach((key, value) -> properties.put(
                        key.equals("security.protocol")
                                ? "spring.kafka.security.protocol"
                                : "spring.kafka.properties." + key,
                        value));
        coordinator = LocalService.start(
                "coordinator", RingvaultSystem.jar("coordinator"), properties, directory, Duration.ofMinutes(3));
    }

    @AfterAll
    void stop() {
        if (coordinator != null) {
            coordinator.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldAcceptABackupRequestedByAPrincipalWithWriteOnTheRequestsTopic() throws Exception {
        Envelope<Payload> request = backupRequest("scheduler");
        try (KafkaProducer<String, byte[]> producer = producer(REQUESTER)) {
            producer.send(new ProducerRecord<>(REQUESTS, request.id(), RingvaultSystem.CODEC.encode(request)))
                    .get(60, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> assertThat(eventsOf(request.id()))
                        .extracting(event -> event.type())
                        .contains(MessageType.OPERATION_ACCEPTED));
        OperationAccepted accepted = eventsOf(request.id()).stream()
                .map(Envelope::data)
                .filter(OperationAccepted.class::isInstance)
                .map(OperationAccepted.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(accepted.channel()).isEqualTo("kafka");
        assertThat(accepted.requestedBy()).isEqualTo("scheduler");
        assertThat(accepted.backup().keyspaces()).containsExactly(keyspace);
    }

    @Test
    void shouldRefuseARequestFromAPrincipalWithoutWriteAndLetNothingReachTheTopic() throws Exception {
        Envelope<Payload> request = backupRequest("outsider");
        try (KafkaProducer<String, byte[]> producer = producer(OUTSIDER)) {
            assertThatThrownBy(() -> producer.send(
                                    new ProducerRecord<>(REQUESTS, request.id(), RingvaultSystem.CODEC.encode(request)))
                            .get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }

        assertThat(keysOf(REQUESTS)).doesNotContain(request.id());
        assertThat(eventsOf(request.id())).isEmpty();
    }

    @Test
    void shouldNotLetARequesterWriteTheCommandsTopic() throws Exception {
        Envelope<Payload> command = backupRequest("forged-command");
        try (KafkaProducer<String, byte[]> producer = producer(REQUESTER)) {
            assertThatThrownBy(() -> producer.send(
                                    new ProducerRecord<>(COMMANDS, command.id(), RingvaultSystem.CODEC.encode(command)))
                            .get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }

        assertThat(keysOf(COMMANDS)).doesNotContain(command.id());
    }

    private Envelope<Payload> backupRequest(String requestedBy) {
        return Envelope.of(
                "/" + requestedBy,
                null,
                new BackupRequested(
                        List.of(keyspace), null, null, BackupMode.FULL, requestedBy, null, null, null, null, null));
    }

    /** The events of {@code operationId} on the events topic, read as the admin. */
    private List<Envelope<Payload>> eventsOf(String operationId) {
        List<Envelope<Payload>> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : readAll(EVENTS)) {
            Envelope<Payload> event = RingvaultSystem.CODEC.decode(record.value());
            if (operationId.equals(event.operationId())) {
                events.add(event);
            }
        }
        return events;
    }

    private List<String> keysOf(String topic) {
        return readAll(topic).stream().map(ConsumerRecord::key).toList();
    }

    /** Every record of {@code topic}, read as the admin from the beginning to the end offsets seen first. */
    private List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        Map<String, Object> config = new HashMap<>(client(sasl.admin()));
        config.put("enable.auto.commit", "false");
        config.put("key.deserializer", StringDeserializer.class.getName());
        config.put("value.deserializer", ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end in 60 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private KafkaProducer<String, byte[]> producer(String user) {
        Map<String, Object> config = new HashMap<>(client(user));
        config.put("acks", "all");
        config.put("max.block.ms", "30000");
        config.put("key.serializer", StringSerializer.class.getName());
        config.put("value.serializer", ByteArraySerializer.class.getName());
        return new KafkaProducer<>(config);
    }

    private Map<String, Object> client(String user) {
        Map<String, Object> config = new HashMap<>(sasl.clientProperties(user));
        config.put("bootstrap.servers", kafka.bootstrapServers());
        return config;
    }

    private static String secret() {
        return UUID.randomUUID().toString();
    }
}
