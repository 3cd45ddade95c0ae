package io.ringvault.systemtest;

import static org.awaitility.Awaitility.await;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.storage.FilesystemObjectStore;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.ObjectStores;
import io.ringvault.storage.StorageProperties;
import io.ringvault.testkit.CassandraEndpoint;
import io.ringvault.testkit.LocalCertificateAuthority;
import io.ringvault.testkit.LocalService;
import io.ringvault.testkit.ObjectStoreEndpoint;
import io.ringvault.testkit.ServiceSettings;
import io.ringvault.testkit.Stack;
import io.ringvault.testkit.StoreTarget;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;

/**
 * ringvault as it runs for real: the coordinator, a node agent beside each Cassandra node and uploaders as their own
 * processes ({@code java -jar}), wired to the stack's Cassandra nodes, Kafka and an object store (a directory, s3proxy
 * through the S3 backend, or a GCS or Azure emulator the test started: a {@link StoreTarget}).
 */
final class RingvaultSystem implements AutoCloseable {
    static final CloudEventCodec CODEC = new CloudEventCodec();
    static final String AGENT_TOKEN = "agent-token-" + UUID.randomUUID();
    static final String CLUSTER = "system-it";
    static final Set<String> TERMINAL_STATES = Set.of("COMPLETED", "FAILED", "CANCELLED");

    final Stack stack;
    final boolean s3;
    final StoreTarget store;
    final Path directory;
    final Path objectRoot;
    final String topicPrefix = "sys-" + UUID.randomUUID().toString().substring(0, 8);
    /** The object-store prefix: by default the topic prefix, so each system writes under its own keys. */
    final String storagePrefix;

    final int uploaderCount;
    private final ServiceSettings settings;
    LocalService coordinator;
    /** The agent beside the first node. */
    LocalService agent;
    /** Every node's agent, by node name. */
    final Map<String, LocalService> agents = new LinkedHashMap<>();

    private final Map<String, String> hostIds = new LinkedHashMap<>();
    final List<LocalService> uploaders = new ArrayList<>();
    private HttpClient http = HttpClient.newHttpClient();
    /** With {@link #tls}: the TLS of calls to the coordinator and the agents (the CA, the client certificate). */
    private SSLContext https;

    RingvaultSystem(Stack stack, boolean s3) throws Exception {
        this(stack, s3, Files.createTempDirectory("ringvault-system-"), null, 2, Map.of());
    }

    /** A system whose logs, agent work directory and filesystem objects live in {@code directory} (benchmarks keep them). */
    RingvaultSystem(Stack stack, boolean s3, Path directory) throws Exception {
        this(stack, s3, directory, null, 2, Map.of());
    }

    /**
     * A system in {@code directory} (logs, agent work directory, filesystem objects), for benchmarks that keep what
     * they ran.
     *
     * @param storagePrefix the object-store prefix; null for the topic prefix
     * @param uploaderCount how many uploaders {@link #start()} starts
     * @param overrides Spring properties given to every service, over the defaults set here (for example
     *     {@code ringvault.storage.s3.part-size})
     */
    RingvaultSystem(
            Stack stack,
            boolean s3,
            Path directory,
            String storagePrefix,
            int uploaderCount,
            Map<String, String> overrides)
            throws Exception {
        this(
                stack,
                s3 ? StoreTarget.s3(stack.objectStore()) : null,
                directory,
                storagePrefix,
                uploaderCount,
                overrides);
    }

    /**
     * A system on any store: the test starts the emulator and passes its target.
     *
     * @param store the object store; null for a filesystem store in {@code directory/objects}
     * @param storagePrefix the object-store prefix; null for the topic prefix
     * @param uploaderCount how many uploaders {@link #start()} starts
     * @param overrides Spring properties given to every service, over the defaults set here
     */
    RingvaultSystem(
            Stack stack,
            StoreTarget store,
            Path directory,
            String storagePrefix,
            int uploaderCount,
            Map<String, String> overrides)
            throws Exception {
        this.stack = stack;
        this.directory = Files.createDirectories(directory.toAbsolutePath());
        this.objectRoot = this.directory.resolve("objects");
        this.store = store != null ? store : StoreTarget.filesystem(objectRoot);
        this.s3 = this.store.kind() == StoreTarget.Kind.S3;
        this.storagePrefix = storagePrefix == null ? topicPrefix : storagePrefix;
        this.uploaderCount = uploaderCount;
        Map<String, String> defaults = new HashMap<>();
        // Small parts, chunks and blocks, so that the suites' files take the multipart paths too.
        switch (this.store.kind()) {
            case S3 -> defaults.put("ringvault.storage.s3.part-size", "5MB");
            case GCS -> defaults.put("ringvault.storage.gcs.chunk-size", "1MB");
            case AZURE -> defaults.put("ringvault.storage.azure.block-size", "1MB");
            case FILESYSTEM -> {}
        }
        defaults.putAll(overrides);
        this.settings = new ServiceSettings(stack, AGENT_TOKEN, CLUSTER, this.storagePrefix, this.store)
                .topicPrefix(topicPrefix)
                .override(defaults);
    }

    /**
     * HTTPS on the coordinator and the agents with the certificates of {@code ca}, and mutual TLS to the agents in place
     * of the token; before {@link #start()}.
     */
    RingvaultSystem tls(LocalCertificateAuthority ca) {
        settings.tls(ca, "mtls");
        https = ca.clientContext();
        http = HttpClient.newBuilder().sslContext(https).build();
        return this;
    }

    static Path jar(String service) {
        return Path.of(System.getProperty(
                "ringvault.jar." + service, "../" + service + "/target/" + service + "-0.1.0-SNAPSHOT.jar"));
    }

    void start() {
        start(Map.of());
    }

    /**
     * Starts the coordinator, an agent beside each node and the uploaders, together: each is a JVM of its own.
     *
     * @param coordinatorOverrides coordinator properties over the ones set here
     */
    void start(Map<String, String> coordinatorOverrides) {
        Map<String, String> coordinatorProperties = new HashMap<>(settings.coordinator());
        coordinatorProperties.put("ringvault.coordinator.node-timeout", "2m");
        coordinatorProperties.putAll(coordinatorOverrides);
        CompletableFuture<LocalService> startingCoordinator = CompletableFuture.supplyAsync(() -> LocalService.start(
                "coordinator", jar("coordinator"), coordinatorProperties, directory, Duration.ofMinutes(2), https));
        Map<String, CompletableFuture<LocalService>> startingAgents = new LinkedHashMap<>();
        for (CassandraEndpoint node : stack.cassandraNodes()) {
            startingAgents.put(node.name(), CompletableFuture.supplyAsync(() -> startAgent(node)));
        }
        List<CompletableFuture<LocalService>> startingUploaders = new ArrayList<>();
        for (int i = 1; i <= uploaderCount; i++) {
            int number = i;
            startingUploaders.add(CompletableFuture.supplyAsync(() -> startUploader(number)));
        }
        coordinator = startingCoordinator.join();
        startingAgents.forEach((node, starting) -> agents.put(node, starting.join()));
        agent = agents.values().iterator().next();
        startingUploaders.forEach(starting -> uploaders.add(starting.join()));
    }

    /** Starts (or starts again) the agent beside {@code node}; its work directory survives a restart. */
    LocalService startAgent(CassandraEndpoint node) {
        return startAgent(node, null);
    }

    /**
     * Kills the agent beside {@code node}, as a crash would, and starts it again on the same address and work
     * directory, as a supervisor restarts it: whoever knew its URL reaches it again.
     */
    LocalService restartAgent(CassandraEndpoint node) {
        LocalService old = agents.get(node.name());
        old.kill();
        LocalService restarted = startAgent(node, old.port());
        if (agent == old) {
            agent = restarted;
        }
        return restarted;
    }

    private LocalService startAgent(CassandraEndpoint node, Integer port) {
        boolean single = stack.cassandraNodes().size() == 1;
        String name = single ? "node-agent" : "node-agent-" + node.name();
        Path work =
                single ? directory.resolve("agent") : directory.resolve("agent").resolve(node.name());
        Map<String, String> properties = settings.nodeAgent(node, work);
        Duration timeout = Duration.ofMinutes(2);
        LocalService started = port == null
                ? LocalService.start(name, jar("node-agent"), properties, directory, timeout, https)
                : LocalService.start(name, jar("node-agent"), properties, directory, timeout, port, https);
        agents.put(node.name(), started);
        return started;
    }

    LocalService startUploader(int number) {
        return startUploader(number, Map.of());
    }

    /** Starts uploader {@code number} wired like the others; {@code extra} properties win. */
    LocalService startUploader(int number, Map<String, String> extra) {
        String name = "uploader-" + number;
        Map<String, String> properties = new HashMap<>(settings.uploader(name));
        properties.putAll(extra);
        return LocalService.start(name, jar("uploader"), properties, directory, Duration.ofMinutes(2));
    }

    /**
     * Starts a restorer wired to the stack: the agent of the stack's node by its host id, the node's CQL, the same
     * storage and topics; {@code extra} properties win.
     */
    LocalService startRestorer(String name, Map<String, String> extra) {
        Map<String, String> agentUrls = new LinkedHashMap<>();
        for (CassandraEndpoint node : stack.cassandraNodes()) {
            agentUrls.put(hostId(node), agents.get(node.name()).url());
        }
        Map<String, String> properties = new HashMap<>(settings.restorer(name, agentUrls));
        properties.putAll(extra);
        return LocalService.start(name, jar("restorer"), properties, directory, Duration.ofMinutes(2));
    }

    /** The host id of the stack's first Cassandra node. */
    String hostId() {
        return hostId(stack.cassandra());
    }

    String hostId(CassandraEndpoint node) {
        return hostIds.computeIfAbsent(node.name(), name -> ServiceSettings.hostIdOf(node));
    }

    /** The store the services write to, opened here to look at what they wrote. */
    ObjectStore objectStore() {
        return objectStore(stack, store, storagePrefix);
    }

    /** A client of {@code store} (for S3, the stack's s3proxy), to look at what was written there. */
    static ObjectStore objectStore(Stack stack, StoreTarget store, String storagePrefix) {
        return switch (store.kind()) {
            case FILESYSTEM -> new FilesystemObjectStore(Path.of(store.setting("root")));
            case S3 -> s3ObjectStore(stack, storagePrefix);
            case GCS ->
                ObjectStores.open(new StorageProperties(
                        StorageProperties.Type.GCS,
                        CLUSTER,
                        storagePrefix,
                        null,
                        null,
                        new StorageProperties.Gcs(
                                store.setting("bucket"),
                                store.setting("endpoint"),
                                store.setting("project-id"),
                                null,
                                null,
                                null),
                        null));
            case AZURE ->
                ObjectStores.open(new StorageProperties(
                        StorageProperties.Type.AZURE,
                        CLUSTER,
                        storagePrefix,
                        null,
                        null,
                        null,
                        new StorageProperties.Azure(
                                        store.setting("container"),
                                        store.setting("endpoint"),
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null)
                                .withAccountKey(store.setting("account-name"), store.setting("account-key"))));
        };
    }

    private static ObjectStore s3ObjectStore(Stack stack, String storagePrefix) {
        ObjectStoreEndpoint endpoint = stack.objectStore();
        StorageProperties.S3 settings = new StorageProperties.S3(
                endpoint.bucket(),
                endpoint.endpoint().toString(),
                endpoint.region(),
                true,
                endpoint.accessKey(),
                io.ringvault.connections.Secret.of(endpoint.secretKey()),
                null,
                null,
                null,
                org.springframework.util.unit.DataSize.ofMegabytes(5),
                2);
        return ObjectStores.open(
                new StorageProperties(StorageProperties.Type.S3, CLUSTER, storagePrefix, null, settings, null, null));
    }

    ObjectLayout layout() {
        return new ObjectLayout(storagePrefix, CLUSTER);
    }

    /** The coordinator's admin token ({@link ServiceSettings#apiToken()}), for a client of the test's own. */
    String apiToken() {
        return settings.apiToken();
    }

    /** Who the coordinator says asked, for what is asked with {@link #apiToken()}. */
    String apiCaller() {
        return settings.apiCaller();
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(coordinator.url() + path))
                        .header("Authorization", "Bearer " + settings.apiToken())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return CODEC.mapper().readTree(response.body());
    }

    JsonNode post(String path, String json) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(coordinator.url() + path))
                        .header("Authorization", "Bearer " + settings.apiToken())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return CODEC.mapper().readTree(response.body());
    }

    /** {@code POST path}, with who asks in {@code X-Requested-By}; the answer (accepted, or the problem). */
    JsonNode post(String path, String json, String requestedBy) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(coordinator.url() + path))
                        .header("Authorization", "Bearer " + settings.apiToken())
                        .header("Content-Type", "application/json")
                        .header("X-Requested-By", requestedBy)
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return CODEC.mapper().readTree(response.body());
    }

    /** {@code DELETE path}, with who asks in {@code X-Requested-By}; the answer (accepted, or the problem). */
    JsonNode delete(String path, String requestedBy) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(coordinator.url() + path))
                        .header("Authorization", "Bearer " + settings.apiToken())
                        .header("X-Requested-By", requestedBy)
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return CODEC.mapper().readTree(response.body());
    }

    /**
     * Polls {@code GET /api/v1/operations/{id}} every 100 ms until the operation is over (completed, failed or
     * cancelled), and returns that view.
     */
    JsonNode awaitOperationEnd(String id, Duration atMost) {
        AtomicReference<JsonNode> operation = new AtomicReference<>();
        await().atMost(atMost)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> {
                    operation.set(get("/api/v1/operations/" + id));
                    return TERMINAL_STATES.contains(
                            operation.get().path("state").asString());
                });
        return operation.get();
    }

    /** Whether a table of {@code ks} on {@code node} holds the snapshot {@code tag}. */
    static boolean snapshotOnDisk(CassandraEndpoint node, String ks, String tag) {
        for (Path dataDirectory : node.dataDirectories()) {
            Path keyspaceDirectory = dataDirectory.resolve(ks);
            if (!Files.isDirectory(keyspaceDirectory)) {
                continue;
            }
            // Only the table directories are listed: walking into a snapshot races with the agent clearing it.
            try (Stream<Path> tables = Files.list(keyspaceDirectory)) {
                if (tables.anyMatch(
                        table -> Files.exists(table.resolve("snapshots").resolve(tag)))) {
                    return true;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return false;
    }

    @Override
    public void close() {
        uploaders.forEach(LocalService::close);
        agents.values().forEach(LocalService::close);
        if (coordinator != null) {
            coordinator.close();
        }
    }
}
