package io.ringvault.launcher;

import io.ringvault.testkit.CassandraEndpoint;
import io.ringvault.testkit.CassandraNodeSpec;
import io.ringvault.testkit.LocalService;
import io.ringvault.testkit.LocalStack;
import io.ringvault.testkit.ServiceSettings;
import io.ringvault.testkit.StackSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The whole system on this machine: the testkit's stack (one Cassandra node, Kafka, and s3proxy when asked for) and the
 * four ringvault services as {@code java -jar} processes wired to it, everything under one work directory. Closing it
 * stops everything; so does the JVM's exit (the testkit's shutdown hook), Ctrl-C included.
 */
final class LocalRingvault implements AutoCloseable {
    static final String CLUSTER_NAME = "ringvault-local";
    static final List<String> SERVICES = List.of("coordinator", "node-agent", "uploader", "restorer");
    private static final Duration SERVICE_START_TIMEOUT = Duration.ofMinutes(3);

    private final Path home;
    private final Path directory;
    private final boolean s3;
    private final LocalStack stack;
    private final String agentToken;
    private final String hostId;
    private final Map<String, LocalService> services = new LinkedHashMap<>();

    private LocalRingvault(Path home, Path directory, boolean s3, LocalStack stack, String agentToken, String hostId) {
        this.home = home;
        this.directory = directory;
        this.s3 = s3;
        this.stack = stack;
        this.agentToken = agentToken;
        this.hostId = hostId;
    }

    /**
     * Starts the stack and the services in {@code directory}, which is emptied first: each run starts clean.
     *
     * @param home the checkout, where the services' jars are built
     * @param s3 store backups in s3proxy through the S3 backend instead of in a directory
     * @param progress told what is starting, one short line at a time
     */
    static LocalRingvault start(Path home, Path directory, boolean s3, Consumer<String> progress) {
        for (String service : SERVICES) {
            Path jar = jar(home, service);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("no " + service + " jar at " + jar
                        + ": build it first (./mvnw -B install -DskipTests), which ./ringvault does by itself");
            }
        }
        recreate(directory);
        progress.accept("starting Cassandra, Kafka" + (s3 ? " and s3proxy" : "") + " (about a minute)");
        StackSpec spec =
                StackSpec.in(directory.resolve("stack")).cassandraNode(CassandraNodeSpec.node(1, "dc1", "rack1"));
        if (!s3) {
            spec.withoutObjectStore();
        }
        LocalStack stack = LocalStack.start(spec);
        LocalRingvault system = null;
        try {
            system = new LocalRingvault(
                    home, directory, s3, stack, newAgentToken(), ServiceSettings.hostIdOf(stack.cassandra()));
            progress.accept("starting the coordinator, node agent, uploader and restorer");
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

    private static String newAgentToken() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /**
     * The services start in parallel: each is its own JVM, and most of their start-up is waiting. The restorer starts
     * once the agent runs, because it is told the agent's URL, whose port is only known then.
     */
    private void startServices() {
        ServiceSettings settings = new ServiceSettings(
                stack, agentToken, CLUSTER_NAME, null, s3 ? stack.objectStore() : null, objectDirectory());
        Map<String, CompletableFuture<LocalService>> starting = new LinkedHashMap<>();
        starting.put("coordinator", startService("coordinator", settings::coordinator));
        // One host: the uploader reads the snapshot files itself rather than through the agent's HTTP API.
        starting.put("node-agent", startService("node-agent", () -> {
            Map<String, String> agent = settings.nodeAgent(directory.resolve("agent"));
            agent.put("ringvault.agent.expose-local-path", "true");
            return agent;
        }));
        starting.put("uploader", startService("uploader", () -> {
            Map<String, String> uploader = settings.uploader("uploader");
            uploader.put("ringvault.uploader.direct-read", "true");
            return uploader;
        }));
        starting.put(
                "restorer",
                starting.get("node-agent")
                        .thenCompose(agent ->
                                startService("restorer", () -> settings.restorer("restorer", hostId, agent.url()))));
        RuntimeException failure = null;
        for (Map.Entry<String, CompletableFuture<LocalService>> entry : starting.entrySet()) {
            try {
                services.put(entry.getKey(), entry.getValue().join());
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

    private CompletableFuture<LocalService> startService(String name, Supplier<Map<String, String>> settings) {
        return CompletableFuture.supplyAsync(
                () -> LocalService.start(name, jar(home, name), settings.get(), logDirectory(), SERVICE_START_TIMEOUT));
    }

    Path directory() {
        return directory;
    }

    Path logDirectory() {
        return directory.resolve("logs");
    }

    Path objectDirectory() {
        return directory.resolve("objects");
    }

    boolean s3() {
        return s3;
    }

    LocalStack stack() {
        return stack;
    }

    CassandraEndpoint cassandra() {
        return stack.cassandra();
    }

    String hostId() {
        return hostId;
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
        stack.close();
    }

    static Path jar(Path home, String service) {
        return home.resolve(service).resolve("target").resolve(service + "-0.1.0-SNAPSHOT.jar");
    }

    /** Work directories are wiped at start so that a second run never trips over the first one's state. */
    private static void recreate(Path directory) {
        try {
            if (Files.exists(directory)) {
                try (var paths = Files.walk(directory)) {
                    for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty the work directory " + directory, e);
        }
    }
}
