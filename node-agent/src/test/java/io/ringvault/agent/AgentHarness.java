package io.ringvault.agent;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Envelope;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.Payload;
import io.ringvault.testkit.CassandraEndpoint;
import io.ringvault.testkit.SharedStack;
import io.ringvault.testkit.Stack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
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
 * What the node agent's integration tests share: the JVM's real stack, agent properties pointing at it with topics and
 * a work directory of the test's own, and plain clients (kafka-clients, the driver, JMX, HTTP) with which the test plays
 * the coordinator and the uploaders.
 */
final class AgentHarness implements AutoCloseable {
    static final CloudEventCodec CODEC = new CloudEventCodec();
    static final String SOURCE = "/ringvault/test-coordinator";

    final Stack stack = SharedStack.get();
    final String prefix;
    final String token = "it-token-" + UUID.randomUUID();
    final Path workDirectory;
    private final HttpClient http = HttpClient.newHttpClient();
    private final KafkaProducer<String, byte[]> producer;
    private final CqlSession session;
    private Collector collector;

    AgentHarness(String prefix) {
        this.prefix = prefix;
        try {
            this.workDirectory = Files.createTempDirectory("ringvault-agent-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        createTopics();
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        CassandraEndpoint node = stack.cassandra();
        this.session = CqlSession.builder()
                .addContactPoint(node.cql())
                .withLocalDatacenter(node.datacenter())
                // Schema changes on a busy two-core machine take longer than the driver's default 2 s.
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                        .build())
                .build();
    }

    /** Agent properties on the shared stack, with this harness's topics, work directory and token. */
    Map<String, String> properties() {
        CassandraEndpoint node = stack.cassandra();
        Map<String, String> properties = new HashMap<>();
        properties.put("spring.kafka.bootstrap-servers", stack.kafkaBootstrapServers());
        properties.put("ringvault.agent.token", token);
        properties.put("ringvault.agent.jmx-url", node.jmxServiceUrl());
        properties.put(
                "ringvault.agent.cassandra.contact-points",
                node.cql().getHostString() + ":" + node.cql().getPort());
        properties.put("ringvault.agent.cassandra.local-datacenter", node.datacenter());
        properties.put(
                "ringvault.agent.data-directories",
                node.dataDirectories().stream().map(Path::toString).collect(Collectors.joining(",")));
        properties.put("ringvault.agent.work-directory", workDirectory.toString());
        properties.put("ringvault.agent.consumer-group", prefix + "-agent");
        properties.put("ringvault.agent.expose-local-path", "true");
        for (String name : List.of("requests", "commands", "files", "events", "dlq")) {
            properties.put("ringvault.topics." + name, topic(name));
        }
        return properties;
    }

    String topic(String name) {
        return prefix + "." + name;
    }

    /** One partition for commands, so the order in which the test sends them is the order the agent sees. */
    private void createTopics() {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(
                            new NewTopic(topic("commands"), 1, (short) 1),
                            new NewTopic(topic("files"), 4, (short) 1),
                            new NewTopic(topic("events"), 2, (short) 1)))
                    .all()
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the test topics", e);
        }
    }

    // ---- Cassandra

    CqlSession cql() {
        return session;
    }

    /** A keyspace with tables {@code (id int PRIMARY KEY, v text)}, each with {@code rows} rows (not flushed). */
    void createKeyspace(String keyspace, int rows, String... tables) {
        session.execute("CREATE KEYSPACE IF NOT EXISTS " + keyspace
                + " WITH replication = {'class':'SimpleStrategy','replication_factor':1}");
        for (String table : tables) {
            session.execute("CREATE TABLE IF NOT EXISTS " + keyspace + "." + table + " (id int PRIMARY KEY, v text)");
            PreparedStatement insert =
                    session.prepare("INSERT INTO " + keyspace + "." + table + " (id, v) VALUES (?, ?)");
            for (int i = 0; i < rows; i++) {
                session.execute(insert.bind(i, table + "-" + i + "-" + UUID.randomUUID()));
            }
        }
    }

    String hostId() {
        return session.execute("SELECT host_id FROM system.local")
                .one()
                .getUuid(0)
                .toString();
    }

    NodeRef self() {
        return new NodeRef(
                hostId(),
                "127.0.0.1",
                stack.cassandra().datacenter(),
                stack.cassandra().rack());
    }

    static NodeRef otherNode() {
        return new NodeRef(UUID.randomUUID().toString(), "10.9.9.9", "dc-elsewhere", "rack1");
    }

    /** Takes a snapshot behind the agent's back, over JMX, as an operator with nodetool would. */
    void jmxSnapshot(String tag, String keyspace) throws Exception {
        jmx("takeSnapshot", new Object[] {tag, new HashMap<String, String>(), new String[] {keyspace}}, new String[] {
            String.class.getName(), Map.class.getName(), String[].class.getName()
        });
    }

    void jmxClearSnapshot(String tag) throws Exception {
        jmx("clearSnapshot", new Object[] {tag, new String[0]}, new String[] {
            String.class.getName(), String[].class.getName()
        });
    }

    private void jmx(String operation, Object[] arguments, String[] signature) throws Exception {
        try (JMXConnector connector =
                JMXConnectorFactory.connect(new JMXServiceURL(stack.cassandra().jmxServiceUrl()))) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            server.invoke(
                    new ObjectName("org.apache.cassandra.db:type=StorageService"), operation, arguments, signature);
        }
    }

    // ---- disk

    List<Path> dataDirectories() {
        return stack.cassandra().dataDirectories();
    }

    /**
     * The files of snapshot {@code tag} on disk, as {@code <dataDirectory>/<keyspace>/<tableDirectory>/<file>:<size>}:
     * regular files directly in {@code snapshots/<tag>/}.
     */
    Set<String> snapshotFilesOnDisk(String tag) throws IOException {
        Set<String> files = new TreeSet<>();
        for (int index = 0; index < dataDirectories().size(); index++) {
            Path root = dataDirectories().get(index);
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : paths.toList()) {
                    Path relative = root.relativize(path);
                    if (relative.getNameCount() == 5
                            && relative.getName(2).toString().equals("snapshots")
                            && relative.getName(3).toString().equals(tag)
                            && Files.isRegularFile(path)) {
                        files.add(index + "/" + relative.getName(0) + "/" + relative.getName(1) + "/"
                                + relative.getName(4) + ":" + Files.size(path));
                    }
                }
            }
        }
        return files;
    }

    /** Every {@code snapshots/<tag>} directory under the data directories. */
    List<Path> snapshotDirectories(String tag) throws IOException {
        List<Path> directories = new ArrayList<>();
        for (Path root : dataDirectories()) {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.filter(p -> Files.isDirectory(p)
                                && p.getFileName().toString().equals(tag)
                                && p.getParent().getFileName().toString().equals("snapshots"))
                        .forEach(directories::add);
            }
        }
        return directories;
    }

    // ---- Kafka

    /** Publishes a command on the commands topic, keyed by operation id, as the coordinator does. */
    void send(String operationId, Payload command) throws Exception {
        publish(topic("commands"), operationId, command);
    }

    void publish(String topic, String operationId, Payload data) throws Exception {
        Envelope<Payload> event = Envelope.of(SOURCE, operationId, data);
        producer.send(new ProducerRecord<>(topic, operationId, CODEC.encode(event)))
                .get();
    }

    /** Starts reading what agents publish on the files and events topics, from the beginning. */
    synchronized Collector collector() {
        if (collector == null) {
            collector = new Collector(stack.kafkaBootstrapServers(), List.of(topic("files"), topic("events")));
        }
        return collector;
    }

    // ---- HTTP

    record Response(int status, String contentType, byte[] body) {
        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    Response get(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .GET();
        headers.forEach(request::header);
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }

    /** Any request; {@code body} is streamed by the client (a file publisher sends {@code Content-Length}). */
    Response send(String method, String url, Map<String, String> headers, HttpRequest.BodyPublisher body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofMinutes(2))
                .method(method, body);
        headers.forEach(request::header);
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }

    Map<String, String> bearer() {
        return Map.of("Authorization", "Bearer " + token);
    }

    @Override
    public void close() {
        if (collector != null) {
            collector.close();
        }
        producer.close();
        session.close();
    }

    /** A message the agent published: where, with which key, and what. */
    record Received(String topic, int partition, String key, Envelope<Payload> event) {}

    /** Reads topics in the background into a list the tests wait on. */
    static final class Collector implements AutoCloseable {
        private final List<Received> received = new CopyOnWriteArrayList<>();
        private final KafkaConsumer<String, byte[]> consumer;
        private final Thread thread;
        private volatile boolean running = true;

        Collector(String bootstrapServers, List<String> topics) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrapServers,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                    StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    ByteArrayDeserializer.class,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                    false));
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic)
                        .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            thread = new Thread(this::poll, "test-collector");
            thread.setDaemon(true);
            thread.start();
        }

        private void poll() {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    received.add(new Received(
                            record.topic(), record.partition(), record.key(), CODEC.decode(record.value())));
                }
            }
            consumer.close();
        }

        /** Everything received about one operation, in arrival order. */
        List<Received> about(String operationId) {
            return received.stream()
                    .filter(r -> operationId.equals(r.event().subject()))
                    .toList();
        }

        /** The payloads of one type received about one operation. */
        <P extends Payload> List<P> payloads(String operationId, Class<P> type) {
            return about(operationId).stream()
                    .map(r -> r.event().data())
                    .filter(type::isInstance)
                    .map(type::cast)
                    .toList();
        }

        @Override
        public void close() {
            running = false;
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
