package io.ringvault.restorer.copy;

import io.github.resilience4j.retry.Retry;
import io.ringvault.common.backup.BackupIndex;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.failure.ClassifiedFailure;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.failure.Failures;
import io.ringvault.common.message.CopyFinished;
import io.ringvault.common.message.CopyProgress;
import io.ringvault.common.message.LogicalFormat;
import io.ringvault.common.message.StartCopy;
import io.ringvault.restorer.restore.CancelRegistry;
import io.ringvault.storage.Checksums;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.StorageException;
import io.ringvault.storage.StoredObject;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Copies a backup from the deployment's object store to a copy target, key for key, so that a deployment whose store is
 * the target lists and restores it. In order:
 *
 * <ol>
 *   <li>reads the backup manifest and every node manifest it lists from the source;
 *   <li>streams every object the node manifests list to the target, {@code parallelism} at a time. An object already in
 *       the target with the recorded size and SHA-256 is skipped, so a copy run again (after a failure, or by the next
 *       restorer) resumes. Each object's SHA-256 is computed while it streams and compared with its node manifest's
 *       before the last byte is handed to the target: a mismatch fails the put, so the target never holds a corrupt
 *       object as complete, and the copy fails naming the object;
 *   <li>writes the node manifests, then the backup manifest (the completion marker: a target without it does not hold
 *       the backup), both exactly as read;
 *   <li>adds the backup's entry to the target's index (read, add, write), so the target lists it.
 * </ol>
 *
 * <p>Memory is bounded whatever the backup's size: an object is streamed from the source to the target (the target's
 * put holds at most its part buffers); only the manifests are held. An incremental backup's node manifests list every
 * file of its chain, so copying it copies the chain's objects and it restores from the target on its own.
 *
 * <p>Progress is published when the manifests are read and every {@code progressInterval} after. A cancelled copy stops
 * between objects and publishes nothing more: the coordinator has already ended it. It wrote no backup manifest, so the
 * target does not list the backup.
 */
public class BackupCopier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackupCopier.class);

    private final ObjectStore source;
    private final String storagePrefix;
    private final Map<String, ObjectStore> targets;
    private final JsonMapper json;
    private final CopyEvents events;
    private final CancelRegistry cancels;
    private final Retry retry;
    private final Duration progressInterval;
    private final ExecutorService copying;

    /**
     * @param source the deployment's store, where the backup is
     * @param targets the copy targets' stores by name, opened when the service started
     * @param retry the policy around each object's copy and each manifest read or write: a retryable store failure
     *     (throttling, a 5xx, a broken connection) copies the object again from its start
     * @param parallelism objects copied at once; each holds the target's upload buffers
     */
    public BackupCopier(
            ObjectStore source,
            String storagePrefix,
            Map<String, ObjectStore> targets,
            JsonMapper json,
            CopyEvents events,
            CancelRegistry cancels,
            Retry retry,
            Duration progressInterval,
            int parallelism) {
        this.source = source;
        this.storagePrefix = storagePrefix;
        this.targets = Map.copyOf(targets);
        this.json = json;
        this.events = events;
        this.cancels = cancels;
        this.retry = retry;
        this.progressInterval = progressInterval;
        AtomicInteger threads = new AtomicInteger();
        this.copying = Executors.newFixedThreadPool(parallelism, runnable -> {
            Thread thread = new Thread(runnable, "copy-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Copies the backup and publishes the report; returns it too. Empty when the copy was cancelled (nothing is
     * published then).
     */
    public Optional<CopyFinished> run(String operationId, StartCopy command) {
        String backupId = command.request().backupId();
        String targetName = command.request().target();
        Counts counts = new Counts();
        ObjectStore target = targets.get(targetName);
        if (target == null) {
            // The coordinator checks the name against its own configuration; this restorer's may differ.
            return Optional.of(finish(
                    operationId,
                    counts.failed(
                            targetName,
                            0,
                            FailureReason.UNKNOWN_TARGET,
                            "this restorer has no copy target '" + targetName + "' (ringvault.storage.targets): "
                                    + (targets.isEmpty()
                                            ? "it has none"
                                            : "its targets are "
                                                    + String.join(", ", new java.util.TreeSet<>(targets.keySet()))))));
        }
        ObjectLayout layout = new ObjectLayout(storagePrefix, command.sourceCluster());
        Manifests manifests;
        try {
            manifests = readManifests(layout, backupId);
        } catch (CopyFailure e) {
            return Optional.of(finish(operationId, counts.failed(targetName, 0, e.reason(), e.getMessage())));
        } catch (RuntimeException e) {
            return Optional.of(finish(operationId, counts.failed(targetName, 0, e, "reading the manifests")));
        }
        long bytesTotal =
                manifests.files().stream().mapToLong(NodeManifest.File::size).sum();
        int objectsTotal = manifests.files().size();
        LOG.info(
                "copy listed operationId={} backupId={} target={} objects={} bytes={} targetStore={}",
                operationId,
                backupId,
                targetName,
                objectsTotal,
                bytesTotal,
                target.describe());
        events.progress(operationId, counts.progress(objectsTotal, bytesTotal));

        CompletionService<Void> done = new ExecutorCompletionService<>(copying);
        List<Future<Void>> running = new ArrayList<>();
        for (NodeManifest.File file : manifests.files()) {
            running.add(done.submit(() -> {
                if (cancels.reason(operationId).isEmpty()) {
                    copy(target, file, counts);
                }
                return null;
            }));
        }
        long nextProgress = System.nanoTime() + progressInterval.toNanos();
        try {
            for (int left = running.size(); left > 0; ) {
                Future<Void> next = done.poll(Math.max(0, nextProgress - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (next != null) {
                    next.get();
                    left--;
                }
                if (cancels.reason(operationId).isPresent()) {
                    running.forEach(f -> f.cancel(true));
                    LOG.info("copy cancelled operationId={} backupId={}", operationId, backupId);
                    return Optional.empty();
                }
                if (System.nanoTime() >= nextProgress) {
                    events.progress(operationId, counts.progress(objectsTotal, bytesTotal));
                    nextProgress = System.nanoTime() + progressInterval.toNanos();
                }
            }
        } catch (ExecutionException e) {
            // One object failed for good: the backup manifest is never written, so the target does not list it.
            running.forEach(f -> f.cancel(true));
            Throwable cause = e.getCause();
            if (cause instanceof CopyFailure failure) {
                return Optional.of(finish(
                        operationId,
                        counts.failed(targetName, objectsTotal, bytesTotal, failure.reason(), failure.getMessage())));
            }
            return Optional.of(finish(
                    operationId, counts.failed(targetName, objectsTotal, bytesTotal, cause, "copying the objects")));
        } catch (InterruptedException e) {
            running.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the copy of backup " + backupId + " was interrupted", e);
        }
        try {
            // Node manifests first, the backup manifest (the completion marker) after them, the index last.
            for (Map.Entry<String, byte[]> node : manifests.nodeManifests().entrySet()) {
                call(() -> target.put(node.getKey(), node.getValue()));
            }
            call(() -> target.put(layout.backupManifest(backupId), manifests.backupBytes()));
            call(() -> list(target, layout, manifests.backup()));
        } catch (RuntimeException e) {
            return Optional.of(finish(
                    operationId,
                    counts.failed(targetName, objectsTotal, bytesTotal, e, "writing the manifests to the target")));
        }
        return Optional.of(finish(
                operationId,
                new CopyFinished(
                        CopyFinished.Outcome.COMPLETED,
                        targetName,
                        counts.objectsCopied.get(),
                        counts.objectsSkipped.get(),
                        objectsTotal,
                        counts.bytesCopied.get(),
                        counts.bytesSkipped.get(),
                        bytesTotal,
                        null,
                        null)));
    }

    private CopyFinished finish(String operationId, CopyFinished report) {
        events.finished(operationId, report);
        LOG.info(
                "copy finished operationId={} target={} outcome={} copied={} skipped={} objects={} reason={}",
                operationId,
                report.target(),
                report.outcome(),
                report.objectsCopied(),
                report.objectsSkipped(),
                report.objectsTotal(),
                report.reason());
        return report;
    }

    /** The backup's manifests as read (to be written to the target byte for byte) and every object they list. */
    private Manifests readManifests(ObjectLayout layout, String backupId) {
        String backupKey = layout.backupManifest(backupId);
        byte[] backupBytes = call(() -> source.getSmall(backupKey))
                .orElseThrow(() -> new CopyFailure(
                        FailureReason.UNKNOWN_BACKUP,
                        "backup " + backupId + " has no manifest " + backupKey + " in " + source.describe()));
        BackupManifest backup = parse(backupBytes, BackupManifest.class, backupKey);
        Map<String, byte[]> nodeManifests = new LinkedHashMap<>();
        List<NodeManifest.File> files = new ArrayList<>();
        for (BackupManifest.NodeEntry entry : backup.nodes()) {
            byte[] bytes = call(() -> source.getSmall(entry.manifestKey()))
                    .orElseThrow(() -> new CopyFailure(
                            FailureReason.BACKUP_CORRUPT,
                            "the manifest of node " + entry.hostId() + ", " + entry.manifestKey()
                                    + ", is not in the store"));
            NodeManifest manifest = parse(bytes, NodeManifest.class, entry.manifestKey());
            nodeManifests.put(entry.manifestKey(), bytes);
            files.addAll(manifest.files());
        }
        if (backup.logicalFormat() == LogicalFormat.CSV) {
            // A CSV logical backup's schema.cql (for cqlsh -f) goes with its manifests.
            String schemaKey = layout.schemaScript(backupId);
            call(() -> source.getSmall(schemaKey)).ifPresent(bytes -> nodeManifests.put(schemaKey, bytes));
        }
        return new Manifests(backup, backupBytes, nodeManifests, files);
    }

    private <T> T parse(byte[] bytes, Class<T> type, String key) {
        try {
            return json.readValue(bytes, type);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new CopyFailure(
                    FailureReason.BACKUP_CORRUPT,
                    key + " is not a readable manifest (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** One object: skipped when the target already has it whole, else streamed and checked on the way. */
    private void copy(ObjectStore target, NodeManifest.File file, Counts counts) {
        Optional<StoredObject> there = call(() -> target.head(file.objectKey()));
        if (there.isPresent()
                && there.get().size() == file.size()
                && file.checksum().equals(there.get().checksum())) {
            counts.objectsSkipped.incrementAndGet();
            counts.bytesSkipped.addAndGet(file.size());
            return;
        }
        StoredObject stored;
        try {
            stored = call(() -> {
                try (InputStream in = new CheckedStream(source.get(file.objectKey(), 0), file)) {
                    return target.put(file.objectKey(), in, file.size());
                }
            });
        } catch (RuntimeException e) {
            FailureReason reason = Failures.reasonOf(e);
            if (reason == FailureReason.CHECKSUM_MISMATCH) {
                throw new CopyFailure(reason, mismatch(file, e));
            }
            if (reason == FailureReason.OBJECT_NOT_FOUND || reason == FailureReason.SIZE_MISMATCH) {
                throw new CopyFailure(
                        FailureReason.BACKUP_CORRUPT,
                        "object " + file.objectKey() + " of table " + file.keyspace() + "." + file.table()
                                + " could not be read whole from the source (" + reason.code() + "): "
                                + e.getMessage());
            }
            throw e;
        }
        // The target computed its own digest of what it stored: it must be the manifest's too.
        if (stored.checksum() != null && !stored.checksum().equals(file.checksum())) {
            call(() -> {
                target.delete(file.objectKey());
                return null;
            });
            throw new CopyFailure(
                    FailureReason.CHECKSUM_MISMATCH,
                    "object " + file.objectKey() + " was stored in the target with SHA-256 " + stored.checksum()
                            + ", its node manifest records " + file.checksum() + ": it was removed from the target");
        }
        counts.objectsCopied.incrementAndGet();
        counts.bytesCopied.addAndGet(file.size());
    }

    private static String mismatch(NodeManifest.File file, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ChecksumMismatch m) {
                return m.getMessage();
            }
        }
        return "object " + file.objectKey() + " does not match the SHA-256 its node manifest records: "
                + e.getMessage();
    }

    /** Adds the backup's entry to the target's index, as the coordinator's catalog does for its own store. */
    private Void list(ObjectStore target, ObjectLayout layout, BackupManifest manifest) {
        BackupIndex index = target.getSmall(layout.index())
                .map(bytes -> json.readValue(bytes, BackupIndex.class))
                .orElseGet(() -> new BackupIndex(List.of()));
        long files = manifest.nodes().stream()
                .mapToLong(BackupManifest.NodeEntry::files)
                .sum();
        long bytes = manifest.nodes().stream()
                .mapToLong(BackupManifest.NodeEntry::bytes)
                .sum();
        target.put(
                layout.index(),
                json.writeValueAsBytes(index.with(new BackupIndex.Entry(
                        manifest.backupId(),
                        manifest.completedAt(),
                        manifest.keyspaces(),
                        manifest.datacenters(),
                        manifest.nodes().size(),
                        files,
                        bytes,
                        layout.backupManifest(manifest.backupId()),
                        manifest.mode(),
                        manifest.tables(),
                        manifest.startedAt(),
                        manifest.partial() != null,
                        manifest.schedule(),
                        manifest.buildsOn()))));
        return null;
    }

    /** A store call under the retry policy; its own failure class is kept, so the caller still reads its reason. */
    private <T> T call(Callable<T> call) {
        try {
            return retry.executeCallable(call);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new StorageException(Failures.reasonOf(e), e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        copying.shutdownNow();
    }

    private record Manifests(
            BackupManifest backup,
            byte[] backupBytes,
            Map<String, byte[]> nodeManifests,
            List<NodeManifest.File> files) {}

    /** The copy cannot go on, for a reason no retry changes; the message names what and where. */
    private static final class CopyFailure extends RuntimeException implements ClassifiedFailure {
        private final FailureReason reason;

        CopyFailure(FailureReason reason, String message) {
            super(message);
            this.reason = reason;
        }

        @Override
        public FailureReason reason() {
            return reason;
        }
    }

    /**
     * Thrown by {@link CheckedStream} to the target's put: an {@link IOException} (what a content stream throws) that
     * is classified, so no retry layer reads it as a broken connection.
     */
    static final class ChecksumMismatch extends IOException implements ClassifiedFailure {
        ChecksumMismatch(String message) {
            super(message);
        }

        @Override
        public FailureReason reason() {
            return FailureReason.CHECKSUM_MISMATCH;
        }
    }

    /**
     * The source object's bytes through SHA-256. The digest is compared with the manifest's when the recorded size is
     * reached, before that last read returns: the target's put then fails instead of completing the object.
     */
    static final class CheckedStream extends FilterInputStream {
        private final NodeManifest.File file;
        private final MessageDigest digest = Checksums.sha256();
        private long read;
        private boolean checked;

        CheckedStream(InputStream in, NodeManifest.File file) {
            super(in);
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                digest.update(buffer, offset, n);
                read += n;
            }
            if (!checked && (read >= file.size() || n < 0)) {
                checked = true;
                String actual = Checksums.format(digest);
                if (read == file.size() && !actual.equals(file.checksum())) {
                    throw new ChecksumMismatch("object " + file.objectKey() + " of table " + file.keyspace() + "."
                            + file.table() + " read from the source has SHA-256 " + actual
                            + ", its node manifest records " + file.checksum()
                            + ": nothing of it was written to the target");
                }
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // Every byte goes through the digest.
            byte[] buffer = new byte[(int) Math.min(n, 8192)];
            int skipped = read(buffer, 0, buffer.length);
            return Math.max(skipped, 0);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    /** The counts of a running copy, from every copying thread. */
    private static final class Counts {
        final AtomicLong objectsCopied = new AtomicLong();
        final AtomicLong objectsSkipped = new AtomicLong();
        final AtomicLong bytesCopied = new AtomicLong();
        final AtomicLong bytesSkipped = new AtomicLong();

        CopyProgress progress(long objectsTotal, long bytesTotal) {
            return new CopyProgress(
                    objectsCopied.get(),
                    objectsSkipped.get(),
                    objectsTotal,
                    bytesCopied.get(),
                    bytesSkipped.get(),
                    bytesTotal);
        }

        CopyFinished failed(String target, long objectsTotal, FailureReason reason, String detail) {
            return failed(target, objectsTotal, 0, reason, detail);
        }

        CopyFinished failed(String target, long objectsTotal, long bytesTotal, FailureReason reason, String detail) {
            return new CopyFinished(
                    CopyFinished.Outcome.FAILED,
                    target,
                    objectsCopied.get(),
                    objectsSkipped.get(),
                    objectsTotal,
                    bytesCopied.get(),
                    bytesSkipped.get(),
                    bytesTotal,
                    reason,
                    detail);
        }

        /** A store that kept failing: storage-failed, with the store's own reason in the detail. */
        CopyFinished failed(String target, long objectsTotal, long bytesTotal, Throwable cause, String doing) {
            return failed(
                    target,
                    objectsTotal,
                    bytesTotal,
                    FailureReason.STORAGE_FAILED,
                    "an object store failed " + doing + " ("
                            + Failures.reasonOf(cause).code() + "): " + cause.getMessage());
        }

        CopyFinished failed(String target, long objectsTotal, Throwable cause, String doing) {
            return failed(target, objectsTotal, 0, cause, doing);
        }
    }
}
