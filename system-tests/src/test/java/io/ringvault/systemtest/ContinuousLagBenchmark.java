package io.ringvault.systemtest;

import static io.ringvault.systemtest.BenchSupport.IN_FLIGHT;
import static io.ringvault.systemtest.BenchSupport.createBlobTables;
import static io.ringvault.systemtest.BenchSupport.deleteEach;
import static io.ringvault.systemtest.BenchSupport.human;
import static io.ringvault.systemtest.BenchSupport.log;
import static io.ringvault.systemtest.BenchSupport.optionValue;
import static io.ringvault.systemtest.BenchSupport.printResults;
import static io.ringvault.systemtest.BenchSupport.totalMemoryGib;
import static io.ringvault.testkit.Directories.deleteRecursively;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.ringvault.systemtest.BenchSupport.Jmx;
import io.ringvault.systemtest.BenchSupport.Load;
import io.ringvault.testkit.Stack;
import io.ringvault.testkit.StackSpec;
import io.ringvault.testkit.Stacks;
import io.ringvault.testkit.Topology;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * The continuous-backup lag benchmark that {@code bench/continuous.sh} runs: a {@code main}, not a test, so the build
 * never runs it. On the one Cassandra node of a local stack started with {@code incremental_backups: true} and a
 * filesystem store, a keyspace of one table and a snapshot backup of it (the base of the chain); then, one after the
 * other, two phases under the same steady write load ({@code --rows-per-second} rows of 1 KiB for {@code --seconds},
 * the keyspace flushed over JMX every {@code --flush-every} seconds, each flush's end recorded):
 *
 * <ol>
 *   <li><b>continuous</b>: a schedule of incremental backups with {@code flush: false} every {@code --interval}
 *       seconds, as {@code ringvault continuous start} creates it;
 *   <li><b>baseline</b>: a differential (snapshot) backup every {@code --baseline-every} seconds.
 * </ol>
 *
 * <p>For each flush, the lag is how long until it is in the store with a manifest listing it: the {@code finishedAt}
 * of the first backup of the phase accepted after the flush ended, minus that end. Each phase goes on past the load
 * until a backup accepted after its last flush has finished, so every flush has a lag. Every 500 ms, the node agent's
 * {@code ringvault_agent_backups_directory_oldest_age_seconds} and {@code _bytes} are sampled, and the same two figures
 * measured on the keyspace's own {@code backups/} directories (the agent's cover every keyspace, Cassandra's too). Prints
 * Markdown tables and writes them to {@code results.md} in the work directory; everything it starts is stopped at the
 * end, on failure too (the testkit's shutdown hooks).
 */
final class ContinuousLagBenchmark {
    static final String KEYSPACE = "lag";
    static final String TABLE = "events";
    static final int ROW_BYTES = 1024;
    static final String SCHEDULE = "continuous-" + KEYSPACE;
    static final String REQUESTED_BY = "bench";
    /**
     * The agent's gauges by their Micrometer names ({@code ringvault_agent_backups_directory_oldest_age_seconds} and
     * {@code _bytes} in Prometheus terms). The agent has no Prometheus registry and exposes only health and info: the
     * benchmark exposes its {@code metrics} endpoint ({@link #EXPOSE_METRICS}) and reads them there.
     */
    private static final String OLDEST_AGE = "ringvault.agent.backups.directory.oldest.age";

    private static final String BYTES = "ringvault.agent.backups.directory.bytes";
    private static final Map<String, String> EXPOSE_METRICS =
            Map.of("management.endpoints.web.exposure.include", "health,info,metrics,prometheus");
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(500);

    private final Options options;
    private final Path work;
    private final List<Load> loads = new ArrayList<>();
    private final AtomicInteger nextId = new AtomicInteger();
    private Stack stack;
    private RingvaultSystem system;
    private String baseId;
    private double baseSeconds;
    private Phase continuous;
    private Phase baseline;
    private String failure;

    private ContinuousLagBenchmark(Options options) {
        this.options = options;
        this.work = options.work().toAbsolutePath();
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: ContinuousLagBenchmark [--work DIR] [--seconds N] [--rows-per-second N]"
                    + " [--flush-every N] [--interval N] [--baseline-every N] [--keep-data]"
                    + " [--set ringvault.key=value]...");
            System.exit(2);
            return;
        }
        int status = new ContinuousLagBenchmark(options).run() ? 0 : 1;
        // Driver and JMX threads would keep the JVM alive; the testkit's hooks stop any service still running.
        System.exit(status);
    }

    private boolean run() {
        List<Path> bulkyData = new ArrayList<>();
        try {
            deleteRecursively(work);
            Files.createDirectories(work);
            loads.add(Load.now("start"));
            StackSpec spec = StackSpec.in(work.resolve("stack"))
                    .topology(Topology.SINGLE_NODE, true)
                    .withoutObjectStore();
            log("starting the stack under %s (incremental_backups: true)", work.resolve("stack"));
            try (Stack started = Stacks.start(spec)) {
                stack = started;
                bulkyData.addAll(started.cassandra().dataDirectories());
                bulkyData.add(
                        started.cassandra().dataDirectories().get(0).getParent().resolve("commitlog"));
                Path directory = work.resolve("ringvault");
                bulkyData.add(directory.resolve("objects"));
                Map<String, String> overrides = new TreeMap<>();
                // The metrics sampled every 500 ms should move as often.
                overrides.put("ringvault.agent.backups-directory.check-interval", "500ms");
                overrides.putAll(EXPOSE_METRICS);
                overrides.putAll(options.overrides());
                try (RingvaultSystem ringvault = new RingvaultSystem(stack, false, directory, null, 2, overrides)) {
                    system = ringvault;
                    log("starting the coordinator, a node agent and 2 uploaders (logs in %s)", directory);
                    system.start();
                    takeBase();
                    continuous = measureContinuous();
                    loads.add(Load.now("after continuous"));
                    baseline = measureBaseline();
                    loads.add(Load.now("after baseline"));
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

    /** The table, a few thousand rows flushed, and the snapshot backup the continuous backup's chain builds on. */
    private void takeBase() throws Exception {
        try (CqlSession session = BenchSupport.session(stack.cassandra(), Duration.ofSeconds(30));
                Jmx jmx = jmx()) {
            createBlobTables(session, KEYSPACE, List.of(TABLE));
            SteadyWrites steady = new SteadyWrites(options.rowsPerSecond(), Duration.ofSeconds(5));
            steady.write(session);
            jmx.flush(KEYSPACE);
        }
        long start = System.nanoTime();
        Backup base = backupAndWait("{\"keyspaces\":[\"" + KEYSPACE + "\"]}", "the base snapshot backup");
        baseId = base.id();
        baseSeconds = BenchSupport.seconds(start);
        log("base snapshot backup %s: %.2f s (accepted to finished %.2f s)", baseId, baseSeconds, base.seconds());
    }

    // ---- the two phases ----

    private Phase measureContinuous() throws Exception {
        log(
                "continuous: a link every %d s, %d rows/s for %d s",
                options.interval(), options.rowsPerSecond(), options.seconds());
        Instant phaseStart = Instant.now();
        JsonNode created = system.post(
                "/api/v1/schedules",
                "{\"name\":\"" + SCHEDULE + "\",\"cron\":\"*/" + options.interval() + " * * * * *\",\"keyspaces\":[\""
                        + KEYSPACE + "\"],\"mode\":\"incremental\",\"flush\":false,\"missedFirings\":\"skip\","
                        + "\"requestedBy\":\"" + REQUESTED_BY + "\"}");
        if (!SCHEDULE.equals(created.path("name").asString(""))) {
            throw new IllegalStateException("the coordinator refused the schedule: " + created);
        }
        Sampler sampler = Sampler.start(system.agent.url(), keyspaceDirectories());
        List<Instant> flushes;
        try {
            flushes = loadWithFlushes();
            Instant lastFlush = flushes.get(flushes.size() - 1);
            log("continuous: load over, waiting for a link accepted after the last flush");
            await().atMost(Duration.ofSeconds(options.interval() * 4L + 120))
                    .pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions()
                    .until(() -> backups(b -> SCHEDULE.equals(b.schedule())).stream()
                            .anyMatch(b -> b.completed() && b.acceptedAt().isAfter(lastFlush)));
        } finally {
            sampler.stop();
            JsonNode stopped = system.delete("/api/v1/schedules/" + SCHEDULE, REQUESTED_BY);
            log("continuous: schedule deleted: %s", stopped.path("state").asString(stopped.toString()));
        }
        awaitNoRunningBackup();
        List<Backup> links =
                backups(b -> SCHEDULE.equals(b.schedule()) && !b.acceptedAt().isBefore(phaseStart));
        return Phase.of("continuous", flushes, links, sampler);
    }

    private Phase measureBaseline() throws Exception {
        log(
                "baseline: a differential backup every %d s, %d rows/s for %d s",
                options.baselineEvery(), options.rowsPerSecond(), options.seconds());
        Instant phaseStart = Instant.now();
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Instant> lastFlush = new AtomicReference<>();
        AtomicReference<Exception> backupFailure = new AtomicReference<>();
        AtomicBoolean covered = new AtomicBoolean();
        // Backups on a fixed grid from the phase's start, as a schedule would fire them, until one accepted after the
        // last flush has finished.
        Thread backups = new Thread(
                () -> {
                    long startNanos = System.nanoTime();
                    try {
                        for (int k = 1; !covered.get(); k++) {
                            long due = startNanos + k * options.baselineEvery() * 1_000_000_000L;
                            while (System.nanoTime() < due) {
                                LockSupport.parkNanos(due - System.nanoTime());
                            }
                            Instant requested = Instant.now();
                            Backup backup = backupAndWait(
                                    "{\"keyspaces\":[\"" + KEYSPACE + "\"],\"mode\":\"differential\"}",
                                    "baseline backup " + k);
                            ids.add(backup.id());
                            log(
                                    "baseline backup %d: %s, accepted to finished %.2f s",
                                    k, backup.id(), backup.seconds());
                            Instant last = lastFlush.get();
                            if (last != null && requested.isAfter(last)) {
                                covered.set(true);
                            }
                        }
                    } catch (Exception e) {
                        backupFailure.set(e);
                    }
                },
                "baseline-backups");
        Sampler sampler = Sampler.start(system.agent.url(), keyspaceDirectories());
        List<Instant> flushes;
        try {
            backups.start();
            flushes = loadWithFlushes();
            lastFlush.set(flushes.get(flushes.size() - 1));
            log("baseline: load over, waiting for a backup taken after the last flush");
            backups.join(Duration.ofSeconds(options.baselineEvery() * 2L + 600).toMillis());
        } finally {
            sampler.stop();
        }
        if (backupFailure.get() != null) {
            throw backupFailure.get();
        }
        if (backups.isAlive()) {
            throw new IllegalStateException("the baseline backups did not cover the last flush in time");
        }
        List<Backup> taken =
                backups(b -> ids.contains(b.id()) && !b.acceptedAt().isBefore(phaseStart));
        return Phase.of("baseline", flushes, taken, sampler);
    }

    /**
     * The steady load for {@code --seconds} with a flush of the keyspace every {@code --flush-every} seconds and one
     * more at the end; returns when each flush returned (its SSTables are then in {@code backups/}).
     */
    private List<Instant> loadWithFlushes() throws Exception {
        List<Instant> flushes = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<Exception> flushFailure = new AtomicReference<>();
        try (CqlSession session = BenchSupport.session(stack.cassandra(), Duration.ofSeconds(30));
                Jmx jmx = jmx()) {
            Thread flusher = new Thread(
                    () -> {
                        long startNanos = System.nanoTime();
                        try {
                            for (int k = 1; writing.get(); k++) {
                                long due = startNanos + k * options.flushEvery() * 1_000_000_000L;
                                while (writing.get() && System.nanoTime() < due) {
                                    LockSupport.parkNanos(Math.min(due - System.nanoTime(), 100_000_000L));
                                }
                                if (writing.get()) {
                                    jmx.flush(KEYSPACE);
                                    flushes.add(Instant.now());
                                }
                            }
                        } catch (Exception e) {
                            flushFailure.set(e);
                        }
                    },
                    "flusher");
            flusher.start();
            SteadyWrites steady = new SteadyWrites(options.rowsPerSecond(), Duration.ofSeconds(options.seconds()));
            try {
                steady.write(session);
            } finally {
                writing.set(false);
                flusher.join();
            }
            if (flushFailure.get() != null) {
                throw flushFailure.get();
            }
            // The rows written since the last periodic flush: in an SSTable too, so every row has a lag.
            jmx.flush(KEYSPACE);
            flushes.add(Instant.now());
            log(
                    "  %d rows written (%.0f/s, %d failed), %d flushes",
                    steady.written.get(), steady.rate(), steady.failed.get(), flushes.size());
        }
        return new ArrayList<>(flushes);
    }

    // ---- REST ----

    /** Requests a backup and waits until it is over; fails unless it completed. */
    private Backup backupAndWait(String json, String what) throws Exception {
        JsonNode accepted = system.post("/api/v1/backups", json);
        String id = accepted.path("operationId").asString("");
        if (id.isBlank()) {
            throw new IllegalStateException("the coordinator refused " + what + ": " + accepted);
        }
        JsonNode done = system.awaitOperationEnd(id, Duration.ofMinutes(10));
        if (!"COMPLETED".equals(done.path("state").asString(""))) {
            throw new IllegalStateException(what + " " + id + " did not complete: " + done);
        }
        return new Backup(
                id,
                null,
                "COMPLETED",
                Instant.parse(done.path("acceptedAt").asString()),
                Instant.parse(done.path("finishedAt").asString()));
    }

    /** The backups {@code GET /api/v1/backups} lists that {@code filter} keeps, oldest first. */
    private List<Backup> backups(Predicate<Backup> filter) throws Exception {
        List<Backup> backups = new ArrayList<>();
        for (JsonNode b : system.get("/api/v1/backups")) {
            if (b.path("acceptedAt").isMissingNode() || b.path("acceptedAt").isNull()) {
                continue; // known only from the store's index: not taken by this run
            }
            String finished = b.path("finishedAt").asString(null);
            Backup backup = new Backup(
                    b.path("id").asString(),
                    b.path("schedule").asString(null),
                    b.path("state").asString(""),
                    Instant.parse(b.path("acceptedAt").asString()),
                    finished == null ? null : Instant.parse(finished));
            if (filter.test(backup)) {
                backups.add(backup);
            }
        }
        backups.sort((a, b) -> a.acceptedAt().compareTo(b.acceptedAt()));
        return backups;
    }

    private void awaitNoRunningBackup() {
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> backups(b -> !RingvaultSystem.TERMINAL_STATES.contains(b.state()))
                        .isEmpty());
    }

    /** The benchmark keyspace's directory in each of the node's data directories. */
    private List<Path> keyspaceDirectories() {
        return stack.cassandra().dataDirectories().stream()
                .map(d -> d.resolve(KEYSPACE))
                .toList();
    }

    private Jmx jmx() throws IOException {
        return new Jmx(stack.cassandra().jmxServiceUrl());
    }

    // ---- the report ----

    String report() {
        StringBuilder out = new StringBuilder();
        out.append("## Continuous backup lag\n\n");
        out.append(String.format(
                Locale.ROOT,
                "One node (`incremental_backups: true`), filesystem store, keyspace `%s` with one table"
                        + " `(id int PRIMARY KEY, payload blob)`; %d rows/s of %d B random bytes for %d s in each phase,"
                        + " the keyspace flushed over JMX every %d s (and once at the end). Continuous: incremental"
                        + " backups with `flush: false` every %d s (a schedule, cron `*/%d * * * * *`). Baseline:"
                        + " a differential (snapshot) backup every %d s. Lag of a flush = `finishedAt` of the first"
                        + " backup accepted after the flush returned, minus that time. Base snapshot backup: %.2f s.%n%n",
                KEYSPACE,
                options.rowsPerSecond(),
                ROW_BYTES,
                options.seconds(),
                options.flushEvery(),
                options.interval(),
                options.interval(),
                options.baselineEvery(),
                baseSeconds));
        out.append(machine()).append("\n\n");
        if (continuous != null && baseline != null) {
            out.append("| | continuous (every ")
                    .append(options.interval())
                    .append(" s) | baseline (every ")
                    .append(options.baselineEvery())
                    .append(" s) | baseline / continuous |\n");
            out.append("|---|---|---|---|\n");
            row(out, "lag p50 (s)", continuous.lag(0.50), baseline.lag(0.50));
            row(out, "lag p95 (s)", continuous.lag(0.95), baseline.lag(0.95));
            row(out, "lag max (s)", continuous.lag(1.0), baseline.lag(1.0));
            out.append(String.format(
                    Locale.ROOT,
                    "| flushes measured | %d | %d | |%n",
                    continuous.lags().size(),
                    baseline.lags().size()));
            out.append(String.format(
                    Locale.ROOT,
                    "| backups taken (completed / all) | %d / %d | %d / %d | |%n",
                    continuous.completed(),
                    continuous.backups().size(),
                    baseline.completed(),
                    baseline.backups().size()));
            row(out, "backup duration, mean (s)", continuous.meanDuration(), baseline.meanDuration());
            row(out, "backup duration, max (s)", continuous.maxDuration(), baseline.maxDuration());
            out.append(String.format(
                    Locale.ROOT,
                    "| `%s` tables' `backups/`: oldest file's age, max (s) | %.1f | %.1f | |%n",
                    KEYSPACE,
                    continuous.maxKeyspaceOldestAge(),
                    baseline.maxKeyspaceOldestAge()));
            out.append(String.format(
                    Locale.ROOT,
                    "| `%s` tables' `backups/`: bytes, max | %s | %s | |%n",
                    KEYSPACE,
                    human((long) continuous.maxKeyspaceBytes()),
                    human((long) baseline.maxKeyspaceBytes())));
            out.append(String.format(
                    Locale.ROOT,
                    "| agent `oldest_age_seconds` (whole node), max | %.0f | %.0f | |%n",
                    continuous.maxOldestAge(),
                    baseline.maxOldestAge()));
            out.append(String.format(
                    Locale.ROOT,
                    "| agent `backups_directory_bytes` (whole node), max | %s | %s | |%n",
                    human((long) continuous.maxBytes()),
                    human((long) baseline.maxBytes())));
            out.append(String.format(
                    Locale.ROOT,
                    "| metric samples (every %d ms, failed) | %d (%d) | %d (%d) | |%n",
                    SAMPLE_EVERY.toMillis(),
                    continuous.samples(),
                    continuous.sampleFailures(),
                    baseline.samples(),
                    baseline.sampleFailures()));
        }
        if (failure != null) {
            out.append("\n**The benchmark failed:** ").append(failure).append('\n');
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String what, double continuous, double baseline) {
        out.append(String.format(
                Locale.ROOT,
                "| %s | %.2f | %.2f | %s |%n",
                what,
                continuous,
                baseline,
                continuous > 0 ? String.format(Locale.ROOT, "%.1f×", baseline / continuous) : "n/a"));
    }

    private String machine() {
        double maxLoad = loads.stream().mapToDouble(Load::average).max().orElse(0);
        int maxForeign = loads.stream().mapToInt(Load::foreignJvms).max().orElse(0);
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
                loads.stream()
                        .map(l -> String.format(Locale.ROOT, "%s %.1f/%d JVMs", l.what(), l.average(), l.foreignJvms()))
                        .collect(Collectors.joining(", ")));
    }

    // ---- the load, the sampler, the results ----

    /** Rows of {@link #ROW_BYTES} random bytes at a fixed rate, at most {@link BenchSupport#IN_FLIGHT} in flight. */
    private final class SteadyWrites {
        final int rowsPerSecond;
        final Duration duration;
        final AtomicLong written = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        private double seconds;

        SteadyWrites(int rowsPerSecond, Duration duration) {
            this.rowsPerSecond = rowsPerSecond;
            this.duration = duration;
        }

        void write(CqlSession session) throws InterruptedException {
            PreparedStatement insert =
                    session.prepare("INSERT INTO " + KEYSPACE + "." + TABLE + " (id, payload) VALUES (?, ?)");
            Semaphore inFlight = new Semaphore(IN_FLIGHT);
            long start = System.nanoTime();
            long rows = rowsPerSecond * duration.toSeconds();
            for (long row = 0; row < rows; row++) {
                // Row n is due at n / rate: a fixed rate, not as fast as Cassandra takes them.
                long due = start + row * 1_000_000_000L / rowsPerSecond;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                byte[] payload = new byte[ROW_BYTES];
                ThreadLocalRandom.current().nextBytes(payload);
                inFlight.acquire();
                session.executeAsync(insert.bind(nextId.getAndIncrement(), ByteBuffer.wrap(payload))
                                .setIdempotent(true))
                        .whenComplete((result, error) -> {
                            (error == null ? written : failed).incrementAndGet();
                            inFlight.release();
                        });
            }
            inFlight.acquire(IN_FLIGHT);
            seconds = BenchSupport.seconds(start);
            if (failed.get() > rows / 100) {
                throw new IllegalStateException(failed.get() + " of " + rows + " writes failed");
            }
        }

        double rate() {
            return seconds > 0 ? written.get() / seconds : 0;
        }
    }

    /** Reads the agent's {@code backups/} metrics every 500 ms on a thread of its own; keeps their maximum. */
    static final class Sampler {
        private final String agentUrl;
        private final List<Path> keyspaceDirectories;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;
        private volatile double maxOldestAge;
        private volatile double maxBytes;
        private volatile double maxKeyspaceOldestAge;
        private volatile double maxKeyspaceBytes;
        private final AtomicInteger samples = new AtomicInteger();
        private final AtomicInteger failures = new AtomicInteger();
        private final HttpClient http = HttpClient.newHttpClient();

        private Sampler(String agentUrl, List<Path> keyspaceDirectories) {
            this.agentUrl = agentUrl;
            this.keyspaceDirectories = keyspaceDirectories;
            this.thread = new Thread(this::sample, "metrics-sampler");
        }

        static Sampler start(String agentUrl, List<Path> keyspaceDirectories) {
            Sampler sampler = new Sampler(agentUrl, keyspaceDirectories);
            sampler.thread.start();
            return sampler;
        }

        private void sample() {
            while (running.get()) {
                long next = System.nanoTime() + SAMPLE_EVERY.toNanos();
                try {
                    maxOldestAge = Math.max(maxOldestAge, read(OLDEST_AGE));
                    maxBytes = Math.max(maxBytes, read(BYTES));
                    measureKeyspace();
                    samples.incrementAndGet();
                } catch (Exception e) {
                    failures.incrementAndGet();
                }
                while (running.get() && System.nanoTime() < next) {
                    LockSupport.parkNanos(next - System.nanoTime());
                }
            }
        }

        /**
         * What the gauges would say for the benchmark's keyspace alone: its tables' {@code backups/} files, their bytes
         * and the age of the oldest. The agent's gauges cover every keyspace of the node, Cassandra's own included,
         * whose flushes land in {@code backups/} too and which no backup of this keyspace ships.
         */
        private void measureKeyspace() throws IOException {
            Instant now = Instant.now();
            long bytes = 0;
            Instant oldest = null;
            for (Path keyspace : keyspaceDirectories) {
                for (Path table : children(keyspace)) {
                    for (Path file : children(table.resolve("backups"))) {
                        try {
                            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                            bytes += attributes.size();
                            Instant modified = attributes.lastModifiedTime().toInstant();
                            oldest = oldest == null || modified.isBefore(oldest) ? modified : oldest;
                        } catch (NoSuchFileException e) {
                            // Shipped and released meanwhile.
                        }
                    }
                }
            }
            maxKeyspaceBytes = Math.max(maxKeyspaceBytes, bytes);
            if (oldest != null) {
                maxKeyspaceOldestAge = Math.max(
                        maxKeyspaceOldestAge, Duration.between(oldest, now).toMillis() / 1000.0);
            }
        }

        private static List<Path> children(Path directory) throws IOException {
            try (Stream<Path> children = Files.list(directory)) {
                return children.toList();
            } catch (NoSuchFileException e) {
                return List.of();
            }
        }

        /** The gauge's value from {@code GET /actuator/metrics/{name}}. */
        private double read(String name) throws Exception {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(agentUrl + "/actuator/metrics/" + name))
                            .timeout(SAMPLE_EVERY)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(name + " answered " + response.statusCode());
            }
            for (JsonNode measurement :
                    RingvaultSystem.CODEC.mapper().readTree(response.body()).path("measurements")) {
                if ("VALUE".equals(measurement.path("statistic").asString(""))) {
                    return measurement.path("value").asDouble();
                }
            }
            throw new IllegalStateException(name + " has no VALUE: " + response.body());
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }

    /** A backup as {@code GET /api/v1/backups} lists it; {@code finishedAt} null while it runs. */
    record Backup(String id, String schedule, String state, Instant acceptedAt, Instant finishedAt) {
        boolean completed() {
            return "COMPLETED".equals(state) && finishedAt != null;
        }

        double seconds() {
            return Duration.between(acceptedAt, finishedAt).toMillis() / 1000.0;
        }
    }

    /** One phase: each flush's lag in seconds (sorted), its backups, and the sampled metrics' maxima. */
    record Phase(
            String name,
            List<Double> lags,
            List<Backup> backups,
            double maxOldestAge,
            double maxBytes,
            double maxKeyspaceOldestAge,
            double maxKeyspaceBytes,
            int samples,
            int sampleFailures) {
        static Phase of(String name, List<Instant> flushes, List<Backup> backups, Sampler sampler) {
            List<Backup> completed = backups.stream().filter(Backup::completed).toList();
            List<Double> lags = new ArrayList<>();
            int uncovered = 0;
            for (Instant flush : flushes) {
                Backup first = completed.stream()
                        .filter(b -> b.acceptedAt().isAfter(flush))
                        .findFirst()
                        .orElse(null);
                if (first == null) {
                    uncovered++;
                } else {
                    lags.add(Duration.between(flush, first.finishedAt()).toMillis() / 1000.0);
                }
            }
            if (uncovered > 0) {
                throw new IllegalStateException(
                        name + ": " + uncovered + " flush(es) with no completed backup accepted after them");
            }
            Collections.sort(lags);
            log(
                    "%s: %d flushes, %d backups (%d completed), lag p50 %.2f s, max %.2f s",
                    name, lags.size(), backups.size(), completed.size(), percentile(lags, 0.5), percentile(lags, 1.0));
            return new Phase(
                    name,
                    lags,
                    backups,
                    sampler.maxOldestAge,
                    sampler.maxBytes,
                    sampler.maxKeyspaceOldestAge,
                    sampler.maxKeyspaceBytes,
                    sampler.samples.get(),
                    sampler.failures.get());
        }

        /** Nearest rank: the smallest lag at least {@code p} of them do not exceed. */
        static double percentile(List<Double> sorted, double p) {
            if (sorted.isEmpty()) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(p * sorted.size());
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
        }

        double lag(double p) {
            return percentile(lags, p);
        }

        long completed() {
            return backups.stream().filter(Backup::completed).count();
        }

        double meanDuration() {
            return backups.stream()
                    .filter(Backup::completed)
                    .mapToDouble(Backup::seconds)
                    .average()
                    .orElse(Double.NaN);
        }

        double maxDuration() {
            return backups.stream()
                    .filter(Backup::completed)
                    .mapToDouble(Backup::seconds)
                    .max()
                    .orElse(Double.NaN);
        }
    }

    record Options(
            Path work,
            int seconds,
            int rowsPerSecond,
            int flushEvery,
            int interval,
            int baselineEvery,
            boolean keepData,
            Map<String, String> overrides) {
        static Options parse(String[] args) {
            Path work = Path.of("target/bench-continuous");
            int seconds = 90;
            int rowsPerSecond = 500;
            int flushEvery = 3;
            int interval = 5;
            int baselineEvery = 60;
            boolean keepData = false;
            Map<String, String> overrides = new TreeMap<>();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--work" -> work = Path.of(optionValue(args, ++i));
                    case "--seconds" -> seconds = Integer.parseInt(optionValue(args, ++i));
                    case "--rows-per-second" -> rowsPerSecond = Integer.parseInt(optionValue(args, ++i));
                    case "--flush-every" -> flushEvery = Integer.parseInt(optionValue(args, ++i));
                    case "--interval" -> interval = Integer.parseInt(optionValue(args, ++i));
                    case "--baseline-every" -> baselineEvery = Integer.parseInt(optionValue(args, ++i));
                    case "--keep-data" -> keepData = true;
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
            if (seconds < 1 || rowsPerSecond < 1 || flushEvery < 1 || baselineEvery < 1) {
                throw new IllegalArgumentException(
                        "--seconds, --rows-per-second, --flush-every and --baseline-every must be at least 1");
            }
            // A seconds field of */N fires on the multiples of N within each minute: N must divide 60.
            if (interval < 1 || interval > 59 || 60 % interval != 0) {
                throw new IllegalArgumentException("--interval must divide 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30)");
            }
            return new Options(work, seconds, rowsPerSecond, flushEvery, interval, baselineEvery, keepData, overrides);
        }
    }
}
