package io.ringvault.restorer.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.retry.Retry;
import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.StartVerify;
import io.ringvault.common.message.VerifyFinished;
import io.ringvault.common.message.VerifyFinished.Problem;
import io.ringvault.common.message.VerifyFinished.ProblemKind;
import io.ringvault.common.message.VerifyProgress;
import io.ringvault.common.message.VerifyRequested;
import io.ringvault.connections.retry.RetryPolicies;
import io.ringvault.restorer.restore.CancelRegistry;
import io.ringvault.storage.Checksums;
import io.ringvault.storage.FilesystemObjectStore;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.StorageException;
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
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The verifier against a filesystem store holding a backup as the coordinator leaves it (two nodes, two files each),
 * with objects then deleted, truncated or changed in place.
 */
class BackupVerifierTest {
    static final String OPERATION = "verify-1";
    static final String BACKUP = "b1";
    static final ObjectLayout LAYOUT = new ObjectLayout("", "prod");
    static final JsonMapper JSON = new CloudEventCodec().mapper();
    static final NodeRef NODE_1 = new NodeRef("h1", "10.0.0.1", "dc1", "r1");
    static final NodeRef NODE_2 = new NodeRef("h2", "10.0.0.2", "dc2", "r1");

    @TempDir
    Path root;

    ObjectStore store;
    final Recording events = new Recording();
    final CancelRegistry cancels = new CancelRegistry();
    final List<NodeManifest.File> files = new ArrayList<>();
    BackupVerifier verifier;

    /** The store the backup is written to and verified in. */
    ObjectStore openStore() throws Exception {
        return new FilesystemObjectStore(root);
    }

    @BeforeEach
    void writeBackup() throws Exception {
        store = openStore();
        for (NodeRef node : List.of(NODE_1, NODE_2)) {
            List<NodeManifest.File> nodeFiles = new ArrayList<>();
            for (String name : List.of("nb-1-big-Data.db", "nb-1-big-Index.db")) {
                String key = LAYOUT.nodeFile(node.hostId(), "shop", "orders-0123", name);
                byte[] content =
                        (node.hostId() + " " + name + "\n").repeat(5000).getBytes(StandardCharsets.UTF_8);
                store.put(key, content);
                nodeFiles.add(
                        new NodeManifest.File("shop", "orders", name, key, content.length, sha256(content), false));
            }
            files.addAll(nodeFiles);
            store.put(
                    LAYOUT.nodeManifest(BACKUP, node.hostId()),
                    JSON.writeValueAsBytes(new NodeManifest(
                            BACKUP, node, "5.0.9", List.of("-42"), Map.of(), nodeFiles, Instant.EPOCH)));
        }
        writeBackupManifest();
        verifier = verifier(store, 2);
    }

    void writeBackupManifest() {
        List<BackupManifest.NodeEntry> entries = new ArrayList<>();
        for (NodeRef node : List.of(NODE_1, NODE_2)) {
            entries.add(new BackupManifest.NodeEntry(
                    node.hostId(),
                    node.address(),
                    node.datacenter(),
                    node.rack(),
                    LAYOUT.nodeManifest(BACKUP, node.hostId()),
                    2,
                    0));
        }
        store.put(
                LAYOUT.backupManifest(BACKUP),
                JSON.writeValueAsBytes(new BackupManifest(
                        1,
                        BACKUP,
                        "prod",
                        BackupMode.FULL,
                        List.of("shop"),
                        List.of(),
                        List.of("dc1", "dc2"),
                        Instant.EPOCH,
                        Instant.EPOCH,
                        Map.of(),
                        entries)));
    }

    BackupVerifier verifier(ObjectStore objects, int parallelism) {
        Retry retry =
                RetryPolicies.retry("test", new RetryPolicies.Policy(3, Duration.ofMillis(1), Duration.ofMillis(1)));
        return new BackupVerifier(objects, "", JSON, events, cancels, retry, Duration.ofMillis(1), parallelism);
    }

    @AfterEach
    void close() {
        verifier.close();
    }

    VerifyFinished verify(boolean deep) {
        return verifier.run(OPERATION, new StartVerify(new VerifyRequested(BACKUP, deep, null), "prod"))
                .orElseThrow();
    }

    static String sha256(byte[] content) {
        MessageDigest digest = Checksums.sha256();
        digest.update(content);
        return Checksums.format(digest);
    }

    byte[] bytesOf(NodeManifest.File file) throws Exception {
        try (InputStream in = store.get(file.objectKey(), 0)) {
            return in.readAllBytes();
        }
    }

    /** Deletes the first file, truncates the second and flips a byte of the third (same size). */
    void damage() throws Exception {
        store.delete(files.get(0).objectKey());
        byte[] truncated = bytesOf(files.get(1));
        store.put(files.get(1).objectKey(), java.util.Arrays.copyOf(truncated, truncated.length - 1));
        byte[] flipped = bytesOf(files.get(2));
        flipped[flipped.length / 2] ^= 0x01;
        store.put(files.get(2).objectKey(), flipped);
    }

    @Test
    void shouldFindNothingWrongWithAWholeBackupAndReportProgress() {
        VerifyFinished report = verify(true);

        assertThat(report.intact()).isTrue();
        assertThat(report.objectsChecked()).isEqualTo(4);
        assertThat(report.objectsTotal()).isEqualTo(4);
        assertThat(report.bytesChecked())
                .isEqualTo(files.stream().mapToLong(NodeManifest.File::size).sum());
        assertThat(events.finished).containsExactly(report);
        assertThat(events.progress.get(0)).isEqualTo(new VerifyProgress(0, 4, 0, report.bytesChecked(), 0));
    }

    @Test
    void shouldReportMissingAndTruncatedObjectsButNotAChangedOneWithoutDeep() throws Exception {
        damage();

        VerifyFinished report = verify(false);

        assertThat(report.outcome()).isEqualTo(VerifyFinished.Outcome.COMPLETED);
        assertThat(report.problemCount()).isEqualTo(2);
        assertThat(report.problems())
                .extracting(
                        Problem::kind, Problem::objectKey, p -> p.node().hostId(), Problem::keyspace, Problem::table)
                .containsExactly(
                        org.assertj.core.api.Assertions.tuple(
                                ProblemKind.MISSING, files.get(0).objectKey(), "h1", "shop", "orders"),
                        org.assertj.core.api.Assertions.tuple(
                                ProblemKind.SIZE_MISMATCH, files.get(1).objectKey(), "h1", "shop", "orders"));
        Problem truncated = report.problems().get(1);
        assertThat(truncated.expectedSize()).isEqualTo(files.get(1).size());
        assertThat(truncated.actualSize()).isEqualTo(files.get(1).size() - 1);
        assertThat(truncated.node()).isEqualTo(NODE_1);
        assertThat(truncated.detail()).contains("node h1 (10.0.0.1, dc1)", "table shop.orders");
    }

    @Test
    void shouldAlsoReportTheChangedObjectWithDeep() throws Exception {
        damage();

        VerifyFinished report = verify(true);

        assertThat(report.problems())
                .extracting(Problem::kind)
                .containsExactly(ProblemKind.MISSING, ProblemKind.SIZE_MISMATCH, ProblemKind.CHECKSUM_MISMATCH);
        Problem changed = report.problems().get(2);
        assertThat(changed.objectKey()).isEqualTo(files.get(2).objectKey());
        assertThat(changed.node()).isEqualTo(NODE_2);
        assertThat(changed.expectedChecksum()).isEqualTo(files.get(2).checksum());
        assertThat(changed.actualChecksum()).isEqualTo(sha256(bytesOf(files.get(2))));
    }

    @Test
    void shouldNameAMissingOrUnreadableManifestAsAProblem() {
        store.delete(LAYOUT.nodeManifest(BACKUP, "h1"));
        store.put(LAYOUT.nodeManifest(BACKUP, "h2"), "not json".getBytes(StandardCharsets.UTF_8));

        VerifyFinished report = verify(false);

        assertThat(report.outcome()).isEqualTo(VerifyFinished.Outcome.COMPLETED);
        assertThat(report.objectsTotal()).isZero();
        assertThat(report.problems())
                .extracting(Problem::kind, Problem::objectKey, Problem::node)
                .containsExactly(
                        org.assertj.core.api.Assertions.tuple(
                                ProblemKind.MANIFEST_MISSING, LAYOUT.nodeManifest(BACKUP, "h1"), NODE_1),
                        org.assertj.core.api.Assertions.tuple(
                                ProblemKind.MANIFEST_UNREADABLE, LAYOUT.nodeManifest(BACKUP, "h2"), NODE_2));
    }

    @Test
    void shouldNameAMissingBackupManifest() {
        store.delete(LAYOUT.backupManifest(BACKUP));

        VerifyFinished report = verify(true);

        assertThat(report.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.kind()).isEqualTo(ProblemKind.MANIFEST_MISSING);
            assertThat(problem.objectKey()).isEqualTo(LAYOUT.backupManifest(BACKUP));
            assertThat(problem.node()).isNull();
        });
    }

    @Test
    void shouldRetryAStoreThatFailsOnceAndFailTheVerifyOnOneThatDeniesAccess() {
        AtomicInteger heads = new AtomicInteger();
        verifier.close();
        verifier =
                verifier(new Failing(store, key -> heads.incrementAndGet() == 1 ? FailureReason.THROTTLED : null), 1);
        assertThat(verify(false).intact()).isTrue();

        verifier.close();
        verifier =
                verifier(new Failing(store, key -> key.endsWith("Index.db") ? FailureReason.ACCESS_DENIED : null), 1);
        VerifyFinished report = verify(false);

        assertThat(report.outcome()).isEqualTo(VerifyFinished.Outcome.FAILED);
        assertThat(report.reason()).isEqualTo(FailureReason.STORAGE_FAILED);
        assertThat(report.detail()).contains("access-denied");
    }

    @Test
    void shouldStopAndReportNothingMoreOnceCancelled() {
        cancels.cancel(OPERATION, "cancelled by alice");

        Optional<VerifyFinished> report =
                verifier.run(OPERATION, new StartVerify(new VerifyRequested(BACKUP, true, null), "prod"));

        assertThat(report).isEmpty();
        assertThat(events.finished).isEmpty();
    }

    /** Events as published, in order. */
    static final class Recording implements VerifyEvents {
        final List<VerifyProgress> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<VerifyFinished> finished = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void progress(String operationId, VerifyProgress event) {
            assertThat(operationId).isEqualTo(OPERATION);
            progress.add(event);
        }

        @Override
        public void finished(String operationId, VerifyFinished event) {
            assertThat(operationId).isEqualTo(OPERATION);
            finished.add(event);
        }
    }

    /** A store whose {@code head} fails with the reason {@code failure} gives for a key (null: no failure). */
    record Failing(ObjectStore store, java.util.function.Function<String, FailureReason> failure)
            implements ObjectStore {
        @Override
        public StoredObject put(String key, InputStream content, long size) {
            return store.put(key, content, size);
        }

        @Override
        public Optional<StoredObject> head(String key) {
            FailureReason reason = failure.apply(key);
            if (reason != null) {
                throw new StorageException(reason, "head " + key + ": " + reason.message());
            }
            return store.head(key);
        }

        @Override
        public Optional<List<StoredObject>> list(String directory, int atMost) {
            return store.list(directory, atMost);
        }

        @Override
        public InputStream get(String key, long offset) {
            return store.get(key, offset);
        }

        @Override
        public Optional<byte[]> getSmall(String key) {
            return store.getSmall(key);
        }

        @Override
        public void delete(String key) {
            store.delete(key);
        }

        @Override
        public String describe() {
            return "failing " + store.describe();
        }
    }
}
