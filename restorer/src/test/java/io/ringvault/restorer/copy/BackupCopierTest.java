package io.ringvault.restorer.copy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.retry.Retry;
import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.backup.BackupIndex;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.BackupMethod;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.CopyFinished;
import io.ringvault.common.message.CopyProgress;
import io.ringvault.common.message.CopyRequested;
import io.ringvault.common.message.LogicalFormat;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.StartCopy;
import io.ringvault.connections.retry.RetryPolicies;
import io.ringvault.restorer.DelegatingObjectStore;
import io.ringvault.restorer.restore.CancelRegistry;
import io.ringvault.storage.Checksums;
import io.ringvault.storage.FilesystemObjectStore;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.StoredObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The copier between two filesystem stores: a source holding a backup as the coordinator leaves it (two nodes, two
 * files each, under a prefix), and a target that starts empty.
 */
class BackupCopierTest {
    static final String OPERATION = "copy-1";
    static final String BACKUP = "b1";
    static final ObjectLayout LAYOUT = new ObjectLayout("backups", "prod");
    static final JsonMapper JSON = new CloudEventCodec().mapper();
    static final NodeRef NODE_1 = new NodeRef("h1", "10.0.0.1", "dc1", "r1");
    static final NodeRef NODE_2 = new NodeRef("h2", "10.0.0.2", "dc2", "r1");

    @TempDir
    Path sourceRoot;

    @TempDir
    Path targetRoot;

    ObjectStore source;
    ObjectStore target;
    final Recording events = new Recording();
    final CancelRegistry cancels = new CancelRegistry();
    final List<NodeManifest.File> files = new ArrayList<>();
    final AtomicInteger puts = new AtomicInteger();
    BackupCopier copier;

    @BeforeEach
    void writeBackup() {
        source = new FilesystemObjectStore(sourceRoot);
        // Counts the objects actually written to the target.
        target = new DelegatingObjectStore(new FilesystemObjectStore(targetRoot)) {
            @Override
            public StoredObject put(String key, InputStream content, long size) {
                puts.incrementAndGet();
                return super.put(key, content, size);
            }
        };
        List<BackupManifest.NodeEntry> entries = new ArrayList<>();
        for (NodeRef node : List.of(NODE_1, NODE_2)) {
            List<NodeManifest.File> nodeFiles = new ArrayList<>();
            for (String name : List.of("nb-1-big-Data.db", "nb-1-big-Index.db")) {
                String key = LAYOUT.nodeFile(node.hostId(), "shop", "orders-0123", name);
                byte[] content =
                        (node.hostId() + " " + name + "\n").repeat(20_000).getBytes(StandardCharsets.UTF_8);
                source.put(key, content);
                nodeFiles.add(
                        new NodeManifest.File("shop", "orders", name, key, content.length, sha256(content), false));
            }
            files.addAll(nodeFiles);
            source.put(
                    LAYOUT.nodeManifest(BACKUP, node.hostId()),
                    JSON.writeValueAsBytes(new NodeManifest(
                            BACKUP, node, "5.0.9", List.of("-42"), Map.of(), nodeFiles, Instant.EPOCH)));
            entries.add(new BackupManifest.NodeEntry(
                    node.hostId(),
                    node.address(),
                    node.datacenter(),
                    node.rack(),
                    LAYOUT.nodeManifest(BACKUP, node.hostId()),
                    2,
                    nodeFiles.stream().mapToLong(NodeManifest.File::size).sum()));
        }
        source.put(
                LAYOUT.backupManifest(BACKUP),
                JSON.writeValueAsBytes(new BackupManifest(
                        1,
                        BACKUP,
                        "prod",
                        BackupMode.FULL,
                        List.of("shop"),
                        List.of(),
                        List.of("dc1", "dc2"),
                        Instant.parse("2026-03-14T02:00:00Z"),
                        Instant.parse("2026-03-14T02:04:00Z"),
                        Map.of("shop", "CREATE KEYSPACE shop ..."),
                        entries)));
        copier = copier(Map.of("other", target));
    }

    BackupCopier copier(Map<String, ObjectStore> targets) {
        Retry retry =
                RetryPolicies.retry("test", new RetryPolicies.Policy(3, Duration.ofMillis(1), Duration.ofMillis(1)));
        return new BackupCopier(source, "backups", targets, JSON, events, cancels, retry, Duration.ofMillis(1), 2);
    }

    @AfterEach
    void close() {
        copier.close();
    }

    CopyFinished copy() {
        return copier.run(OPERATION, new StartCopy(new CopyRequested(BACKUP, "other", null), "prod"))
                .orElseThrow();
    }

    static String sha256(byte[] content) {
        MessageDigest digest = Checksums.sha256();
        digest.update(content);
        return Checksums.format(digest);
    }

    static byte[] bytes(ObjectStore store, String key) throws Exception {
        try (InputStream in = store.get(key, 0)) {
            return in.readAllBytes();
        }
    }

    long totalBytes() {
        return files.stream().mapToLong(NodeManifest.File::size).sum();
    }

    @Test
    void shouldCopyEveryObjectAndManifestUnderTheSameKeysAndListTheBackupInTheTarget() throws Exception {
        CopyFinished report = copy();

        assertThat(report.outcome()).isEqualTo(CopyFinished.Outcome.COMPLETED);
        assertThat(report.objectsCopied()).isEqualTo(4);
        assertThat(report.objectsSkipped()).isZero();
        assertThat(report.bytesCopied()).isEqualTo(totalBytes());
        for (NodeManifest.File file : files) {
            assertThat(sha256(bytes(target, file.objectKey()))).isEqualTo(file.checksum());
            assertThat(target.head(file.objectKey()).orElseThrow().checksum()).isEqualTo(file.checksum());
        }
        for (String key : List.of(
                LAYOUT.backupManifest(BACKUP),
                LAYOUT.nodeManifest(BACKUP, NODE_1.hostId()),
                LAYOUT.nodeManifest(BACKUP, NODE_2.hostId()))) {
            assertThat(target.getSmall(key))
                    .get()
                    .isEqualTo(source.getSmall(key).orElseThrow());
        }
        BackupIndex index = JSON.readValue(target.getSmall(LAYOUT.index()).orElseThrow(), BackupIndex.class);
        assertThat(index.backups()).singleElement().satisfies(entry -> {
            assertThat(entry.backupId()).isEqualTo(BACKUP);
            assertThat(entry.nodes()).isEqualTo(2);
            assertThat(entry.files()).isEqualTo(4);
            assertThat(entry.bytes()).isEqualTo(totalBytes());
            assertThat(entry.manifestKey()).isEqualTo(LAYOUT.backupManifest(BACKUP));
            assertThat(entry.completedAt()).isEqualTo(Instant.parse("2026-03-14T02:04:00Z"));
        });
        assertThat(events.finished).containsExactly(report);
        assertThat(events.progress.get(0)).isEqualTo(new CopyProgress(0, 0, 4, 0, 0, totalBytes()));
    }

    @Test
    void shouldCopyTheSchemaScriptOfACsvLogicalBackupWithItsManifests() throws Exception {
        BackupManifest snapshot =
                JSON.readValue(source.getSmall(LAYOUT.backupManifest(BACKUP)).orElseThrow(), BackupManifest.class);
        BackupManifest csv = new BackupManifest(
                snapshot.schemaVersion(),
                BACKUP,
                snapshot.cluster(),
                BackupMode.FULL,
                snapshot.keyspaces(),
                snapshot.tables(),
                snapshot.datacenters(),
                snapshot.startedAt(),
                snapshot.completedAt(),
                snapshot.schema(),
                snapshot.nodes(),
                null,
                null,
                null,
                null,
                null,
                BackupMethod.LOGICAL,
                LogicalFormat.CSV,
                Map.of("shop.orders", 4L));
        source.put(LAYOUT.backupManifest(BACKUP), JSON.writeValueAsBytes(csv));
        byte[] script = "CREATE KEYSPACE shop WITH replication = {};\n".getBytes(StandardCharsets.UTF_8);
        source.put(LAYOUT.schemaScript(BACKUP), script);

        assertThat(copy().outcome()).isEqualTo(CopyFinished.Outcome.COMPLETED);

        assertThat(target.getSmall(LAYOUT.schemaScript(BACKUP))).get().isEqualTo(script);
    }

    @Test
    void shouldSkipEveryObjectAlreadyInTheTargetWhenCopiedAgain() {
        copy();
        int written = puts.get();

        CopyFinished again = copy();

        assertThat(again.outcome()).isEqualTo(CopyFinished.Outcome.COMPLETED);
        assertThat(again.objectsSkipped()).isEqualTo(4);
        assertThat(again.objectsCopied()).isZero();
        assertThat(again.bytesSkipped()).isEqualTo(totalBytes());
        // Only the three manifests and the index are written again.
        assertThat(puts.get() - written).isEqualTo(4);
    }

    @Test
    void shouldFailNamingACorruptSourceObjectAndNeverWriteTheBackupManifest() throws Exception {
        NodeManifest.File corrupt = files.get(2);
        byte[] flipped = bytes(source, corrupt.objectKey());
        flipped[flipped.length - 1] ^= 0x01;
        source.put(corrupt.objectKey(), flipped);

        CopyFinished report = copy();

        assertThat(report.outcome()).isEqualTo(CopyFinished.Outcome.FAILED);
        assertThat(report.reason()).isEqualTo(FailureReason.CHECKSUM_MISMATCH);
        assertThat(report.detail()).contains(corrupt.objectKey(), corrupt.checksum());
        assertThat(target.head(corrupt.objectKey())).isEmpty();
        assertThat(target.getSmall(LAYOUT.backupManifest(BACKUP))).isEmpty();
        assertThat(target.getSmall(LAYOUT.index())).isEmpty();
    }

    @Test
    void shouldResumeAFailedCopyWritingOnlyWhatIsMissing() throws Exception {
        NodeManifest.File corrupt = files.get(2);
        byte[] good = bytes(source, corrupt.objectKey());
        byte[] flipped = good.clone();
        flipped[0] ^= 0x01;
        source.put(corrupt.objectKey(), flipped);
        copier.close();
        copier = copier(Map.of("other", target));
        assertThat(copy().outcome()).isEqualTo(CopyFinished.Outcome.FAILED);
        source.put(corrupt.objectKey(), good);

        CopyFinished report = copy();

        assertThat(report.outcome()).isEqualTo(CopyFinished.Outcome.COMPLETED);
        assertThat(report.objectsCopied() + report.objectsSkipped()).isEqualTo(4);
        assertThat(report.objectsCopied()).isPositive();
        assertThat(sha256(bytes(target, corrupt.objectKey()))).isEqualTo(corrupt.checksum());
    }

    @Test
    void shouldReplaceAnObjectOfTheTargetThatDiffersFromTheBackups() throws Exception {
        NodeManifest.File stale = files.get(0);
        target.put(stale.objectKey(), "something else".getBytes(StandardCharsets.UTF_8));

        CopyFinished report = copy();

        assertThat(report.objectsCopied()).isEqualTo(4);
        assertThat(sha256(bytes(target, stale.objectKey()))).isEqualTo(stale.checksum());
    }

    @Test
    void shouldRefuseATargetThisRestorerDoesNotHaveNamingItsTargets() {
        CopyFinished report = copier.run(OPERATION, new StartCopy(new CopyRequested(BACKUP, "elsewhere", null), "prod"))
                .orElseThrow();

        assertThat(report.outcome()).isEqualTo(CopyFinished.Outcome.FAILED);
        assertThat(report.reason()).isEqualTo(FailureReason.UNKNOWN_TARGET);
        assertThat(report.detail()).contains("'elsewhere'", "other");
    }

    @Test
    void shouldFailABackupWithoutManifestAsUnknown() {
        CopyFinished report = copier.run(OPERATION, new StartCopy(new CopyRequested("nope", "other", null), "prod"))
                .orElseThrow();

        assertThat(report.reason()).isEqualTo(FailureReason.UNKNOWN_BACKUP);
        assertThat(report.detail()).contains(LAYOUT.backupManifest("nope"));
    }

    @Test
    void shouldStopAndPublishNothingMoreWhenCancelled() {
        cancels.cancel(OPERATION, "test");

        assertThat(copier.run(OPERATION, new StartCopy(new CopyRequested(BACKUP, "other", null), "prod")))
                .isEmpty();
        assertThat(events.finished).isEmpty();
        assertThat(target.getSmall(LAYOUT.backupManifest(BACKUP))).isEmpty();
    }

    static final class Recording implements CopyEvents {
        final List<CopyProgress> progress = new CopyOnWriteArrayList<>();
        final List<CopyFinished> finished = new CopyOnWriteArrayList<>();

        @Override
        public void progress(String operationId, CopyProgress event) {
            progress.add(event);
        }

        @Override
        public void finished(String operationId, CopyFinished event) {
            finished.add(event);
        }
    }
}
