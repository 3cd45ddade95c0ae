package io.ringvault.restorer.delete;

import io.github.resilience4j.retry.Retry;
import io.ringvault.common.backup.BackupIndex;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.failure.Failures;
import io.ringvault.common.message.DeleteFinished;
import io.ringvault.common.message.DeleteProgress;
import io.ringvault.common.message.LogicalFormat;
import io.ringvault.common.message.PurgeFinished;
import io.ringvault.common.message.PurgePlan;
import io.ringvault.common.message.PurgeProgress;
import io.ringvault.common.message.StartDelete;
import io.ringvault.common.message.StartPurge;
import io.ringvault.restorer.restore.CancelRegistry;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.StorageException;
import io.ringvault.storage.StoredObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deletes a set of backups from the object store: one backup for a delete, the backups a retention policy chose for a
 * purge. SSTable objects are shared between backups (a differential backup reuses the objects of earlier ones), so
 * only the objects of the set no remaining backup references go:
 *
 * <ol>
 *   <li>the node manifests of each backup of the set are found (those its backup manifest lists, and those under its
 *       {@code nodes/} directory: a delete that stopped after step 3 leaves no backup manifest) and read, for their
 *       object keys;
 *   <li>the node manifests of every backup of the index outside the set are read, for the set of object keys they
 *       reference (keys only: no object is read, and the set is the only thing that grows with the bucket);
 *   <li>the backup manifests of the set are deleted (the coordinator has already removed the index entries), so
 *       nothing new starts from them;
 *   <li>each of their objects outside the referenced set is deleted;
 *   <li>their node manifests are deleted, last, so that a rerun after a crash still finds every object left to delete.
 * </ol>
 *
 * Steps 3 to 5 delete with {@link ObjectStore#deleteAll} in batches of up to {@value #BATCH} keys (one S3 DeleteObjects
 * request each), in that order. Deleting an object already gone is fine, so running the same delete again finishes the
 * job. A node manifest that cannot be read (of the set or another backup) stops the delete before anything is deleted:
 * its objects cannot be told apart. Progress is published once the objects to delete are known and, as batches
 * complete, every {@code progressInterval} after. A cancelled delete stops between batches and publishes nothing more:
 * the coordinator has already ended it. A dry run does steps 1 and 2, counts what steps 3 to 5 would delete, and
 * deletes nothing.
 */
public class BackupDeleter {
    private static final Logger LOG = LoggerFactory.getLogger(BackupDeleter.class);
    /** Node manifests of one backup listed at most: one per node, far below this. */
    private static final int MAX_NODE_MANIFESTS = 100_000;
    /** Keys per batch delete: one S3 DeleteObjects request. */
    static final int BATCH = 1000;

    private final ObjectStore store;
    private final String storagePrefix;
    private final JsonMapper json;
    private final DeleteEvents events;
    private final PurgeEvents purgeEvents;
    private final CancelRegistry cancels;
    private final Retry retry;
    private final Duration progressInterval;

    /**
     * @param events where a delete reports
     * @param purgeEvents where a purge reports
     * @param retry the policy around each store call: a retryable failure (throttling, a 5xx, a broken connection) is
     *     tried again
     */
    public BackupDeleter(
            ObjectStore store,
            String storagePrefix,
            JsonMapper json,
            DeleteEvents events,
            PurgeEvents purgeEvents,
            CancelRegistry cancels,
            Retry retry,
            Duration progressInterval) {
        this.store = store;
        this.storagePrefix = storagePrefix;
        this.json = json;
        this.events = events;
        this.purgeEvents = purgeEvents;
        this.cancels = cancels;
        this.retry = retry;
        this.progressInterval = progressInterval;
    }

    /** Deletes the backup and publishes the report; returns it too. Empty when the delete was cancelled. */
    public Optional<DeleteFinished> run(String operationId, StartDelete command) {
        String backupId = command.request().backupId();
        Optional<Tally> tally = deleteSet(
                operationId,
                new ObjectLayout(storagePrefix, command.sourceCluster()),
                List.of(backupId),
                false,
                (deleted, toDelete, bytes) ->
                        events.progress(operationId, new DeleteProgress(deleted, toDelete, bytes)));
        if (tally.isEmpty()) {
            return Optional.empty();
        }
        Tally t = tally.get();
        DeleteFinished report = t.failure == null
                ? new DeleteFinished(
                        DeleteFinished.Outcome.COMPLETED,
                        t.deleted,
                        t.kept,
                        t.bytesFreed,
                        t.manifestsDeleted,
                        null,
                        null)
                : new DeleteFinished(
                        DeleteFinished.Outcome.FAILED,
                        t.deleted,
                        t.kept,
                        t.bytesFreed,
                        t.manifestsDeleted,
                        FailureReason.STORAGE_FAILED,
                        t.failure);
        events.finished(operationId, report);
        logFinished("delete", operationId, report.outcome(), t, false);
        return Optional.of(report);
    }

    /**
     * Deletes the backups of a purge as one set (a dry run only counts) and publishes the report; returns it too. Empty
     * when the purge was cancelled.
     */
    public Optional<PurgeFinished> run(String operationId, StartPurge command) {
        List<String> backupIds =
                command.backups().stream().map(PurgePlan.Chosen::backupId).toList();
        boolean dryRun = command.dryRun();
        Optional<Tally> tally = deleteSet(
                operationId,
                new ObjectLayout(storagePrefix, command.sourceCluster()),
                backupIds,
                dryRun,
                (deleted, toDelete, bytes) -> purgeEvents.progress(
                        operationId, new PurgeProgress(dryRun, backupIds.size(), deleted, toDelete, bytes)));
        if (tally.isEmpty()) {
            return Optional.empty();
        }
        Tally t = tally.get();
        List<PurgeFinished.Purged> purged = command.backups().stream()
                .map(chosen -> {
                    long[] figures = t.perBackup.getOrDefault(chosen.backupId(), new long[2]);
                    return new PurgeFinished.Purged(chosen.backupId(), chosen.completedAt(), figures[0], figures[1]);
                })
                .toList();
        PurgeFinished report = new PurgeFinished(
                t.failure == null ? PurgeFinished.Outcome.COMPLETED : PurgeFinished.Outcome.FAILED,
                dryRun,
                purged,
                t.deleted,
                t.kept,
                t.bytesFreed,
                t.manifestsDeleted,
                t.failure == null ? null : FailureReason.STORAGE_FAILED,
                t.failure);
        purgeEvents.finished(operationId, report);
        logFinished("purge", operationId, report.outcome(), t, dryRun);
        return Optional.of(report);
    }

    /** Where the set's progress goes: a delete's or a purge's event. */
    @FunctionalInterface
    private interface Progress {
        void report(long deleted, long toDelete, long bytesFreed);
    }

    /**
     * What deleting a set came to. {@code perBackup} holds, per backup of the set, the objects deleted and bytes freed
     * that go with it (an object several of them share goes with the first). {@code failure} says why it stopped; null
     * when it ran to the end.
     */
    private record Tally(
            long deleted,
            long kept,
            long bytesFreed,
            long manifestsDeleted,
            Map<String, long[]> perBackup,
            String failure) {}

    /** One object of the set: its recorded size and the backup of the set it goes with. */
    private record Owned(long size, String backupId) {}

    /** Deletes (or, for a dry run, counts) the set; empty when it was cancelled. */
    private Optional<Tally> deleteSet(
            String operationId, ObjectLayout layout, List<String> backupIds, boolean dryRun, Progress progress) {
        Set<String> set = new HashSet<>(backupIds);
        List<String> backupManifestKeys = new ArrayList<>();
        List<String> nodeManifestKeys = new ArrayList<>();
        Map<String, Owned> objects = new LinkedHashMap<>();
        Set<String> referenced = new HashSet<>();
        try {
            for (String backupId : backupIds) {
                String backupManifestKey = layout.backupManifest(backupId);
                Optional<BackupManifest> backup = read(backupManifestKey, BackupManifest.class);
                if (backup.isPresent()) {
                    backupManifestKeys.add(backupManifestKey);
                    if (backup.get().logicalFormat() == LogicalFormat.CSV) {
                        // A CSV logical backup's schema.cql goes with its manifests.
                        nodeManifestKeys.add(layout.schemaScript(backupId));
                    }
                }
                for (String key : nodeManifestKeys(layout, backupId, backup)) {
                    nodeManifestKeys.add(key);
                    read(key, NodeManifest.class)
                            .ifPresent(manifest -> manifest.files()
                                    .forEach(file ->
                                            objects.putIfAbsent(file.objectKey(), new Owned(file.size(), backupId))));
                }
            }
            collectReferenced(layout, set, referenced);
        } catch (RuntimeException e) {
            return Optional.of(new Tally(0, 0, 0, 0, Map.of(), failure("reading the manifests", e)));
        }
        long toDelete = objects.keySet().stream()
                .filter(key -> !referenced.contains(key))
                .count();
        long kept = objects.size() - toDelete;
        LOG.info(
                "delete listed operationId={} backups={} objects={} toDelete={} kept={} nodeManifests={}"
                        + " backupManifests={} dryRun={}",
                operationId,
                backupIds,
                objects.size(),
                toDelete,
                kept,
                nodeManifestKeys.size(),
                backupManifestKeys.size(),
                dryRun);
        progress.report(0, toDelete, 0);

        Counts counts = new Counts();
        try {
            for (List<String> keys : batches(backupManifestKeys)) {
                if (!dryRun) {
                    deleteAll(keys);
                }
                counts.manifestsDeleted += keys.size();
            }
            List<Map.Entry<String, Owned>> batch = new ArrayList<>(BATCH);
            for (Map.Entry<String, Owned> object : objects.entrySet()) {
                if (referenced.contains(object.getKey())) {
                    continue;
                }
                batch.add(object);
                if (batch.size() == BATCH
                        && !deleteBatch(operationId, backupIds, batch, dryRun, counts, progress, toDelete)) {
                    return Optional.empty();
                }
            }
            if (!batch.isEmpty() && !deleteBatch(operationId, backupIds, batch, dryRun, counts, progress, toDelete)) {
                return Optional.empty();
            }
            for (List<String> keys : batches(nodeManifestKeys)) {
                if (!dryRun) {
                    deleteAll(keys);
                }
                counts.manifestsDeleted += keys.size();
            }
        } catch (RuntimeException e) {
            return Optional.of(new Tally(
                    counts.deleted,
                    kept,
                    counts.bytesFreed,
                    counts.manifestsDeleted,
                    counts.perBackup,
                    failure("deleting objects", e)));
        }
        return Optional.of(
                new Tally(counts.deleted, kept, counts.bytesFreed, counts.manifestsDeleted, counts.perBackup, null));
    }

    /** What a set's delete has done so far: counted as each batch completes. */
    private final class Counts {
        final Map<String, long[]> perBackup = new LinkedHashMap<>();
        long deleted;
        long bytesFreed;
        long manifestsDeleted;
        long nextProgress = System.nanoTime() + progressInterval.toNanos();
    }

    /**
     * Deletes one batch of objects (a dry run only counts it), counts it once the store has answered, reports progress
     * when the interval is up and empties the batch; false, with nothing deleted, when the operation was cancelled.
     * A batch that fails counts for nothing: which of its keys went is not known, and a rerun deletes them again.
     */
    private boolean deleteBatch(
            String operationId,
            List<String> backupIds,
            List<Map.Entry<String, Owned>> batch,
            boolean dryRun,
            Counts counts,
            Progress progress,
            long toDelete) {
        if (cancels.reason(operationId).isPresent()) {
            LOG.info("delete cancelled operationId={} backups={} deleted={}", operationId, backupIds, counts.deleted);
            return false;
        }
        if (!dryRun) {
            deleteAll(batch.stream().map(Map.Entry::getKey).toList());
        }
        for (Map.Entry<String, Owned> object : batch) {
            long size = object.getValue().size();
            counts.deleted++;
            counts.bytesFreed += size;
            long[] figures = counts.perBackup.computeIfAbsent(object.getValue().backupId(), id -> new long[2]);
            figures[0]++;
            figures[1] += size;
        }
        batch.clear();
        if (!dryRun && System.nanoTime() - counts.nextProgress >= 0) {
            progress.report(counts.deleted, toDelete, counts.bytesFreed);
            counts.nextProgress = System.nanoTime() + progressInterval.toNanos();
        }
        return true;
    }

    /** The keys in batches of at most {@value #BATCH}, in their order. */
    private static List<List<String>> batches(List<String> keys) {
        List<List<String>> batches = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += BATCH) {
            batches.add(keys.subList(from, Math.min(keys.size(), from + BATCH)));
        }
        return batches;
    }

    /**
     * The keys of the backup's node manifests: those its backup manifest lists, and any under its {@code nodes/}
     * directory (all of them once the backup manifest is gone).
     */
    private List<String> nodeManifestKeys(ObjectLayout layout, String backupId, Optional<BackupManifest> backup) {
        Set<String> keys = new LinkedHashSet<>();
        backup.ifPresent(manifest -> manifest.nodes().forEach(entry -> keys.add(entry.manifestKey())));
        String directory = nodesDirectory(layout, backupId);
        List<StoredObject> listed = call(() -> store.list(directory, MAX_NODE_MANIFESTS))
                .orElseThrow(() -> new IllegalStateException(
                        "more than " + MAX_NODE_MANIFESTS + " node manifests under " + directory));
        listed.stream().map(StoredObject::key).sorted().forEach(keys::add);
        return new ArrayList<>(keys);
    }

    /** Every object key the node manifests of the index's backups outside the set reference. */
    private void collectReferenced(ObjectLayout layout, Set<String> set, Set<String> referenced) {
        BackupIndex index = read(layout.index(), BackupIndex.class).orElseGet(() -> new BackupIndex(List.of()));
        for (BackupIndex.Entry entry : index.backups()) {
            // A backup of the set is never a reason to keep an object, even while the index still lists it.
            if (set.contains(entry.backupId())) {
                continue;
            }
            String manifestKey =
                    entry.manifestKey() != null ? entry.manifestKey() : layout.backupManifest(entry.backupId());
            Optional<BackupManifest> other = read(manifestKey, BackupManifest.class);
            for (String key : nodeManifestKeys(layout, entry.backupId(), other)) {
                read(key, NodeManifest.class)
                        .ifPresent(manifest -> manifest.files().forEach(file -> referenced.add(file.objectKey())));
            }
        }
    }

    private static String nodesDirectory(ObjectLayout layout, String backupId) {
        String any = layout.nodeManifest(backupId, "x");
        return any.substring(0, any.length() - "x.json".length());
    }

    /** A small document; empty when it is not in the store. One that cannot be parsed stops the delete. */
    private <T> Optional<T> read(String key, Class<T> type) {
        Optional<byte[]> bytes = call(() -> store.getSmall(key));
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(bytes.get(), type));
        } catch (JacksonException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    key + " is not a readable manifest (" + e.getClass().getSimpleName() + "): its objects cannot be"
                            + " told apart, so nothing is deleted",
                    e);
        }
    }

    /** One batch delete under the retry policy: a key already gone is not an error, so a retry is harmless. */
    private void deleteAll(List<String> keys) {
        call(() -> {
            store.deleteAll(keys);
            return null;
        });
    }

    private static void logFinished(String what, String operationId, Enum<?> outcome, Tally t, boolean dryRun) {
        LOG.info(
                "{} finished operationId={} outcome={} dryRun={} objectsDeleted={} objectsKept={} bytesFreed={}"
                        + " manifestsDeleted={} failure={}",
                what,
                operationId,
                outcome,
                dryRun,
                t.deleted(),
                t.kept(),
                t.bytesFreed(),
                t.manifestsDeleted(),
                t.failure());
    }

    /** The detail of a failed delete: what it was doing, the classified reason, the store's message. */
    private static String failure(String doing, RuntimeException cause) {
        FailureReason reason = Failures.reasonOf(cause);
        return "the delete failed " + doing + " (" + reason + "): " + cause.getMessage();
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
}
