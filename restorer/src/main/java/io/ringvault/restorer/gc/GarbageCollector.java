package io.ringvault.restorer.gc;

import io.github.resilience4j.retry.Retry;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.failure.Failures;
import io.ringvault.common.message.GcFinished;
import io.ringvault.common.message.GcProgress;
import io.ringvault.common.message.StartGc;
import io.ringvault.restorer.restore.CancelRegistry;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.StorageException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Collects the garbage of the cluster's part of the object store ({@code [prefix/]<cluster>/}): the objects no complete
 * backup references, last modified before the command's cutoff. The rule, and why a running backup never loses an
 * object to it, is in {@code restorer/DESIGN.md} (Garbage collection). Three walks of the store:
 *
 * <ol>
 *   <li>{@code backups/} for the complete backups: those with a {@code backups/<id>/manifest.json};
 *   <li>for each complete backup, its backup manifest and every node manifest (those under its {@code nodes/} and those
 *       its backup manifest lists) are read: the object keys they list, the manifests themselves and {@code index.json}
 *       make the referenced set. It holds keys only, and is the one thing that grows with the store. A manifest that
 *       cannot be read or parsed stops the collection here, before anything is deleted;
 *   <li>the whole of {@code [prefix/]<cluster>/}, page by page: an object below {@code nodes/} outside the referenced set,
 *       and any object under {@code backups/<id>/} of a backup without {@code manifest.json}, is deleted when it was
 *       last modified before the cutoff (kept as young otherwise), in batches of up to {@value #BATCH} keys. Anything
 *       else is never touched.
 * </ol>
 *
 * A dry run does the same and deletes nothing. Progress is published when the collection starts and every {@code
 * progressInterval} after. A cancelled collection stops between objects and publishes nothing more: the coordinator has
 * already ended it. Running the same command again is safe: it decides again from what is in the store.
 */
public class GarbageCollector {
    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);
    /** Keys per batch delete: one S3 DeleteObjects request. */
    static final int BATCH = 1000;

    private final ObjectStore store;
    private final String storagePrefix;
    private final JsonMapper json;
    private final GcEvents events;
    private final CancelRegistry cancels;
    private final Retry retry;
    private final Duration progressInterval;

    /**
     * @param retry the policy around each read and batch delete: a retryable failure (throttling, a 5xx, a broken
     *     connection) is tried again. A listing is not retried (the S3 client retries each page once): a collection whose
     *     listing fails stops, and a new one continues
     */
    public GarbageCollector(
            ObjectStore store,
            String storagePrefix,
            JsonMapper json,
            GcEvents events,
            CancelRegistry cancels,
            Retry retry,
            Duration progressInterval) {
        this.store = store;
        this.storagePrefix = storagePrefix;
        this.json = json;
        this.events = events;
        this.cancels = cancels;
        this.retry = retry;
        this.progressInterval = progressInterval;
    }

    /** Runs the collection and publishes the report; returns it too. Empty when the collection was cancelled. */
    public Optional<GcFinished> run(String operationId, StartGc command) {
        Run run = new Run(operationId, command);
        events.progress(operationId, new GcProgress(0, 0, 0));
        Set<String> referenced;
        try {
            Set<String> complete = completeBackups(run);
            referenced = referenced(run, complete);
            if (referenced == null) {
                return cancelled(run);
            }
            if (!sweep(run, complete, referenced)) {
                return cancelled(run);
            }
        } catch (UnreadableManifest e) {
            return Optional.of(finish(run, run.failed(FailureReason.BACKUP_CORRUPT, e.getMessage())));
        } catch (RuntimeException e) {
            return Optional.of(finish(
                    run,
                    run.failed(
                            FailureReason.STORAGE_FAILED,
                            "the garbage collection failed " + run.doing + " (" + Failures.reasonOf(e) + "): "
                                    + e.getMessage())));
        }
        return Optional.of(finish(run, run.report(GcFinished.Outcome.COMPLETED, null, null)));
    }

    /** Step 1: the backups that have a backup manifest, by id. */
    private Set<String> completeBackups(Run run) {
        run.doing = "listing the backups";
        Set<String> complete = new TreeSet<>();
        store.walk(run.backups, object -> {
            String[] path = object.key().substring(run.backups.length()).split("/");
            if (path.length == 2 && path[1].equals("manifest.json")) {
                complete.add(path[0]);
            }
            run.tick();
        });
        return complete;
    }

    /** Step 2: every key the complete backups reference, with their manifests and the index; null when cancelled. */
    private Set<String> referenced(Run run, Set<String> complete) {
        run.doing = "reading the manifests";
        Set<String> referenced = new HashSet<>();
        referenced.add(run.layout.index());
        for (String backupId : complete) {
            if (run.cancelled()) {
                return null;
            }
            String backupManifestKey = run.layout.backupManifest(backupId);
            referenced.add(backupManifestKey);
            Set<String> nodeManifests = new TreeSet<>();
            read(backupManifestKey, BackupManifest.class)
                    .ifPresent(manifest -> manifest.nodes().forEach(node -> nodeManifests.add(node.manifestKey())));
            store.walk(run.backups + backupId + "/nodes/", object -> nodeManifests.add(object.key()));
            for (String key : nodeManifests) {
                referenced.add(key);
                Optional<NodeManifest> manifest = read(key, NodeManifest.class);
                if (manifest.isEmpty()) {
                    throw new UnreadableManifest(key + ", listed by the backup manifest of complete backup " + backupId
                            + ", is missing: the objects of that node cannot be told apart, so nothing is deleted");
                }
                manifest.get().files().forEach(file -> referenced.add(file.objectKey()));
                run.tick();
            }
        }
        LOG.info(
                "gc referenced operationId={} completeBackups={} referencedKeys={}",
                run.operationId,
                complete.size(),
                referenced.size());
        return referenced;
    }

    /** Step 3: lists the cluster's objects and deletes the unreferenced old ones; false when cancelled. */
    private boolean sweep(Run run, Set<String> complete, Set<String> referenced) {
        run.doing = "listing and deleting objects";
        List<String> batch = new ArrayList<>();
        long[] batchBytes = {0};
        try {
            store.walk(run.root, object -> {
                if (run.cancelled()) {
                    throw new Cancelled(); // ends the listing too: no further page is asked for
                }
                run.listed++;
                if (referenced.contains(object.key())) {
                    run.referenced++;
                } else if (isCandidate(run, complete, object.key())) {
                    if (!object.lastModified().isBefore(run.cutoff)) {
                        run.keptYoung++;
                    } else if (run.command.dryRun()) {
                        run.deleted(object.key(), object.size());
                    } else {
                        batch.add(object.key());
                        batchBytes[0] += object.size();
                        if (batch.size() == BATCH) {
                            deleteBatch(run, batch, batchBytes[0]);
                            batchBytes[0] = 0;
                        }
                    }
                }
                run.tick();
            });
        } catch (Cancelled e) {
            return false;
        }
        if (!batch.isEmpty()) {
            deleteBatch(run, batch, batchBytes[0]);
        }
        return true;
    }

    /**
     * Whether an unreferenced object may go: one below {@code nodes/}, or one under {@code backups/<id>/} of a backup
     * without a backup manifest. Never anything else (the index, objects of complete backups, unknown objects).
     */
    private static boolean isCandidate(Run run, Set<String> complete, String key) {
        if (!key.startsWith(run.root)) {
            return false;
        }
        if (key.startsWith(run.nodes)) {
            return true;
        }
        if (key.startsWith(run.backups)) {
            String rest = key.substring(run.backups.length());
            int slash = rest.indexOf('/');
            return slash > 0 && !complete.contains(rest.substring(0, slash));
        }
        return false;
    }

    private void deleteBatch(Run run, List<String> batch, long bytes) {
        List<String> keys = List.copyOf(batch);
        call(() -> {
            store.deleteAll(keys);
            return null;
        });
        for (String key : keys) {
            run.deleted(key, 0);
        }
        run.bytesFreed += bytes;
        batch.clear();
        LOG.info("gc deleted operationId={} objects={} bytes={}", run.operationId, keys.size(), bytes);
    }

    /** A manifest; empty when it is not in the store. One that cannot be parsed stops the collection. */
    private <T> Optional<T> read(String key, Class<T> type) {
        Optional<byte[]> bytes = call(() -> store.getSmall(key));
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(bytes.get(), type));
        } catch (JacksonException | IllegalArgumentException e) {
            throw new UnreadableManifest(
                    key + " is not a readable manifest (" + e.getClass().getSimpleName()
                            + "): the objects it lists cannot be told apart from garbage, so nothing is deleted");
        }
    }

    private Optional<GcFinished> cancelled(Run run) {
        LOG.info(
                "gc cancelled operationId={} listed={} deleted={} bytesFreed={}",
                run.operationId,
                run.listed,
                run.deleted,
                run.bytesFreed);
        return Optional.empty();
    }

    private GcFinished finish(Run run, GcFinished report) {
        events.finished(run.operationId, report);
        LOG.info(
                "gc finished operationId={} outcome={} dryRun={} listed={} referenced={} keptYoung={} deleted={}"
                        + " bytesFreed={} reason={}",
                run.operationId,
                report.outcome(),
                report.dryRun(),
                report.objectsListed(),
                report.objectsReferenced(),
                report.objectsKeptYoung(),
                report.objectsDeleted(),
                report.bytesFreed(),
                report.reason());
        return report;
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

    /** Thrown by the sweep's visitor to end the walk of a cancelled collection. */
    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super(null, null, false, false);
        }
    }

    /** A manifest of a complete backup that cannot be read: nothing may be deleted. */
    private static final class UnreadableManifest extends RuntimeException {
        UnreadableManifest(String message) {
            super(message);
        }
    }

    /** One collection's keys and counts. */
    private final class Run {
        final String operationId;
        final StartGc command;
        final ObjectLayout layout;
        /** {@code [prefix/]<cluster>/}, and its {@code backups/} and {@code nodes/}. */
        final String root;

        final String backups;
        final String nodes;
        /**
         * The command's cutoff in whole seconds, as S3 records a last-modified time: an object written in the cutoff's
         * own second, before or after it, is kept.
         */
        final Instant cutoff;

        String doing = "starting";
        long listed;
        long referenced;
        long keptYoung;
        long deleted;
        long bytesFreed;
        final List<String> deletedKeys = new ArrayList<>();
        long nextProgress = System.nanoTime() + progressInterval.toNanos();

        Run(String operationId, StartGc command) {
            this.operationId = operationId;
            this.command = command;
            this.layout = new ObjectLayout(storagePrefix, command.sourceCluster());
            String index = layout.index();
            this.root = index.substring(0, index.length() - "index.json".length());
            this.backups = root + "backups/";
            this.nodes = root + "nodes/";
            this.cutoff = command.cutoff().truncatedTo(ChronoUnit.SECONDS);
        }

        void deleted(String key, long size) {
            deleted++;
            bytesFreed += size;
            if (deletedKeys.size() < GcFinished.MAX_KEYS) {
                deletedKeys.add(key);
            }
        }

        boolean cancelled() {
            return cancels.reason(operationId).isPresent();
        }

        /** Publishes the counts when the interval is up; each event also tells the coordinator the gc is alive. */
        void tick() {
            if (System.nanoTime() - nextProgress >= 0) {
                events.progress(operationId, new GcProgress(listed, deleted, bytesFreed));
                nextProgress = System.nanoTime() + progressInterval.toNanos();
            }
        }

        GcFinished failed(FailureReason reason, String detail) {
            return report(GcFinished.Outcome.FAILED, reason, detail);
        }

        GcFinished report(GcFinished.Outcome outcome, FailureReason reason, String detail) {
            return new GcFinished(
                    outcome,
                    command.dryRun(),
                    listed,
                    referenced,
                    keptYoung,
                    deleted,
                    bytesFreed,
                    deletedKeys,
                    reason,
                    detail);
        }
    }
}
