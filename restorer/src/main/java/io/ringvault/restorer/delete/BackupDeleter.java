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
import io.ringvault.common.message.StartDelete;
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
 * Deletes a backup from the object store. SSTable objects are shared between backups (a differential backup reuses the
 * objects of earlier ones), so only the backup's objects no other backup references go:
 *
 * <ol>
 *   <li>the backup's node manifests are found (those its backup manifest lists, and those under its {@code nodes/}
 *       directory: a delete that stopped after step 3 leaves no backup manifest) and read, for its object keys;
 *   <li>the node manifests of every other backup in the index are read, for the set of object keys they reference
 *       (keys only: no object is read, and the set is the only thing that grows with the bucket);
 *   <li>the backup manifest is deleted (the coordinator has already removed the index entry), so nothing new starts
 *       from the backup;
 *   <li>each of its objects outside the referenced set is deleted;
 *   <li>its node manifests are deleted, last, so that a rerun after a crash still finds every object left to delete.
 * </ol>
 *
 * Deleting an object already gone is fine, so running the same delete again finishes the job. A node manifest that
 * cannot be read (of this backup or another) stops the delete before anything is deleted: its objects cannot be
 * told apart. Progress is published once the objects to delete are known and every {@code progressInterval} after. A
 * cancelled delete stops between objects and publishes nothing more: the coordinator has already ended it.
 */
public class BackupDeleter {
    private static final Logger LOG = LoggerFactory.getLogger(BackupDeleter.class);
    /** Node manifests of one backup listed at most: one per node, far below this. */
    private static final int MAX_NODE_MANIFESTS = 100_000;

    private final ObjectStore store;
    private final String storagePrefix;
    private final JsonMapper json;
    private final DeleteEvents events;
    private final CancelRegistry cancels;
    private final Retry retry;
    private final Duration progressInterval;

    /**
     * @param retry the policy around each store call: a retryable failure (throttling, a 5xx, a broken connection) is
     *     tried again
     */
    public BackupDeleter(
            ObjectStore store,
            String storagePrefix,
            JsonMapper json,
            DeleteEvents events,
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

    /** Deletes the backup and publishes the report; returns it too. Empty when the delete was cancelled. */
    public Optional<DeleteFinished> run(String operationId, StartDelete command) {
        String backupId = command.request().backupId();
        ObjectLayout layout = new ObjectLayout(storagePrefix, command.sourceCluster());
        String backupManifestKey = layout.backupManifest(backupId);
        boolean backupManifestPresent;
        List<String> nodeManifestKeys;
        Map<String, Long> objects = new LinkedHashMap<>();
        Set<String> referenced = new HashSet<>();
        try {
            Optional<BackupManifest> backup = read(backupManifestKey, BackupManifest.class);
            backupManifestPresent = backup.isPresent();
            nodeManifestKeys = nodeManifestKeys(layout, backupId, backup);
            for (String key : nodeManifestKeys) {
                read(key, NodeManifest.class)
                        .ifPresent(manifest ->
                                manifest.files().forEach(file -> objects.putIfAbsent(file.objectKey(), file.size())));
            }
            collectReferenced(layout, backupId, referenced);
        } catch (RuntimeException e) {
            return Optional.of(finish(operationId, failed(0, 0, 0, 0, "reading the manifests", e)));
        }
        long toDelete = objects.keySet().stream()
                .filter(key -> !referenced.contains(key))
                .count();
        long kept = objects.size() - toDelete;
        LOG.info(
                "delete listed operationId={} backupId={} objects={} toDelete={} kept={} nodeManifests={}"
                        + " backupManifest={}",
                operationId,
                backupId,
                objects.size(),
                toDelete,
                kept,
                nodeManifestKeys.size(),
                backupManifestPresent);
        events.progress(operationId, new DeleteProgress(0, toDelete, 0));

        long deleted = 0, bytesFreed = 0, manifestsDeleted = 0;
        long nextProgress = System.nanoTime() + progressInterval.toNanos();
        try {
            if (backupManifestPresent) {
                delete(backupManifestKey);
                manifestsDeleted++;
            }
            for (Map.Entry<String, Long> object : objects.entrySet()) {
                if (referenced.contains(object.getKey())) {
                    continue;
                }
                if (cancels.reason(operationId).isPresent()) {
                    LOG.info("delete cancelled operationId={} backupId={} deleted={}", operationId, backupId, deleted);
                    return Optional.empty();
                }
                delete(object.getKey());
                deleted++;
                bytesFreed += object.getValue();
                if (System.nanoTime() - nextProgress >= 0) {
                    events.progress(operationId, new DeleteProgress(deleted, toDelete, bytesFreed));
                    nextProgress = System.nanoTime() + progressInterval.toNanos();
                }
            }
            for (String key : nodeManifestKeys) {
                delete(key);
                manifestsDeleted++;
            }
        } catch (RuntimeException e) {
            return Optional.of(
                    finish(operationId, failed(deleted, kept, bytesFreed, manifestsDeleted, "deleting objects", e)));
        }
        return Optional.of(finish(
                operationId,
                new DeleteFinished(
                        DeleteFinished.Outcome.COMPLETED, deleted, kept, bytesFreed, manifestsDeleted, null, null)));
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

    /** Every object key the node manifests of the index's other backups reference. */
    private void collectReferenced(ObjectLayout layout, String backupId, Set<String> referenced) {
        BackupIndex index = read(layout.index(), BackupIndex.class).orElseGet(() -> new BackupIndex(List.of()));
        for (BackupIndex.Entry entry : index.backups()) {
            if (entry.backupId().equals(backupId)) {
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

    private void delete(String key) {
        call(() -> {
            store.delete(key);
            return null;
        });
    }

    private DeleteFinished finish(String operationId, DeleteFinished report) {
        events.finished(operationId, report);
        LOG.info(
                "delete finished operationId={} outcome={} objectsDeleted={} objectsKept={} bytesFreed={}"
                        + " manifestsDeleted={} reason={}",
                operationId,
                report.outcome(),
                report.objectsDeleted(),
                report.objectsKept(),
                report.bytesFreed(),
                report.manifestsDeleted(),
                report.reason());
        return report;
    }

    private static DeleteFinished failed(
            long deleted, long kept, long bytesFreed, long manifestsDeleted, String doing, RuntimeException cause) {
        FailureReason reason = Failures.reasonOf(cause);
        return new DeleteFinished(
                DeleteFinished.Outcome.FAILED,
                deleted,
                kept,
                bytesFreed,
                manifestsDeleted,
                FailureReason.STORAGE_FAILED,
                "the delete failed " + doing + " (" + reason + "): " + cause.getMessage());
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
