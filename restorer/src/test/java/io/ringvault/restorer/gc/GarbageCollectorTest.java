package io.ringvault.restorer.gc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.retry.Retry;
import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.backup.BackupIndex;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.GcFinished;
import io.ringvault.common.message.GcProgress;
import io.ringvault.common.message.GcRequested;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.StartGc;
import io.ringvault.connections.retry.RetryPolicies;
import io.ringvault.restorer.DelegatingObjectStore;
import io.ringvault.restorer.restore.CancelRegistry;
import io.ringvault.storage.FilesystemObjectStore;
import io.ringvault.storage.ListedObject;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The collector against a filesystem store under the storage prefix {@code vault}, cluster {@code prod}, holding: a
 * complete backup A in the index, a complete backup B missing from the index, a failed backup F (node manifest, no
 * backup manifest) with an uploaded SSTable and a per-snapshot file, an orphan SSTable nothing lists, and objects the
 * collector must never touch (another cluster, a key outside the prefix, an unknown object under the cluster). Every
 * object was last modified two days ago unless a test says otherwise; the cutoff is six hours ago.
 */
class GarbageCollectorTest {
    static final String OPERATION = "gc-1";
    static final ObjectLayout LAYOUT = new ObjectLayout("vault", "prod");
    static final JsonMapper JSON = new CloudEventCodec().mapper();
    static final NodeRef NODE = new NodeRef("h1", "10.0.0.1", "dc1", "r1");
    static final Instant NOW = Instant.now();
    static final Instant OLD = NOW.minus(Duration.ofDays(2));
    static final Instant CUTOFF = NOW.minus(Duration.ofHours(6));

    @TempDir
    Path root;

    FilesystemObjectStore store;
    final Recording events = new Recording();
    final CancelRegistry cancels = new CancelRegistry();
    /** Every object written, with its size: what must stay, unless it is garbage. */
    final Map<String, Long> written = new LinkedHashMap<>();

    final List<String> garbage = new ArrayList<>();
    final List<String> untouchable = new ArrayList<>();
    String orphan;
    String nodeManifestOfB;

    @BeforeEach
    void writeStore() {
        store = new FilesystemObjectStore(root);
        String a1 = backup("backup-a", "nb-1-big-Data.db", true);
        nodeManifestOfB = LAYOUT.nodeManifest("backup-b", NODE.hostId());
        String b2 = backup("backup-b", "nb-2-big-Data.db", true);
        // A failed backup: its node manifest and objects, no backup manifest. It also lists A's object, which stays.
        String f3 = backup("backup-f", "nb-3-big-Data.db", false);
        garbage.add(f3);
        garbage.add(LAYOUT.snapshotFile(NODE.hostId(), "shop", "orders-1", "backup-f", 0, "schema.cql"));
        garbage.add(LAYOUT.nodeManifest("backup-f", NODE.hostId()));
        orphan = LAYOUT.nodeFile(NODE.hostId(), "shop", "orders-1", "nb-9-big-Data.db");
        put(orphan, "orphan sstable".repeat(50), OLD);
        garbage.add(orphan);
        store.put(
                LAYOUT.index(),
                JSON.writeValueAsBytes(new BackupIndex(List.of(new BackupIndex.Entry(
                        "backup-a",
                        OLD,
                        List.of("shop"),
                        List.of("dc1"),
                        1,
                        2,
                        0,
                        LAYOUT.backupManifest("backup-a"),
                        BackupMode.FULL,
                        List.of(),
                        OLD,
                        null,
                        null)))));
        age(LAYOUT.index(), OLD);
        written.put(LAYOUT.index(), (long) store.getSmall(LAYOUT.index()).orElseThrow().length);
        for (String key : List.of(
                "vault/prod-2/nodes/h1/shop/orders-1/nb-1-big-Data.db", "prod/nodes/h1/x", "vault/prod/notes.txt")) {
            put(key, "not ours", OLD);
            untouchable.add(key);
        }
        assertThat(written).containsKeys(a1, b2);
    }

    /** A backup of one node with one SSTable, A's SSTable and a per-snapshot file; complete when it has a manifest. */
    String backup(String backupId, String sstable, boolean complete) {
        String data = LAYOUT.nodeFile(NODE.hostId(), "shop", "orders-1", sstable);
        String shared = LAYOUT.nodeFile(NODE.hostId(), "shop", "orders-1", "nb-1-big-Data.db");
        String schema = LAYOUT.snapshotFile(NODE.hostId(), "shop", "orders-1", backupId, 0, "schema.cql");
        put(data, backupId + " data\n".repeat(40), OLD);
        put(schema, "CREATE TABLE shop.orders (id int PRIMARY KEY)", OLD);
        List<NodeManifest.File> files = List.of(
                new NodeManifest.File("shop", "orders", sstable, data, written.get(data), "sha256:x", false),
                new NodeManifest.File("shop", "orders", "nb-1-big-Data.db", shared, 1, "sha256:x", true),
                new NodeManifest.File("shop", "orders", "schema.cql", schema, written.get(schema), "sha256:x", false));
        String nodeKey = LAYOUT.nodeManifest(backupId, NODE.hostId());
        put(
                nodeKey,
                JSON.writeValueAsString(
                        new NodeManifest(backupId, NODE, "5.0.9", List.of("-42"), Map.of(), files, OLD)),
                OLD);
        if (complete) {
            put(
                    LAYOUT.backupManifest(backupId),
                    JSON.writeValueAsString(new BackupManifest(
                            1,
                            backupId,
                            "prod",
                            BackupMode.FULL,
                            List.of("shop"),
                            List.of(),
                            List.of("dc1"),
                            OLD,
                            OLD,
                            Map.of(),
                            List.of(new BackupManifest.NodeEntry(
                                    NODE.hostId(), NODE.address(), "dc1", "r1", nodeKey, files.size(), 0)))),
                    OLD);
        }
        return data;
    }

    void put(String key, String content, Instant modified) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        store.put(key, bytes);
        written.put(key, (long) bytes.length);
        age(key, modified);
    }

    void age(String key, Instant modified) {
        try {
            Files.setLastModifiedTime(store.root().resolve(key), FileTime.from(modified));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    GarbageCollector collector(ObjectStore objects) {
        Retry retry =
                RetryPolicies.retry("test", new RetryPolicies.Policy(3, Duration.ofMillis(1), Duration.ofMillis(1)));
        return new GarbageCollector(objects, "vault", JSON, events, cancels, retry, Duration.ofMillis(1));
    }

    static StartGc command(boolean dryRun) {
        return new StartGc(new GcRequested("test", "PT6H", dryRun), "prod", CUTOFF, dryRun);
    }

    long bytesOf(List<String> keys) {
        return keys.stream().mapToLong(written::get).sum();
    }

    /** The objects under {@code vault/prod/}: what the collector lists. */
    long listedUnderTheCluster() {
        return written.keySet().stream()
                .filter(key -> key.startsWith("vault/prod/"))
                .count();
    }

    @Test
    void deletesTheUnreferencedOldObjectsAndKeepsEverythingACompleteBackupReferences() {
        GcFinished report = collector(store).run(OPERATION, command(false)).orElseThrow();

        assertThat(report).isEqualTo(events.finished.get(0));
        assertThat(report.outcome()).isEqualTo(GcFinished.Outcome.COMPLETED);
        assertThat(report.dryRun()).isFalse();
        assertThat(report.deletedKeys()).containsExactlyInAnyOrderElementsOf(garbage);
        assertThat(report.objectsDeleted()).isEqualTo(4);
        assertThat(report.bytesFreed()).isEqualTo(bytesOf(garbage));
        assertThat(report.objectsListed()).isEqualTo(listedUnderTheCluster());
        // A and B: data, shared SSTable (once), schema, node manifest, backup manifest; and the index.
        assertThat(report.objectsReferenced()).isEqualTo(9);
        assertThat(report.objectsKeptYoung()).isZero();
        garbage.forEach(key -> assertThat(store.head(key)).as(key).isEmpty());
        written.keySet().stream()
                .filter(key -> !garbage.contains(key))
                .forEach(key -> assertThat(store.head(key)).as(key).isPresent());
        assertThat(events.progress.get(0)).isEqualTo(new GcProgress(0, 0, 0));
    }

    @Test
    void keepsUnreferencedObjectsModifiedAfterTheCutoff() {
        age(orphan, NOW.minus(Duration.ofHours(1)));
        age(LAYOUT.nodeManifest("backup-f", NODE.hostId()), CUTOFF);

        GcFinished report = collector(store).run(OPERATION, command(false)).orElseThrow();

        assertThat(report.objectsKeptYoung()).isEqualTo(2);
        assertThat(report.objectsDeleted()).isEqualTo(2);
        assertThat(store.head(orphan)).isPresent();
        assertThat(store.head(LAYOUT.nodeManifest("backup-f", NODE.hostId()))).isPresent();
        assertThat(store.head(garbage.get(0))).isEmpty();
    }

    @Test
    void aDryRunReportsTheSameAndDeletesNothing() {
        GcFinished report = collector(store).run(OPERATION, command(true)).orElseThrow();

        assertThat(report.dryRun()).isTrue();
        assertThat(report.outcome()).isEqualTo(GcFinished.Outcome.COMPLETED);
        assertThat(report.deletedKeys()).containsExactlyInAnyOrderElementsOf(garbage);
        assertThat(report.bytesFreed()).isEqualTo(bytesOf(garbage));
        written.keySet().forEach(key -> assertThat(store.head(key)).as(key).isPresent());
    }

    @Test
    void neverTouchesAnythingOutsideTheClusterOrAnythingItDoesNotKnow() {
        collector(store).run(OPERATION, command(false)).orElseThrow();

        untouchable.forEach(key -> assertThat(store.head(key)).as(key).isPresent());
        assertThat(store.head(LAYOUT.index())).isPresent();
    }

    @Test
    void aCompleteBackupMissingFromTheIndexStillProtectsItsObjects() {
        GcFinished report = collector(store).run(OPERATION, command(false)).orElseThrow();

        assertThat(report.deletedKeys()).noneMatch(key -> key.contains("nb-2-") || key.contains("backup-b"));
        assertThat(store.head(LAYOUT.backupManifest("backup-b"))).isPresent();
        assertThat(store.head(LAYOUT.nodeFile(NODE.hostId(), "shop", "orders-1", "nb-2-big-Data.db")))
                .isPresent();
    }

    @Test
    void anUnreadableManifestStopsTheCollectionBeforeAnythingIsDeleted() {
        put(nodeManifestOfB, "not json", OLD);

        GcFinished report = collector(store).run(OPERATION, command(false)).orElseThrow();

        assertThat(report.outcome()).isEqualTo(GcFinished.Outcome.FAILED);
        assertThat(report.reason()).isEqualTo(FailureReason.BACKUP_CORRUPT);
        assertThat(report.detail()).contains(nodeManifestOfB);
        assertThat(report.objectsDeleted()).isZero();
        written.keySet().forEach(key -> assertThat(store.head(key)).as(key).isPresent());
    }

    @Test
    void aCancelledCollectionDeletesNothingAndReportsNothing() {
        cancels.cancel(OPERATION, "cancelled by test");

        assertThat(collector(store).run(OPERATION, command(false))).isEmpty();

        assertThat(events.finished).isEmpty();
        written.keySet().forEach(key -> assertThat(store.head(key)).as(key).isPresent());
    }

    @Test
    void aCollectionCancelledWhileItListsStopsTheListingAndDeletesNothingMore() {
        List<String> visited = new CopyOnWriteArrayList<>();
        ObjectStore cancelling = new DelegatingObjectStore(store) {
            @Override
            public void walk(String prefix, Consumer<ListedObject> visitor) {
                super.walk(prefix, object -> {
                    if (prefix.equals("vault/prod/")) {
                        visited.add(object.key());
                        cancels.cancel(OPERATION, "cancelled by test"); // while the sweep lists
                    }
                    visitor.accept(object);
                });
            }
        };

        assertThat(collector(cancelling).run(OPERATION, command(false))).isEmpty();

        assertThat(visited).as("the listing ended at the cancel").hasSize(1);
        assertThat(events.finished).isEmpty();
        written.keySet().forEach(key -> assertThat(store.head(key)).as(key).isPresent());
    }

    @Test
    void deletesInBatchesOfAtMostAThousandKeys() {
        List<String> orphans = new ArrayList<>();
        for (int i = 0; i < 1_203; i++) {
            String key = LAYOUT.nodeFile("h" + (i % 3), "shop", "orders-1", "nb-" + (100 + i) + "-big-Data.db");
            put(key, "x", OLD);
            orphans.add(key);
        }
        List<Integer> batches = new CopyOnWriteArrayList<>();
        ObjectStore counting = new DelegatingObjectStore(store) {
            @Override
            public void deleteAll(Collection<String> keys) {
                batches.add(keys.size());
                super.deleteAll(keys);
            }
        };

        GcFinished report = collector(counting).run(OPERATION, command(false)).orElseThrow();

        assertThat(report.objectsDeleted()).isEqualTo(1_203 + 4);
        assertThat(report.deletedKeys()).hasSize(GcFinished.MAX_KEYS);
        assertThat(batches).allSatisfy(size -> assertThat(size).isBetween(1, 1_000));
        assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1_207);
        orphans.forEach(key -> assertThat(store.head(key)).as(key).isEmpty());
    }

    @Test
    void aStoreThatRefusesDeletesFailsTheCollectionWithTheKeysNamed() {
        ObjectStore refusing = new DelegatingObjectStore(store) {
            @Override
            public void delete(String key) {
                throw new StorageException(FailureReason.ACCESS_DENIED, "delete " + key + " was denied");
            }
        };

        GcFinished report = collector(refusing).run(OPERATION, command(false)).orElseThrow();

        assertThat(report.outcome()).isEqualTo(GcFinished.Outcome.FAILED);
        assertThat(report.reason()).isEqualTo(FailureReason.STORAGE_FAILED);
        assertThat(report.detail()).contains("access-denied").contains(orphan);
        assertThat(report.objectsDeleted()).isZero();
        assertThat(store.head(orphan)).isPresent();
    }

    static final class Recording implements GcEvents {
        final List<GcProgress> progress = new CopyOnWriteArrayList<>();
        final List<GcFinished> finished = new CopyOnWriteArrayList<>();

        @Override
        public void progress(String operationId, GcProgress event) {
            assertThat(operationId).isEqualTo(OPERATION);
            progress.add(event);
        }

        @Override
        public void finished(String operationId, GcFinished event) {
            assertThat(operationId).isEqualTo(OPERATION);
            finished.add(event);
        }
    }
}
