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
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.PurgeFinished;
import io.ringvault.common.message.PurgePlan;
import io.ringvault.common.message.PurgeProgress;
import io.ringvault.common.message.PurgeRequested;
import io.ringvault.common.message.Retention;
import io.ringvault.common.message.StartPurge;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deleter running a purge: a set of two backups, a full backup A and a differential backup B, deleted as one while
 * a third, C, remains. A and B share objects with each other and with C:
 *
 * <pre>
 *   object  A  B  C   after the purge
 *   a1      x         deleted (A's)
 *   a2      x  x      deleted (A's: shared only within the set)
 *   a3      x  x  x   kept (C references it)
 *   b1         x      deleted (B's)
 *   b2         x  x   kept (C references it)
 *   c1            x   kept
 * </pre>
 */
class BackupDeleterPurgeTest {
    static final String OPERATION = "purge-1";
    static final String A = "backup-a";
    static final String B = "backup-b";
    static final String C = "backup-c";
    static final ObjectLayout LAYOUT = new ObjectLayout("", "prod");
    static final JsonMapper JSON = new CloudEventCodec().mapper();
    static final NodeRef NODE = new NodeRef("h1", "10.0.0.1", "dc1", "r1");
    static final Map<String, List<String>> FILES = Map.of(
            A, List.of("a1", "a2", "a3"),
            B, List.of("a2", "a3", "b1", "b2"),
            C, List.of("a3", "b2", "c1"));

    @org.junit.jupiter.api.io.TempDir
    Path root;

    ObjectStore store;
    final BackupDeleterTest.Recording events = new BackupDeleterTest.Recording();
    final CancelRegistry cancels = new CancelRegistry();
    final Map<String, String> keys = new LinkedHashMap<>();
    final Map<String, Long> sizes = new LinkedHashMap<>();

    static Instant completedAt(String backup) {
        return Instant.parse("2026-12-0" + (backup.charAt(7) - 'a' + 1) + "T02:00:00Z");
    }

    @BeforeEach
    void writeBackups() {
        store = new FilesystemObjectStore(root);
        for (String name : List.of("a1", "a2", "a3", "b1", "b2", "c1")) {
            String key = LAYOUT.nodeFile(NODE.hostId(), "shop", "orders-0123", "nb-" + name + "-big-Data.db");
            // Sizes that tell the objects apart in the sums.
            byte[] content =
                    ("object " + name + "\n").repeat(10 * (keys.size() + 1)).getBytes(StandardCharsets.UTF_8);
            store.put(key, content);
            keys.put(name, key);
            sizes.put(name, (long) content.length);
        }
        List<BackupIndex.Entry> index = new ArrayList<>();
        for (String backup : List.of(A, B, C)) {
            List<NodeManifest.File> files = new ArrayList<>();
            for (String name : FILES.get(backup)) {
                boolean reused = !name.startsWith(String.valueOf(backup.charAt(7)));
                files.add(new NodeManifest.File(
                        "shop",
                        "orders",
                        "nb-" + name + "-big-Data.db",
                        keys.get(name),
                        sizes.get(name),
                        "sha256:x",
                        reused));
            }
            String nodeKey = LAYOUT.nodeManifest(backup, NODE.hostId());
            store.put(
                    nodeKey,
                    JSON.writeValueAsBytes(
                            new NodeManifest(backup, NODE, "5.0.9", List.of("-42"), Map.of(), files, Instant.EPOCH)));
            store.put(
                    LAYOUT.backupManifest(backup),
                    JSON.writeValueAsBytes(new BackupManifest(
                            1,
                            backup,
                            "prod",
                            backup.equals(A) ? BackupMode.FULL : BackupMode.DIFFERENTIAL,
                            List.of("shop"),
                            List.of(),
                            List.of("dc1"),
                            completedAt(backup),
                            completedAt(backup),
                            Map.of(),
                            List.of(new BackupManifest.NodeEntry(
                                    NODE.hostId(),
                                    NODE.address(),
                                    NODE.datacenter(),
                                    NODE.rack(),
                                    nodeKey,
                                    files.size(),
                                    0)))));
            index.add(new BackupIndex.Entry(
                    backup,
                    completedAt(backup),
                    List.of("shop"),
                    List.of("dc1"),
                    1,
                    files.size(),
                    0,
                    LAYOUT.backupManifest(backup),
                    BackupMode.FULL,
                    List.of(),
                    completedAt(backup)));
        }
        store.put(LAYOUT.index(), JSON.writeValueAsBytes(new BackupIndex(index)));
    }

    /** As the coordinator leaves the index for a real purge: the chosen backups are off it. */
    void unlistPurged() {
        BackupIndex index = JSON.readValue(store.getSmall(LAYOUT.index()).orElseThrow(), BackupIndex.class);
        store.put(LAYOUT.index(), JSON.writeValueAsBytes(index.without(A).without(B)));
    }

    BackupDeleter deleter(ObjectStore objects) {
        Retry retry =
                RetryPolicies.retry("test", new RetryPolicies.Policy(3, Duration.ofMillis(1), Duration.ofMillis(1)));
        return new BackupDeleter(objects, "", JSON, events, events, cancels, retry, Duration.ofMillis(1));
    }

    static StartPurge command(boolean dryRun) {
        return new StartPurge(
                new PurgeRequested("test", dryRun, new Retention(1, null, null, null, null)),
                "prod",
                List.of(new PurgePlan.Chosen(A, completedAt(A), null), new PurgePlan.Chosen(B, completedAt(B), null)),
                dryRun);
    }

    long bytesOf(String... names) {
        long bytes = 0;
        for (String name : names) {
            bytes += sizes.get(name);
        }
        return bytes;
    }

    @Test
    void deletesTheObjectsOfTheSetNoRemainingBackupReferencesAndCountsEachWithTheOldestBackup() {
        unlistPurged();

        PurgeFinished report = deleter(store).run(OPERATION, command(false)).orElseThrow();

        assertThat(report).isEqualTo(events.purgeFinished.get(0));
        assertThat(report.outcome()).isEqualTo(PurgeFinished.Outcome.COMPLETED);
        assertThat(report.dryRun()).isFalse();
        assertThat(report.objectsDeleted()).isEqualTo(3);
        assertThat(report.objectsKept()).isEqualTo(2);
        assertThat(report.bytesFreed()).isEqualTo(bytesOf("a1", "a2", "b1"));
        assertThat(report.manifestsDeleted()).isEqualTo(4);
        assertThat(report.backups())
                .containsExactly(
                        new PurgeFinished.Purged(A, completedAt(A), 2, bytesOf("a1", "a2")),
                        new PurgeFinished.Purged(B, completedAt(B), 1, bytesOf("b1")));
        for (String gone : List.of("a1", "a2", "b1")) {
            assertThat(store.head(keys.get(gone))).as(gone).isEmpty();
        }
        for (String kept : List.of("a3", "b2", "c1")) {
            assertThat(store.head(keys.get(kept))).as(kept).isPresent();
        }
        assertGone(A);
        assertGone(B);
        assertThat(store.getSmall(LAYOUT.backupManifest(C))).isPresent();
        assertThat(store.getSmall(LAYOUT.nodeManifest(C, NODE.hostId()))).isPresent();
        assertThat(events.purgeProgress.get(0)).isEqualTo(new PurgeProgress(false, 2, 0, 3, 0));
        assertThat(events.finished).as("a purge reports as a purge").isEmpty();
    }

    @Test
    void aDryRunComputesTheSameFiguresAndDeletesNothing() {
        // A dry run leaves the index as it is: A and B are still listed, and never a reason to keep an object.
        Map<String, Long> before = new LinkedHashMap<>();
        keys.forEach(
                (name, key) -> before.put(key, store.head(key).orElseThrow().size()));
        byte[] index = store.getSmall(LAYOUT.index()).orElseThrow();

        PurgeFinished report = deleter(store).run(OPERATION, command(true)).orElseThrow();

        assertThat(report.outcome()).isEqualTo(PurgeFinished.Outcome.COMPLETED);
        assertThat(report.dryRun()).isTrue();
        assertThat(report.objectsDeleted()).isEqualTo(3);
        assertThat(report.objectsKept()).isEqualTo(2);
        assertThat(report.bytesFreed()).isEqualTo(bytesOf("a1", "a2", "b1"));
        assertThat(report.manifestsDeleted()).isEqualTo(4);
        assertThat(report.backups())
                .extracting(PurgeFinished.Purged::objectsDeleted)
                .containsExactly(2L, 1L);
        before.forEach((key, size) -> assertThat(store.head(key)).as(key).isPresent());
        for (String backup : List.of(A, B, C)) {
            assertThat(store.getSmall(LAYOUT.backupManifest(backup))).isPresent();
            assertThat(store.getSmall(LAYOUT.nodeManifest(backup, NODE.hostId())))
                    .isPresent();
        }
        assertThat(store.getSmall(LAYOUT.index()))
                .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(index));
        assertThat(events.purgeProgress).containsExactly(new PurgeProgress(true, 2, 0, 3, 0));
    }

    @Test
    void aRerunAfterACrashHalfWayFinishesTheJob() {
        unlistPurged();
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

        PurgeFinished first = deleter(crashing).run(OPERATION, command(false)).orElseThrow();

        assertThat(first.outcome()).isEqualTo(PurgeFinished.Outcome.FAILED);
        assertThat(first.reason()).isEqualTo(FailureReason.STORAGE_FAILED);
        assertThat(first.objectsDeleted())
                .as("a failed batch counts for nothing: which of its keys went is not known")
                .isZero();
        assertThat(first.detail()).contains("access-denied");
        assertThat(store.getSmall(LAYOUT.backupManifest(A))).isEmpty();
        assertThat(store.getSmall(LAYOUT.nodeManifest(B, NODE.hostId()))).isPresent();

        PurgeFinished second = deleter(store).run(OPERATION, command(false)).orElseThrow();

        assertThat(second.outcome()).isEqualTo(PurgeFinished.Outcome.COMPLETED);
        assertThat(second.objectsDeleted()).isEqualTo(3);
        assertThat(second.manifestsDeleted())
                .as("the node manifests: the backup manifests went first")
                .isEqualTo(2);
        for (String gone : List.of("a1", "a2", "b1")) {
            assertThat(store.head(keys.get(gone))).as(gone).isEmpty();
        }
        for (String kept : List.of("a3", "b2", "c1")) {
            assertThat(store.head(keys.get(kept))).as(kept).isPresent();
        }
        assertGone(A);
        assertGone(B);
    }

    @Test
    void aCancelledPurgeStopsBetweenObjectsAndReportsNothing() {
        unlistPurged();
        cancels.cancel(OPERATION, "cancelled by test");

        assertThat(deleter(store).run(OPERATION, command(false))).isEqualTo(Optional.empty());

        assertThat(events.purgeFinished).isEmpty();
        assertThat(store.head(keys.get("a1"))).isPresent();
    }

    void assertGone(String backup) {
        assertThat(store.getSmall(LAYOUT.backupManifest(backup))).isEmpty();
        assertThat(store.getSmall(LAYOUT.nodeManifest(backup, NODE.hostId()))).isEmpty();
    }
}
