package io.ringvault.restorer.bench;

import io.github.resilience4j.retry.Retry;
import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.backup.BackupIndex;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.DeleteFinished;
import io.ringvault.common.message.DeleteProgress;
import io.ringvault.common.message.DeleteRequested;
import io.ringvault.common.message.GcFinished;
import io.ringvault.common.message.GcProgress;
import io.ringvault.common.message.GcRequested;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.PurgeFinished;
import io.ringvault.common.message.PurgeProgress;
import io.ringvault.common.message.StartDelete;
import io.ringvault.common.message.StartGc;
import io.ringvault.connections.Secret;
import io.ringvault.connections.retry.RetryPolicies;
import io.ringvault.restorer.DelegatingObjectStore;
import io.ringvault.restorer.delete.BackupDeleter;
import io.ringvault.restorer.delete.DeleteEvents;
import io.ringvault.restorer.delete.PurgeEvents;
import io.ringvault.restorer.gc.GarbageCollector;
import io.ringvault.restorer.gc.GcEvents;
import io.ringvault.restorer.restore.CancelRegistry;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.S3ObjectStore;
import io.ringvault.storage.StorageProperties;
import io.ringvault.testkit.Directories;
import io.ringvault.testkit.LocalObjectStore;
import io.ringvault.testkit.ObjectStoreEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deleting and garbage collection at scale, on a real s3proxy started by the testkit (no Kafka, Cassandra or services:
 * the restorer's {@link BackupDeleter} and {@link GarbageCollector} are constructed here, their events recorded).
 *
 * <ul>
 *   <li><b>delete</b>: a backup of {@code --objects} small objects under one node's table directory (a node manifest
 *       listing them all, a backup manifest and an index entry, written directly and in parallel) deleted by the
 *       deleter as built (batch deletes, one S3 DeleteObjects per thousand keys), side by side with the same deleter
 *       over a store whose batch delete falls back to one DELETE per key, on a second identical copy;
 *   <li><b>gc</b>: {@code --objects} objects no manifest lists, found and deleted by a collection with a grace period of
 *       0, and the same collection as a dry run first (the walk alone, deleting nothing).
 * </ul>
 *
 * Usage: {@code LifecycleBenchmark [--work DIR] [--objects N] [--writers N]}. Prints a Markdown table, also written to
 * {@code results.md} of the work directory. Memory stays bounded by the manifests (keys only) and the listing pages.
 */
public final class LifecycleBenchmark {
    private static final String BUCKET = "lifecycle";
    private static final NodeRef NODE = new NodeRef("bench-host-1", "10.0.0.1", "dc1", "r1");
    private static final JsonMapper JSON = new CloudEventCodec().mapper();
    private static final int OBJECT_BYTES = 128;

    private final Path work;
    private final int objects;
    private final int writers;

    private LifecycleBenchmark(Path work, int objects, int writers) {
        this.work = work;
        this.objects = objects;
        this.writers = writers;
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of("target/bench-lifecycle");
        int objects = 100_000;
        int writers = 16;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--work" -> work = Path.of(value(args, ++i));
                    case "--objects" -> objects = positive(args[i], value(args, ++i));
                    case "--writers" -> writers = positive(args[i], value(args, ++i));
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: LifecycleBenchmark [--work DIR] [--objects N] [--writers N]");
            System.exit(2);
            return;
        }
        new LifecycleBenchmark(work.toAbsolutePath(), objects, writers).run();
        System.exit(0);
    }

    private void run() throws Exception {
        if (Files.exists(work)) {
            Directories.deleteRecursively(work);
        }
        Files.createDirectories(work);
        String loadBefore = load();
        log("starting s3proxy under %s", work.resolve("s3proxy"));
        try (LocalObjectStore s3proxy =
                        LocalObjectStore.start(work.resolve("s3proxy"), BUCKET, Duration.ofSeconds(60));
                ObjectStore store = new S3ObjectStore(settings(s3proxy.endpoint()))) {
            // No batch delete: the interface's default deleteAll, one DELETE per key.
            ObjectStore oneByOne = new DelegatingObjectStore(store) {
                @Override
                public String describe() {
                    return super.describe() + ", one DELETE per key";
                }
            };

            log("writing two identical backups of %d objects", objects);
            long started = System.nanoTime();
            writeBackup(store, "batched", "backup-1");
            writeBackup(store, "one-by-one", "backup-1");
            double setupDelete = seconds(started);
            log("written in %.1f s", setupDelete);

            Measured batched = delete(store, "batched", "backup-1");
            Measured single = delete(oneByOne, "one-by-one", "backup-1");

            log("writing %d unreferenced objects", objects);
            started = System.nanoTime();
            writeObjects(store, new ObjectLayout("", "gc"), objects);
            // A cutoff in the second after the last write: S3 records last-modified times in whole seconds.
            Thread.sleep(1_100);
            log("written in %.1f s", seconds(started));
            Measured walk = gc(store, "gc", true);
            Measured gc = gc(store, "gc", false);
            requireEmpty(store, new ObjectLayout("", "gc").nodeFile(NODE.hostId(), "bench", "objects-0123", "x"));

            String results = report(loadBefore, load(), setupDelete, batched, single, walk, gc);
            System.out.println(results);
            Files.writeString(work.resolve("results.md"), results);
        }
    }

    /** One timed run: its wall seconds and how many objects it handled. */
    private record Measured(String what, double seconds, long objects) {
        double perSecond() {
            return objects / seconds;
        }
    }

    private Measured delete(ObjectStore store, String cluster, String backupId) {
        ObjectLayout layout = new ObjectLayout("", cluster);
        Recording events = new Recording();
        BackupDeleter deleter = new BackupDeleter(
                store, "", JSON, events, events, new CancelRegistry(), retry(), Duration.ofSeconds(5));
        log("deleting %s", cluster);
        long started = System.nanoTime();
        DeleteFinished report = deleter.run(
                        "delete-" + cluster, new StartDelete(new DeleteRequested(backupId, "bench"), cluster))
                .orElseThrow();
        double seconds = seconds(started);
        if (report.outcome() != DeleteFinished.Outcome.COMPLETED || report.objectsDeleted() != objects) {
            throw new IllegalStateException("the delete of " + cluster + " did not delete every object: " + report);
        }
        requireEmpty(store, layout.nodeFile(NODE.hostId(), "bench", "objects-0123", "x"));
        requireEmpty(store, layout.nodeManifest(backupId, NODE.hostId()));
        log("deleted %s: %d objects in %.1f s (%d progress events)", cluster, objects, seconds, events.progress.get());
        return new Measured(cluster, seconds, report.objectsDeleted());
    }

    private Measured gc(ObjectStore store, String cluster, boolean dryRun) {
        Recording events = new Recording();
        GarbageCollector collector =
                new GarbageCollector(store, "", JSON, events, new CancelRegistry(), retry(), Duration.ofSeconds(5));
        log("gc %s dryRun=%s", cluster, dryRun);
        long started = System.nanoTime();
        GcFinished report = collector
                .run(
                        "gc-" + dryRun,
                        new StartGc(new GcRequested("bench", "0s", dryRun), cluster, Instant.now(), dryRun))
                .orElseThrow();
        double seconds = seconds(started);
        if (report.outcome() != GcFinished.Outcome.COMPLETED
                || report.objectsDeleted() != objects
                || report.objectsListed() != objects) {
            throw new IllegalStateException("the gc did not find every object: " + report);
        }
        log(
                "gc dryRun=%s: listed %d, deleted %d in %.1f s",
                dryRun, report.objectsListed(), report.objectsDeleted(), seconds);
        return new Measured(dryRun ? "gc walk (dry run)" : "gc", seconds, report.objectsListed());
    }

    /** The backup as an upload leaves it: objects, a node manifest listing them, a backup manifest, an index entry. */
    private void writeBackup(ObjectStore store, String cluster, String backupId) throws Exception {
        ObjectLayout layout = new ObjectLayout("", cluster);
        List<NodeManifest.File> files = writeObjects(store, layout, objects);
        String nodeKey = layout.nodeManifest(backupId, NODE.hostId());
        store.put(
                nodeKey,
                JSON.writeValueAsBytes(
                        new NodeManifest(backupId, NODE, "5.0.9", List.of("-42"), Map.of(), files, Instant.EPOCH)));
        store.put(
                layout.backupManifest(backupId),
                JSON.writeValueAsBytes(new BackupManifest(
                        1,
                        backupId,
                        cluster,
                        BackupMode.FULL,
                        List.of("bench"),
                        List.of(),
                        List.of("dc1"),
                        Instant.EPOCH,
                        Instant.EPOCH,
                        Map.of(),
                        List.of(new BackupManifest.NodeEntry(
                                NODE.hostId(),
                                NODE.address(),
                                NODE.datacenter(),
                                NODE.rack(),
                                nodeKey,
                                files.size(),
                                0)))));
        // The index as the coordinator leaves it when a delete starts: without the backup being deleted, but with
        // another backup (of no objects) whose manifests the deleter reads for what it must keep.
        store.put(
                layout.index(),
                JSON.writeValueAsBytes(new BackupIndex(List.of(new BackupIndex.Entry(
                        "backup-kept",
                        Instant.EPOCH,
                        List.of("bench"),
                        List.of("dc1"),
                        1,
                        0,
                        0,
                        layout.backupManifest("backup-kept"),
                        BackupMode.FULL,
                        List.of(),
                        Instant.EPOCH)))));
    }

    /** {@code count} small objects under one table directory of the node, {@link #writers} at a time. */
    private List<NodeManifest.File> writeObjects(ObjectStore store, ObjectLayout layout, int count) throws Exception {
        List<NodeManifest.File> files = new ArrayList<>(count);
        AtomicLong written = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> chunks = new ArrayList<>();
            int chunk = Math.max(1, count / (writers * 8));
            for (int from = 0; from < count; from += chunk) {
                int first = from;
                int last = Math.min(count, from + chunk);
                chunks.add(pool.submit(() -> {
                    for (int i = first; i < last; i++) {
                        String name = "nb-" + i + "-big-Data.db";
                        byte[] content = ("object " + i + " ")
                                .repeat(OBJECT_BYTES)
                                .substring(0, OBJECT_BYTES)
                                .getBytes(StandardCharsets.UTF_8);
                        store.put(layout.nodeFile(NODE.hostId(), "bench", "objects-0123", name), content);
                        long done = written.incrementAndGet();
                        if (done % Math.max(1, count / 5) == 0) {
                            log("  %d of %d written", done, count);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> done : chunks) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < count; i++) {
            String name = "nb-" + i + "-big-Data.db";
            files.add(new NodeManifest.File(
                    "bench",
                    "objects",
                    name,
                    layout.nodeFile(NODE.hostId(), "bench", "objects-0123", name),
                    OBJECT_BYTES,
                    "sha256:x",
                    false));
        }
        return files;
    }

    /** Fails when anything is left under the key's directory. */
    private static void requireEmpty(ObjectStore store, String keyInDirectory) {
        String directory = keyInDirectory.substring(0, keyInDirectory.lastIndexOf('/') + 1);
        AtomicLong left = new AtomicLong();
        store.walk(directory, object -> left.incrementAndGet());
        if (left.get() != 0) {
            throw new IllegalStateException(left.get() + " object(s) left under " + directory);
        }
    }

    private String report(
            String loadBefore,
            String loadAfter,
            double setupSeconds,
            Measured batched,
            Measured single,
            Measured walk,
            Measured gc) {
        StringBuilder out = new StringBuilder();
        out.append("Objects: ")
                .append(objects)
                .append(" of ")
                .append(OBJECT_BYTES)
                .append(" bytes under one table directory of one node; s3proxy (filesystem backend) started by the")
                .append(" testkit. Cores: ")
                .append(Runtime.getRuntime().availableProcessors())
                .append("; load average before ")
                .append(loadBefore)
                .append(", after ")
                .append(loadAfter)
                .append(String.format(Locale.ROOT, ". Writing the two backups took %.1f s.%n%n", setupSeconds));
        out.append("| what | objects | time (s) | objects/s | ratio |\n|---|---|---|---|---|\n");
        row(
                out,
                "delete, batched (`BackupDeleter`: one DeleteObjects per 1000 keys)",
                batched,
                single.seconds() / batched.seconds(),
                "faster than one by one");
        row(out, "delete, one DELETE per object (same deleter, store without batch delete)", single, 1, "baseline");
        row(out, "gc: walk alone (dry run)", walk, 1, "baseline");
        row(out, "gc: find and delete (grace period 0)", gc, gc.seconds() / walk.seconds(), "of the walk's time");
        return out.toString();
    }

    private static void row(StringBuilder out, String what, Measured m, double ratio, String meaning) {
        out.append(String.format(
                Locale.ROOT,
                "| %s | %d | %.1f | %.0f | %.2f× %s |%n",
                what,
                m.objects(),
                m.seconds(),
                m.perSecond(),
                ratio,
                meaning));
    }

    private static StorageProperties.S3 settings(ObjectStoreEndpoint endpoint) {
        return new StorageProperties.S3(
                endpoint.bucket(),
                endpoint.endpoint().toString(),
                endpoint.region(),
                true,
                endpoint.accessKey(),
                Secret.of(endpoint.secretKey()),
                null,
                null,
                null,
                DataSize.ofMegabytes(16),
                2);
    }

    private static Retry retry() {
        return RetryPolicies.retry("bench", new RetryPolicies.Policy(3, Duration.ofMillis(200), Duration.ofSeconds(2)));
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static int positive(String option, String value) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException(option + " must be a positive whole number, not " + value);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void log(String format, Object... arguments) {
        System.err.printf(
                "[bench %s] %s%n",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")),
                String.format(Locale.ROOT, format, arguments));
    }

    /** Counts the events of a delete or a gc: the benchmark needs only the reports the runs return. */
    private static final class Recording implements DeleteEvents, PurgeEvents, GcEvents {
        final AtomicLong progress = new AtomicLong();

        @Override
        public void progress(String operationId, DeleteProgress event) {
            progress.incrementAndGet();
        }

        @Override
        public void finished(String operationId, DeleteFinished event) {}

        @Override
        public void progress(String operationId, PurgeProgress event) {
            progress.incrementAndGet();
        }

        @Override
        public void finished(String operationId, PurgeFinished event) {}

        @Override
        public void progress(String operationId, GcProgress event) {
            progress.incrementAndGet();
        }

        @Override
        public void finished(String operationId, GcFinished event) {}
    }
}
