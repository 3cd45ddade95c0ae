package io.ringvault.systemtest;

import static io.ringvault.systemtest.BenchSupport.ROW_BYTES;
import static io.ringvault.systemtest.BenchSupport.createBlobTables;
import static io.ringvault.systemtest.BenchSupport.human;
import static io.ringvault.systemtest.BenchSupport.log;
import static io.ringvault.systemtest.BenchSupport.optionValue;
import static io.ringvault.systemtest.BenchSupport.printResults;
import static io.ringvault.systemtest.BenchSupport.seconds;
import static io.ringvault.systemtest.BenchSupport.writeRandomRows;
import static io.ringvault.testkit.Directories.deleteRecursively;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.ProtocolVersion;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.datastax.oss.driver.api.core.type.codec.TypeCodecs;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.message.RestoreMethod;
import io.ringvault.common.message.RestorePlanned;
import io.ringvault.common.message.RestoreRequested;
import io.ringvault.storage.ObjectStore;
import io.ringvault.testkit.CassandraEndpoint;
import io.ringvault.testkit.CassandraNodeSpec;
import io.ringvault.testkit.LocalCluster;
import io.ringvault.testkit.LocalService;
import io.ringvault.testkit.LocalStack;
import io.ringvault.testkit.Stack;
import io.ringvault.testkit.StackSpec;
import io.ringvault.testkit.Stacks;
import io.ringvault.testkit.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Backup and restore at cluster scale, side by side in one run: for each topology (by default one node, then two
 * datacenters of two nodes), at least {@code --mib-per-node} of SSTables on every node, a full backup to s3proxy, a
 * restore into the same cluster (each node imports its own files), and a restore of the same backup into a brand-new
 * cluster of the same shape whose tokens differ (every node's files streamed to their replicas by Cassandra's bulk
 * loader). Each keyspace has one replica per datacenter, so a datacenter holds the whole dataset once.
 */
final class ClusterBenchmark {
    private static final String KEYSPACE = "bench";
    private static final String WARMUP_KEYSPACE = "bench_warmup";
    private static final List<String> TABLES = List.of("t1", "t2", "t3", "t4");
    private static final List<String> WARMUP_TABLES = List.of("w1", "w2");
    private static final long MIB = 1L << 20;

    private final Options options;
    private final List<Result> results = new ArrayList<>();
    private final List<String> checks = new ArrayList<>();
    private final List<BenchSupport.Load> loads = new ArrayList<>();
    /** The topology being measured, to label the load readings. */
    private Topology measuring;

    private String failure;

    private ClusterBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(
                    "usage: ClusterBenchmark [--work DIR] [--mib-per-node N] [--topologies dc1:1/dc1:2,dc2:2] [--keep-data]");
            System.exit(2);
            return;
        }
        int status = new ClusterBenchmark(options).run() ? 0 : 1;
        // Driver and JMX threads would keep the JVM alive; the testkit's hooks stop any service still running.
        System.exit(status);
    }

    private boolean run() {
        try {
            deleteRecursively(options.work());
            Files.createDirectories(options.work());
            for (Topology topology : options.topologies()) {
                results.add(measure(topology));
            }
            return true;
        } catch (Exception e) {
            failure = e.toString();
            System.err.println("benchmark failed:");
            e.printStackTrace();
            return false;
        } finally {
            printResults(report(), options.work());
        }
    }

    /** Everything measured on one topology, with its own Kafka, s3proxy and services. */
    private Result measure(Topology topology) throws Exception {
        Path directory =
                options.work().resolve(topology.toString().replace(':', '-').replace(',', '_'));
        log("== %s: starting Kafka and s3proxy under %s", topology, directory);
        try (Stack shared =
                Stacks.start(StackSpec.in(directory.resolve("stack")).withoutCassandra())) {
            try {
                return measure(topology, directory, shared);
            } finally {
                if (!options.keepData()) {
                    // GiBs of SSTables and objects; the services' and the nodes' logs stay for a look at what happened.
                    List<Path> bulky = new ArrayList<>();
                    for (String cluster : List.of("cluster-1", "cluster-2")) {
                        for (CassandraNodeSpec node : topology.nodes()) {
                            Path home = directory
                                    .resolve(cluster)
                                    .resolve("cassandra")
                                    .resolve(node.name());
                            bulky.add(home.resolve("data1"));
                            bulky.add(home.resolve("commitlog"));
                            bulky.add(home.resolve("ringvault-staging"));
                        }
                    }
                    if (shared instanceof LocalStack local) {
                        bulky.add(local.objectStoreBucketDirectory());
                    }
                    BenchSupport.deleteEach(bulky);
                }
            }
        }
    }

    /** The timed steps on {@code topology}: load, backup, import restore, then stream restore into a new cluster. */
    private Result measure(Topology topology, Path directory, Stack shared) throws Exception {
        measuring = topology;
        long start = System.nanoTime();
        LocalCluster cluster = LocalCluster.start(shared, topology, directory.resolve("cluster-1"));
        double clusterStart = seconds(start);
        log("%s: %d Cassandra nodes up in %.0f s", topology, topology.nodeCount(), clusterStart);
        Dataset data;
        Backup backup;
        Backup warmupBackup;
        Restore imported;
        String storagePrefix;
        try {
            Dataset warmup = load(cluster, topology, WARMUP_KEYSPACE, WARMUP_TABLES, 8 * MIB);
            data = load(cluster, topology, KEYSPACE, TABLES, options.mibPerNode() * MIB);
            log("%s: %s", topology, data.describe());
            try (RingvaultSystem system =
                            new RingvaultSystem(cluster, true, directory.resolve("ringvault-1"), null, 2, Map.of());
                    KafkaEvents events = startSystem(system)) {
                storagePrefix = system.storagePrefix;
                try (LocalService restorer = system.startRestorer("restorer", restorerProperties())) {
                    // Untimed: every service's JIT and connections warm up on a small keyspace first.
                    warmupBackup = backup(system, WARMUP_KEYSPACE);
                    truncate(cluster, WARMUP_KEYSPACE, WARMUP_TABLES);
                    restore(system, events, warmupBackup.id(), cluster, topology, warmup, RestoreMethod.IMPORT);

                    backup = backup(system, KEYSPACE);
                    log("%s: backup %s", topology, backup.describe());
                    truncate(cluster, KEYSPACE, TABLES);
                    imported = restore(system, events, backup.id(), cluster, topology, data, RestoreMethod.IMPORT);
                    log("%s: import restore %s", topology, imported.describe());
                }
            }
        } finally {
            cluster.close();
        }

        // A brand-new cluster of the same shape: random tokens of its own, so nothing matches the backup's.
        log("%s: a new cluster of the same shape, restored from the bucket alone", topology);
        LocalCluster replacement = LocalCluster.start(shared, topology, directory.resolve("cluster-2"));
        Restore streamed;
        try (RingvaultSystem system = new RingvaultSystem(
                        replacement, true, directory.resolve("ringvault-2"), storagePrefix, 2, Map.of());
                KafkaEvents events = startSystem(system);
                LocalService restorer = system.startRestorer("restorer", restorerProperties())) {
            Dataset warmup = new Dataset(WARMUP_KEYSPACE, WARMUP_TABLES, 0, Map.of(), 0, 0, 0);
            restore(system, events, warmupBackup.id(), replacement, topology, warmup, RestoreMethod.STREAM);
            streamed = restore(system, events, backup.id(), replacement, topology, data, RestoreMethod.STREAM);
            log("%s: stream restore %s", topology, streamed.describe());
        } finally {
            replacement.close();
        }
        return new Result(topology, clusterStart, data, backup, imported, streamed);
    }

    private static KafkaEvents startSystem(RingvaultSystem system) {
        log(
                "starting the coordinator, %d node agents and 2 uploaders (logs in %s)",
                system.stack.cassandraNodes().size(), system.directory);
        system.start();
        return new KafkaEvents(system.stack.kafkaBootstrapServers(), system.topicPrefix + ".events");
    }

    private static Map<String, String> restorerProperties() {
        return Map.of("ringvault.restorer.progress-interval", "1s");
    }

    // ---- data ----

    /**
     * Random 128 KiB rows until every node holds at least {@code bytesPerNode} of them, found from the driver's token
     * map before anything is written; then every node flushes.
     */
    private Dataset load(Stack cluster, Topology topology, String keyspace, List<String> tables, long bytesPerNode)
            throws Exception {
        long start = System.nanoTime();
        AtomicLong retries = new AtomicLong();
        long idsPerTable;
        Map<String, Long> payloadPerNode;
        // Every replica acknowledges every row: at LOCAL_ONE a busy node drops cross-datacenter mutations, and the
        // other datacenter's copy would be short until hints or a repair catch up.
        try (CqlSession session = loadingSession(cluster.cassandraNodes().get(0))) {
            session.execute(SimpleStatement.newInstance(
                            "CREATE KEYSPACE " + keyspace + " WITH replication = " + topology.networkReplication(1))
                    .setTimeout(Duration.ofMinutes(2)));
            createBlobTables(session, keyspace, tables);
            session.refreshSchema();
            payloadPerNode = new TreeMap<>();
            idsPerTable = idsForEveryNode(
                    session, keyspace, bytesPerNode / ((long) ROW_BYTES * tables.size()), payloadPerNode);
            log(
                    "writing %d rows of %d KiB into %s %s (replicas of %d ids per table)",
                    idsPerTable * tables.size(), ROW_BYTES / 1024, keyspace, tables, idsPerTable);
            writeRandomRows(session, keyspace, tables, idsPerTable * tables.size(), 100, retries);
        }
        double writeSeconds = seconds(start);
        for (CassandraEndpoint node : cluster.cassandraNodes()) {
            try (BenchSupport.Jmx jmx = new BenchSupport.Jmx(node.jmxServiceUrl())) {
                jmx.flush(keyspace);
            }
        }
        Map<String, Long> rowsPerTable = new LinkedHashMap<>();
        tables.forEach(table -> rowsPerTable.put(table, idsPerTable));
        requireRows(cluster, keyspace, tables, rowsPerTable, topology + ", before the backup of " + keyspace);
        long minimum = payloadPerNode.values().stream()
                        .mapToLong(Long::longValue)
                        .min()
                        .orElse(0)
                * ROW_BYTES
                * tables.size();
        long maximum = payloadPerNode.values().stream()
                        .mapToLong(Long::longValue)
                        .max()
                        .orElse(0)
                * ROW_BYTES
                * tables.size();
        return new Dataset(keyspace, tables, idsPerTable * tables.size(), rowsPerTable, writeSeconds, minimum, maximum);
    }

    /** The number of ids (partition keys 0..n-1) after which every node is a replica of at least {@code ids} of them. */
    private static long idsForEveryNode(CqlSession session, String keyspace, long ids, Map<String, Long> perNode) {
        TokenMap tokens = session.getMetadata()
                .getTokenMap()
                .orElseThrow(() -> new IllegalStateException("the driver has no token map"));
        Collection<Node> nodes = session.getMetadata().getNodes().values();
        nodes.forEach(node -> perNode.put(String.valueOf(node.getHostId()), 0L));
        CqlIdentifier ks = CqlIdentifier.fromCql(keyspace);
        long id = 0;
        while (perNode.values().stream().mapToLong(Long::longValue).min().orElse(0) < ids) {
            Set<Node> replicas = tokens.getReplicas(ks, TypeCodecs.INT.encode((int) id, ProtocolVersion.DEFAULT));
            if (replicas.isEmpty()) {
                throw new IllegalStateException("no replicas for " + keyspace + " in the driver's token map");
            }
            replicas.forEach(node -> perNode.merge(String.valueOf(node.getHostId()), 1L, Long::sum));
            id++;
        }
        return id;
    }

    private static CqlSession loadingSession(CassandraEndpoint node) {
        return CqlSession.builder()
                .addContactPoint(node.cql())
                .withLocalDatacenter(node.datacenter())
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofMinutes(2))
                        .withString(DefaultDriverOption.REQUEST_CONSISTENCY, "ALL")
                        .build())
                .build();
    }

    private static CqlSession session(CassandraEndpoint node) {
        // DDL and TRUNCATE on four busy nodes take longer than the driver's defaults.
        return BenchSupport.session(node, Duration.ofMinutes(2));
    }

    private static void truncate(Stack cluster, String keyspace, List<String> tables) {
        try (CqlSession session = session(cluster.cassandraNodes().get(0))) {
            for (String table : tables) {
                session.execute(SimpleStatement.newInstance("TRUNCATE " + keyspace + "." + table)
                        .setTimeout(Duration.ofMinutes(2)));
            }
        }
    }

    /** Rows per table as each datacenter's replicas answer (LOCAL_ONE): each datacenter holds the whole dataset. */
    private static Map<String, Map<String, Long>> countRows(Stack cluster, String keyspace, List<String> tables) {
        Map<String, CassandraEndpoint> oneNodePerDatacenter = new TreeMap<>();
        cluster.cassandraNodes().forEach(node -> oneNodePerDatacenter.putIfAbsent(node.datacenter(), node));
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        oneNodePerDatacenter.forEach((datacenter, node) -> {
            try (CqlSession session = session(node)) {
                Map<String, Long> rows = new LinkedHashMap<>();
                for (String table : tables) {
                    rows.put(
                            table,
                            session.execute(SimpleStatement.newInstance(
                                                    "SELECT count(*) FROM " + keyspace + "." + table)
                                            .setTimeout(Duration.ofMinutes(5)))
                                    .one()
                                    .getLong(0));
                }
                counts.put(datacenter, rows);
            }
        });
        return counts;
    }

    /** Every datacenter must answer {@code rowsPerTable}; the check is recorded for the report either way. */
    private void requireRows(
            Stack cluster, String keyspace, List<String> tables, Map<String, Long> rowsPerTable, String when) {
        Map<String, Map<String, Long>> counts = countRows(cluster, keyspace, tables);
        Set<String> datacenters = cluster.cassandraNodes().stream()
                .map(CassandraEndpoint::datacenter)
                .collect(Collectors.toSet());
        boolean same =
                counts.keySet().equals(datacenters) && counts.values().stream().allMatch(rowsPerTable::equals);
        checks.add(String.format(
                Locale.ROOT,
                "%s: rows per table in each datacenter %s (%s)",
                when,
                same ? "equal to the rows written" : "**differ from the rows written**",
                counts));
        if (!same) {
            throw new IllegalStateException(when + ": rows written " + rowsPerTable + ", counted " + counts);
        }
    }

    // ---- ringvault ----

    /** A full backup over REST, timed until the operation completes, and the SSTable bytes each node stored. */
    private Backup backup(RingvaultSystem system, String keyspace) throws Exception {
        loads.add(BenchSupport.Load.now(measuring + ", " + "before the backup of " + keyspace));
        long start = System.nanoTime();
        JsonNode accepted = system.post("/api/v1/backups", "{\"keyspaces\":[\"" + keyspace + "\"],\"mode\":\"full\"}");
        String id = accepted.path("operationId").asString();
        if (id == null || id.isBlank()) {
            throw new IllegalStateException("the coordinator refused the backup: " + accepted);
        }
        JsonNode done = system.awaitOperationEnd(id, Duration.ofMinutes(60));
        double seconds = seconds(start);
        loads.add(BenchSupport.Load.now(measuring + ", " + "after the backup of " + keyspace));
        if (!"COMPLETED".equals(done.path("state").asString())) {
            throw new IllegalStateException("backup " + id + " did not complete: " + done);
        }
        Map<String, Long> bytesPerNode = new TreeMap<>();
        int files = 0;
        try (ObjectStore store = system.objectStore()) {
            BackupManifest manifest = RingvaultSystem.CODEC
                    .mapper()
                    .readValue(
                            store.getSmall(system.layout().backupManifest(id)).orElseThrow(), BackupManifest.class);
            for (BackupManifest.NodeEntry entry : manifest.nodes()) {
                NodeManifest node = RingvaultSystem.CODEC
                        .mapper()
                        .readValue(store.getSmall(entry.manifestKey()).orElseThrow(), NodeManifest.class);
                long bytes = 0;
                for (NodeManifest.File file : node.files()) {
                    if (!ObjectLayout.isPerSnapshot(file.fileName())) {
                        bytes += file.size();
                        files++;
                    }
                }
                bytesPerNode.put(entry.datacenter() + "/" + entry.hostId(), bytes);
            }
        }
        return new Backup(id, seconds, bytesPerNode, files);
    }

    /**
     * A restore of {@code data}'s keyspace over REST, timed until the operation completes; the plan must use
     * {@code expected} on every node, and every datacenter must then answer each table's row count.
     */
    private Restore restore(
            RingvaultSystem system,
            KafkaEvents events,
            String backupId,
            Stack cluster,
            Topology topology,
            Dataset data,
            RestoreMethod expected)
            throws Exception {
        String what = expected.name().toLowerCase(Locale.ROOT) + " restore of " + data.keyspace();
        loads.add(BenchSupport.Load.now(measuring + ", " + "before the " + what));
        long start = System.nanoTime();
        JsonNode accepted = system.post(
                "/api/v1/restores",
                RingvaultSystem.CODEC
                        .mapper()
                        .writeValueAsString(new RestoreRequested(
                                backupId, List.of(data.keyspace()), List.of(), "cluster-benchmark")));
        String id = accepted.path("operationId").asString();
        if (id == null || id.isBlank()) {
            throw new IllegalStateException("the coordinator refused the restore: " + accepted);
        }
        JsonNode done = system.awaitOperationEnd(id, Duration.ofMinutes(60));
        double seconds = seconds(start);
        loads.add(BenchSupport.Load.now(measuring + ", " + "after the " + what));
        if (!"COMPLETED".equals(done.path("state").asString())) {
            throw new IllegalStateException("restore " + id + " did not complete: " + done);
        }
        RestorePlanned plan = await().atMost(Duration.ofSeconds(30))
                .until(() -> events.of(id, RestorePlanned.class), planned -> !planned.isEmpty())
                .get(0);
        Map<RestoreMethod, Long> methods = plan.nodes().stream()
                .collect(Collectors.groupingBy(RestorePlanned.NodeMapping::method, Collectors.counting()));
        if (!methods.keySet().equals(Set.of(expected))) {
            throw new IllegalStateException("expected " + expected + " on every node, the plan says " + methods);
        }
        if (!data.rowsPerTable().isEmpty()) {
            Map<String, Map<String, Long>> counts = countRows(cluster, data.keyspace(), data.tables());
            Map<String, Map<String, Long>> wanted = new TreeMap<>();
            counts.keySet().forEach(datacenter -> wanted.put(datacenter, data.rowsPerTable()));
            boolean same = counts.equals(wanted)
                    && counts.size() == topology.nodesPerDatacenter().size();
            checks.add(String.format(
                    Locale.ROOT,
                    "%s, %s restore of %s: rows per table in each datacenter %s (%s)",
                    topology,
                    expected.name().toLowerCase(Locale.ROOT),
                    data.keyspace(),
                    same ? "equal to the rows written" : "**differ from the rows written**",
                    counts));
            if (!same) {
                throw new IllegalStateException(
                        "rows written " + data.rowsPerTable() + ", after the restore " + counts);
            }
        }
        return new Restore(
                expected,
                seconds,
                plan.bytesTotal(),
                plan.filesTotal(),
                plan.nodes().size());
    }

    // ---- report ----

    private String report() {
        StringBuilder out = new StringBuilder();
        out.append("### Run ")
                .append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))
                .append(" (`bench/cluster.sh");
        if (options.mibPerNode() != 256) {
            out.append(" --mib-per-node ").append(options.mibPerNode());
        }
        out.append("`)\n\n");
        if (failure != null) {
            out.append("**The run failed:** ").append(failure).append("\n\n");
        }
        out.append(
                "| topology | data per node (payload, min-max) | SSTable bytes backed up | backup (s) | backup MB/s |"
                        + " import restore (s) | import MB/s | stream restore into new tokens (s) | stream MB/s |"
                        + " stream / import time |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result result : results) {
            out.append(String.format(
                    Locale.ROOT,
                    "| %s (%d node%s) | %s-%s | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f× |\n",
                    result.topology(),
                    result.topology().nodeCount(),
                    result.topology().nodeCount() == 1 ? "" : "s",
                    human(result.data().minimumPerNode()),
                    human(result.data().maximumPerNode()),
                    human(result.backup().totalBytes()),
                    result.backup().seconds(),
                    result.backup().megabytesPerSecond(),
                    result.imported().seconds(),
                    result.imported().megabytesPerSecond(),
                    result.streamed().seconds(),
                    result.streamed().megabytesPerSecond(),
                    result.streamed().seconds() / result.imported().seconds()));
        }
        if (results.size() > 1) {
            Result first = results.get(0);
            out.append("\nThroughput against the first topology (")
                    .append(first.topology())
                    .append("):\n\n");
            out.append("| topology | backup MB/s | import MB/s | stream MB/s |\n|---|---|---|---|\n");
            for (Result result : results.subList(1, results.size())) {
                out.append(String.format(
                        Locale.ROOT,
                        "| %s | %.2f× | %.2f× | %.2f× |\n",
                        result.topology(),
                        result.backup().megabytesPerSecond() / first.backup().megabytesPerSecond(),
                        result.imported().megabytesPerSecond()
                                / first.imported().megabytesPerSecond(),
                        result.streamed().megabytesPerSecond()
                                / first.streamed().megabytesPerSecond()));
            }
        }
        out.append("\nDetails:\n\n");
        for (Result result : results) {
            out.append(String.format(
                    Locale.ROOT,
                    "- %s: cluster started in %.0f s; %s; backup %s; restores: %s; %s\n",
                    result.topology(),
                    result.clusterStartSeconds(),
                    result.data().describe(),
                    result.backup().describe(),
                    result.imported().describe(),
                    result.streamed().describe()));
        }
        checks.forEach(check -> out.append("- check: ").append(check).append('\n'));
        out.append("\nThe machine during the run (1-minute load average; JVMs this benchmark did not start):\n\n");
        loads.forEach(load -> out.append(String.format(
                Locale.ROOT, "- %s: load %.1f, %d other JVMs\n", load.what(), load.average(), load.foreignJvms())));
        return out.toString();
    }

    // ---- records ----

    record Options(Path work, long mibPerNode, List<Topology> topologies, boolean keepData) {
        static Options parse(String[] args) {
            Path work = Path.of("target/bench-cluster");
            long mibPerNode = 256;
            List<Topology> topologies = List.of(Topology.SINGLE_NODE, Topology.parse("dc1:2,dc2:2"));
            boolean keepData = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--work" -> work = Path.of(optionValue(args, ++i));
                    case "--mib-per-node" -> mibPerNode = Long.parseLong(optionValue(args, ++i));
                    case "--topologies" ->
                        topologies = java.util.Arrays.stream(
                                        optionValue(args, ++i).split("/"))
                                .map(Topology::parse)
                                .toList();
                    case "--keep-data" -> keepData = true;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (mibPerNode < 1) {
                throw new IllegalArgumentException("--mib-per-node must be at least 1");
            }
            return new Options(work.toAbsolutePath(), mibPerNode, topologies, keepData);
        }
    }

    /**
     * Rows written: {@code rowsPerTable} in each table; every node is a replica of between {@code minimumPerNode} and
     * {@code maximumPerNode} bytes of payload.
     */
    record Dataset(
            String keyspace,
            List<String> tables,
            long rows,
            Map<String, Long> rowsPerTable,
            double writeSeconds,
            long minimumPerNode,
            long maximumPerNode) {
        String describe() {
            return String.format(
                    Locale.ROOT,
                    "%d rows of %d KiB in %s written in %.0f s (%s-%s of payload per node)",
                    rows,
                    ROW_BYTES / 1024,
                    keyspace,
                    writeSeconds,
                    human(minimumPerNode),
                    human(maximumPerNode));
        }
    }

    /** A completed backup: its SSTable bytes per node (datacenter/host id) and files, without per-snapshot files. */
    record Backup(String id, double seconds, Map<String, Long> bytesPerNode, int files) {
        long totalBytes() {
            return bytesPerNode.values().stream().mapToLong(Long::longValue).sum();
        }

        double megabytesPerSecond() {
            return totalBytes() / 1e6 / seconds;
        }

        String describe() {
            Map<String, String> perNode = new LinkedHashMap<>();
            bytesPerNode.forEach((node, bytes) -> perNode.put(node, human(bytes)));
            return String.format(
                    Locale.ROOT,
                    "%s: %d files, %s in %.1f s (%.1f MB/s), per node %s",
                    id,
                    files,
                    human(totalBytes()),
                    seconds,
                    megabytesPerSecond(),
                    perNode);
        }
    }

    /** A completed restore: its method on every node, and the plan's files and bytes over all nodes. */
    record Restore(RestoreMethod method, double seconds, long bytes, long files, int backedUpNodes) {
        double megabytesPerSecond() {
            return bytes / 1e6 / seconds;
        }

        String describe() {
            return String.format(
                    Locale.ROOT,
                    "%s of %d backed-up nodes: %d files, %s in %.1f s (%.1f MB/s)",
                    method.name().toLowerCase(Locale.ROOT),
                    backedUpNodes,
                    files,
                    human(bytes),
                    seconds,
                    megabytesPerSecond());
        }
    }

    record Result(
            Topology topology,
            double clusterStartSeconds,
            Dataset data,
            Backup backup,
            Restore imported,
            Restore streamed) {}
}
