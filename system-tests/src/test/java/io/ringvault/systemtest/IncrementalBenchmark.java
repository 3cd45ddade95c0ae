package io.ringvault.systemtest;

import static io.ringvault.systemtest.BenchSupport.IN_FLIGHT;
import static io.ringvault.systemtest.BenchSupport.ROW_BYTES;
import static io.ringvault.systemtest.BenchSupport.createBlobTables;
import static io.ringvault.systemtest.BenchSupport.deleteEach;
import static io.ringvault.systemtest.BenchSupport.human;
import static io.ringvault.systemtest.BenchSupport.log;
import static io.ringvault.systemtest.BenchSupport.optionValue;
import static io.ringvault.systemtest.BenchSupport.printResults;
import static io.ringvault.systemtest.BenchSupport.seconds;
import static io.ringvault.systemtest.BenchSupport.sstableCount;
import static io.ringvault.systemtest.BenchSupport.stackPids;
import static io.ringvault.systemtest.BenchSupport.totalMemoryGib;
import static io.ringvault.systemtest.BenchSupport.totalSize;
import static io.ringvault.systemtest.BenchSupport.writeRandomRows;
import static io.ringvault.testkit.Directories.deleteRecursively;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import io.ringvault.systemtest.BackupBenchmark.Timeline;
import io.ringvault.systemtest.BenchSupport.CpuMeter;
import io.ringvault.systemtest.BenchSupport.CpuUse;
import io.ringvault.systemtest.BenchSupport.Jmx;
import io.ringvault.systemtest.BenchSupport.Load;
import io.ringvault.testkit.Stack;
import io.ringvault.testkit.StackSpec;
import io.ringvault.testkit.Stacks;
import io.ringvault.testkit.Topology;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * The incremental-backup benchmark that {@code bench/incremental.sh} runs: a {@code main}, not a test, so the build
 * never runs it. On the one Cassandra node of a local stack started with {@code incremental_backups: true}:
 *
 * <ol>
 *   <li>{@code --size-mib} MiB of incompressible rows (random blobs, compression and compaction off) in four tables,
 *       flushed once, or {@code --base-flushes} times for that many SSTables per table, and a snapshot backup (mode {@code differential}) of them: the base of the chain, timed;
 *   <li>then {@code --rounds} rounds, each: about 1% more ({@code --increment-mib}, default size / 100) written and
 *       flushed, then an {@code incremental} backup and a {@code differential} one of the same keyspace, one right
 *       after the other with nothing written between them. Odd rounds take the incremental first, even rounds the
 *       differential: whichever goes second finds the new SSTables already stored.
 * </ol>
 *
 * <p>Each backup is timed from the REST request to its {@code operation.completed} on the events topic; the operation's
 * progress gives the files announced, the bytes listed ({@code bytesDone}) and the bytes uploaded
 * ({@code bytesTransferred}); the node agent's log gives its snapshot (or {@code backups/} link) and listing times.
 * Prints Markdown tables for BENCHMARKS.md and writes them to {@code results.md} in the work directory. Everything it
 * starts is stopped at the end, on failure too: the testkit's shutdown hooks stop every service still running when the
 * JVM exits.
 */
final class IncrementalBenchmark {
    static final String KEYSPACE = "bench";
    static final List<String> TABLES = List.of("t1", "t2", "t3", "t4");
    /** Backed up by the freshly started system, in both modes, before anything is timed. */
    static final String WARMUP_KEYSPACE = "bench_warmup";

    static final long MIB = 1L << 20;
    /** The agent's line for each snapshot it takes or links ({@code SnapshotService}): its phases in milliseconds. */
    private static final Pattern AGENT_SNAPSHOT = Pattern.compile(
            "snapshot taken backupId=(\\S+) incremental=(\\S+) .*files=(\\d+) bytes=(\\d+) snapshotMs=(\\d+)"
                    + " listMs=(\\d+)");
    /** The coordinator's line once a backup's manifest is written: what it lists, cumulative for an incremental. */
    private static final Pattern MANIFEST_WRITTEN =
            Pattern.compile("backup manifest written backupId=(\\S+) .*files=(\\d+) bytes=(\\d+)");

    private final Options options;
    private final Path work;
    private final String run = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    private final List<Load> loads = new ArrayList<>();
    private Stack stack;
    private RingvaultSystem system;
    private Dataset dataset;
    private Measured base;
    private final List<Round> rounds = new ArrayList<>();
    private String failure;

    private IncrementalBenchmark(Options options) {
        this.options = options;
        this.work = options.work().toAbsolutePath();
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: IncrementalBenchmark [--work DIR] [--size-mib N] [--increment-mib N]"
                    + " [--base-flushes N] [--rounds N] [--s3] [--keep-data] [--warmup-rounds N]"
                    + " [--set ringvault.key=value]...");
            System.exit(2);
            return;
        }
        int status = new IncrementalBenchmark(options).run() ? 0 : 1;
        // Driver and JMX threads would keep the JVM alive; the testkit's hooks stop any service still running.
        System.exit(status);
    }

    private boolean run() {
        List<Path> bulkyData = new ArrayList<>();
        try {
            deleteRecursively(work);
            Files.createDirectories(work);
            loads.add(Load.now("start"));
            StackSpec spec = StackSpec.in(work.resolve("stack")).topology(Topology.SINGLE_NODE, true);
            if (!options.s3()) {
                spec.withoutObjectStore();
            }
            log("starting the stack under %s (incremental_backups: true)", work.resolve("stack"));
            try (Stack started = Stacks.start(spec)) {
                stack = started;
                bulkyData.addAll(started.cassandra().dataDirectories());
                bulkyData.add(
                        started.cassandra().dataDirectories().get(0).getParent().resolve("commitlog"));
                if (options.s3()) {
                    bulkyData.add(started.directory().resolve("s3proxy/objects"));
                }
                Path directory = work.resolve("ringvault");
                bulkyData.add(directory.resolve("objects"));
                dataset = write(KEYSPACE, rows(options.sizeMib()), options.baseFlushes(), true);
                log("data: %s", dataset.describe());
                try (RingvaultSystem ringvault = new RingvaultSystem(
                        stack, options.s3(), directory, options.s3() ? "bench-" + run : null, 2, options.overrides())) {
                    system = ringvault;
                    log("starting the coordinator, a node agent and 2 uploaders (logs in %s)", directory);
                    system.start();
                    warmUp();
                    base = backup(KEYSPACE, "differential");
                    log("base (snapshot backup): %s", base.describe());
                    for (int round = 1; round <= options.rounds(); round++) {
                        rounds.add(measureRound(round));
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
                // SSTables and objects; the logs stay for a look at what happened.
                deleteEach(bulkyData);
            }
        }
    }

    // ---- data ----

    private static long rows(double mib) {
        return Math.max(TABLES.size(), (long) Math.ceil(mib * MIB / ROW_BYTES));
    }

    /**
     * Writes {@code rows} random rows round-robin over the four tables of {@code keyspace} in {@code flushes} equal
     * rounds, flushing after each. The ids start at 0 each time: a later write replaces rows already there, with new
     * random bytes, and Cassandra flushes them into new SSTables all the same (compaction is off, nothing merges them).
     */
    private Dataset write(String keyspace, long rows, int flushes, boolean progress) throws Exception {
        List<String> tables = keyspace.equals(KEYSPACE) ? TABLES : List.of("w1", "w2", "w3", "w4");
        if (progress) {
            log(
                    "writing %d rows of %d KiB into %s (%s), %d flush(es)",
                    rows, ROW_BYTES / 1024, keyspace, tables, flushes);
        }
        long start = System.nanoTime();
        AtomicLong retries = new AtomicLong();
        double writeSeconds = 0;
        try (CqlSession session = BenchSupport.session(stack.cassandra(), Duration.ofSeconds(30));
                Jmx jmx = jmx()) {
            createBlobTables(session, keyspace, tables);
            for (int flush = 0; flush < flushes; flush++) {
                // Progress every tenth of the rows only when they are written in one round.
                writeRandomRows(
                        session,
                        keyspace,
                        tables,
                        rows / flushes,
                        progress && flushes == 1 ? 0 : Long.MAX_VALUE,
                        retries);
                writeSeconds = seconds(start);
                jmx.flush(keyspace);
            }
        }
        double seconds = seconds(start);
        List<Path> live = liveFiles(keyspace);
        return new Dataset(
                keyspace,
                tables.size(),
                rows,
                retries.get(),
                writeSeconds,
                seconds,
                sstableCount(live),
                live.size(),
                totalSize(live));
    }

    /** The live SSTable files of a keyspace: not in a snapshot or {@code backups/} directory. */
    private List<Path> liveFiles(String keyspace) throws IOException {
        return files(
                keyspace,
                p -> !p.toString().contains("/snapshots/") && !p.toString().contains("/backups/"));
    }

    /** The files of a keyspace's {@code backups/} directories: what the next incremental backup would ship. */
    private List<Path> backupsFiles(String keyspace) throws IOException {
        return files(keyspace, p -> p.getParent().getFileName().toString().equals("backups"));
    }

    /**
     * The regular files of a keyspace's directories that {@code filter} accepts. Files may vanish while the tree is
     * walked (the agent clears its snapshots and releases {@code backups/} links): those are skipped.
     */
    private List<Path> files(String keyspace, Predicate<Path> filter) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path dataDirectory : stack.cassandra().dataDirectories()) {
            Path keyspaceDirectory = dataDirectory.resolve(keyspace);
            if (!Files.isDirectory(keyspaceDirectory)) {
                continue;
            }
            Files.walkFileTree(keyspaceDirectory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile() && filter.test(file)) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }
            });
        }
        return files;
    }

    /**
     * Waits until the agent has cleared the backup's snapshot directory: it releases the {@code backups/} links the
     * backup shipped just before, so the next backup sees exactly what was flushed after this one.
     */
    private void awaitCleared(String backupId) {
        await().atMost(Duration.ofMinutes(1))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(10))
                .until(() -> !RingvaultSystem.snapshotOnDisk(stack.cassandra(), KEYSPACE, backupId)
                        && !RingvaultSystem.snapshotOnDisk(stack.cassandra(), WARMUP_KEYSPACE, backupId));
    }

    // ---- the measurements ----

    /**
     * Untimed backups of a small keyspace first (20 SSTables in 4 tables, 10 MiB): a snapshot backup, then each round
     * a few rows more, an incremental and a differential. A freshly started coordinator opens its Cassandra session
     * and Kafka producer on its first request, and the JVMs compile their per-file paths only after many calls.
     */
    private void warmUp() throws Exception {
        write(WARMUP_KEYSPACE, 80, 5, false);
        Measured first = backup(WARMUP_KEYSPACE, "differential");
        log("warm-up snapshot backup: %s", first.describe());
        for (int round = 1; round <= options.warmupRounds(); round++) {
            write(WARMUP_KEYSPACE, 4, 1, false);
            Measured incremental = backup(WARMUP_KEYSPACE, "incremental");
            Measured differential = backup(WARMUP_KEYSPACE, "differential");
            log("warm-up %d: incremental %s; differential %s", round, incremental.describe(), differential.describe());
        }
    }

    private Round measureRound(int round) throws Exception {
        Dataset increment = write(KEYSPACE, rows(options.incrementMib()), 1, false);
        List<Path> pending = backupsFiles(KEYSPACE);
        long pendingBytes = totalSize(pending);
        log(
                "round %d: wrote %s more (%d rows, flushed); backups/ holds %d files, %s",
                round,
                human((long) (rows(options.incrementMib()) * ROW_BYTES)),
                increment.rows(),
                pending.size(),
                human(pendingBytes));
        boolean incrementalFirst = round % 2 == 1;
        List<String> order =
                incrementalFirst ? List.of("incremental", "differential") : List.of("differential", "incremental");
        List<Measured> measured = new ArrayList<>();
        for (String mode : order) {
            Measured backup = backup(KEYSPACE, mode);
            log("round %d %s: %s", round, mode, backup.describe());
            measured.add(backup);
        }
        Measured incremental = incrementalFirst ? measured.get(0) : measured.get(1);
        Measured differential = incrementalFirst ? measured.get(1) : measured.get(0);
        return new Round(
                round,
                incrementalFirst,
                pending.size(),
                pendingBytes,
                increment,
                incremental,
                differential,
                Load.now("round " + round));
    }

    /**
     * One backup through the REST API, timed from the request until its {@code operation.completed} is on the events
     * topic; then, untimed, until the agent has cleared its snapshot directory (and released what it shipped).
     */
    private Measured backup(String keyspace, String mode) throws Exception {
        Map<String, Long> pids = stackPids(stack);
        pids.put("coordinator", system.coordinator.pid());
        pids.put("node-agent", system.agent.pid());
        system.uploaders.forEach(u -> pids.put("uploader-" + u.pid(), u.pid()));
        long start;
        long seen;
        String id;
        CpuUse cpu;
        try (CompletionWatcher watcher =
                new CompletionWatcher(stack.kafkaBootstrapServers(), system.topicPrefix + ".events")) {
            CpuMeter meter = new CpuMeter(pids, "none");
            start = System.nanoTime();
            JsonNode accepted =
                    system.post("/api/v1/backups", "{\"keyspaces\":[\"" + keyspace + "\"],\"mode\":\"" + mode + "\"}");
            id = accepted.path("operationId").asString();
            if (id == null || id.isBlank()) {
                throw new IllegalStateException("the coordinator refused the " + mode + " backup: " + accepted);
            }
            seen = watcher.awaitTerminal(id, Duration.ofMinutes(30));
            cpu = meter.stop();
        }
        double seconds = (seen - start) / 1e9;
        AtomicReference<JsonNode> operation = new AtomicReference<>();
        String operationId = id;
        // The REST view follows once the coordinator has folded the event back in: untimed.
        await().atMost(Duration.ofMinutes(1))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    operation.set(system.get("/api/v1/operations/" + operationId));
                    return RingvaultSystem.TERMINAL_STATES.contains(
                            operation.get().path("state").asString());
                });
        JsonNode done = operation.get();
        if (!"COMPLETED".equals(done.path("state").asString())) {
            throw new IllegalStateException(mode + " backup " + id + " did not complete: " + done);
        }
        awaitCleared(id);
        JsonNode progress = done.path("progress");
        double serverSeconds = Duration.between(
                                Instant.parse(done.path("acceptedAt").asString()),
                                Instant.parse(done.path("finishedAt").asString()))
                        .toMillis()
                / 1000.0;
        Timeline timeline = Timeline.of(system.get("/api/v1/operations/" + id + "/events"));
        JsonNode backupView = system.get("/api/v1/backups/" + id);
        return new Measured(
                id,
                mode,
                seconds,
                serverSeconds,
                progress.path("filesTotal").asLong(),
                progress.path("bytesDone").asLong(),
                progress.path("bytesTransferred").asLong(),
                timeline,
                agentSnapshot(id),
                manifestListed(id),
                backupView.path("buildsOn").asString(""),
                cpu);
    }

    /** The agent's own figures for a backup's snapshot, from its log line; null if the line is not there. */
    private AgentSnapshot agentSnapshot(String backupId) throws IOException {
        Path logFile = system.agent.logFile();
        try (Stream<String> lines = Files.lines(logFile)) {
            return lines.map(AGENT_SNAPSHOT::matcher)
                    .filter(m -> m.find() && m.group(1).equals(backupId))
                    .map(IncrementalBenchmark::agentSnapshot)
                    .reduce((a, b) -> b) // the last, should the agent have listed it again
                    .orElse(null);
        }
    }

    /** Files and bytes the backup's manifest lists, from the coordinator's log; null if the line is not there. */
    private long[] manifestListed(String backupId) throws IOException {
        try (Stream<String> lines = Files.lines(system.coordinator.logFile())) {
            return lines.map(MANIFEST_WRITTEN::matcher)
                    .filter(m -> m.find() && m.group(1).equals(backupId))
                    .map(m -> new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3))})
                    .reduce((a, b) -> b)
                    .orElse(null);
        }
    }

    private static AgentSnapshot agentSnapshot(Matcher m) {
        return new AgentSnapshot(
                Boolean.parseBoolean(m.group(2)),
                Long.parseLong(m.group(3)),
                Long.parseLong(m.group(4)),
                Long.parseLong(m.group(5)),
                Long.parseLong(m.group(6)));
    }

    private Jmx jmx() throws IOException {
        return new Jmx(stack.cassandra().jmxServiceUrl());
    }

    // ---- the report ----

    String report() {
        StringBuilder out = new StringBuilder();
        out.append("### Run ").append(run).append("\n\n");
        out.append(machine()).append("\n\n");
        if (dataset != null) {
            out.append("Setup: one Cassandra 5.0.9 node of the local stack (`-Xmx512m`, `incremental_backups: true`). ")
                    .append(dataset.describe())
                    .append(". Store: ")
                    .append(options.s3() ? "s3proxy through the S3 backend" : "a directory (the filesystem backend)")
                    .append(". Services as `java -jar` with their defaults (the files fetched from the node agent over"
                            + " HTTP); the coordinator, a node agent and 2 uploaders")
                    .append(options.overrides().isEmpty() ? "" : "; set with `--set`: " + options.overrides())
                    .append(String.format(
                            Locale.ROOT,
                            ". Warm-up: a snapshot backup of a 10 MiB keyspace, then %d rounds of an incremental"
                                    + " and a differential backup of it. MB = 10^6 bytes.\n\n",
                            options.warmupRounds()));
        }
        if (base != null) {
            out.append(String.format(
                    Locale.ROOT,
                    "Base: a snapshot backup (mode `differential`, the keyspace's first) in %.1f s, %d files, %s"
                            + " uploaded, %.1f MB/s.%n%n",
                    base.seconds(),
                    base.files(),
                    human(base.bytesTransferred()),
                    base.bytesTransferred() / base.seconds() / 1e6));
        }
        if (!rounds.isEmpty()) {
            out.append("Each round: ")
                    .append(human(rows(options.incrementMib()) * ROW_BYTES))
                    .append(" more written and flushed, then both backups of keyspace `")
                    .append(KEYSPACE)
                    .append("`, one right after the other (nothing written between them; each waits until the agent"
                            + " has cleared the previous backup's snapshot and released its `backups/` links). Wall ="
                            + " REST request to `operation.completed` on the events topic. Snapshot phase = request"
                            + " to `node.snapshot.taken`; the agent's own flush + snapshot (or `backups/` link) and"
                            + " listing times from its log. Files = `progress.filesTotal` (announced); listed ="
                            + " `progress.bytesDone`; uploaded = `progress.bytesTransferred`; manifest lists = the"
                            + " backup manifest's files and bytes (cumulative for an incremental: its base's too),"
                            + " from the coordinator's log.\n\n");
            out.append("| round | taken | backup | wall (s) | accepted to finished (s) | snapshot phase (s)"
                    + " | agent snapshot + list (ms) | files (s) | manifests (s) | files announced | stored / reused"
                    + " | bytes listed | bytes uploaded | manifest lists | ours / machine (cores busy) |\n");
            out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (Round r : rounds) {
                for (Measured m : r.inOrder()) {
                    Timeline t = m.timeline();
                    long stored = t.uploaders().values().stream()
                                    .mapToLong(Timeline.Uploader::files)
                                    .sum()
                            - t.reused();
                    out.append(String.format(
                            Locale.ROOT,
                            "| %d | %s | %s | %.2f | %.2f | %.2f | %s | %.2f | %.2f | %d | %d / %d | %s | %s | %s"
                                    + " | %.2f / %.2f |%n",
                            r.round(),
                            r.inOrder().get(0) == m ? "first" : "second",
                            m.mode(),
                            m.seconds(),
                            m.serverSeconds(),
                            t.snapshotSeconds(),
                            m.agent() == null
                                    ? "n/a"
                                    : m.agent().snapshotMs() + " + " + m.agent().listMs(),
                            t.uploadSeconds(),
                            t.finishSeconds(),
                            m.files(),
                            stored,
                            t.reused(),
                            human(m.bytesListed()),
                            human(m.bytesTransferred()),
                            m.manifest() == null ? "n/a" : m.manifest()[0] + " files, " + human(m.manifest()[1]),
                            m.cpu().ours() / m.cpu().wallSeconds(),
                            m.cpu().machineBusySeconds() / m.cpu().wallSeconds()));
                }
            }
            out.append("\nRatios, differential / incremental, within each round (> 1: the incremental is smaller"
                    + " or faster). Whichever goes second finds the new SSTables stored already: a differential"
                    + " after the incremental reuses them, an incremental after the differential finds `backups/`"
                    + " released by it and ships only each table's small `manifest.json`.\n\n");
            out.append("| round | taken first | new in `backups/` | time | files announced | bytes listed"
                    + " | bytes uploaded | load (1 min) |\n");
            out.append("|---|---|---|---|---|---|---|---|\n");
            for (Round r : rounds) {
                Measured i = r.incremental();
                Measured d = r.differential();
                out.append(String.format(
                        Locale.ROOT,
                        "| %d | %s | %d files, %s | %.2f× (%.2f / %.2f s) | %s (%d / %d) | %s | %s | %.1f |%n",
                        r.round(),
                        r.incrementalFirst() ? "incremental" : "differential",
                        r.pendingFiles(),
                        human(r.pendingBytes()),
                        d.seconds() / i.seconds(),
                        d.seconds(),
                        i.seconds(),
                        ratio(d.files(), i.files()),
                        d.files(),
                        i.files(),
                        ratio(d.bytesListed(), i.bytesListed()),
                        ratio(d.bytesTransferred(), i.bytesTransferred()),
                        r.load().average()));
            }
            out.append("\nEach mode where it goes first, so that it is the one to find the new SSTables unstored: the"
                    + " incremental of an odd round against the differential of the even round after it (each round"
                    + " writes the same amount). Ratios differential / incremental.\n\n");
            out.append("| rounds | incremental first (s) | differential first (s) | time | files announced"
                    + " | bytes listed | bytes uploaded |\n");
            out.append("|---|---|---|---|---|---|---|\n");
            for (int k = 0; k + 1 < rounds.size(); k += 2) {
                Measured i = rounds.get(k).incremental();
                Measured d = rounds.get(k + 1).differential();
                out.append(String.format(
                        Locale.ROOT,
                        "| %d and %d | %.2f | %.2f | %.2f× | %s (%d / %d) | %s (%s / %s) | %s (%s / %s) |%n",
                        rounds.get(k).round(),
                        rounds.get(k + 1).round(),
                        i.seconds(),
                        d.seconds(),
                        d.seconds() / i.seconds(),
                        ratio(d.files(), i.files()),
                        d.files(),
                        i.files(),
                        ratio(d.bytesListed(), i.bytesListed()),
                        human(d.bytesListed()),
                        human(i.bytesListed()),
                        ratio(d.bytesTransferred(), i.bytesTransferred()),
                        human(d.bytesTransferred()),
                        human(i.bytesTransferred())));
            }
            out.append("\nThe chain, as `GET /api/v1/backups/{id}` reports `buildsOn`: ");
            out.append(rounds.stream()
                    .flatMap(r -> r.inOrder().stream())
                    .filter(m -> m.mode().equals("incremental"))
                    .map(m -> "`" + m.id() + "` on `" + (m.buildsOn().isEmpty() ? "(none)" : m.buildsOn()) + "`")
                    .collect(Collectors.joining(", ")));
            out.append(" (base `").append(base.id()).append("`).\n");
        }
        if (failure != null) {
            out.append("\n**The benchmark failed:** ").append(failure).append('\n');
        }
        return out.toString();
    }

    private static String ratio(long numerator, long denominator) {
        return denominator == 0
                ? (numerator == 0 ? "both 0" : "∞ (" + human(numerator) + " / 0)")
                : ratio(numerator / (double) denominator);
    }

    /** Two decimals where they say something; four below 0.01, none from 1000 on. */
    private static String ratio(double ratio) {
        if (ratio >= 1000) {
            return String.format(Locale.ROOT, "%,.0f×", ratio);
        }
        return String.format(Locale.ROOT, ratio < 0.01 ? "%.4f×" : "%.2f×", ratio);
    }

    private String machine() {
        List<Load> all = new ArrayList<>(loads);
        rounds.forEach(r -> all.add(r.load()));
        double maxLoad = all.stream().mapToDouble(Load::average).max().orElse(0);
        int maxForeign = all.stream().mapToInt(Load::foreignJvms).max().orElse(0);
        return String.format(
                Locale.ROOT,
                "Machine: %d cores, %d GiB RAM, Java %s. %s: up to %d JVMs this benchmark did not start were"
                        + " running, load average (1 min) up to %.1f (%s).",
                Runtime.getRuntime().availableProcessors(),
                totalMemoryGib(),
                System.getProperty("java.version"),
                maxForeign > 0 ? "**Shared**" : "Not shared",
                maxForeign,
                maxLoad,
                all.stream()
                        .map(l -> String.format(Locale.ROOT, "%s %.1f/%d JVMs", l.what(), l.average(), l.foreignJvms()))
                        .collect(Collectors.joining(", ")));
    }

    // ---- results ----

    record Options(
            Path work,
            double sizeMib,
            double incrementMib,
            int baseFlushes,
            int rounds,
            boolean s3,
            boolean keepData,
            int warmupRounds,
            Map<String, String> overrides) {
        static Options parse(String[] args) {
            Path work = Path.of("target/bench-incremental");
            double sizeMib = 1024;
            Double incrementMib = null;
            int baseFlushes = 1;
            int rounds = 2;
            boolean s3 = false;
            boolean keepData = false;
            int warmupRounds = 5;
            Map<String, String> overrides = new TreeMap<>();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--work" -> work = Path.of(optionValue(args, ++i));
                    case "--size-mib" -> sizeMib = Double.parseDouble(optionValue(args, ++i));
                    case "--increment-mib" -> incrementMib = Double.parseDouble(optionValue(args, ++i));
                    case "--base-flushes" -> baseFlushes = Integer.parseInt(optionValue(args, ++i));
                    case "--rounds" -> rounds = Integer.parseInt(optionValue(args, ++i));
                    case "--s3" -> s3 = true;
                    case "--keep-data" -> keepData = true;
                    case "--warmup-rounds" -> warmupRounds = Integer.parseInt(optionValue(args, ++i));
                    case "--set" -> {
                        String setting = optionValue(args, ++i);
                        int equals = setting.indexOf('=');
                        if (equals < 1) {
                            throw new IllegalArgumentException("--set takes key=value, not " + setting);
                        }
                        overrides.put(setting.substring(0, equals), setting.substring(equals + 1));
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            double increment = incrementMib == null ? sizeMib / 100 : incrementMib;
            if (sizeMib <= 0 || increment <= 0 || baseFlushes < 1 || rounds < 1 || warmupRounds < 0) {
                throw new IllegalArgumentException("--size-mib and --increment-mib must be positive, --base-flushes and"
                        + " --rounds at least 1, --warmup-rounds at least 0");
            }
            return new Options(work, sizeMib, increment, baseFlushes, rounds, s3, keepData, warmupRounds, overrides);
        }
    }

    record Dataset(
            String keyspace,
            int tables,
            long rows,
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
                    tables,
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

    /** The agent's figures for one snapshot: flush + snapshot (or {@code backups/} links), then the listing. */
    record AgentSnapshot(boolean incremental, long files, long bytes, long snapshotMs, long listMs) {}

    record Measured(
            String id,
            String mode,
            double seconds,
            double serverSeconds,
            long files,
            long bytesListed,
            long bytesTransferred,
            Timeline timeline,
            AgentSnapshot agent,
            long[] manifest,
            String buildsOn,
            CpuUse cpu) {
        String describe() {
            return String.format(
                    Locale.ROOT,
                    "%.2f s (accepted to finished %.2f s), %d files, %s listed, %s uploaded, %d reused%s",
                    seconds,
                    serverSeconds,
                    files,
                    human(bytesListed),
                    human(bytesTransferred),
                    timeline.reused(),
                    agent == null
                            ? ""
                            : String.format(
                                    Locale.ROOT,
                                    "; agent: snapshot %d ms, list %d ms, incremental=%s",
                                    agent.snapshotMs(),
                                    agent.listMs(),
                                    agent.incremental()));
        }
    }

    record Round(
            int round,
            boolean incrementalFirst,
            int pendingFiles,
            long pendingBytes,
            Dataset increment,
            Measured incremental,
            Measured differential,
            Load load) {
        List<Measured> inOrder() {
            return incrementalFirst ? List.of(incremental, differential) : List.of(differential, incremental);
        }
    }
}
