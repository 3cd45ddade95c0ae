package io.ringvault.restorer.delete;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.retry.Retry;
import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.backup.BackupIndex;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.DeleteFinished;
import io.ringvault.common.message.DeleteProgress;
import io.ringvault.common.message.DeleteRequested;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.PurgeFinished;
import io.ringvault.common.message.PurgeProgress;
import io.ringvault.common.message.StartDelete;
import io.ringvault.connections.retry.RetryPolicies;
import io.ringvault.restorer.DelegatingObjectStore;
import io.ringvault.restorer.restore.CancelRegistry;
import io.ringvault.storage.FilesystemObjectStore;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deleter against a filesystem store holding two backups of two nodes as the coordinator leaves them: a full backup
 * A and a differential backup B that reuses one object of A on each node and adds one of its own.
 */
class BackupDeleterTest {
    static final String OPERATION = "delete-1";
    static final String A = "backup-a";
    static final String B = "backup-b";
    static final ObjectLayout LAYOUT = new ObjectLayout("", "prod");
    static final JsonMapper JSON = new CloudEventCodec().mapper();
    static final NodeRef NODE_1 = new NodeRef("h1", "10.0.0.1", "dc1", "r1");
    static final NodeRef NODE_2 = new NodeRef("h2", "10.0.0.2", "dc2", "r1");

    @TempDir
    Path root;

    ObjectStore store;
    final Recording events = new Recording();
    final CancelRegistry cancels = new CancelRegistry();
    /** A's objects only A references; A's objects B reuses; B's own objects. */
    final List<String> onlyA = new ArrayList<>();

    final List<String> shared = new ArrayList<>();
    final List<String> onlyB = new ArrayList<>();
    long bytesOnlyA;

    @BeforeEach
    void writeBackups() {
        store = new FilesystemObjectStore(root);
        List<BackupIndex.Entry> index = new ArrayList<>();
        for (String backup : List.of(A, B)) {
            List<BackupManifest.NodeEntry> entries = new ArrayList<>();
            for (NodeRef node : List.of(NODE_1, NODE_2)) {
                List<NodeManifest.File> files = new ArrayList<>();
                List<String> names = backup.equals(A)
                        ? List.of("nb-1-big-Data.db", "nb-2-big-Data.db", "nb-3-big-Data.db")
                        : List.of("nb-1-big-Data.db", "nb-4-big-Data.db");
                for (String name : names) {
                    String key = LAYOUT.nodeFile(node.hostId(), "shop", "orders-0123", name);
                    byte[] content =
                            (node.hostId() + " " + name + "\n").repeat(100).getBytes(StandardCharsets.UTF_8);
                    boolean reused = backup.equals(B) && name.startsWith("nb-1-");
                    if (!reused) {
                        store.put(key, content);
                    }
                    files.add(new NodeManifest.File("shop", "orders", name, key, content.length, "sha256:x", reused));
                    if (backup.equals(A) && name.startsWith("nb-1-")) {
                        shared.add(key);
                    } else if (backup.equals(A)) {
                        onlyA.add(key);
                        bytesOnlyA += content.length;
                    } else if (!reused) {
                        onlyB.add(key);
                    }
                }
                String nodeKey = LAYOUT.nodeManifest(backup, node.hostId());
                store.put(
                        nodeKey,
                        JSON.writeValueAsBytes(new NodeManifest(
                                backup, node, "5.0.9", List.of("-42"), Map.of(), files, Instant.EPOCH)));
                entries.add(new BackupManifest.NodeEntry(
                        node.hostId(), node.address(), node.datacenter(), node.rack(), nodeKey, files.size(), 0));
            }
            store.put(
                    LAYOUT.backupManifest(backup),
                    JSON.writeValueAsBytes(new BackupManifest(
                            1,
                            backup,
                            "prod",
                            backup.equals(A) ? BackupMode.FULL : BackupMode.DIFFERENTIAL,
                            List.of("shop"),
                            List.of(),
                            List.of("dc1", "dc2"),
                            Instant.EPOCH,
                            Instant.EPOCH,
                            Map.of(),
                            entries)));
            index.add(new BackupIndex.Entry(
                    backup,
                    Instant.EPOCH,
                    List.of("shop"),
                    List.of("dc1", "dc2"),
                    2,
                    0,
                    0,
                    LAYOUT.backupManifest(backup),
                    BackupMode.FULL,
                    List.of(),
                    Instant.EPOCH));
        }
        // As the coordinator leaves it when the delete starts: A is off the index.
        store.put(LAYOUT.index(), JSON.writeValueAsBytes(new BackupIndex(index).without(A)));
    }

    BackupDeleter deleter(ObjectStore objects) {
        Retry retry =
                RetryPolicies.retry("test", new RetryPolicies.Policy(3, Duration.ofMillis(1), Duration.ofMillis(1)));
        return new BackupDeleter(objects, "", JSON, events, events, cancels, retry, Duration.ofMillis(1));
    }

    static StartDelete command(String backupId) {
        return new StartDelete(new DeleteRequested(backupId, "test"), "prod");
    }

    @Test
    void deletesTheObjectsNoOtherBackupReferencesAndKeepsTheShared() {
        Optional<DeleteFinished> report = deleter(store).run(OPERATION, command(A));

        assertThat(report).contains(events.finished.get(0));
        assertThat(report.get().outcome()).isEqualTo(DeleteFinished.Outcome.COMPLETED);
        assertThat(report.get().objectsDeleted()).isEqualTo(onlyA.size()).isEqualTo(4);
        assertThat(report.get().objectsKept()).isEqualTo(shared.size()).isEqualTo(2);
        assertThat(report.get().bytesFreed()).isEqualTo(bytesOnlyA);
        assertThat(report.get().manifestsDeleted()).isEqualTo(3);
        onlyA.forEach(key -> assertThat(store.head(key)).as(key).isEmpty());
        shared.forEach(key -> assertThat(store.head(key)).as(key).isPresent());
        onlyB.forEach(key -> assertThat(store.head(key)).as(key).isPresent());
        assertGone(A);
        assertThat(store.getSmall(LAYOUT.backupManifest(B))).isPresent();
        assertThat(store.getSmall(LAYOUT.nodeManifest(B, NODE_1.hostId()))).isPresent();
        assertThat(events.progress.get(0)).isEqualTo(new DeleteProgress(0, 4, 0));
    }

    @Test
    void removesTheRecordsRestoresOfTheBackupLeftBesideItAndKeepsTheOtherBackups() {
        String resumeRecord = LAYOUT.restoreRecords(A) + "resume-r1/shop.orders/0a1b";
        String rejectedRows = LAYOUT.restoreRecords(A) + "op-1/errors/shop.orders/chunk-1.rvlg.jsonl";
        String recordOfB = LAYOUT.restoreRecords(B) + "resume-r2/shop.orders/0c1d";
        for (String key : List.of(resumeRecord, rejectedRows, recordOfB)) {
            store.put(key, "{}".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(deleter(store).run(OPERATION, command(A)).orElseThrow().outcome())
                .isEqualTo(DeleteFinished.Outcome.COMPLETED);

        assertThat(store.head(resumeRecord)).isEmpty();
        assertThat(store.head(rejectedRows)).isEmpty();
        assertThat(store.head(recordOfB)).isPresent();
    }

    @Test
    void keepsWhatAnotherBackupReferencesEvenWhenTheIndexStillListsTheDeletedOne() {
        // An index written back by a racing writer still lists A: A's own entry is never a reason to keep an object.
        BackupIndex index = JSON.readValue(store.getSmall(LAYOUT.index()).orElseThrow(), BackupIndex.class);
        store.put(
                LAYOUT.index(),
                JSON.writeValueAsBytes(index.with(new BackupIndex.Entry(
                        A,
                        Instant.EPOCH,
                        List.of("shop"),
                        List.of(),
                        2,
                        0,
                        0,
                        LAYOUT.backupManifest(A),
                        BackupMode.FULL,
                        List.of(),
                        Instant.EPOCH))));

        DeleteFinished report = deleter(store).run(OPERATION, command(A)).orElseThrow();

        assertThat(report.objectsDeleted()).isEqualTo(4);
        assertThat(report.objectsKept()).isEqualTo(2);
        shared.forEach(key -> assertThat(store.head(key)).as(key).isPresent());
    }

    @Test
    void aRerunAfterACrashHalfWayFinishesTheJob() {
        // The store fails for good on the second object: the backup manifest is gone, one object too.
        AtomicInteger objectDeletes = new AtomicInteger();
        ObjectStore crashing = new DelegatingObjectStore(store) {
            @Override
            public void delete(String key) {
                if (key.contains("/nodes/h") && !key.contains("/backups/") && objectDeletes.incrementAndGet() >= 2) {
                    throw new StorageException(FailureReason.ACCESS_DENIED, "denied", null);
                }
                super.delete(key);
            }
        };

        DeleteFinished first = deleter(crashing).run(OPERATION, command(A)).orElseThrow();

        assertThat(first.outcome()).isEqualTo(DeleteFinished.Outcome.FAILED);
        assertThat(first.reason()).isEqualTo(FailureReason.STORAGE_FAILED);
        assertThat(first.objectsDeleted())
                .as("a failed batch counts for nothing: which of its keys went is not known")
                .isZero();
        assertThat(first.detail()).contains("access-denied");
        assertThat(store.getSmall(LAYOUT.backupManifest(A))).isEmpty();
        assertThat(store.getSmall(LAYOUT.nodeManifest(A, NODE_1.hostId()))).isPresent();

        // Run again (the index no longer lists A, its backup manifest is gone): the node manifests lead the way.
        DeleteFinished second = deleter(store).run(OPERATION, command(A)).orElseThrow();

        assertThat(second.outcome()).isEqualTo(DeleteFinished.Outcome.COMPLETED);
        assertThat(second.objectsDeleted()).isEqualTo(4);
        assertThat(second.objectsKept()).isEqualTo(2);
        assertThat(second.manifestsDeleted()).isEqualTo(2);
        onlyA.forEach(key -> assertThat(store.head(key)).as(key).isEmpty());
        shared.forEach(key -> assertThat(store.head(key)).as(key).isPresent());
        onlyB.forEach(key -> assertThat(store.head(key)).as(key).isPresent());
        assertGone(A);
    }

    @Test
    void objectsAlreadyGoneAreDeletedAsWell() {
        store.delete(onlyA.get(0));
        store.delete(onlyA.get(3));

        DeleteFinished report = deleter(store).run(OPERATION, command(A)).orElseThrow();

        assertThat(report.outcome()).isEqualTo(DeleteFinished.Outcome.COMPLETED);
        assertThat(report.objectsDeleted()).isEqualTo(4);
        onlyA.forEach(key -> assertThat(store.head(key)).as(key).isEmpty());
        assertGone(A);
    }

    @Test
    void anUnreadableManifestOfAnotherBackupDeletesNothing() {
        store.put(LAYOUT.nodeManifest(B, NODE_2.hostId()), "not json".getBytes(StandardCharsets.UTF_8));

        DeleteFinished report = deleter(store).run(OPERATION, command(A)).orElseThrow();

        assertThat(report.outcome()).isEqualTo(DeleteFinished.Outcome.FAILED);
        assertThat(report.detail()).contains(LAYOUT.nodeManifest(B, NODE_2.hostId()));
        assertThat(report.objectsDeleted()).isZero();
        assertThat(store.getSmall(LAYOUT.backupManifest(A))).isPresent();
        onlyA.forEach(key -> assertThat(store.head(key)).as(key).isPresent());
    }

    @Test
    void aCancelledDeleteStopsBetweenObjectsAndReportsNothing() {
        cancels.cancel(OPERATION, "cancelled by test");

        assertThat(deleter(store).run(OPERATION, command(A))).isEmpty();

        assertThat(events.finished).isEmpty();
        onlyA.forEach(key -> assertThat(store.head(key)).as(key).isPresent());
    }

    @Test
    void deletesInBatchesOfAtMostAThousandKeys() {
        String big = "backup-big";
        List<NodeManifest.File> files = new ArrayList<>();
        for (int i = 0; i < 2345; i++) {
            String name = "nb-" + i + "-big-Data.db";
            String key = LAYOUT.nodeFile(NODE_1.hostId(), "shop", "big-0123", name);
            byte[] content = ("object " + i).getBytes(StandardCharsets.UTF_8);
            store.put(key, content);
            files.add(new NodeManifest.File("shop", "big", name, key, content.length, "sha256:x", false));
        }
        long bytes = files.stream().mapToLong(NodeManifest.File::size).sum();
        store.put(
                LAYOUT.nodeManifest(big, NODE_1.hostId()),
                JSON.writeValueAsBytes(
                        new NodeManifest(big, NODE_1, "5.0.9", List.of("-42"), Map.of(), files, Instant.EPOCH)));
        List<List<String>> calls = new CopyOnWriteArrayList<>();
        ObjectStore counting = new DelegatingObjectStore(store) {
            @Override
            public void deleteAll(Collection<String> keys) {
                calls.add(List.copyOf(keys));
                super.deleteAll(keys);
            }
        };

        DeleteFinished report = deleter(counting).run(OPERATION, command(big)).orElseThrow();

        assertThat(report.outcome()).isEqualTo(DeleteFinished.Outcome.COMPLETED);
        assertThat(report.objectsDeleted()).isEqualTo(2345);
        assertThat(report.bytesFreed()).isEqualTo(bytes);
        assertThat(report.manifestsDeleted()).isEqualTo(1);
        assertThat(calls).allSatisfy(keys -> assertThat(keys).hasSizeBetween(1, 1000));
        List<List<String>> objectCalls = calls.stream()
                .filter(keys -> keys.stream().noneMatch(key -> key.contains("/backups/")))
                .toList();
        assertThat(objectCalls).extracting(List::size).containsExactly(1000, 1000, 345);
        assertThat(objectCalls.stream().flatMap(List::stream))
                .containsExactlyElementsOf(
                        files.stream().map(NodeManifest.File::objectKey).toList());
        assertThat(calls.get(calls.size() - 1))
                .as("the node manifest goes last")
                .containsExactly(LAYOUT.nodeManifest(big, NODE_1.hostId()));
        files.forEach(file ->
                assertThat(store.head(file.objectKey())).as(file.objectKey()).isEmpty());
        assertThat(store.getSmall(LAYOUT.nodeManifest(big, NODE_1.hostId()))).isEmpty();
        assertThat(events.progress.get(0)).isEqualTo(new DeleteProgress(0, 2345, 0));
        assertThat(events.progress.subList(1, events.progress.size()))
                .as("progress as batches complete")
                .allSatisfy(progress -> assertThat(progress.objectsDeleted()).isIn(1000L, 2000L, 2345L));
    }

    void assertGone(String backup) {
        assertThat(store.getSmall(LAYOUT.backupManifest(backup))).isEmpty();
        assertThat(store.getSmall(LAYOUT.nodeManifest(backup, NODE_1.hostId()))).isEmpty();
        assertThat(store.getSmall(LAYOUT.nodeManifest(backup, NODE_2.hostId()))).isEmpty();
    }

    static final class Recording implements DeleteEvents, PurgeEvents {
        final List<DeleteProgress> progress = new CopyOnWriteArrayList<>();
        final List<DeleteFinished> finished = new CopyOnWriteArrayList<>();
        final List<PurgeProgress> purgeProgress = new CopyOnWriteArrayList<>();
        final List<PurgeFinished> purgeFinished = new CopyOnWriteArrayList<>();

        @Override
        public void progress(String operationId, PurgeProgress event) {
            purgeProgress.add(event);
        }

        @Override
        public void finished(String operationId, PurgeFinished event) {
            purgeFinished.add(event);
        }

        @Override
        public void progress(String operationId, DeleteProgress event) {
            assertThat(operationId).isEqualTo(OPERATION);
            progress.add(event);
        }

        @Override
        public void finished(String operationId, DeleteFinished event) {
            assertThat(operationId).isEqualTo(OPERATION);
            finished.add(event);
        }
    }
}
