package io.ringvault.systemtest;

import static io.ringvault.systemtest.BenchSupport.GIB;
import static io.ringvault.systemtest.BenchSupport.IN_FLIGHT;
import static io.ringvault.systemtest.BenchSupport.ROW_BYTES;
import static io.ringvault.systemtest.BenchSupport.awsEnvironment;
import static io.ringvault.systemtest.BenchSupport.createBlobTables;
import static io.ringvault.systemtest.BenchSupport.deleteEach;
import static io.ringvault.systemtest.BenchSupport.exec;
import static io.ringvault.systemtest.BenchSupport.human;
import static io.ringvault.systemtest.BenchSupport.log;
import static io.ringvault.systemtest.BenchSupport.optionValue;
import static io.ringvault.systemtest.BenchSupport.printResults;
import static io.ringvault.systemtest.BenchSupport.processJvmFlags;
import static io.ringvault.systemtest.BenchSupport.seconds;
import static io.ringvault.systemtest.BenchSupport.sstableCount;
import static io.ringvault.systemtest.BenchSupport.stackPids;
import static io.ringvault.systemtest.BenchSupport.totalMemoryGib;
import static io.ringvault.systemtest.BenchSupport.totalSize;
import static io.ringvault.systemtest.BenchSupport.writeRandomRows;
import static io.ringvault.testkit.Directories.deleteRecursively;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.message.RestoreRequested;
import io.ringvault.storage.ObjectStore;
import io.ringvault.systemtest.BenchSupport.CpuMeter;
import io.ringvault.systemtest.BenchSupport.CpuUse;
import io.ringvault.systemtest.BenchSupport.Jmx;
import io.ringvault.systemtest.BenchSupport.Load;
import io.ringvault.testkit.LocalService;
import io.ringvault.testkit.LocalStack;
import io.ringvault.testkit.ObjectStoreEndpoint;
import io.ringvault.testkit.Stack;
import io.ringvault.testkit.StackSpec;
import io.ringvault.testkit.Stacks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import tools.jackson.databind.JsonNode;

/**
 * The restore benchmark that {@code bench/restore.sh} runs: a {@code main}, not a test, so the build never runs it. On
 * the one Cassandra node of a local stack it writes at least {@code --size-gib} GiB of incompressible SSTables (random
 * blobs, compression off) into four tables, takes a full ringvault backup to s3proxy, then, side by side:
 *
 * <ol>
 *   <li><b>ringvault</b>: the tables truncated, a restore asked for over REST, timed from the request until the
 *       coordinator shows the operation {@code COMPLETED}; the agent's staging directory sampled every 200 ms;
 *   <li><b>baseline</b>: the tables truncated again, {@code aws s3 cp --recursive} of the same objects from the same
 *       s3proxy into a directory beside the data directory, then per table the JMX operation {@code nodetool import}
 *       calls ({@code importNewSSTables}) with the flags the node agent uses.
 * </ol>
 *
 * Row counts are checked after each. CPU seconds per process (from {@code /proc/<pid>/stat}) and the load average are
 * recorded over each measurement, since the machine is small and may be shared. Prints Markdown tables and writes them
 * to {@code results.md} in the work directory. Everything it starts is stopped at the end, on failure too (the
 * testkit's shutdown hooks stop any service still running when the JVM exits).
 */
final class RestoreBenchmark {
    static final String KEYSPACE = "bench";
    static final List<String> TABLES = List.of("t1", "t2", "t3", "t4");
    /** Restored once by each path before anything is timed: JIT, connections, the aws CLI's start-up. */
    static final String WARMUP_KEYSPACE = "bench_warmup";

    static final Duration SAMPLE_INTERVAL = Duration.ofMillis(200);
    static final double TARGET_RATIO = 0.8;
    /** The baseline's aws CLI in the CPU table: this JVM's children once they have exited. */
    static final String AWS_CLI = "aws CLI";
    /** This JVM in the CPU table: the baseline's JMX client, REST polling and the disk sampler. */
    static final String SELF = "benchmark JVM";

    private final Options options;
    private final Path work;
    private final List<Load> loads = new ArrayList<>();
    private Stack stack;
    private RingvaultSystem system;
    private LocalService restorer;
    private String hostId;
    private Dataset dataset;
    private BackupInfo backup;
    private final List<RingvaultRun> ringvaultRuns = new ArrayList<>();
    private final List<BaselineRun> baselineRuns = new ArrayList<>();
    private final List<String> checks = new ArrayList<>();
    private RingvaultRun ringvaultWarmup;
    private BaselineRun baselineWarmup;
    private Memory restorerMemory;
    private Memory agentMemory;
    private String awsVersion = "aws (version unknown)";
    private String failure;

    private RestoreBenchmark(Options options) {
        this.options = options;
        this.work = options.work().toAbsolutePath();
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: RestoreBenchmark [--work DIR] [--size-gib N] [--repeat N] [--keep-data]");
            System.exit(2);
            return;
        }
        int status = new RestoreBenchmark(options).run() ? 0 : 1;
        // Driver and JMX threads would keep the JVM alive; the testkit's hooks stop any service still running.
        System.exit(status);
    }

    private boolean run() {
        List<Path> bulkyData = new ArrayList<>();
        try {
            awsVersion = awsVersion();
            deleteRecursively(work);
            Files.createDirectories(work);
            loads.add(Load.now("start"));
            log("starting the stack under %s", work.resolve("stack"));
            try (Stack started = Stacks.start(StackSpec.in(work.resolve("stack")))) {
                stack = started;
                Path dataDirectory = started.cassandra().dataDirectories().get(0);
                bulkyData.addAll(started.cassandra().dataDirectories());
                bulkyData.add(dataDirectory.getParent().resolve("commitlog"));
                bulkyData.add(stagingRoot());
                if (started instanceof LocalStack local) {
                    bulkyData.add(local.objectStoreBucketDirectory());
                }
                dataset = generate(KEYSPACE, TABLES, (long) (options.sizeGib() * GIB * 1.02));
                log("data: %s", dataset.describe());
                // Enough to exercise both sides' hot paths (large and small files, s3proxy's GETs, the JIT of every
                // service) before anything is timed; the first timed run otherwise pays for the warm-up alone.
                Dataset warmup = generate(WARMUP_KEYSPACE, List.of("w1", "w2"), 160L * ROW_BYTES);
                try (RingvaultSystem ringvault = new RingvaultSystem(stack, true, work.resolve("ringvault"))) {
                    system = ringvault;
                    log("starting the coordinator, a node agent and 2 uploaders (logs in %s)", system.directory);
                    system.start();
                    hostId = system.hostId();
                    log("starting a restorer (no bandwidth limit)");
                    restorer = system.startRestorer("restorer", Map.of("ringvault.restorer.progress-interval", "1s"));
                    try {
                        backup = backup(List.of(KEYSPACE, WARMUP_KEYSPACE));
                        log("backup: %s", backup.describe());

                        ringvaultWarmup = restoreWithRingvault(warmup);
                        baselineWarmup = restoreWithBaseline(warmup, 0);
                        log(
                                "warm-up: ringvault %.1f s, baseline %.1f s",
                                ringvaultWarmup.seconds(), baselineWarmup.seconds());
                        for (int repetition = 1; repetition <= options.repeat(); repetition++) {
                            // Alternate the order, so that neither side always runs on a page cache the other warmed.
                            boolean baselineFirst = repetition % 2 == 0;
                            if (baselineFirst) {
                                baselineRuns.add(restoreWithBaseline(dataset, repetition));
                            }
                            RingvaultRun measured = restoreWithRingvault(dataset);
                            ringvaultRuns.add(measured);
                            log("ringvault #%d: %s", repetition, measured.describe());
                            if (!baselineFirst) {
                                baselineRuns.add(restoreWithBaseline(dataset, repetition));
                            }
                            log(
                                    "baseline #%d: %s",
                                    repetition,
                                    baselineRuns.get(baselineRuns.size() - 1).describe());
                        }
                        restorerMemory = Memory.of(restorer);
                        agentMemory = Memory.of(system.agent);
                    } finally {
                        restorer.close();
                    }
                }
            }
            return true;
        } catch (Exception e) {
            failure = e.toString();
            System.err.println("benchmark failed:");
            e.printStackTrace();
            return false;
        } finally {
            loads.add(Load.now("end"));
            printResults(report(), work);
            if (!options.keepData()) {
                // Several GiB of SSTables, objects and downloads; the logs stay for a look at what happened.
                deleteEach(bulkyData);
            }
        }
    }

    // ---- data ----

    /** Writes {@code payloadBytes} of random rows spread over {@code tables}, then flushes. */
    Dataset generate(String keyspace, List<String> tables, long payloadBytes) throws Exception {
        long rows = (payloadBytes + ROW_BYTES - 1) / ROW_BYTES;
        rows = Math.max(rows, tables.size());
        log("writing %d rows of %d KiB into %s %s", rows, ROW_BYTES / 1024, keyspace, tables);
        long start = System.nanoTime();
        AtomicLong retries = new AtomicLong();
        try (CqlSession session = session()) {
            createBlobTables(session, keyspace, tables);
            // The warm-up's few rows need no progress lines.
            writeRandomRows(session, keyspace, tables, rows, 100, retries);
        }
        double writeSeconds = seconds(start);
        flush(keyspace);
        double seconds = seconds(start);
        Map<String, Long> rowsPerTable = new LinkedHashMap<>();
        for (String table : tables) {
            rowsPerTable.put(table, count(keyspace, table));
        }
        List<Path> live = liveFiles(keyspace);
        return new Dataset(
                keyspace,
                tables,
                rows,
                rowsPerTable,
                retries.get(),
                writeSeconds,
                seconds,
                sstableCount(live),
                live.size(),
                totalSize(live));
    }

    private CqlSession session() {
        // 128 KiB writes, TRUNCATE and full scans on two busy cores: the default 2 s is too tight.
        return BenchSupport.session(stack.cassandra(), Duration.ofSeconds(60));
    }

    /** Rows of a table, counted by paging through its keys (a server-side count(*) of 256 MiB can time out). */
    long count(String keyspace, String table) {
        try (CqlSession session = session()) {
            long rows = 0;
            for (Row ignored : session.execute(SimpleStatement.newInstance("SELECT id FROM " + keyspace + "." + table)
                    .setPageSize(500))) {
                rows++;
            }
            return rows;
        }
    }

    void truncate(Dataset data) {
        try (CqlSession session = session()) {
            for (String table : data.tables()) {
                session.execute("TRUNCATE " + data.keyspace() + "." + table);
            }
        }
        for (String table : data.tables()) {
            long left = count(data.keyspace(), table);
            if (left != 0) {
                throw new IllegalStateException(data.keyspace() + "." + table + " still has " + left + " rows");
            }
        }
    }

    /** Checks the row count of every table against the one before the backup; records the outcome. */
    void verifyRows(Dataset data, String what) {
        Map<String, Long> after = new LinkedHashMap<>();
        for (String table : data.tables()) {
            after.put(table, count(data.keyspace(), table));
        }
        boolean same = after.equals(data.rowsPerTable());
        checks.add(String.format(
                Locale.ROOT,
                "%s: rows per table after the restore %s before (%s)",
                what,
                same ? "equal" : "**differ from**",
                same ? after.toString() : "before " + data.rowsPerTable() + ", after " + after));
        if (!same) {
            throw new IllegalStateException(what + ": rows before " + data.rowsPerTable() + ", after " + after);
        }
    }

    /** The live SSTable files of a keyspace: not in a snapshot or incremental backup directory. */
    List<Path> liveFiles(String keyspace) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path dataDirectory : stack.cassandra().dataDirectories()) {
            Path ks = dataDirectory.resolve(keyspace);
            if (!Files.isDirectory(ks)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(ks)) {
                walk.filter(Files::isRegularFile)
                        .filter(p -> !p.toString().contains("/snapshots/")
                                && !p.toString().contains("/backups/"))
                        .forEach(files::add);
            }
        }
        return files;
    }

    void flush(String keyspace) throws Exception {
        try (Jmx jmx = new Jmx(stack.cassandra().jmxServiceUrl())) {
            jmx.flush(keyspace);
        }
    }

    private JMXConnector jmx() throws IOException {
        return JMXConnectorFactory.connect(new JMXServiceURL(stack.cassandra().jmxServiceUrl()));
    }

    // ---- backup ----

    /** A full backup through the REST API, then what it stored for each keyspace (from the node manifest). */
    BackupInfo backup(List<String> keyspaces) throws Exception {
        log("full backup of %s", keyspaces);
        long start = System.nanoTime();
        String keyspaceList = keyspaces.stream().map(k -> "\"" + k + "\"").collect(Collectors.joining(","));
        JsonNode accepted = system.post("/api/v1/backups", "{\"keyspaces\":[" + keyspaceList + "],\"mode\":\"full\"}");
        String id = accepted.path("operationId").asString();
        if (id == null || id.isBlank()) {
            throw new IllegalStateException("the coordinator refused the backup: " + accepted);
        }
        JsonNode done = system.awaitOperationEnd(id, Duration.ofMinutes(30));
        double seconds = seconds(start);
        if (!"COMPLETED".equals(done.path("state").asString())) {
            throw new IllegalStateException("backup " + id + " did not complete: " + done);
        }
        NodeManifest node;
        try (ObjectStore store = system.objectStore()) {
            BackupManifest manifest = RingvaultSystem.CODEC
                    .mapper()
                    .readValue(
                            store.getSmall(system.layout().backupManifest(id)).orElseThrow(), BackupManifest.class);
            if (manifest.nodes().size() != 1) {
                throw new IllegalStateException("expected one node in the backup, found " + manifest.nodes());
            }
            node = RingvaultSystem.CODEC
                    .mapper()
                    .readValue(
                            store.getSmall(manifest.nodes().get(0).manifestKey())
                                    .orElseThrow(),
                            NodeManifest.class);
        }
        // The SSTable components a restore moves: the per-snapshot manifest.json and schema.cql are not restored.
        Map<String, Map<String, long[]>> tables = new TreeMap<>();
        for (NodeManifest.File file : node.files()) {
            if (ObjectLayout.isPerSnapshot(file.fileName())) {
                continue;
            }
            long[] counts = tables.computeIfAbsent(file.keyspace(), k -> new TreeMap<>())
                    .computeIfAbsent(file.table(), k -> new long[2]);
            counts[0]++;
            counts[1] += file.size();
        }
        return new BackupInfo(id, seconds, tables);
    }

    // ---- ringvault ----

    /** The tables truncated, then a restore through the REST API, timed from the request until {@code COMPLETED}. */
    RingvaultRun restoreWithRingvault(Dataset data) throws Exception {
        truncate(data);
        log("ringvault restore of %s (%s)", data.keyspace(), human(backup.bytes(data.keyspace())));
        Load before = Load.now("ringvault " + data.keyspace());
        DiskSampler staging = DiskSampler.start(stagingRoot());
        CpuMeter cpu = new CpuMeter(servicePids(), AWS_CLI);
        long start = System.nanoTime();
        JsonNode accepted = system.post(
                "/api/v1/restores",
                RingvaultSystem.CODEC
                        .mapper()
                        .writeValueAsString(new RestoreRequested(
                                backup.id(),
                                List.of(data.keyspace()),
                                List.of(),
                                "restore-benchmark",
                                // Truncated above, untimed, as for the baseline.
                                false,
                                false,
                                null,
                                null)));
        String id = accepted.path("operationId").asString();
        if (id == null || id.isBlank()) {
            throw new IllegalStateException("the coordinator refused the restore: " + accepted);
        }
        JsonNode done = system.awaitOperationEnd(id, Duration.ofMinutes(60));
        double seconds = seconds(start);
        CpuUse used = cpu.stop();
        DiskPeak peakStaging = staging.stop();
        Load after = Load.now("ringvault " + data.keyspace());
        if (!"COMPLETED".equals(done.path("state").asString())) {
            throw new IllegalStateException("restore " + id + " did not complete: " + done);
        }
        Timeline timeline = Timeline.of(system.get("/api/v1/operations/" + id + "/events"));
        long bytes = backup.bytes(data.keyspace());
        if (timeline.plannedBytes() != bytes) {
            checks.add(String.format(
                    Locale.ROOT,
                    "ringvault %s: **restore.planned says %d bytes, the node manifest %d**",
                    data.keyspace(),
                    timeline.plannedBytes(),
                    bytes));
        }
        verifyRows(data, "ringvault restore of " + data.keyspace());
        FileTimes files = FileTimes.of(system.agent.logFile(), id);
        return new RingvaultRun(id, seconds, bytes, timeline, files, peakStaging, used, before, after);
    }

    /** Where the agent stages restored files: {@code ringvault-staging} beside the first data directory. */
    private Path stagingRoot() {
        return stack.cassandra()
                .dataDirectories()
                .get(0)
                .toAbsolutePath()
                .getParent()
                .resolve("ringvault-staging");
    }

    // ---- baseline ----

    /**
     * The tables truncated, then {@code aws s3 cp --recursive} of the node's objects of the keyspace from the same
     * s3proxy, then {@code nodetool import} of each table directory (the same JMX operation, the agent's flags).
     */
    BaselineRun restoreWithBaseline(Dataset data, int repetition) throws Exception {
        truncate(data);
        // Beside the data directory, like the agent's staging: the import moves the files, no second copy.
        Path target = stack.cassandra()
                .dataDirectories()
                .get(0)
                .toAbsolutePath()
                .getParent()
                .resolve("bench-baseline-" + repetition);
        deleteRecursively(target);
        Files.createDirectories(target);
        ObjectStoreEndpoint s3 = stack.objectStore();
        // [prefix/]cluster/nodes/<hostId>/<keyspace>/: every table directory of the node's keyspace. Files are shared
        // between backups of a node (differential layout); one backup of fresh tables means exactly its files.
        String keyspacePrefix = system.layout().nodeFile(hostId, data.keyspace(), "", "");
        String source = "s3://" + s3.bucket() + "/" + keyspacePrefix.substring(0, keyspacePrefix.length() - 1);
        Path downloaded = target.resolve(data.keyspace());
        log("baseline restore of %s: aws s3 cp --recursive %s, then import", data.keyspace(), source);
        // Credentials in the child's environment only; no profile or config file of this machine's user applies.
        Map<String, String> env = awsEnvironment(s3, work);
        Load before = Load.now("baseline " + data.keyspace());
        DiskSampler disk = DiskSampler.start(target);
        Map<String, Long> pids = servicePids();
        pids.put(AWS_CLI, ProcessHandle.current().pid());
        CpuMeter cpu = new CpuMeter(pids, AWS_CLI);
        long start = System.nanoTime();
        exec(
                work.resolve("baseline.log"),
                env,
                "aws",
                "s3",
                "cp",
                "--recursive",
                "--only-show-errors",
                "--endpoint-url",
                s3.endpoint().toString(),
                // Cassandra's per-snapshot manifest.json and schema.cql: not SSTables, not imported.
                "--exclude",
                "*/snapshots/*",
                source,
                downloaded.toString());
        double downloadSeconds = seconds(start);
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(downloaded)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        long bytes = totalSize(files);
        long importStart = System.nanoTime();
        List<Path> tableDirectories;
        try (Stream<Path> list = Files.list(downloaded)) {
            tableDirectories = list.filter(Files::isDirectory).sorted().toList();
        }
        for (Path tableDirectory : tableDirectories) {
            String directoryName = tableDirectory.getFileName().toString();
            String table = directoryName.substring(0, directoryName.lastIndexOf('-'));
            importSSTables(data.keyspace(), table, tableDirectory);
        }
        double importSeconds = seconds(importStart);
        CpuUse used = cpu.stop();
        DiskPeak peak = disk.stop();
        Load after = Load.now("baseline " + data.keyspace());
        long left;
        try (Stream<Path> walk = Files.walk(downloaded)) {
            left = walk.filter(Files::isRegularFile).count();
        }
        if (left != 0) {
            throw new IllegalStateException(left + " downloaded files were not imported (still in " + downloaded + ")");
        }
        long expected = backup.bytes(data.keyspace());
        checks.add(String.format(
                Locale.ROOT,
                "baseline %s: downloaded %d files, %d bytes; ringvault's backup of the keyspace holds %d files, %d"
                        + " bytes: %s",
                data.keyspace(),
                files.size(),
                bytes,
                backup.files(data.keyspace()),
                expected,
                bytes == expected && files.size() == backup.files(data.keyspace()) ? "the same" : "**different**"));
        verifyRows(data, "baseline restore of " + data.keyspace());
        deleteRecursively(target);
        return new BaselineRun(
                downloadSeconds,
                importSeconds,
                files.size(),
                bytes,
                tableDirectories.size(),
                peak,
                used,
                before,
                after);
    }

    /** What {@code nodetool import} does, with the flags of the node agent's {@code JmxSSTableImport}. */
    private void importSSTables(String keyspace, String table, Path directory) throws Exception {
        Object[] arguments = {
            new HashSet<>(Set.of(directory.toString())),
            true, // resetLevel
            true, // clearRepaired
            true, // verifySSTables
            true, // verifyTokens
            true, // invalidateCaches
            false, // extendedVerify
            false // copyData: move
        };
        String[] signature = {
            Set.class.getName(),
            boolean.class.getName(),
            boolean.class.getName(),
            boolean.class.getName(),
            boolean.class.getName(),
            boolean.class.getName(),
            boolean.class.getName(),
            boolean.class.getName()
        };
        try (JMXConnector jmx = jmx()) {
            Object failed = jmx.getMBeanServerConnection()
                    .invoke(
                            new ObjectName(
                                    "org.apache.cassandra.db:type=Tables,keyspace=" + keyspace + ",table=" + table),
                            "importNewSSTables",
                            arguments,
                            signature);
            if (failed instanceof List<?> list && !list.isEmpty()) {
                throw new IllegalStateException("import into " + keyspace + "." + table + " failed for " + list);
            }
        }
    }

    private static String awsVersion() throws Exception {
        Process process;
        try {
            process = new ProcessBuilder("aws", "--version")
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "the baseline needs the AWS CLI (aws) on PATH; install it (Debian: apt-get install awscli)", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        process.waitFor(30, TimeUnit.SECONDS);
        return output.split(" ")[0];
    }

    // ---- measuring ----

    /** Every process of the stack and of ringvault by short name, and this JVM (the baseline's JMX client). */
    private Map<String, Long> servicePids() {
        Map<String, Long> pids = stackPids(stack);
        pids.put("coordinator", system.coordinator.pid());
        pids.put("node-agent", system.agent.pid());
        pids.put("restorer", restorer.pid());
        for (int i = 0; i < system.uploaders.size(); i++) {
            pids.put("uploader-" + (i + 1), system.uploaders.get(i).pid());
        }
        pids.put(SELF, ProcessHandle.current().pid());
        return pids;
    }

    /**
     * Bytes under a directory every {@link #SAMPLE_INTERVAL}, and the peak when stopped: of SSTable components (complete
     * or still being written, {@code .part}), and of everything, the agent's small checksum records ({@code .sha256})
     * and import markers ({@code .imported/*.json}) included.
     */
    static final class DiskSampler {
        private final Path directory;
        private final AtomicLong peakData = new AtomicLong();
        private final AtomicLong peakTotal = new AtomicLong();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "disk-sampler");
            thread.setDaemon(true);
            return thread;
        });

        private DiskSampler(Path directory) {
            this.directory = directory;
        }

        static DiskSampler start(Path directory) {
            DiskSampler sampler = new DiskSampler(directory);
            sampler.timer.scheduleAtFixedRate(sampler::sample, 0, SAMPLE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            return sampler;
        }

        private void sample() {
            long[] bytes = bytesUnder(directory);
            peakData.accumulateAndGet(bytes[0], Math::max);
            peakTotal.accumulateAndGet(bytes[1], Math::max);
        }

        DiskPeak stop() throws InterruptedException {
            timer.shutdown();
            timer.awaitTermination(10, TimeUnit.SECONDS);
            sample();
            return new DiskPeak(peakData.get(), peakTotal.get());
        }

        /**
         * SSTable bytes and all bytes under a directory. Files may come and go while the tree is walked (uploads,
         * imports moving them): those are skipped.
         */
        static long[] bytesUnder(Path directory) {
            long[] total = new long[2];
            if (!Files.isDirectory(directory)) {
                return total;
            }
            try {
                Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                        boolean bookkeeping = file.getFileName().toString().endsWith(".sha256")
                                || file.getParent().getFileName().toString().equals(".imported");
                        if (!bookkeeping) {
                            total[0] += attributes.size();
                        }
                        total[1] += attributes.size();
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                // The directory went away while being walked: what was counted stands.
            }
            return total;
        }
    }

    /** Peak bytes of SSTable components, and of everything, in a directory over one measurement. */
    record DiskPeak(long sstableBytes, long totalBytes) {}

    /** Memory of a service from {@code /proc/<pid>/status}, and the JVM flags it runs with. */
    record Memory(long peakBytes, String jvmFlags) {
        static Memory of(LocalService service) {
            return new Memory(service.peakResidentBytes(), processJvmFlags(service.pid()));
        }
    }

    // ---- results ----

    private String report() {
        StringBuilder out = new StringBuilder();
        out.append("### Results (")
                .append(LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE))
                .append(")\n\n");
        out.append(machine()).append("\n\n");
        if (dataset != null) {
            out.append("Data: ").append(dataset.describe()).append(".\n");
        }
        if (backup != null) {
            out.append(String.format(
                    Locale.ROOT,
                    "Backup: full, over REST to s3proxy, %.1f s; `%s`: %d SSTable components, %s (largest table"
                            + " `%s`, %s); restored bytes are these (manifest.json and schema.cql left out). MB ="
                            + " 10^6 bytes.%n",
                    backup.seconds(),
                    KEYSPACE,
                    backup.files(KEYSPACE),
                    human(backup.bytes(KEYSPACE)),
                    backup.largestTable(KEYSPACE),
                    human(backup.largestTableBytes(KEYSPACE))));
        }
        if (ringvaultWarmup != null && baselineWarmup != null) {
            out.append(String.format(
                    Locale.ROOT,
                    "Warm-up (untimed in the table): one restore of `%s` (%s) each way first: ringvault %.1f s,"
                            + " baseline %.1f s.%n",
                    WARMUP_KEYSPACE,
                    human(backup.bytes(WARMUP_KEYSPACE)),
                    ringvaultWarmup.seconds(),
                    baselineWarmup.seconds()));
        }
        out.append('\n');

        int runs = Math.min(ringvaultRuns.size(), baselineRuns.size());
        if (runs > 0) {
            out.append("| run | GiB | ringvault (s) | ringvault MB/s | baseline download (s) | baseline import (s)"
                    + " | baseline total (s) | baseline MB/s | ratio ringvault/baseline | target ≥ 0.8× |\n");
            out.append("|---|---|---|---|---|---|---|---|---|---|\n");
            for (int i = 0; i < runs; i++) {
                RingvaultRun r = ringvaultRuns.get(i);
                BaselineRun b = baselineRuns.get(i);
                double ratio = r.megabytesPerSecond() / b.megabytesPerSecond(r.bytes());
                out.append(String.format(
                        Locale.ROOT,
                        "| %d%s | %.2f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f | %s |%n",
                        i + 1,
                        i % 2 == 1 ? " (baseline first)" : "",
                        r.bytes() / (double) GIB,
                        r.seconds(),
                        r.megabytesPerSecond(),
                        b.downloadSeconds(),
                        b.importSeconds(),
                        b.seconds(),
                        b.megabytesPerSecond(r.bytes()),
                        ratio,
                        ratio >= TARGET_RATIO ? "met" : "**missed**"));
            }
            out.append('\n');

            out.append("Where the time goes (ringvault from its events: first event of a table to `importing` is"
                    + " planning + download, `importing` to `done` is the import, summed over tables; baseline as"
                    + " timed):\n\n");
            out.append("| run | ringvault: accepted → planned (s) | download (s) | download MB/s | import (s)"
                    + " | last table done → COMPLETED seen (s) | baseline download MB/s | baseline import (s) |\n");
            out.append("|---|---|---|---|---|---|---|---|\n");
            for (int i = 0; i < runs; i++) {
                RingvaultRun r = ringvaultRuns.get(i);
                BaselineRun b = baselineRuns.get(i);
                Timeline t = r.timeline();
                out.append(String.format(
                        Locale.ROOT,
                        "| %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
                        i + 1,
                        t.planningSeconds(),
                        t.downloadSeconds(),
                        r.bytes() / t.downloadSeconds() / 1e6,
                        t.importSeconds(),
                        r.seconds() - t.requestToLastDoneSeconds(r.seconds()),
                        b.bytes() / b.downloadSeconds() / 1e6,
                        b.importSeconds()));
            }
            out.append('\n');
            out.append("Ringvault's file transfers, from the node agent's log (`restore file staged` lines: the time"
                    + " from one staged file to the next of the same table, so the first file of each table is left"
                    + " out): big `Data.db` files against the small components (`Index`, `Filter`, `Summary`,"
                    + " `Statistics`, `CRC`, `Digest`, `TOC`, a few KiB each); with several transfers of a node at once (`file-parallelism`)"
                    + " these are the intervals between completions, not the time of one file:\n\n");
            out.append("| run | Data.db files | Data.db (s) | Data.db MB/s | other components | other components (s)"
                    + " | per small component (ms) |\n");
            out.append("|---|---|---|---|---|---|---|\n");
            for (int i = 0; i < runs; i++) {
                FileTimes f = ringvaultRuns.get(i).files();
                out.append(String.format(
                        Locale.ROOT,
                        "| %d | %d | %.1f | %.1f | %d | %.1f | %.1f |%n",
                        i + 1,
                        f.dataFiles(),
                        f.dataSeconds(),
                        f.dataBytes() / f.dataSeconds() / 1e6,
                        f.otherFiles(),
                        f.otherSeconds(),
                        f.otherSeconds() * 1000 / Math.max(1, f.otherFiles())));
            }
            out.append('\n');
            out.append("Per table (ringvault, run 1): ")
                    .append(ringvaultRuns.get(0).timeline().describeTables())
                    .append("\n\n");

            out.append(cpuTable(runs)).append('\n');

            out.append("| run | peak staging, SSTables (ringvault) | peak staging, all files | largest table in"
                    + " the backup | staged SSTables ≤ largest table | peak download dir (baseline) |\n");
            out.append("|---|---|---|---|---|---|\n");
            long largest = backup.largestTableBytes(KEYSPACE);
            for (int i = 0; i < runs; i++) {
                DiskPeak staged = ringvaultRuns.get(i).peakStaging();
                out.append(String.format(
                        Locale.ROOT,
                        "| %d | %s (%d bytes) | %s (%d bytes) | %s (`%s`, %d bytes) | %s | %s |%n",
                        i + 1,
                        human(staged.sstableBytes()),
                        staged.sstableBytes(),
                        human(staged.totalBytes()),
                        staged.totalBytes(),
                        human(largest),
                        backup.largestTable(KEYSPACE),
                        largest,
                        staged.sstableBytes() <= largest ? "yes" : "**no**",
                        human(baselineRuns.get(i).peak().totalBytes())));
            }
            out.append(String.format(
                    Locale.ROOT,
                    "%nStaging and download directory sampled every %d ms.%n",
                    SAMPLE_INTERVAL.toMillis()));
        }
        if (restorerMemory != null) {
            out.append(String.format(
                    Locale.ROOT,
                    "%nPeak RSS (VmHWM) over the whole run: restorer %d MiB, node agent %d MiB (each %s).%n",
                    restorerMemory.peakBytes() >> 20,
                    agentMemory.peakBytes() >> 20,
                    restorerMemory.jvmFlags()));
        }
        if (!checks.isEmpty()) {
            out.append("\nChecks:\n\n");
            checks.forEach(c -> out.append("- ").append(c).append('\n'));
        }
        out.append("\nBaseline tool: `").append(awsVersion).append("` with its default settings.\n");
        if (failure != null) {
            out.append("\n**The benchmark failed:** ").append(failure).append('\n');
        }
        return out.toString();
    }

    /** CPU seconds per process during each measurement, processes in a fixed order, busiest first in run 1. */
    private String cpuTable(int runs) {
        Set<String> names = new LinkedHashSet<>();
        ringvaultRuns.get(0).cpu().seconds().entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> names.add(e.getKey()));
        baselineRuns.get(0).cpu().seconds().entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> names.add(e.getKey()));
        StringBuilder out = new StringBuilder();
        out.append("CPU seconds (user + system, system in brackets) per process during each measurement, from"
                + " `/proc/<pid>/stat`; \"others\" is the machine's busy time not used by these processes; load is the"
                + " 1-minute load average before → after, with the number of JVMs this benchmark did not start:\n\n");
        out.append("| measurement | wall (s) |");
        names.forEach(n -> out.append(' ').append(n).append(" |"));
        out.append(" all listed | others | load |\n|---|---|");
        names.forEach(n -> out.append("---|"));
        out.append("---|---|---|\n");
        for (int i = 0; i < runs; i++) {
            RingvaultRun r = ringvaultRuns.get(i);
            BaselineRun b = baselineRuns.get(i);
            cpuRow(out, "ringvault " + (i + 1), r.cpu(), names, r.before(), r.after());
            cpuRow(out, "baseline " + (i + 1), b.cpu(), names, b.before(), b.after());
        }
        return out.toString();
    }

    private static void cpuRow(StringBuilder out, String what, CpuUse cpu, Set<String> names, Load before, Load after) {
        out.append("| ").append(what).append(String.format(Locale.ROOT, " | %.1f |", cpu.wallSeconds()));
        for (String name : names) {
            double seconds = cpu.seconds().getOrDefault(name, 0.0);
            out.append(
                    seconds < 0.05
                            ? " - |"
                            : String.format(
                                    Locale.ROOT,
                                    " %.1f (%.1f) |",
                                    seconds,
                                    cpu.systemSeconds().getOrDefault(name, 0.0)));
        }
        out.append(String.format(
                Locale.ROOT,
                " %.1f | %.1f | %.1f → %.1f, %d JVMs |%n",
                cpu.ours(),
                cpu.others(),
                before.average(),
                after.average(),
                Math.max(before.foreignJvms(), after.foreignJvms())));
    }

    private String machine() {
        List<Load> all = new ArrayList<>(loads);
        for (RingvaultRun r : ringvaultRuns) {
            all.add(r.before());
            all.add(r.after());
        }
        for (BaselineRun b : baselineRuns) {
            all.add(b.before());
            all.add(b.after());
        }
        double maxLoad = all.stream().mapToDouble(Load::average).max().orElse(0);
        int maxForeign = all.stream().mapToInt(Load::foreignJvms).max().orElse(0);
        return String.format(
                Locale.ROOT,
                "Machine: %d cores, %d GiB RAM, Java %s. %s: up to %d JVMs this benchmark did not start were"
                        + " running, 1-minute load average up to %.1f. Services run with `-Xmx256m -XX:+UseSerialGC`"
                        + " (the testkit's `LocalService`), Cassandra 5.0.9 with `-Xmx512m`.",
                Runtime.getRuntime().availableProcessors(),
                totalMemoryGib(),
                System.getProperty("java.version"),
                maxForeign > 0 ? "**Shared**" : "Not shared",
                maxForeign,
                maxLoad);
    }

    record Options(Path work, double sizeGib, int repeat, boolean keepData) {
        static Options parse(String[] args) {
            Path work = Path.of("target/bench-restore");
            double sizeGib = 1;
            int repeat = 1;
            boolean keepData = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--work" -> work = Path.of(optionValue(args, ++i));
                    case "--size-gib" -> sizeGib = Double.parseDouble(optionValue(args, ++i));
                    case "--repeat" -> repeat = Integer.parseInt(optionValue(args, ++i));
                    case "--keep-data" -> keepData = true;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (sizeGib <= 0 || repeat < 1) {
                throw new IllegalArgumentException("--size-gib must be positive, --repeat at least 1");
            }
            return new Options(work, sizeGib, repeat, keepData);
        }
    }

    record Dataset(
            String keyspace,
            List<String> tables,
            long rows,
            Map<String, Long> rowsPerTable,
            long retries,
            double writeSeconds,
            double seconds,
            int sstables,
            int files,
            long bytes) {
        String describe() {
            return String.format(
                    Locale.ROOT,
                    "keyspace `%s`, %d tables `(id int PRIMARY KEY, payload blob)` with compression and automatic"
                            + " compaction off; %d rows of %d KiB random bytes written through CQL (%d in flight,"
                            + " %d retried) in %.0f s, flushed by %.0f s: %d SSTables, %d files, %s on disk",
                    keyspace,
                    tables.size(),
                    rows,
                    ROW_BYTES / 1024,
                    IN_FLIGHT,
                    retries,
                    writeSeconds,
                    seconds,
                    sstables,
                    files,
                    human(bytes));
        }
    }

    /** A backup and, per keyspace and table, the count and bytes of the SSTable components it stored. */
    record BackupInfo(String id, double seconds, Map<String, Map<String, long[]>> tables) {
        long bytes(String keyspace) {
            return tables.getOrDefault(keyspace, Map.of()).values().stream()
                    .mapToLong(c -> c[1])
                    .sum();
        }

        long files(String keyspace) {
            return tables.getOrDefault(keyspace, Map.of()).values().stream()
                    .mapToLong(c -> c[0])
                    .sum();
        }

        String largestTable(String keyspace) {
            return tables.getOrDefault(keyspace, Map.of()).entrySet().stream()
                    .max(Comparator.comparingLong(e -> e.getValue()[1]))
                    .map(Map.Entry::getKey)
                    .orElse("-");
        }

        long largestTableBytes(String keyspace) {
            return tables.getOrDefault(keyspace, Map.of()).values().stream()
                    .mapToLong(c -> c[1])
                    .max()
                    .orElse(0);
        }

        String describe() {
            return String.format(Locale.ROOT, "%s in %.1f s, %s", id, seconds, tables.keySet());
        }
    }

    record RingvaultRun(
            String id,
            double seconds,
            long bytes,
            Timeline timeline,
            FileTimes files,
            DiskPeak peakStaging,
            CpuUse cpu,
            Load before,
            Load after) {
        double megabytesPerSecond() {
            return bytes / seconds / 1e6;
        }

        String describe() {
            return String.format(
                    Locale.ROOT,
                    "%.1f s, %s, %.1f MB/s; download %.1f s, import %.1f s; peak staging %s",
                    seconds,
                    human(bytes),
                    megabytesPerSecond(),
                    timeline.downloadSeconds(),
                    timeline.importSeconds(),
                    human(peakStaging.sstableBytes()));
        }
    }

    record BaselineRun(
            double downloadSeconds,
            double importSeconds,
            long files,
            long bytes,
            int tables,
            DiskPeak peak,
            CpuUse cpu,
            Load before,
            Load after) {
        double seconds() {
            return downloadSeconds + importSeconds;
        }

        /** Over the bytes ringvault restored, so both rates divide the same figure. */
        double megabytesPerSecond(long restoredBytes) {
            return restoredBytes / seconds() / 1e6;
        }

        String describe() {
            return String.format(
                    Locale.ROOT,
                    "%.1f s (download %.1f s, import %.1f s), %d files, %s, %.1f MB/s; peak download dir %s",
                    seconds(),
                    downloadSeconds,
                    importSeconds,
                    files,
                    human(bytes),
                    bytes / seconds() / 1e6,
                    human(peak.totalBytes()));
        }
    }

    /**
     * Ringvault's transfers by kind of file, from the node agent's {@code restore file staged} log lines: the time from
     * one staged file to the next of the same table (a file's transfer, checksum and fsync, with the gap before it).
     */
    record FileTimes(int dataFiles, double dataSeconds, long dataBytes, int otherFiles, double otherSeconds) {
        private static final Pattern STAGED = Pattern.compile(
                "^(\\S+Z)\\s.*restore file staged operationId=(\\S+) table=(\\S+) file=(\\S+) size=(\\d+)");

        static FileTimes of(Path agentLog, String operationId) throws IOException {
            int dataFiles = 0;
            int otherFiles = 0;
            double dataSeconds = 0;
            double otherSeconds = 0;
            long dataBytes = 0;
            Map<String, Instant> previous = new TreeMap<>();
            for (String line : Files.readAllLines(agentLog, StandardCharsets.UTF_8)) {
                Matcher m = STAGED.matcher(line);
                if (!m.find() || !m.group(2).equals(operationId)) {
                    continue;
                }
                Instant time = Instant.parse(m.group(1));
                Instant before = previous.put(m.group(3), time);
                if (before == null) {
                    continue;
                }
                double seconds = Duration.between(before, time).toMillis() / 1000.0;
                if (m.group(4).endsWith("-Data.db")) {
                    dataFiles++;
                    dataSeconds += seconds;
                    dataBytes += Long.parseLong(m.group(5));
                } else {
                    otherFiles++;
                    otherSeconds += seconds;
                }
            }
            return new FileTimes(dataFiles, dataSeconds, dataBytes, otherFiles, otherSeconds);
        }
    }

    /** The phases of one restore, from the times of its events on the coordinator's operation. */
    record Timeline(
            Instant accepted,
            Instant planned,
            long plannedBytes,
            Map<String, Instant> firstEvent,
            Map<String, Instant> importing,
            Map<String, Instant> done) {
        static Timeline of(JsonNode events) {
            Instant accepted = null;
            Instant planned = null;
            long plannedBytes = -1;
            Map<String, Instant> first = new TreeMap<>();
            Map<String, Instant> importing = new TreeMap<>();
            Map<String, Instant> done = new TreeMap<>();
            for (JsonNode event : events) {
                String type = event.path("type").asString();
                Instant time = Instant.parse(event.path("time").asString());
                JsonNode data = event.path("data");
                switch (type) {
                    case "io.ringvault.operation.accepted" -> accepted = time;
                    case "io.ringvault.restore.planned" -> {
                        planned = time;
                        plannedBytes = data.path("bytesTotal").asLong();
                    }
                    case "io.ringvault.restore.progress" -> {
                        String table = data.path("table").asString();
                        first.putIfAbsent(table, time);
                        switch (data.path("phase").asString()) {
                            case "importing" -> importing.putIfAbsent(table, time);
                            case "done" -> done.putIfAbsent(table, time);
                            default -> {}
                        }
                    }
                    default -> {}
                }
            }
            return new Timeline(accepted, planned, plannedBytes, first, importing, done);
        }

        double planningSeconds() {
            return between(accepted, planned);
        }

        double downloadSeconds() {
            return firstEvent.keySet().stream()
                    .mapToDouble(t -> between(firstEvent.get(t), importing.get(t)))
                    .sum();
        }

        double importSeconds() {
            return importing.keySet().stream()
                    .mapToDouble(t -> between(importing.get(t), done.get(t)))
                    .sum();
        }

        /** From the request (taken as the accepted time) to the last table done, in seconds. */
        double requestToLastDoneSeconds(double fallback) {
            Instant last = done.values().stream().max(Comparator.naturalOrder()).orElse(null);
            double seconds = between(accepted, last);
            return Double.isNaN(seconds) ? fallback : seconds;
        }

        String describeTables() {
            return firstEvent.keySet().stream()
                    .map(t -> String.format(
                            Locale.ROOT,
                            "`%s` download %.1f s, import %.1f s",
                            t,
                            between(firstEvent.get(t), importing.get(t)),
                            between(importing.get(t), done.get(t))))
                    .collect(Collectors.joining("; "));
        }

        private static double between(Instant from, Instant to) {
            return from == null || to == null
                    ? Double.NaN
                    : Duration.between(from, to).toMillis() / 1000.0;
        }
    }
}
