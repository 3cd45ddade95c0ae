package io.ringvault.coordinator;

import com.datastax.oss.driver.api.core.CqlSession;
import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Envelope;
import io.ringvault.common.message.Payload;
import io.ringvault.testkit.CassandraEndpoint;
import io.ringvault.testkit.SharedStack;
import io.ringvault.testkit.Stack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the coordinator's integration tests share: the JVM's real stack, coordinator properties pointing at it with
 * topics of the test's own, and plain clients (HTTP, kafka-clients, the driver), used as an outside system would.
 */
final class CoordinatorHarness {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final CloudEventCodec CODEC = new CloudEventCodec();

    /**
     * The callers the coordinator knows, by name: a static API token each, random per run. Requests are sent as alice
     * unless they carry an {@code Authorization} header of their own ({@link #bearer}).
     */
    static final Map<String, String> ROLES =
            Map.of("alice", "admin", "bob", "admin", "olivia", "operator", "victor", "viewer");

    private static final Map<String, String> TOKENS = new java.util.HashMap<>();

    static {
        ROLES.keySet().forEach(name -> TOKENS.put(name, "rv-it-" + name + "-" + UUID.randomUUID()));
    }

    final Stack stack = SharedStack.get();
    final String topicPrefix;
    private final HttpClient http = HttpClient.newHttpClient();
    /** The filesystem object store the coordinator writes manifests to, one per harness. */
    final java.nio.file.Path objectStoreRoot;

    CoordinatorHarness(String topicPrefix) {
        this.topicPrefix = topicPrefix;
        try {
            this.objectStoreRoot = java.nio.file.Files.createTempDirectory("ringvault-objects-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Spring properties for a coordinator on the shared stack with this harness's topics. */
    Map<String, String> properties() {
        Map<String, String> properties = new java.util.HashMap<>(services());
        int i = 0;
        for (Map.Entry<String, String> caller : new java.util.TreeMap<>(ROLES).entrySet()) {
            String prefix = "ringvault.coordinator.auth.tokens[" + i++ + "].";
            properties.put(prefix + "name", caller.getKey());
            properties.put(prefix + "role", caller.getValue());
            properties.put(prefix + "sha256", sha256Hex(TOKENS.get(caller.getKey())));
        }
        return properties;
    }

    /** The token of a caller named in {@link #ROLES}. */
    static String token(String caller) {
        return java.util.Objects.requireNonNull(TOKENS.get(caller), caller);
    }

    /** The {@code Authorization} header value of a caller named in {@link #ROLES}. */
    static String bearer(String caller) {
        return "Bearer " + token(caller);
    }

    static String sha256Hex(String token) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> services() {
        CassandraEndpoint node = stack.cassandra();
        return Map.ofEntries(
                Map.entry("spring.kafka.bootstrap-servers", stack.kafkaBootstrapServers()),
                Map.entry(
                        "ringvault.coordinator.cassandra.contact-points",
                        node.cql().getHostString() + ":" + node.cql().getPort()),
                Map.entry("ringvault.coordinator.cassandra.local-datacenter", node.datacenter()),
                Map.entry("ringvault.coordinator.consumer-group", topicPrefix + "-coordinator"),
                Map.entry("ringvault.coordinator.node-timeout", "10s"),
                Map.entry("ringvault.coordinator.timeout-sweep", "500ms"),
                Map.entry("ringvault.storage.type", "filesystem"),
                Map.entry("ringvault.storage.filesystem.root", objectStoreRoot.toString()),
                Map.entry("ringvault.storage.cluster", "it-cluster"),
                Map.entry("ringvault.topics.requests", topic("requests")),
                Map.entry("ringvault.topics.commands", topic("commands")),
                Map.entry("ringvault.topics.files", topic("files")),
                Map.entry("ringvault.topics.events", topic("events")),
                Map.entry("ringvault.topics.dlq", topic("dlq")));
    }

    String topic(String name) {
        return topicPrefix + "." + name;
    }

    CqlSession cql() {
        CassandraEndpoint node = stack.cassandra();
        return CqlSession.builder()
                .addContactPoint(node.cql())
                .withLocalDatacenter(node.datacenter())
                // Schema changes on a busy two-core machine take longer than the driver's default 2 s.
                .withConfigLoader(com.datastax.oss.driver.api.core.config.DriverConfigLoader.programmaticBuilder()
                        .withDuration(
                                com.datastax.oss.driver.api.core.config.DefaultDriverOption.REQUEST_TIMEOUT,
                                java.time.Duration.ofSeconds(30))
                        .build())
                .build();
    }

    /** Creates a keyspace with the given tables ({@code id int PRIMARY KEY, v text}). */
    void createKeyspace(String keyspace, String... tables) {
        try (CqlSession session = cql()) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + keyspace
                    + " WITH replication = {'class':'SimpleStrategy','replication_factor':1}");
            for (String table : tables) {
                session.execute(
                        "CREATE TABLE IF NOT EXISTS " + keyspace + "." + table + " (id int PRIMARY KEY, v text)");
            }
        }
    }

    String localHostId() {
        try (CqlSession session = cql()) {
            return session.execute("SELECT host_id FROM system.local")
                    .one()
                    .getUuid(0)
                    .toString();
        }
    }

    record Response(int status, String contentType, JsonNode body) {}

    Response get(String baseUrl, String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    Response post(String baseUrl, String path, String json, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        return send(request);
    }

    Response delete(String baseUrl, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE();
        headers.forEach(request::header);
        return send(request);
    }

    private Response send(HttpRequest.Builder request) throws Exception {
        HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
        if (built.headers().firstValue("Authorization").isEmpty()) {
            built = HttpRequest.newBuilder(built, (name, value) -> true)
                    .header("Authorization", bearer("alice"))
                    .build();
        }
        HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        return new Response(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                body == null || body.isBlank() ? null : JSON.readTree(body));
    }

    /** Publishes raw bytes on a topic with plain kafka-clients, as a system outside ringvault would. */
    void publishRaw(String topic, String key, String value) throws Exception {
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    /** Publishes a contract event, as a node agent or uploader would. */
    void publish(String topic, String operationId, Payload data) throws Exception {
        Envelope<Payload> event = Envelope.of("/ringvault/test-agent", operationId, data);
        try (var producer = new KafkaProducer<String, byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(topic, operationId, CODEC.encode(event)))
                    .get();
        }
    }

    /** Every record currently on a topic, from the beginning. */
    List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
            // Read up to the end offsets taken now: an empty poll on a busy machine does not mean the topic is read.
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new org.apache.kafka.common.TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline
                    && partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(300)).forEach(records::add);
            }
        }
        return records;
    }

    /** The contract messages currently on a topic, decoded. */
    List<Envelope<Payload>> messages(String topic) {
        return readAll(topic).stream()
                .map(record -> CODEC.decode(record.value()))
                .toList();
    }

    static String backupRequest(String id, String source, String dataJson) {
        return """
                {"specversion":"1.0","id":"%s","source":"%s","type":"io.ringvault.backup.requested",
                 "time":"2026-11-21T00:00:00Z","datacontenttype":"application/json","data":%s}
                """.formatted(id, source, dataJson);
    }
}
