package io.ringvault.launcher;

import io.ringvault.testkit.Azurite;
import io.ringvault.testkit.CassandraEndpoint;
import io.ringvault.testkit.Directories;
import io.ringvault.testkit.FakeGcsServer;
import io.ringvault.testkit.LocalCertificateAuthority;
import io.ringvault.testkit.LocalService;
import io.ringvault.testkit.LocalStack;
import io.ringvault.testkit.ServiceSettings;
import io.ringvault.testkit.StackSpec;
import io.ringvault.testkit.StoreTarget;
import io.ringvault.testkit.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The whole system on this machine: the testkit's stack (Cassandra nodes of the chosen topology, Kafka, and s3proxy,
 * fake-gcs-server or Azurite when asked for) and the ringvault services as {@code java -jar} processes wired to it: a coordinator, an uploader, a
 * restorer and one node agent per Cassandra node, everything under one work directory. Closing it stops everything; so
 * does the JVM's exit (the testkit's shutdown hook), Ctrl-C included.
 */
final class LocalRingvault implements AutoCloseable {
    static final String CLUSTER_NAME = "ringvault-local";
    static final List<String> SERVICES = List.of("coordinator", "node-agent", "uploader", "restorer");
    private static final Duration SERVICE_START_TIMEOUT = Duration.ofMinutes(3);

    /**
     * What to start.
     *
     * @param storeType where backups go: a directory (default), s3proxy through the S3 backend, fake-gcs-server through
     *     the GCS backend or Azurite through the Azure backend; the stack starts the emulator
     * @param topology the Cassandra nodes, by datacenter
     * @param storeDirectory where the object store (or its emulator) keeps its objects, kept across runs; null for one
     *     under the work directory, emptied with it
     * @param incrementalBackups start the nodes with {@code incremental_backups: true}
     * @param tls the coordinator and the agents on HTTPS with certificates of a CA made for the stack, and mutual TLS
     *     to the agents in place of their token
     */
    record Options(
            StoreTarget.Kind storeType,
            Topology topology,
            Path storeDirectory,
            boolean incrementalBackups,
            boolean tls) {
        static final Options DEFAULT =
                new Options(StoreTarget.Kind.FILESYSTEM, Topology.SINGLE_NODE, null, false, false);

        Options {
            storeType = storeType == null ? StoreTarget.Kind.FILESYSTEM : storeType;
        }

        boolean s3() {
            return storeType == StoreTarget.Kind.S3;
        }
    }

    /** The bucket or container the emulators hold the local stack's backups in. */
    static final String LOCAL_BUCKET = "ringvault-local";

    private final Path home;
    private final Path directory;
    private final Options options;
    private final LocalStack stack;
    private final String agentToken;
    private final Map<String, String> hostIds;
    private final Map<String, LocalService> services = new LinkedHashMap<>();
    /** fake-gcs-server or Azurite, when the store is one; null otherwise. */
    private AutoCloseable emulator;

    private StoreTarget store;
    /** The coordinator's admin token, in a file only this user may read. */
    private Path tokenFile;

    private LocalRingvault(
            Path home,
            Path directory,
            Options options,
            LocalStack stack,
            String agentToken,
            Map<String, String> hostIds) {
        this.home = home;
        this.directory = directory;
        this.options = options;
        this.stack = stack;
        this.agentToken = agentToken;
        this.hostIds = hostIds;
    }

    /**
     * Starts the stack and the services in {@code directory}, which is emptied first: each run starts clean. Only a
     * store directory given in {@code options} is kept.
     *
     * @param home the checkout, where the services' jars are built
     * @param progress told what is starting, one short line at a time
     */
    static LocalRingvault start(Path home, Path directory, Options options, Consumer<String> progress) {
        for (String service : SERVICES) {
            Path jar = jar(home, service);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("no " + service + " jar at " + jar
                        + ": build it first (./mvnw -B install -DskipTests), which ./ringvault does by itself");
            }
        }
        Path store = options.storeDirectory() == null
                ? null
                : options.storeDirectory().toAbsolutePath().normalize();
        if (store != null && store.startsWith(directory.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("the store directory " + store + " is inside the work directory "
                    + directory + ", which each start empties; choose one outside it");
        }
        recreate(directory);
        int nodes = options.topology().nodeCount();
        progress.accept(
                "starting " + (nodes == 1 ? "Cassandra" : nodes + " Cassandra nodes (" + options.topology() + ")")
                        + ", Kafka" + storeInWords(options.storeType()) + " (about "
                        + (nodes == 1 ? "a minute" : nodes * 25 + " s")
                        + ")");
        StackSpec spec =
                StackSpec.in(directory.resolve("stack")).topology(options.topology(), options.incrementalBackups());
        spec.tls(options.tls());
        if (!options.s3()) {
            spec.withoutObjectStore();
        } else if (store != null) {
            spec.objectStoreDirectory(store);
        }
        LocalStack stack = LocalStack.start(spec);
        LocalRingvault system = null;
        try {
            Map<String, String> hostIds = new LinkedHashMap<>();
            stack.cassandraNodes().forEach(node -> hostIds.put(node.name(), ServiceSettings.hostIdOf(node)));
            system = new LocalRingvault(home, directory, options, stack, newAgentToken(), hostIds);
            system.startStore(store == null ? directory.resolve("stack") : store);
            progress.accept("starting the coordinator, " + (nodes == 1 ? "node agent" : nodes + " node agents")
                    + ", uploader and restorer");
            system.startServices();
            return system;
        } catch (RuntimeException e) {
            if (system != null) {
                system.close();
            } else {
                stack.close();
            }
            throw e;
        }
    }

    private static String storeInWords(StoreTarget.Kind kind) {
        return switch (kind) {
            case FILESYSTEM -> "";
            case S3 -> " and s3proxy";
            case GCS -> " and fake-gcs-server";
            case AZURE -> " and Azurite";
        };
    }

    /**
     * Points the services at the store: the directory or the stack's s3proxy, or an emulator started here with its
     * data in {@code emulatorHome} (the kept store directory, when one was given) and the bucket or container made.
     */
    private void startStore(Path emulatorHome) {
        Duration timeout = Duration.ofMinutes(2);
        store = switch (options.storeType()) {
            case FILESYSTEM -> StoreTarget.filesystem(objectDirectory());
            case S3 -> StoreTarget.s3(stack.objectStore());
            case GCS -> {
                FakeGcsServer server = FakeGcsServer.start(emulatorHome.resolve("fake-gcs"), timeout, LOCAL_BUCKET);
                emulator = server;
                yield StoreTarget.gcs(server.endpoint(), LOCAL_BUCKET);
            }
            case AZURE -> {
                Azurite azurite = Azurite.start(emulatorHome.resolve("azurite"), timeout);
                emulator = azurite;
                azurite.createContainer(LOCAL_BUCKET);
                yield StoreTarget.azure(azurite.blobEndpoint(), LOCAL_BUCKET);
            }
        };
    }

    private static String newAgentToken() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /**
     * The services start in parallel: each is its own JVM, and most of their start-up is waiting. The restorer starts
     * once the agents run, because it is told their URLs, whose ports are only known then.
     */
    private void startServices() {
        ServiceSettings settings = new ServiceSettings(stack, agentToken, CLUSTER_NAME, null, store);
        stack.certificateAuthority().ifPresent(ca -> settings.tls(ca, "mtls"));
        tokenFile = writeToken(directory.resolve("token"), settings.apiToken());
        Map<String, CompletableFuture<LocalService>> starting = new LinkedHashMap<>();
        starting.put("coordinator", startService("coordinator", "coordinator", settings::coordinator));
        Map<String, CompletableFuture<LocalService>> startingAgents = new LinkedHashMap<>();
        for (CassandraEndpoint node : stack.cassandraNodes()) {
            // One host: the uploader reads the snapshot files itself rather than through the agent's HTTP API.
            startingAgents.put(node.name(), startService(agentName(node), "node-agent", () -> {
                Map<String, String> agent = settings.nodeAgent(node, agentDirectory(node));
                agent.put("ringvault.agent.expose-local-path", "true");
                return agent;
            }));
        }
        startingAgents.forEach((node, agent) -> starting.put(agentName(node), agent));
        starting.put("uploader", startService("uploader", "uploader", () -> {
            Map<String, String> uploader = settings.uploader("uploader");
            uploader.put("ringvault.uploader.direct-read", "true");
            return uploader;
        }));
        starting.put(
                "restorer",
                CompletableFuture.allOf(startingAgents.values().toArray(CompletableFuture[]::new))
                        .thenCompose(ready -> startService("restorer", "restorer", () -> {
                            Map<String, String> agentUrls = new LinkedHashMap<>();
                            startingAgents.forEach((node, agent) -> agentUrls.put(
                                    hostIds.get(node), agent.join().url()));
                            return settings.restorer("restorer", agentUrls);
                        })));
        RuntimeException failure = null;
        for (Map.Entry<String, CompletableFuture<LocalService>> entry : starting.entrySet()) {
            try {
                LocalService service = entry.getValue().join();
                services.put(entry.getKey(), service);
            } catch (CompletionException e) {
                RuntimeException cause =
                        e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
                if (failure == null) {
                    failure = cause;
                } else if (failure != cause) {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private CompletableFuture<LocalService> startService(
            String name, String service, Supplier<Map<String, String>> settings) {
        // With TLS the coordinator and the agents serve HTTPS, the agents asking for a client certificate.
        SSLContext https = service.equals("coordinator") || service.equals("node-agent")
                ? stack.certificateAuthority()
                        .map(LocalCertificateAuthority::clientContext)
                        .orElse(null)
                : null;
        return CompletableFuture.supplyAsync(() -> LocalService.start(
                name, jar(home, service), settings.get(), logDirectory(), SERVICE_START_TIMEOUT, https));
    }

    /** {@code node-agent} beside a single node, {@code node-agent-node2} and so on beside the nodes of a cluster. */
    private String agentName(CassandraEndpoint node) {
        return agentName(node.name());
    }

    private String agentName(String node) {
        return stack.cassandraNodes().size() == 1 ? "node-agent" : "node-agent-" + node;
    }

    private Path agentDirectory(CassandraEndpoint node) {
        return stack.cassandraNodes().size() == 1
                ? directory.resolve("agent")
                : directory.resolve("agent").resolve(node.name());
    }

    Path directory() {
        return directory;
    }

    Path logDirectory() {
        return directory.resolve("logs");
    }

    /** The filesystem store's root: the kept store directory if one was given, else one under the work directory. */
    Path objectDirectory() {
        return options.storeDirectory() != null
                ? options.storeDirectory().toAbsolutePath().normalize()
                : directory.resolve("objects");
    }

    boolean s3() {
        return options.s3();
    }

    /** Where the services store backups, as the properties they were given. */
    StoreTarget store() {
        return store;
    }

    Options options() {
        return options;
    }

    LocalStack stack() {
        return stack;
    }

    /** The first node: the seed, and the one the demo and the coordinator talk to. */
    CassandraEndpoint cassandra() {
        return stack.cassandra();
    }

    /** The Cassandra host id of a node, by the node's name. */
    String hostId(CassandraEndpoint node) {
        return hostIds.get(node.name());
    }

    /** The agent beside a node. */
    LocalService agent(CassandraEndpoint node) {
        return services.get(agentName(node));
    }

    /** The CA and certificates of a stack with TLS. */
    Optional<LocalCertificateAuthority> certificateAuthority() {
        return stack.certificateAuthority();
    }

    /** The file holding the coordinator's admin token (mode 600): what the CLI sends to this system's coordinator. */
    Path tokenFile() {
        return tokenFile;
    }

    /** Written readable by this user only: the token lets anyone restore, delete and purge. */
    private static Path writeToken(Path file, String token) {
        try {
            Files.deleteIfExists(file);
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(
                        file,
                        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, token + System.lineSeparator());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the coordinator's token to " + file, e);
        }
    }

    String coordinatorUrl() {
        return services.get("coordinator").url();
    }

    Map<String, LocalService> services() {
        return services;
    }

    @Override
    public void close() {
        List<LocalService> running = new ArrayList<>(services.values());
        Collections.reverse(running);
        running.forEach(LocalService::close);
        if (emulator != null) {
            try {
                emulator.close();
            } catch (Exception e) {
                // Stopping is best effort; the testkit's shutdown hook stops it at the latest.
            }
        }
        stack.close();
    }

    static Path jar(Path home, String service) {
        return home.resolve(service).resolve("target").resolve(service + "-0.1.0-SNAPSHOT.jar");
    }

    /** Work directories are wiped at start so that a second run never trips over the first one's state. */
    private static void recreate(Path directory) {
        try {
            Directories.deleteRecursively(directory);
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty the work directory " + directory, e);
        }
    }
}
