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
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import io.ringvault.storage.ObjectStore;
import io.ringvault.systemtest.BenchSupport.CpuMeter;
import io.ringvault.systemtest.BenchSupport.CpuUse;
import io.ringvault.systemtest.BenchSupport.Jmx;
import io.ringvault.systemtest.BenchSupport.Load;
import io.ringvault.testkit.Azurite;
import io.ringvault.testkit.FakeGcsServer;
import io.ringvault.testkit.LocalService;
import io.ringvault.testkit.ObjectStoreEndpoint;
import io.ringvault.testkit.Stack;
import io.ringvault.testkit.StackSpec;
import io.ringvault.testkit.Stacks;
import io.ringvault.testkit.StoreTarget;
import io.ringvault.testkit.StoreTarget.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * The backup benchmark that {@code bench/backup.sh} runs: a {@code main}, not a test, so the build never runs it. On the
 * one Cassandra node of a local stack it writes at least {@code --size-gib} GiB of incompressible SSTables (random
 * blobs, compression off) into four tables, then, for each store of {@code --store} (by default a directory, then
 * s3proxy through the S3 backend; also fake-gcs-server and Azurite, the testkit's emulators, started when needed):
 *
 * <ol>
 *   <li>a raw baseline on a snapshot of its own, by the store's own client: {@code cp -r} and {@code sync},
 *       {@code aws s3 cp --recursive}, {@code gcloud storage cp --recursive} or {@code az storage blob upload-batch};
 *       what a cloud client stored is listed back and counted, so that a copy of nothing fails instead of looking
 *       fast;
 *   <li>a ringvault {@code full} backup with two uploaders, timed from the REST request to state {@code COMPLETED};
 *   <li>a {@code differential} backup right after it, with nothing written in between.
 * </ol>
 *
 * <p>Last, the peak RSS of a single uploader while it uploads one SSTable of more than 2 GiB (a keyspace of its own,
 * major-compacted into one SSTable). Prints Markdown tables for BENCHMARKS.md and writes them to {@code results.md} in
 * the work directory. Everything it starts is stopped at the end, on failure too: the testkit's shutdown hooks stop
 * every service still running when the JVM exits.
 */
final class BackupBenchmark {
    static final String KEYSPACE = "bench";
    static final List<String> TABLES = List.of("t1", "t2", "t3", "t4");
    static final String LARGE_KEYSPACE = "bench_large";
    static final String LARGE_TABLE = "blobs";
    /** Backed up once by each freshly started system before anything is timed. */
    static final String WARMUP_KEYSPACE = "bench_warmup";

    static final String S3_PART_SIZE = "16MB";
    static final int S3_PART_CONCURRENCY = 2;
    static final String GCS_CHUNK_SIZE = "16MB";
    static final String AZURE_BLOCK_SIZE = "8MB";
    static final int AZURE_CONCURRENCY = 2;
    /**
     * The cloud CLIs' parallelism: 4 connections, as ringvault's 2 uploaders of 2 files at a time. gcloud runs 2
     * processes of 2 threads (a file each); az uploads the files one after another, each in up to 4 parallel blocks.
     */
    static final int GCLOUD_PROCESSES = 2;

    static final int GCLOUD_THREADS = 2;
    static final int AZ_MAX_CONNECTIONS = 4;
    /** The bucket and container of the emulators' runs; each run writes under prefixes of its own. */
    static final String CLOUD_BUCKET = "bench";
    /** The baseline's commands (cp, sync, aws) in the CPU table: this JVM's children once they have exited. */
    static final String BASELINE_COMMANDS = "baseline command";

    private final Options options;
    private final Path work;
    private final String run = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    private final List<Load> loads = new ArrayList<>();
    private Stack stack;
    private Dataset dataset;
    private final List<StoreRun> storeRuns = new ArrayList<>();
    private Emulators emulators;
    private LargeFileRun largeFile;
    private String failure;

    private BackupBenchmark(Options options) {
        this.options = options;
        this.work = options.work().toAbsolutePath();
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: BackupBenchmark [--work DIR] [--size-gib N]"
                    + " [--store filesystem,s3,gcs,azure] [--skip-s3] [--skip-large-file]"
                    + " [--large-file-gib N] [--repeat N] [--keep-data] [--profile] [--warmup-rounds N]"
                    + " [--transfer direct|agent|both] [--set ringvault.key=value]...");
            System.exit(2);
            return;
        }
        int status = new BackupBenchmark(options).run() ? 0 : 1;
        // Driver and JMX threads would keep the JVM alive; the testkit's hooks stop any service still running.
        System.exit(status);
    }

    private boolean run() {
        List<Path> bulkyData = new ArrayList<>();
        try {
            deleteRecursively(work);
            Files.createDirectories(work);
            loads.add(Load.now("start"));
            log("starting the stack under %s", work.resolve("stack"));
            try (Stack started = Stacks.start(StackSpec.in(work.resolve("stack")))) {
                stack = started;
                emulators = new Emulators(work);
                bulkyData.addAll(started.cassandra().dataDirectories());
                bulkyData.add(
                        started.cassandra().dataDirectories().get(0).getParent().resolve("commitlog"));
                bulkyData.add(started.directory().resolve("s3proxy/objects"));
                bulkyData.add(work.resolve("fake-gcs-server/data"));
                bulkyData.add(work.resolve("azurite/data"));
                // 2% more payload than asked, so that the SSTables on disk are at least --size-gib.
                dataset = generate(KEYSPACE, TABLES, (long) (options.sizeGib() * GIB * 1.02));
                log("data: %s", dataset.describe());
                log("warm-up data: %s", generateWarmup().describe());
                for (Kind store : options.stores()) {
                    for (int repetition = 1; repetition <= options.repeat(); repetition++) {
                        storeRuns.addAll(measure(store, repetition));
                    }
                }
                if (options.largeFile()) {
                    // On S3 as always when it is measured; otherwise on the first store asked for.
                    largeFile = measureLargeFile(
                            options.stores().contains(Kind.S3)
                                    ? Kind.S3
                                    : options.stores().get(0));
                }
            } finally {
                if (emulators != null) {
                    emulators.close();
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
                // Several GiB of SSTables and objects; the logs stay for a look at what happened.
                try (Stream<Path> entries = Files.list(work)) {
                    entries.forEach(p -> {
                        String name = p.getFileName().toString();
                        if (name.startsWith("baseline-")) {
                            bulkyData.add(p);
                        } else if (name.startsWith("ringvault-")) {
                            bulkyData.add(p.resolve("objects"));
                        }
                    });
                } catch (IOException e) {
                    System.err.println("cannot list " + work + ": " + e.getMessage());
                }
                deleteEach(bulkyData);
            }
        }
    }

    // ---- data ----

    /** Writes {@code payloadBytes} of random rows spread over {@code tables}, then flushes. */
    Dataset generate(String keyspace, List<String> tables, long payloadBytes) throws Exception {
        return generate(keyspace, tables, (payloadBytes + ROW_BYTES - 1) / ROW_BYTES, 1);
    }

    /**
     * The warm-up keyspace: 4 tables of 15 SSTables each (64 rows of 128 KiB between flushes), about 480 files and 120
     * MiB. Its backups run the per-file paths (Kafka, JSON, HTTP, the fold) about as often as the timed backup does,
     * and the per-byte paths (reading, hashing, writing) often enough to be compiled too.
     */
    Dataset generateWarmup() throws Exception {
        return generate(WARMUP_KEYSPACE, List.of("w1", "w2", "w3", "w4"), 64L * 15, 15);
    }

    /**
     * Writes {@code rows} random rows spread over {@code tables} in {@code flushes} equal rounds, flushing after each
     * (one SSTable per table and round). Progress is logged only when everything is written in one round.
     */
    private Dataset generate(String keyspace, List<String> tables, long rows, int flushes) throws Exception {
        log("writing %d rows of %d KiB into %s (%s)", rows, ROW_BYTES / 1024, keyspace, tables);
        long start = System.nanoTime();
        AtomicLong retries = new AtomicLong();
        double writeSeconds = 0;
        try (CqlSession session = session();
                Jmx jmx = jmx()) {
            createBlobTables(session, keyspace, tables);
            long progressFromRows = flushes == 1 ? 0 : Long.MAX_VALUE;
            for (int flush = 0; flush < flushes; flush++) {
                writeRandomRows(session, keyspace, tables, rows / flushes, progressFromRows, retries);
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

    private CqlSession session() {
        // 128 KiB writes on two busy cores: the default 2 s is too tight while memtables flush.
        return BenchSupport.session(stack.cassandra(), Duration.ofSeconds(30));
    }

    /** The live SSTable files of a keyspace: not in a snapshot or incremental backup directory. */
    List<Path> liveFiles(String keyspace) throws IOException {
        return files(
                keyspace,
                p -> !p.toString().contains("/snapshots/") && !p.toString().contains("/backups/"));
    }

    List<Path> snapshotFiles(String keyspace, String tag) throws IOException {
        return files(
                keyspace,
                p -> p.getParent().getFileName().toString().equals(tag)
                        && p.getParent().getParent().getFileName().toString().equals("snapshots"));
    }

    /** Waits until no table of the benchmark's keyspace holds a snapshot tagged {@code tag}. */
    private void awaitSnapshotCleared(String tag) {
        await().atMost(Duration.ofMinutes(1))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(10))
                .until(() -> files(KEYSPACE, file -> file.toString().contains("/snapshots/" + tag + "/"))
                        .isEmpty());
    }

    /**
     * The regular files of a keyspace's directories that {@code filter} accepts. Files may vanish while the tree is
     * walked (the agent clears its snapshots, Cassandra deletes compacted SSTables): those are skipped.
     */
    private List<Path> files(String keyspace, Predicate<Path> filter) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path dataDirectory : stack.cassandra().dataDirectories()) {
            Files.walkFileTree(dataDirectory.resolve(keyspace), new SimpleFileVisitor<>() {
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

    // ---- 1 GiB: baseline, full and differential ----

    List<StoreRun> measure(Kind kind, int repetition) throws Exception {
        String store = kind.propertyValue();
        String id = run + (options.repeat() > 1 ? "-" + repetition : "");

        // The baseline copies a snapshot of its own, which it clears before ringvault takes the next one.
        String tag = "bench-baseline-" + store + "-" + id;
        Snapshot snapshot;
        Timing baseline;
        try (Jmx jmx = jmx()) {
            jmx.snapshot(tag, KEYSPACE);
        }
        try {
            List<Path> files = snapshotFiles(KEYSPACE, tag);
            snapshot = new Snapshot(files.size(), totalSize(files));
            Path source = work.resolve("baseline-source-" + store + "-" + id);
            stage(files, source);
            String prefix = "baseline-" + id;
            log("%s baseline of %s", store, snapshot.describe());
            baseline = switch (kind) {
                case FILESYSTEM -> localCopy(source, work.resolve("baseline-filesystem-" + id));
                case S3 -> awsCopy(source, prefix);
                case GCS -> gcloudCopy(source, prefix);
                case AZURE -> azCopy(source, prefix);
            };
            if (kind != Kind.FILESYSTEM) {
                verifyBaseline(kind, prefix, snapshot);
            }
            // Only hard links: the copies the baseline made stay where they are.
            deleteRecursively(source);
        } finally {
            try (Jmx jmx = jmx()) {
                jmx.clearSnapshot(tag, KEYSPACE);
            }
        }
        log("%s baseline: %.1f s, %.1f MB/s", store, baseline.seconds(), snapshot.bytes() / baseline.seconds() / 1e6);

        List<StoreRun> runs = new ArrayList<>();
        for (Transfer transfer : options.transfers()) {
            String label = store + ", " + transfer.label;
            String name = store + "-" + transfer.name().toLowerCase(Locale.ROOT);
            Map<String, String> overrides = serviceOverrides(kind);
            overrides.putAll(transfer.settings);
            Path directory = work.resolve("ringvault-" + name + "-" + id);
            // A prefix of its own for each system: every full backup writes to a fresh location, as the baseline does.
            try (RingvaultSystem system = new RingvaultSystem(
                    stack,
                    storeTarget(kind),
                    directory,
                    kind == Kind.FILESYSTEM ? null : "bench-" + name + "-" + id,
                    2,
                    overrides)) {
                log("%s: starting the coordinator, a node agent and 2 uploaders (logs in %s)", label, directory);
                system.start();
                BackupRun warmup = warmUp(system, label);
                profile(system, "start", name + "-full");
                BackupRun full = backup(system, KEYSPACE, "full");
                profile(system, "stop", name + "-full");
                log("%s full: %s", label, full.describe());
                // The agent clears the full backup's snapshot once it is complete. A differential backup taken
                // hours later finds that done: here it is waited for, so that the figure is the differential's own.
                awaitSnapshotCleared(full.id());
                profile(system, "start", name + "-differential");
                BackupRun differential = backup(system, KEYSPACE, "differential");
                profile(system, "stop", name + "-differential");
                log("%s differential: %s", label, differential.describe());
                List<Memory> uploaders =
                        system.uploaders.stream().map(Memory::of).toList();
                for (Memory uploader : uploaders) {
                    log(
                            "%s %s: VmHWM %d MiB, VmRSS %d MiB (anonymous %d MiB, file-backed %d MiB)",
                            label,
                            uploader.name(),
                            uploader.peakBytes() >> 20,
                            uploader.residentBytes() >> 20,
                            Memory.status(uploader.pid(), "RssAnon") >> 20,
                            Memory.status(uploader.pid(), "RssFile") >> 20);
                }
                runs.add(new StoreRun(
                        label, repetition, snapshot, baseline, warmup, full, differential, uploaders, Load.now(label)));
            }
        }
        return runs;
    }

    /**
     * How the uploaders get the files: from the node agent over HTTP (any uploader anywhere), or read directly from the
     * snapshot directory (uploaders on the node's host, as here and as the baseline reads them).
     */
    enum Transfer {
        DIRECT(
                "direct read",
                Map.of("ringvault.uploader.direct-read", "true", "ringvault.agent.expose-local-path", "true")),
        AGENT("via the agent", Map.of());

        final String label;
        final Map<String, String> settings;

        Transfer(String label, Map<String, String> settings) {
            this.label = label;
            this.settings = settings;
        }
    }

    /**
     * What the services get over {@link RingvaultSystem}'s settings: the store's part, chunk or block size and
     * concurrency of the uploader's defaults (RingvaultSystem uses small ones for its tests, so that they take the
     * multipart paths), then whatever {@code --set} gives.
     */
    private Map<String, String> serviceOverrides(Kind kind) {
        Map<String, String> overrides = new TreeMap<>();
        switch (kind) {
            case S3 -> {
                overrides.put("ringvault.storage.s3.part-size", S3_PART_SIZE);
                overrides.put("ringvault.storage.s3.part-concurrency", Integer.toString(S3_PART_CONCURRENCY));
            }
            case GCS -> overrides.put("ringvault.storage.gcs.chunk-size", GCS_CHUNK_SIZE);
            case AZURE -> {
                overrides.put("ringvault.storage.azure.block-size", AZURE_BLOCK_SIZE);
                overrides.put("ringvault.storage.azure.concurrency", Integer.toString(AZURE_CONCURRENCY));
            }
            case FILESYSTEM -> {}
        }
        overrides.putAll(options.overrides());
        return overrides;
    }

    /** The services' store: null for a filesystem store in the system's directory, the stack's s3proxy, or an emulator. */
    private StoreTarget storeTarget(Kind kind) {
        return switch (kind) {
            case FILESYSTEM -> null;
            case S3 -> StoreTarget.s3(stack.objectStore());
            case GCS, AZURE -> emulators.target(kind);
        };
    }

    /** How ringvault writes to {@code kind}, for the report: its part, chunk or block settings. */
    private String storeSettings(Kind kind) {
        Map<String, String> settings = serviceOverrides(kind);
        return switch (kind) {
            case S3 ->
                "multipart uploads (part size " + settings.get("ringvault.storage.s3.part-size") + ", part concurrency "
                        + settings.get("ringvault.storage.s3.part-concurrency") + ")";
            case GCS ->
                "one request up to the chunk size, resumable uploads in chunks above it (chunk size "
                        + settings.get("ringvault.storage.gcs.chunk-size") + ", one chunk at a time)";
            case AZURE ->
                "staged blocks (block size " + settings.get("ringvault.storage.azure.block-size")
                        + ", block concurrency " + settings.get("ringvault.storage.azure.concurrency") + ")";
            case FILESYSTEM -> "files written and synced";
        };
    }

    /** Hard links to the snapshot's files, one directory per table, so one command copies them all. */
    private static void stage(List<Path> files, Path source) throws IOException {
        for (Path file : files) {
            Path tableDirectory = file.getParent().getParent().getParent().getFileName();
            Path link = source.resolve(tableDirectory.toString())
                    .resolve(file.getFileName().toString());
            Files.createDirectories(link.getParent());
            Files.createLink(link, file);
        }
    }

    private Timing localCopy(Path source, Path destination) throws Exception {
        Path log = work.resolve("baseline.log");
        CpuMeter cpu = new CpuMeter(baselinePids(), BASELINE_COMMANDS);
        long start = System.nanoTime();
        exec(log, Map.of(), "cp", "-r", source.toString(), destination.toString());
        exec(log, Map.of(), "sync");
        double seconds = seconds(start);
        return new Timing("`cp -r` + `sync`", seconds, cpu.stop());
    }

    private Timing awsCopy(Path source, String prefix) throws Exception {
        ObjectStoreEndpoint s3 = stack.objectStore();
        Map<String, String> env = awsEnvironment(s3, work);
        CpuMeter cpu = new CpuMeter(baselinePids(), BASELINE_COMMANDS);
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
                source.toString(),
                "s3://" + s3.bucket() + "/" + prefix + "/");
        double seconds = seconds(start);
        CpuUse used = cpu.stop();
        return new Timing("`aws s3 cp --recursive` (" + awsVersion() + ")", seconds, used);
    }

    private static String awsVersion() {
        return version("aws", "--version").split(" ")[0];
    }

    /**
     * {@code gcloud storage cp -r} to fake-gcs-server: the storage API's endpoint overridden to the emulator's plain
     * HTTP, no credentials (the emulator wants none), and a configuration directory of its own, so that none of this
     * machine's user's gcloud settings or accounts apply. (gsutil cannot be used: it builds its JSON API URLs with a
     * hard-coded {@code https://}, which the testkit's plain-HTTP emulator does not speak.)
     */
    private Timing gcloudCopy(Path source, String prefix) throws Exception {
        FakeGcsServer server = emulators.gcs();
        Map<String, String> env = Map.of(
                "CLOUDSDK_CONFIG",
                Files.createDirectories(work.resolve("gcloud-config")).toString(),
                "CLOUDSDK_CORE_DISABLE_PROMPTS",
                "1",
                "CLOUDSDK_CORE_PROJECT",
                "ringvault-local",
                "CLOUDSDK_AUTH_DISABLE_CREDENTIALS",
                "true",
                "CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE",
                server.endpoint() + "/",
                "CLOUDSDK_STORAGE_PROCESS_COUNT",
                Integer.toString(GCLOUD_PROCESSES),
                "CLOUDSDK_STORAGE_THREAD_COUNT",
                Integer.toString(GCLOUD_THREADS),
                // Whole objects, as ringvault writes them: no composite of parallel parts.
                "CLOUDSDK_STORAGE_PARALLEL_COMPOSITE_UPLOAD_ENABLED",
                "False");
        String gcloud = System.getProperty("ringvault.bench.gcloud", "gcloud");
        CpuMeter cpu = new CpuMeter(baselinePids(), BASELINE_COMMANDS);
        long start = System.nanoTime();
        exec(
                work.resolve("baseline.log"),
                env,
                gcloud,
                "storage",
                "cp",
                "--recursive",
                "--no-user-output-enabled",
                source.toString(),
                "gs://" + CLOUD_BUCKET + "/" + prefix + "/");
        double seconds = seconds(start);
        CpuUse used = cpu.stop();
        return new Timing(
                String.format(
                        Locale.ROOT,
                        "`gcloud storage cp --recursive` (%s, %d processes × %d threads)",
                        version(gcloud, "version").replace("Google Cloud SDK", "gcloud"),
                        GCLOUD_PROCESSES,
                        GCLOUD_THREADS),
                seconds,
                used);
    }

    /**
     * {@code az storage blob upload-batch} to Azurite. The connection string goes in the child's environment
     * ({@code AZURE_STORAGE_CONNECTION_STRING}), not on its command line, which the log records; az's configuration
     * directory is one of its own.
     */
    private Timing azCopy(Path source, String prefix) throws Exception {
        Azurite azurite = emulators.azure();
        Map<String, String> env = Map.of(
                "AZURE_STORAGE_CONNECTION_STRING",
                azurite.connectionString(),
                "AZURE_CONFIG_DIR",
                Files.createDirectories(work.resolve("az-config")).toString(),
                "AZURE_CORE_COLLECT_TELEMETRY",
                "false",
                "AZURE_CORE_NO_COLOR",
                "true");
        String az = System.getProperty("ringvault.bench.az", "az");
        CpuMeter cpu = new CpuMeter(baselinePids(), BASELINE_COMMANDS);
        long start = System.nanoTime();
        exec(
                work.resolve("baseline.log"),
                env,
                az,
                "storage",
                "blob",
                "upload-batch",
                "--destination",
                CLOUD_BUCKET,
                "--destination-path",
                prefix,
                "--source",
                source.toString(),
                "--max-connections",
                Integer.toString(AZ_MAX_CONNECTIONS),
                "--only-show-errors",
                "--output",
                "none");
        double seconds = seconds(start);
        CpuUse used = cpu.stop();
        String version = version(az, "version", "--query", "\"azure-cli\"", "--output", "tsv");
        return new Timing(
                String.format(
                        Locale.ROOT,
                        "`az storage blob upload-batch --max-connections %d` (azure-cli %s)",
                        AZ_MAX_CONNECTIONS,
                        version),
                seconds,
                used);
    }

    /**
     * The baseline really stored the snapshot: as many objects and bytes under its prefix as the snapshot has files
     * and bytes, listed through ringvault's own store client. A CLI that exits 0 having uploaded nothing (a wrong
     * endpoint, an empty source) would otherwise be timed as a very fast copy.
     */
    private void verifyBaseline(Kind kind, String prefix, Snapshot snapshot) {
        StoreTarget target = storeTarget(kind);
        AtomicLong objects = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        try (ObjectStore store = RingvaultSystem.objectStore(stack, target, prefix)) {
            store.walk(prefix + "/", object -> {
                objects.incrementAndGet();
                bytes.addAndGet(object.size());
            });
        }
        if (objects.get() != snapshot.files() || bytes.get() != snapshot.bytes()) {
            throw new IllegalStateException(String.format(
                    Locale.ROOT,
                    "the %s baseline stored %d objects of %d bytes under %s/, not the snapshot's %d files of %d bytes",
                    kind.propertyValue(),
                    objects.get(),
                    bytes.get(),
                    prefix,
                    snapshot.files(),
                    snapshot.bytes()));
        }
        log(
                "%s baseline verified: %d objects, %d bytes under %s/",
                kind.propertyValue(), objects.get(), bytes.get(), prefix);
    }

    /** The first line a command prints (its version), or "version unknown". */
    private static String version(String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            process.waitFor(60, TimeUnit.SECONDS);
            return output.isEmpty()
                    ? "version unknown"
                    : output.lines().findFirst().orElseThrow().strip();
        } catch (IOException e) {
            return "version unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "version unknown";
        }
    }

    /**
     * The GCS and Azure emulators, each started the first time a measurement needs it, with its data under the work
     * directory, and one bucket or container for every run.
     */
    static final class Emulators implements AutoCloseable {
        private final Path work;
        private FakeGcsServer gcs;
        private Azurite azure;

        Emulators(Path work) {
            this.work = work;
        }

        FakeGcsServer gcs() {
            if (gcs == null) {
                log("starting fake-gcs-server under %s", work.resolve("fake-gcs-server"));
                gcs = FakeGcsServer.start(work.resolve("fake-gcs-server"), Duration.ofMinutes(1), CLOUD_BUCKET);
            }
            return gcs;
        }

        Azurite azure() {
            if (azure == null) {
                log("starting Azurite under %s", work.resolve("azurite"));
                azure = Azurite.start(work.resolve("azurite"), Duration.ofMinutes(1));
                azure.createContainer(CLOUD_BUCKET);
            }
            return azure;
        }

        /** The services' store on a running emulator. */
        StoreTarget target(Kind kind) {
            return switch (kind) {
                case GCS -> StoreTarget.gcs(gcs().endpoint(), CLOUD_BUCKET);
                case AZURE -> StoreTarget.azure(azure().blobEndpoint(), CLOUD_BUCKET);
                default -> throw new IllegalArgumentException(kind + " is not an emulator of this benchmark");
            };
        }

        /**
         * The running emulators' processes, children of this JVM: while they run their CPU time is not in this JVM's
         * children's total, so it is counted by process, as s3proxy is.
         */
        Map<String, Long> pids() {
            Map<String, Long> pids = new LinkedHashMap<>();
            ProcessHandle.current().children().forEach(child -> {
                String command = child.info().commandLine().orElse("");
                if (gcs != null && command.contains("fake-gcs-server")) {
                    pids.put("fake-gcs-server", child.pid());
                } else if (azure != null && command.contains("azurite")) {
                    pids.put("azurite", child.pid());
                }
            });
            return pids;
        }

        @Override
        public void close() {
            if (gcs != null) {
                gcs.close();
            }
            if (azure != null) {
                azure.close();
            }
        }
    }

    /**
     * Untimed backups of the warm-up keyspace before the timed ones, {@code --warmup-rounds} times a full and a
     * differential: a freshly started coordinator opens its Cassandra session and Kafka producer on its first request,
     * and the JVMs compile their per-file and per-byte paths only after some thousands of calls (C2; a method called
     * once per file reaches it after about 10,000 files, 20 rounds of 490). Services that have been running have done
     * both. Returns the first, cold, backup.
     */
    private BackupRun warmUp(RingvaultSystem system, String store) throws Exception {
        BackupRun first = null;
        for (int round = 1; round <= options.warmupRounds(); round++) {
            BackupRun full = backup(system, WARMUP_KEYSPACE, "full");
            BackupRun differential = backup(system, WARMUP_KEYSPACE, "differential");
            log("%s warm-up %d: full %s; differential %s", store, round, full.describe(), differential.describe());
            first = first == null ? full : first;
        }
        return first;
    }

    /**
     * With {@code --profile}, a Java Flight Recording of the coordinator, the node agent and the uploaders over each
     * timed backup (full, differential, the large file), written to {@code <service>-<what>.jfr} in the system's
     * directory (read it with {@code jfr print} or JDK Mission Control). With {@code ASYNC_PROFILER_LIB} set to async-profiler's {@code libasyncProfiler.so}, its CPU
     * samples instead, as {@code <service>-<what>.collapsed} (one line per stack with its count).
     */
    private void profile(RingvaultSystem system, String action, String what) throws Exception {
        if (!options.profile()) {
            return;
        }
        List<LocalService> services = new ArrayList<>(system.uploaders);
        services.add(system.agent);
        services.add(system.coordinator);
        for (LocalService service : services) {
            String name = Memory.of(service).name();
            String pid = Long.toString(service.pid());
            String asyncProfiler = System.getenv("ASYNC_PROFILER_LIB");
            if (asyncProfiler != null && !asyncProfiler.isBlank()) {
                // async-profiler (tools.profiler:async-profiler on Maven Central): CPU samples every millisecond,
                // kernel frames included, as collapsed stacks.
                String arguments = action.equals("start")
                        ? "start,event=cpu,interval=1ms"
                        : "stop,file=" + system.directory.resolve(name + "-" + what + ".collapsed") + ",collapsed";
                // Quoted: jcmd would read the '=' in the options as arguments of its own.
                exec(
                        work.resolve("jcmd.log"),
                        Map.of(),
                        "jcmd",
                        pid,
                        "JVMTI.agent_load",
                        asyncProfiler,
                        "\"" + arguments + "\"");
                continue;
            }
            if (action.equals("start")) {
                Path file = system.directory.resolve(name + "-" + what + ".jfr");
                exec(
                        work.resolve("jcmd.log"),
                        Map.of(),
                        "jcmd",
                        pid,
                        "JFR.start",
                        "name=bench",
                        "settings=profile",
                        "filename=" + file);
            } else {
                exec(work.resolve("jcmd.log"), Map.of(), "jcmd", pid, "JFR.stop", "name=bench");
            }
        }
    }

    /**
     * One backup through the REST API, timed from the request until its {@code operation.completed} is on the events
     * topic.
     */
    BackupRun backup(RingvaultSystem system, String keyspace, String mode) throws Exception {
        Map<String, Long> pids = stackPids(stack);
        pids.putAll(emulators.pids());
        pids.put("coordinator", system.coordinator.pid());
        pids.put("node-agent", system.agent.pid());
        system.uploaders.forEach(u -> pids.put(Memory.of(u).name(), u.pid()));
        CpuUse used;
        long start;
        String id;
        long seen;
        try (CompletionWatcher watcher =
                new CompletionWatcher(stack.kafkaBootstrapServers(), system.topicPrefix + ".events")) {
            CpuMeter cpu = new CpuMeter(pids, BASELINE_COMMANDS);
            start = System.nanoTime();
            JsonNode accepted =
                    system.post("/api/v1/backups", "{\"keyspaces\":[\"" + keyspace + "\"],\"mode\":\"" + mode + "\"}");
            id = accepted.path("operationId").asString();
            if (id == null || id.isBlank()) {
                throw new IllegalStateException("the coordinator refused the backup: " + accepted);
            }
            // Timed to the operation's terminal event on the events topic, as the coordinator publishes it.
            seen = watcher.awaitTerminal(id, Duration.ofMinutes(30));
            used = cpu.stop();
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
        JsonNode progress = done.path("progress");
        double serverSeconds = Duration.between(
                                Instant.parse(done.path("acceptedAt").asString()),
                                Instant.parse(done.path("finishedAt").asString()))
                        .toMillis()
                / 1000.0;
        return new BackupRun(
                id,
                mode,
                seconds,
                serverSeconds,
                progress.path("filesTotal").asLong(),
                progress.path("bytesTotal").asLong(),
                progress.path("bytesTransferred").asLong(),
                Timeline.of(system.get("/api/v1/operations/" + id + "/events")),
                used);
    }

    private Map<String, Long> baselinePids() {
        Map<String, Long> pids = stackPids(stack);
        pids.putAll(emulators.pids());
        pids.put(BASELINE_COMMANDS, ProcessHandle.current().pid());
        return pids;
    }

    // ---- one file of more than 2 GiB ----

    LargeFileRun measureLargeFile(Kind kind) throws Exception {
        Dataset data = generate(LARGE_KEYSPACE, List.of(LARGE_TABLE), (long) (options.largeFileGib() * GIB));
        log("large file data: %s", data.describe());
        long start = System.nanoTime();
        try (Jmx jmx = jmx()) {
            log("major compaction of %s.%s into one SSTable", LARGE_KEYSPACE, LARGE_TABLE);
            jmx.compact(LARGE_KEYSPACE, LARGE_TABLE);
        }
        double compactionSeconds = seconds(start);
        // Cassandra deletes the compacted SSTables just after the compaction returns.
        AtomicReference<List<Path>> remaining = new AtomicReference<>();
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions() // a file deleted while the directory is walked
                .until(() -> {
                    remaining.set(liveFiles(LARGE_KEYSPACE).stream()
                            .filter(p -> p.toString().endsWith("-Data.db"))
                            .toList());
                    return remaining.get().size() == 1;
                });
        List<Path> dataFiles = remaining.get();
        long largest = dataFiles.stream().mapToLong(BenchSupport::size).max().orElse(0);
        log("after %.0f s of compaction: %d Data.db of %d bytes", compactionSeconds, dataFiles.size(), largest);
        if (largest < 2 * GIB) {
            throw new IllegalStateException("no Data.db of 2 GiB or more after the major compaction: " + dataFiles);
        }
        Map<String, String> overrides = serviceOverrides(kind);
        Path directory = work.resolve("ringvault-large-file");
        try (RingvaultSystem system = new RingvaultSystem(
                stack,
                storeTarget(kind),
                directory,
                kind == Kind.FILESYSTEM ? null : "bench-large-" + run,
                1,
                overrides)) {
            log("large file: starting the coordinator, a node agent and ONE uploader (logs in %s)", directory);
            system.start();
            LocalService uploader = system.uploaders.get(0);
            warmUp(system, "large file");
            Memory idle = Memory.of(uploader);
            profile(system, "start", "large-file");
            BackupRun full = backup(system, LARGE_KEYSPACE, "full");
            profile(system, "stop", "large-file");
            Memory after = Memory.of(uploader);
            log("large file: %s; uploader VmHWM %d MiB", full.describe(), after.peakBytes() >> 20);
            return new LargeFileRun(
                    kind,
                    data,
                    compactionSeconds,
                    dataFiles.size(),
                    largest,
                    full,
                    idle,
                    after,
                    Load.now("large file"));
        }
    }

    // ---- JMX ----

    Jmx jmx() throws IOException {
        return new Jmx(stack.cassandra().jmxServiceUrl());
    }

    // ---- the report ----

    String report() {
        StringBuilder out = new StringBuilder();
        out.append("### Run ").append(run).append("\n\n");
        out.append(machine()).append("\n\n");
        if (dataset != null) {
            out.append("Setup: one Cassandra 5.0.9 node of the local stack (`-Xmx512m`). ")
                    .append(dataset.describe())
                    .append(". Services as `java -jar` with ")
                    .append(jvmFlags())
                    .append("; 2 uploaders, `ringvault.uploader.concurrency` ")
                    .append(options.overrides().getOrDefault("ringvault.uploader.concurrency", "2 (default)"))
                    .append(
                            "; the files read directly from the snapshot (`direct read`: `ringvault.uploader.direct-read`"
                                    + " and `ringvault.agent.expose-local-path` on) or fetched from the node agent over HTTP"
                                    + " (`via the agent`, the default)")
                    .append(options.stores().stream()
                            .filter(kind -> kind != Kind.FILESYSTEM)
                            .map(kind -> "; " + kind.propertyValue() + ": " + storeSettings(kind))
                            .collect(Collectors.joining()))
                    .append(options.overrides().isEmpty() ? "" : "; set with `--set`: " + options.overrides())
                    .append(". MB = 10^6 bytes.\n\n");
        }
        if (!storeRuns.isEmpty()) {
            out.append("Full backup: ringvault (REST request to `COMPLETED`) and the raw baseline on the same data,"
                    + " one after the other, each to a fresh location.\n\n");
            out.append("| store | run | snapshot | ringvault full (s) | ringvault (MB/s) | baseline | baseline (s)"
                    + " | baseline (MB/s) | ringvault / baseline | target ≥ 0.8× | accepted to finished (s)"
                    + " | load (1 min) |\n");
            out.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (StoreRun r : storeRuns) {
                double ratio = r.baseline().seconds() / r.full().seconds();
                out.append(String.format(
                        Locale.ROOT,
                        "| %s | %d | %s | %.1f | %.1f | %s | %.1f | %.1f | %.2f× | %s | %.1f | %.1f |%n",
                        r.store(),
                        r.repetition(),
                        r.snapshot().describe(),
                        r.full().seconds(),
                        r.snapshot().bytes() / r.full().seconds() / 1e6,
                        r.baseline().what(),
                        r.baseline().seconds(),
                        r.snapshot().bytes() / r.baseline().seconds() / 1e6,
                        ratio,
                        ratio >= 0.8 ? "met" : "**missed**",
                        r.full().serverSeconds(),
                        r.load().average()));
            }
            out.append(String.format(
                    Locale.ROOT,
                    "\nBefore the timed backups each freshly started system backed up a keyspace of 60 SSTables in 4"
                            + " tables (about 480 files, 120 MiB) %d time(s), full then differential (warm-up: the"
                            + " coordinator opens its Cassandra session and Kafka producer on its first request, and"
                            + " the JVMs compile their per-file and per-byte paths); the first backup took ",
                    options.warmupRounds()));
            out.append(storeRuns.stream()
                    .map(r -> String.format(
                            Locale.ROOT,
                            "%.1f s on %s (%.1f s from the request to `accepted`)",
                            r.warmup().seconds(),
                            r.store(),
                            r.warmup().seconds() - r.warmup().serverSeconds()))
                    .collect(Collectors.joining(", ")));
            out.append(".\n");
            out.append("\nWhere the time went, from the operation's events: request to `node.snapshot.taken`"
                    + " (snapshot phase), then to the last `file.stored` (files), then to `operation.completed`"
                    + " (manifests); per uploader the files it stored or reused, the bytes it uploaded and when its"
                    + " last file was done, counted from `node.snapshot.taken`.\n\n");
            out.append("| store | run | backup | snapshot phase (s) | files (s) | manifests (s) | per uploader |\n");
            out.append("|---|---|---|---|---|---|---|\n");
            for (StoreRun r : storeRuns) {
                for (BackupRun b : List.of(r.full(), r.differential())) {
                    Timeline t = b.timeline();
                    out.append(String.format(
                            Locale.ROOT,
                            "| %s | %d | %s | %.2f | %.2f | %.2f | %s |%n",
                            r.store(),
                            r.repetition(),
                            b.mode(),
                            t.snapshotSeconds(),
                            t.uploadSeconds(),
                            t.finishSeconds(),
                            t.describeUploaders()));
                }
            }
            out.append("\nDifferential backup right after the full one, nothing written in between.\n\n");
            out.append("| store | run | full (s) | differential (s) | % of full | target < 5% | files reused"
                    + " | bytes transferred |\n");
            out.append("|---|---|---|---|---|---|---|---|\n");
            for (StoreRun r : storeRuns) {
                double percent = 100 * r.differential().seconds() / r.full().seconds();
                out.append(String.format(
                        Locale.ROOT,
                        "| %s | %d | %.2f | %.2f | %.1f%% | %s | %d of %d | %s |%n",
                        r.store(),
                        r.repetition(),
                        r.full().seconds(),
                        r.differential().seconds(),
                        percent,
                        percent < 5 ? "met" : "**missed**",
                        r.differential().timeline().reused(),
                        r.differential().files(),
                        human(r.differential().bytesTransferred())));
            }
            out.append("\nUploaders after the full and differential backups above (VmHWM = peak RSS, VmRSS ="
                    + " RSS at the end).\n\n");
            out.append("| store | run | uploader | VmHWM (MiB) | VmRSS (MiB) |\n|---|---|---|---|---|\n");
            for (StoreRun r : storeRuns) {
                for (Memory m : r.uploaders()) {
                    out.append(String.format(
                            Locale.ROOT,
                            "| %s | %d | %s | %d | %d |%n",
                            r.store(),
                            r.repetition(),
                            m.name(),
                            m.peakBytes() >> 20,
                            m.residentBytes() >> 20));
                }
            }
        }
        if (!storeRuns.isEmpty() || largeFile != null) {
            out.append("\nCPU time during each measurement, by process, from /proc: user + system seconds, and in"
                    + " brackets the system (kernel) share; \"whole machine\" counts every process on it, this"
                    + " benchmark's and others'. 2 cores = 2.0 at most.\n\n");
            out.append("| store | run | measurement | wall (s) | CPU seconds by process | ours (cores busy)"
                    + " | whole machine (cores busy) |\n|---|---|---|---|---|---|---|\n");
            record Row(String store, int run, String measurement, CpuUse cpu) {}
            List<Row> rows = new ArrayList<>();
            for (StoreRun r : storeRuns) {
                rows.add(new Row(
                        r.store(), r.repetition(), "baseline", r.baseline().cpu()));
                rows.add(new Row(
                        r.store(), r.repetition(), "ringvault full", r.full().cpu()));
                rows.add(new Row(
                        r.store(),
                        r.repetition(),
                        "ringvault differential",
                        r.differential().cpu()));
            }
            if (largeFile != null) {
                rows.add(new Row(
                        largeFile.store().propertyValue(),
                        1,
                        "one 2 GiB SSTable, one uploader",
                        largeFile.full().cpu()));
            }
            for (Row row : rows) {
                CpuUse cpu = row.cpu();
                out.append(String.format(
                        Locale.ROOT,
                        "| %s | %d | %s | %.1f | %s | %.2f | %.2f |%n",
                        row.store(),
                        row.run(),
                        row.measurement(),
                        cpu.wallSeconds(),
                        cpu.describe(),
                        cpu.ours() / cpu.wallSeconds(),
                        cpu.machineBusySeconds() / cpu.wallSeconds()));
            }
        }
        if (largeFile != null) {
            LargeFileRun l = largeFile;
            out.append("\nOne SSTable of more than 2 GiB, uploaded by a single uploader (")
                    .append(l.uploaderIdle().jvmFlags())
                    .append(") to the ")
                    .append(l.store().propertyValue())
                    .append(" store with ")
                    .append(storeSettings(l.store()))
                    .append(". Data: ")
                    .append(l.data().describe())
                    .append(", then a major compaction (no split) in ")
                    .append(String.format(Locale.ROOT, "%.0f s", l.compactionSeconds()))
                    .append(".\n\n");
            out.append("| Data.db | full backup of the keyspace (s) | MB/s | uploader VmHWM idle (MiB)"
                    + " | uploader VmHWM after the upload (MiB) | VmRSS after (MiB) |\n");
            out.append("|---|---|---|---|---|---|\n");
            out.append(String.format(
                    Locale.ROOT,
                    "| %s (%d bytes; %d Data.db in the table) | %.1f | %.1f | %d | %d | %d |%n",
                    human(l.largestDataFile()),
                    l.largestDataFile(),
                    l.dataFiles(),
                    l.full().seconds(),
                    l.full().bytes() / l.full().seconds() / 1e6,
                    l.uploaderIdle().peakBytes() >> 20,
                    l.uploaderAfter().peakBytes() >> 20,
                    l.uploaderAfter().residentBytes() >> 20));
        }
        if (failure != null) {
            out.append("\n**The benchmark failed:** ").append(failure).append('\n');
        }
        return out.toString();
    }

    private String machine() {
        List<Load> all = new ArrayList<>(loads);
        storeRuns.forEach(r -> all.add(r.load()));
        if (largeFile != null) {
            all.add(largeFile.load());
        }
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

    private String jvmFlags() {
        return storeRuns.isEmpty() || storeRuns.get(0).uploaders().isEmpty()
                ? "`-Xmx256m -XX:+UseSerialGC`"
                : storeRuns.get(0).uploaders().get(0).jvmFlags();
    }

    // ---- results ----

    record Options(
            Path work,
            double sizeGib,
            List<Kind> stores,
            boolean largeFile,
            double largeFileGib,
            int repeat,
            boolean keepData,
            boolean profile,
            int warmupRounds,
            List<Transfer> transfers,
            Map<String, String> overrides) {
        static Options parse(String[] args) {
            Path work = Path.of("target/bench-backup");
            double sizeGib = 1;
            List<Kind> stores = new ArrayList<>(List.of(Kind.FILESYSTEM, Kind.S3));
            boolean largeFile = true;
            double largeFileGib = 2.1;
            int repeat = 1;
            boolean keepData = false;
            boolean profile = false;
            int warmupRounds = 20;
            List<Transfer> transfers = List.of(Transfer.DIRECT, Transfer.AGENT);
            Map<String, String> overrides = new TreeMap<>();
            boolean skipS3 = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--work" -> work = Path.of(optionValue(args, ++i));
                    case "--size-gib" -> sizeGib = Double.parseDouble(optionValue(args, ++i));
                    case "--store" -> {
                        stores = new ArrayList<>();
                        for (String store : optionValue(args, ++i).split(",")) {
                            Kind kind = Kind.parse(store);
                            if (!stores.contains(kind)) {
                                stores.add(kind);
                            }
                        }
                    }
                    // Kept from before --store: filesystem alone, or whatever --store chose without S3.
                    case "--skip-s3" -> skipS3 = true;
                    case "--skip-large-file" -> largeFile = false;
                    case "--large-file-gib" -> largeFileGib = Double.parseDouble(optionValue(args, ++i));
                    case "--repeat" -> repeat = Integer.parseInt(optionValue(args, ++i));
                    case "--keep-data" -> keepData = true;
                    case "--profile" -> profile = true;
                    case "--warmup-rounds" -> warmupRounds = Integer.parseInt(optionValue(args, ++i));
                    case "--transfer" -> {
                        String transfer = optionValue(args, ++i);
                        transfers = switch (transfer) {
                            case "direct" -> List.of(Transfer.DIRECT);
                            case "agent" -> List.of(Transfer.AGENT);
                            case "both" -> List.of(Transfer.DIRECT, Transfer.AGENT);
                            default ->
                                throw new IllegalArgumentException(
                                        "--transfer takes direct, agent or both, not " + transfer);
                        };
                    }
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
            if (skipS3) {
                stores.remove(Kind.S3);
            }
            if (stores.isEmpty()) {
                throw new IllegalArgumentException("no store left to measure: --store without s3, or drop --skip-s3");
            }
            if (sizeGib <= 0 || repeat < 1 || largeFileGib < 2 || warmupRounds < 1) {
                throw new IllegalArgumentException("--size-gib must be positive, --repeat and --warmup-rounds at least"
                        + " 1, --large-file-gib at least 2");
            }
            return new Options(
                    work,
                    sizeGib,
                    List.copyOf(stores),
                    largeFile,
                    largeFileGib,
                    repeat,
                    keepData,
                    profile,
                    warmupRounds,
                    transfers,
                    overrides);
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
                    "keyspace `%s`, %d table(s) `(id int PRIMARY KEY, payload blob)` with compression and automatic"
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

    record Snapshot(int files, long bytes) {
        String describe() {
            return human(bytes) + ", " + files + " files";
        }
    }

    record Timing(String what, double seconds, CpuUse cpu) {}

    record BackupRun(
            String id,
            String mode,
            double seconds,
            double serverSeconds,
            long files,
            long bytes,
            long bytesTransferred,
            Timeline timeline,
            CpuUse cpu) {
        String describe() {
            return String.format(
                    Locale.ROOT,
                    "%.1f s (accepted to finished %.1f s), %d files, %s, %s transferred, %.1f MB/s",
                    seconds,
                    serverSeconds,
                    files,
                    human(bytes),
                    human(bytesTransferred),
                    bytes / seconds / 1e6);
        }
    }

    /** The phases of one backup, from the times of its events. */
    record Timeline(
            double snapshotSeconds,
            double uploadSeconds,
            double finishSeconds,
            long reused,
            Map<String, Uploader> uploaders) {
        record Uploader(long files, long bytes, double lastStoredSeconds) {}

        static Timeline of(JsonNode events) {
            Instant accepted = null;
            Instant snapshotTaken = null;
            Instant lastStored = null;
            Instant completed = null;
            long reused = 0;
            Map<String, long[]> files = new TreeMap<>();
            Map<String, Instant> last = new HashMap<>();
            for (JsonNode event : events) {
                String type = event.path("type").asString();
                Instant time = Instant.parse(event.path("time").asString());
                switch (type) {
                    case "io.ringvault.operation.accepted" -> accepted = time;
                    case "io.ringvault.node.snapshot.taken" -> snapshotTaken = time;
                    case "io.ringvault.operation.completed" -> completed = time;
                    case "io.ringvault.file.stored" -> {
                        String source = event.path("source").asString();
                        String name = source.substring(source.lastIndexOf('/') + 1);
                        long[] counts = files.computeIfAbsent(name, k -> new long[2]);
                        counts[0]++;
                        if (event.path("data").path("reused").asBoolean()) {
                            reused++;
                        } else {
                            counts[1] += event.path("data").path("size").asLong();
                        }
                        last.merge(name, time, (a, b) -> a.isAfter(b) ? a : b);
                        lastStored = lastStored == null || time.isAfter(lastStored) ? time : lastStored;
                    }
                    default -> {}
                }
            }
            Instant start = snapshotTaken;
            Map<String, Uploader> uploaders = new LinkedHashMap<>();
            files.forEach((name, counts) ->
                    uploaders.put(name, new Uploader(counts[0], counts[1], between(start, last.get(name)))));
            return new Timeline(
                    between(accepted, snapshotTaken),
                    between(snapshotTaken, lastStored),
                    between(lastStored, completed),
                    reused,
                    uploaders);
        }

        private static double between(Instant from, Instant to) {
            return from == null || to == null
                    ? Double.NaN
                    : Duration.between(from, to).toMillis() / 1000.0;
        }

        String describeUploaders() {
            return uploaders.entrySet().stream()
                    .map(e -> String.format(
                            Locale.ROOT,
                            "%s: %d files, %s, done at %.1f s",
                            e.getKey(),
                            e.getValue().files(),
                            human(e.getValue().bytes()),
                            e.getValue().lastStoredSeconds()))
                    .collect(Collectors.joining("; "));
        }
    }

    record StoreRun(
            String store,
            int repetition,
            Snapshot snapshot,
            Timing baseline,
            BackupRun warmup,
            BackupRun full,
            BackupRun differential,
            List<Memory> uploaders,
            Load load) {}

    record LargeFileRun(
            Kind store,
            Dataset data,
            double compactionSeconds,
            int dataFiles,
            long largestDataFile,
            BackupRun full,
            Memory uploaderIdle,
            Memory uploaderAfter,
            Load load) {}

    /** Memory of a service from {@code /proc/<pid>/status}, and the JVM flags it runs with. */
    record Memory(String name, long pid, long peakBytes, long residentBytes, String jvmFlags) {
        static Memory of(LocalService service) {
            long pid = service.pid();
            String name = service.logFile().getFileName().toString().replace(".log", "");
            return new Memory(name, pid, service.peakResidentBytes(), status(pid, "VmRSS"), processJvmFlags(pid));
        }

        static long status(long pid, String field) {
            try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
                return lines.filter(l -> l.startsWith(field + ":"))
                        .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024)
                        .findFirst()
                        .orElse(-1L);
            } catch (IOException | UncheckedIOException e) {
                return -1;
            }
        }
    }
}
