package io.ringvault.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.stream.IntStream;

/**
 * A Cassandra 5.0 cluster of one or more nodes, each a {@code CassandraDaemon} in its own JVM on its own loopback
 * address. Nodes share the storage and native ports (as ccm does) and each has its own JMX port. Data survives a stop,
 * so a second start over the same directory restarts the same cluster.
 */
public final class LocalCassandra implements AutoCloseable {
    static final String CLUSTER_NAME = "ringvault-local";

    private final List<Node> nodes;

    private LocalCassandra(List<Node> nodes) {
        this.nodes = nodes;
    }

    /** A thread per joining node: each start mostly waits for its node's log. */
    private static final Executor JOINERS = runnable -> {
        Thread thread = new Thread(runnable, "cassandra-node-start");
        thread.setDaemon(true);
        thread.start();
    };

    /** Starts the seed (the first node), then the other nodes together, each waited for until it serves CQL. */
    public static LocalCassandra start(Path directory, List<CassandraNodeSpec> specs, String heap, Duration timeout) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("a Cassandra cluster needs at least one node");
        }
        Path java;
        try {
            java = JdkLocator.fromEnvironment().javaForCassandra();
        } catch (IllegalStateException e) {
            throw new ServiceStartException("cassandra", e.getMessage(), e);
        }
        String classpath = RuntimeClasspath.of("cassandra");
        List<InetAddress> addresses =
                specs.stream().map(s -> address(s.address())).toList();
        int storagePort = FreePorts.freeOnAll(addresses);
        int nativePort = FreePorts.freeOnAll(addresses);
        String seed = specs.get(0).address() + ":" + storagePort;

        Launch launch = new Launch(java, classpath, seed, heap, timeout);
        List<Node> nodes = new ArrayList<>();
        for (CassandraNodeSpec spec : specs) {
            int jmxPort = FreePorts.free(InetAddress.getLoopbackAddress());
            nodes.add(new Node(spec, directory.resolve(spec.name()), storagePort, nativePort, jmxPort, launch));
        }
        try {
            // The seed first; then the others together, as ccm does: they join without bootstrapping (no data to
            // stream), so they need not wait for each other.
            nodes.get(0).start(false);
            List<CompletableFuture<Void>> joining = nodes.stream()
                    .skip(1)
                    .map(node -> CompletableFuture.runAsync(() -> node.start(true), JOINERS))
                    .toList();
            RuntimeException failure = null;
            for (CompletableFuture<Void> join : joining) {
                try {
                    join.join();
                } catch (CompletionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
            awaitEveryNodeSeesTheOthers(nodes, timeout);
            return new LocalCassandra(List.copyOf(nodes));
        } catch (RuntimeException e) {
            nodes.parallelStream().forEach(Node::close);
            throw e;
        }
    }

    /**
     * Waits until every node has seen every other node come up. A node serves CQL before gossip has told it about the
     * nodes that started beside it, and until then it refuses a keyspace replicated to a datacenter it does not know.
     */
    private static void awaitEveryNodeSeesTheOthers(List<Node> nodes, Duration timeout) {
        for (Node node : nodes) {
            List<String> others = nodes.stream()
                    .filter(other -> other != node)
                    .map(other -> "InetAddress /" + other.spec.address() + ":" + other.storagePort + " is now UP")
                    .toList();
            node.process.awaitReady(() -> node.logContainsAll(others), timeout);
        }
    }

    public List<CassandraEndpoint> endpoints() {
        return nodes.stream().map(Node::endpoint).toList();
    }

    List<ChildProcess> processes() {
        return nodes.stream()
                .map(node -> node.process)
                .filter(process -> process != null)
                .toList();
    }

    /**
     * Stops one node gracefully (drain on SIGTERM), as an operator's restart or a failed host would; its data stays and
     * the other nodes see it go down. Stopping a stopped node does nothing.
     */
    public void stopNode(String name) {
        node(name).close();
    }

    /**
     * Kills one node at once (SIGKILL), as a crash would: no drain, commit log replayed at the next start.
     */
    public void killNode(String name) {
        Node node = node(name);
        if (node.process != null) {
            node.process.kill();
        }
    }

    /** Starts a stopped node again over its data and waits until it serves CQL. Starting a running node does nothing. */
    public void startNode(String name) {
        Node node = node(name);
        if (!node.isRunning()) {
            node.start(nodes.indexOf(node) > 0);
        }
    }

    /** Whether the node's process is alive. */
    public boolean isRunning(String name) {
        return node(name).isRunning();
    }

    private Node node(String name) {
        return nodes.stream()
                .filter(node -> node.spec.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node named " + name + " in this cluster; nodes: "
                        + nodes.stream().map(node -> node.spec.name()).toList()));
    }

    @Override
    public void close() {
        // Stop the nodes in parallel: a graceful Cassandra stop takes several seconds each.
        nodes.parallelStream().forEach(Node::close);
    }

    private static InetAddress address(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad node address " + address, e);
        }
    }

    /** What every start of a node needs, kept so that a stopped node can be started again. */
    private record Launch(Path java, String classpath, String seed, String heap, Duration timeout) {}

    private static final class Node implements AutoCloseable {
        private final CassandraNodeSpec spec;
        private final Launch launch;
        private final Path home;
        private final int storagePort;
        private final int nativePort;
        private final int jmxPort;
        private final List<Path> dataDirectories;
        private ChildProcess process;
        private Path log;
        private int starts;

        Node(CassandraNodeSpec spec, Path home, int storagePort, int nativePort, int jmxPort, Launch launch) {
            this.spec = spec;
            this.launch = launch;
            this.home = home.toAbsolutePath();
            this.storagePort = storagePort;
            this.nativePort = nativePort;
            this.jmxPort = jmxPort;
            this.dataDirectories = IntStream.rangeClosed(1, spec.dataDirectories())
                    .mapToObj(i -> this.home.resolve("data" + i))
                    .toList();
        }

        String serviceName() {
            return "cassandra " + spec.name() + " (" + spec.address() + ", " + spec.datacenter() + "/" + spec.rack()
                    + ")";
        }

        boolean isRunning() {
            return process != null && process.isAlive();
        }

        /** Whether this start's log holds every one of {@code markers}; read whole, as it is only read at start-up. */
        boolean logContainsAll(List<String> markers) {
            try {
                String text = Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1);
                return markers.stream().allMatch(text::contains);
            } catch (IOException e) {
                return false;
            }
        }

        void start(boolean joining) {
            Path javaExecutable = launch.java();
            String classpath = launch.classpath();
            String seed = launch.seed();
            String heap = launch.heap();
            Duration timeout = launch.timeout();
            Path conf = home.resolve("conf");
            try {
                for (String dir : List.of("conf", "commitlog", "saved_caches", "hints", "cdc_raw", "logs")) {
                    Files.createDirectories(home.resolve(dir));
                }
                for (Path data : dataDirectories) {
                    Files.createDirectories(data);
                }
                Files.writeString(conf.resolve("cassandra.yaml"), yaml(seed));
                Files.writeString(
                        conf.resolve("cassandra-rackdc.properties"),
                        "dc=" + spec.datacenter() + "\nrack=" + spec.rack() + "\nprefer_local=true\n");
                Files.writeString(conf.resolve("logback.xml"), LOGBACK);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare " + home, e);
            }

            List<String> command = new ArrayList<>(privilegeDrop());
            command.add(javaExecutable.toString());
            command.add("-Xmx" + heap);
            command.addAll(JVM_FLAGS);
            command.add("-Dcassandra.config=" + conf.resolve("cassandra.yaml").toUri());
            command.add("-Dcassandra-rackdc.properties="
                    + conf.resolve("cassandra-rackdc.properties").toUri());
            command.add("-Dcassandra.storagedir=" + home);
            command.add("-Dcassandra.logdir=" + home.resolve("logs"));
            command.add("-Dcassandra.jmx.local.port=" + jmxPort);
            command.add("-Dlogback.configurationFile=" + conf.resolve("logback.xml"));
            command.add("-Duser.home=" + home);
            if (joining) {
                // Nodes of a fresh local cluster own no data yet: nothing to stream, no reason to wait for the ring.
                command.add("-Dcassandra.ring_delay_ms=2000");
            }
            command.add("-cp");
            command.add(conf + File.pathSeparator + classpath);
            command.add("org.apache.cassandra.service.CassandraDaemon");

            // A log per start: readiness is read from the log, and a restart must not see the previous start's line.
            starts++;
            log = home.resolve(starts == 1 ? "logs/stdout.log" : "logs/stdout-" + starts + ".log");
            process = ChildProcess.start(serviceName(), command, home, log, Map.of());
            InetSocketAddress cql = new InetSocketAddress(spec.address(), nativePort);
            process.awaitReady(() -> process.logContains("Startup complete") && FreePorts.isAccepting(cql), timeout);
        }

        private String yaml(String seed) {
            StringBuilder data = new StringBuilder();
            dataDirectories.forEach(dir -> data.append("  - ").append(dir).append('\n'));
            return """
                    cluster_name: %s
                    num_tokens: 16
                    partitioner: org.apache.cassandra.dht.Murmur3Partitioner
                    endpoint_snitch: GossipingPropertyFileSnitch
                    authenticator: AllowAllAuthenticator
                    authorizer: AllowAllAuthorizer
                    data_file_directories:
                    %scommitlog_directory: %s
                    saved_caches_directory: %s
                    hints_directory: %s
                    cdc_raw_directory: %s
                    commitlog_sync: periodic
                    commitlog_sync_period: 10000ms
                    seed_provider:
                      - class_name: org.apache.cassandra.locator.SimpleSeedProvider
                        parameters:
                          - seeds: "%s"
                    listen_address: %s
                    rpc_address: %s
                    storage_port: %d
                    native_transport_port: %d
                    start_native_transport: true
                    auto_bootstrap: false
                    auto_snapshot: false
                    incremental_backups: %s
                    concurrent_reads: 8
                    concurrent_writes: 8
                    concurrent_counter_writes: 8
                    concurrent_materialized_view_writes: 8
                    # Off by default in Cassandra 5.0; on, so that restores of schemas with views can be tested.
                    materialized_views_enabled: true
                    concurrent_compactors: 1
                    memtable_heap_space: 128MiB
                    memtable_offheap_space: 128MiB
                    key_cache_size: 16MiB
                    %s""".formatted(
                            CLUSTER_NAME,
                            data,
                            home.resolve("commitlog"),
                            home.resolve("saved_caches"),
                            home.resolve("hints"),
                            home.resolve("cdc_raw"),
                            seed,
                            spec.address(),
                            spec.address(),
                            storagePort,
                            nativePort,
                            spec.incrementalBackups(),
                            spec.extraYaml());
        }

        CassandraEndpoint endpoint() {
            return new CassandraEndpoint(
                    spec.name(),
                    new InetSocketAddress(spec.address(), nativePort),
                    "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi",
                    spec.datacenter(),
                    spec.rack(),
                    dataDirectories);
        }

        @Override
        public void close() {
            if (process != null) {
                process.stop(Duration.ofSeconds(30));
            }
        }
    }

    /**
     * As root, Cassandra mlockall()s its whole heap (RSS ~1.5 GB). Dropping CAP_IPC_LOCK with setpriv keeps a node near
     * 0.45 GB; setpriv execs java, so the pid is still the JVM's.
     */
    private static List<String> privilegeDrop() {
        Path setpriv = Path.of("/usr/bin/setpriv");
        if ("root".equals(System.getProperty("user.name")) && Files.isExecutable(setpriv)) {
            return List.of(setpriv.toString(), "--bounding-set=-ipc_lock", "--inh-caps=-ipc_lock");
        }
        return List.of();
    }

    /** From Cassandra's conf/jvm17-server.options, trimmed to what a local node needs. */
    private static final List<String> JVM_FLAGS = List.of(
            "-XX:+UseG1GC",
            "-XX:+ParallelRefProcEnabled",
            "-XX:MaxTenuringThreshold=1",
            "-XX:G1HeapRegionSize=16m",
            "-XX:MaxGCPauseMillis=300",
            "-Xss512k",
            "-Djdk.attach.allowAttachSelf=true",
            "-Djava.net.preferIPv4Stack=true",
            "-Dcassandra-foreground=yes",
            "-Dcassandra.skip_wait_for_gossip_to_settle=0",
            "-Dio.netty.tryReflectionSetAccessible=true",
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports=java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.server=ALL-UNNAMED",
            "--add-exports=java.sql/java.sql=ALL-UNNAMED",
            "--add-exports=java.base/java.lang.ref=ALL-UNNAMED",
            "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports=jdk.attach/sun.tools.attach=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.module=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.loader=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.reflect=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.math=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.module=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.util.jar=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED");

    private static final String LOGBACK = """
            <configuration scan="false">
              <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%-5level [%thread] %date{ISO8601} %logger{0}:%line - %msg%n</pattern></encoder>
              </appender>
              <root level="INFO"><appender-ref ref="STDOUT"/></root>
            </configuration>
            """;
}
