package io.ringvault.coordinator.lifecycle;

import static io.ringvault.coordinator.fakes.TestMessages.NODE_A;
import static io.ringvault.coordinator.fakes.TestMessages.NODE_B;
import static io.ringvault.coordinator.fakes.TestMessages.T0;
import static io.ringvault.coordinator.fakes.TestMessages.backupAccepted;
import static io.ringvault.coordinator.fakes.TestMessages.fileStored;
import static io.ringvault.coordinator.fakes.TestMessages.restoreAccepted;
import static io.ringvault.coordinator.fakes.TestMessages.snapshotTaken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.backup.BackupIndex;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.BackupMethod;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.BackupRequested;
import io.ringvault.common.message.ClearSnapshot;
import io.ringvault.common.message.LogicalFormat;
import io.ringvault.common.message.NodeFailed;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.OperationAccepted;
import io.ringvault.common.message.OperationCancelled;
import io.ringvault.common.message.OperationCompleted;
import io.ringvault.common.message.OperationFailed;
import io.ringvault.common.message.OperationKind;
import io.ringvault.common.message.PartialBackup;
import io.ringvault.common.message.RestoreFinished;
import io.ringvault.common.message.RestoreRequested;
import io.ringvault.common.message.SnapshotTaken;
import io.ringvault.coordinator.catalog.BackupCatalog;
import io.ringvault.coordinator.fakes.FakeEventLog;
import io.ringvault.coordinator.fakes.InMemoryObjectStore;
import io.ringvault.coordinator.fakes.MutableClock;
import io.ringvault.coordinator.operation.BackupView;
import io.ringvault.coordinator.operation.DatacenterState;
import io.ringvault.coordinator.operation.DatacenterView;
import io.ringvault.coordinator.operation.OperationLog;
import io.ringvault.coordinator.operation.OperationStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The driver against fakes: operations are built by folding real events, and what the driver publishes is folded back
 * as the event log reader would. Evaluations run on the driver's own thread; {@link OperationDriver#close()} lets the
 * queued ones finish, so a test asserts after closing.
 */
class OperationDriverTest {
    static final Duration NODE_TIMEOUT = Duration.ofMinutes(10);
    static final String BACKUP = "backup-1";
    static final String RESTORE = "restore-1";

    final MutableClock clock = new MutableClock(T0);
    final OperationLog log = new OperationLog(clock);
    final FakeEventLog events = new FakeEventLog(log, clock);
    final InMemoryObjectStore store = new InMemoryObjectStore();
    final JsonMapper json = new CloudEventCodec().mapper();
    final ObjectLayout layout = new ObjectLayout("", "test-cluster");
    final OperationDriver driver =
            new OperationDriver(log, events, clock, NODE_TIMEOUT, new BackupCatalog(store, layout, json));

    @AfterEach
    void stopDriver() {
        driver.close();
    }

    /** As the ownership wiring does for the operations an instance owns: every change has the driver look again. */
    void driveEveryChange() {
        log.onChange(operation -> driver.evaluateSoon(operation.id()));
    }

    void acceptBackupOfTwoNodes() {
        events.append(
                BACKUP, backupAccepted(new BackupRequested(List.of("ks"), null, null, null, "alice"), NODE_A, NODE_B));
    }

    void storeEveryFile() {
        clock.advance(Duration.ofMinutes(1));
        events.append(BACKUP, snapshotTaken(NODE_A, 2, 30));
        events.append(BACKUP, fileStored(NODE_A, "nb-1-big-Data.db", 20));
        events.append(BACKUP, fileStored(NODE_A, "nb-1-big-Index.db", 10));
        events.append(BACKUP, snapshotTaken(NODE_B, 1, 5));
        events.append(BACKUP, fileStored(NODE_B, "nb-2-big-Data.db", 5));
    }

    void acceptRestore() {
        events.append(RESTORE, restoreAccepted(new RestoreRequested(BACKUP, null, null, "alice"), NODE_A, NODE_B));
    }

    OperationStatus state(String operationId) {
        return log.view(operationId).orElseThrow().state();
    }

    @Test
    void shouldWriteTheManifestsClearTheSnapshotAndCompleteABackupWhenEveryFileIsStored() {
        driveEveryChange();
        acceptBackupOfTwoNodes();
        storeEveryFile();
        driver.close();

        assertThat(events.publishedTypes())
                .containsExactly("io.ringvault.node.snapshot.clear.command", "io.ringvault.operation.completed");
        assertThat(events.published(ClearSnapshot.class))
                .containsExactly(new ClearSnapshot(BACKUP, List.of(NODE_A, NODE_B), true));
        assertThat(events.published(OperationCompleted.class))
                .containsExactly(new OperationCompleted(OperationKind.BACKUP, 2, 3, 35, 35));
        assertThat(state(BACKUP)).isEqualTo(OperationStatus.COMPLETED);

        BackupManifest manifest =
                json.readValue(store.objects().get(layout.backupManifest(BACKUP)), BackupManifest.class);
        assertThat(manifest.nodes())
                .extracting(BackupManifest.NodeEntry::hostId, BackupManifest.NodeEntry::files)
                .containsExactly(tuple("host-a", 2L), tuple("host-b", 1L));
        NodeManifest nodeA =
                json.readValue(store.objects().get(layout.nodeManifest(BACKUP, "host-a")), NodeManifest.class);
        assertThat(nodeA.files())
                .extracting(NodeManifest.File::objectKey, NodeManifest.File::size)
                .containsExactly(
                        tuple("nodes/host-a/ks/t1/nb-1-big-Data.db", 20L),
                        tuple("nodes/host-a/ks/t1/nb-1-big-Index.db", 10L));
        BackupIndex index = json.readValue(store.objects().get(layout.index()), BackupIndex.class);
        assertThat(index.backups()).extracting(BackupIndex.Entry::backupId).containsExactly(BACKUP);
    }

    @Test
    void shouldRecordAPartialBackupAndTheDatacentersItCoversInItsManifestIndexAndView() {
        driveEveryChange();
        NodeRef down = new NodeRef("host-c", "127.0.0.3", "dc3", "r1");
        PartialBackup partial = new PartialBackup(
                List.of(down),
                List.of(new PartialBackup.KeyspaceRanges(
                        "ks", 1, List.of(new PartialBackup.TokenRange("-42", "-42")))));
        events.append(
                BACKUP,
                new OperationAccepted(
                        OperationKind.BACKUP,
                        "io.ringvault.backup.requested",
                        "/cli",
                        "rest",
                        "alice",
                        new BackupRequested(List.of("ks"), null, null, null, "alice", true),
                        null,
                        List.of(NODE_A, NODE_B),
                        partial));
        storeEveryFile();
        driver.close();

        assertThat(state(BACKUP)).isEqualTo(OperationStatus.COMPLETED);
        BackupManifest manifest =
                json.readValue(store.objects().get(layout.backupManifest(BACKUP)), BackupManifest.class);
        assertThat(manifest.partial()).isEqualTo(partial);
        assertThat(manifest.datacenters())
                .as("the datacenters of the nodes backed up, although none was asked for")
                .containsExactly("dc1", "dc2");
        BackupIndex.Entry entry = json.readValue(store.objects().get(layout.index()), BackupIndex.class)
                .backups()
                .get(0);
        assertThat(entry.partial()).isTrue();
        assertThat(entry.datacenters()).containsExactly("dc1", "dc2");
        BackupView view = log.backup(BACKUP).orElseThrow();
        assertThat(view.partial()).isTrue();
        assertThat(view.missingNodes()).containsExactly(down);
        assertThat(view.uncoveredRanges()).isEqualTo(partial.uncoveredRanges());
        assertThat(view.datacenters()).containsExactly("dc1", "dc2");
        assertThat(log.view(BACKUP).orElseThrow().datacenters())
                .extracting(DatacenterView::name, DatacenterView::state, DatacenterView::nodes)
                .containsExactly(
                        tuple("dc1", DatacenterState.COMPLETED, 1),
                        tuple("dc2", DatacenterState.COMPLETED, 1),
                        tuple("dc3", DatacenterState.MISSING, 0));
    }

    @Test
    void shouldFoldTheRowsOfALogicalBackupIntoItsManifestIndexViewAndSchemaScript() {
        driveEveryChange();
        events.append(
                BACKUP,
                backupAccepted(
                        BackupRequested.logical(List.of("ks"), null, null, "alice", LogicalFormat.CSV),
                        NODE_A,
                        NODE_B));
        clock.advance(Duration.ofMinutes(1));
        String script =
                "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};\n\n"
                        + "CREATE TABLE ks.t1 (id int PRIMARY KEY, v text);\n\n";
        events.append(
                BACKUP,
                new SnapshotTaken(
                        NODE_A,
                        1,
                        20,
                        "5.0.9",
                        List.of("-42"),
                        Map.of("ks", script),
                        null,
                        null,
                        Map.of("ks.t1", 1200L, "ks.t2", 0L)));
        events.append(BACKUP, fileStored(NODE_A, "t1.csv", 20));
        events.append(
                BACKUP,
                new SnapshotTaken(
                        NODE_B,
                        1,
                        5,
                        "5.0.9",
                        List.of("42"),
                        Map.of("ks", script),
                        null,
                        null,
                        Map.of("ks.t1", 34L, "ks.t2", 7L)));
        events.append(BACKUP, fileStored(NODE_B, "t1.csv", 5));
        driver.close();

        assertThat(state(BACKUP)).isEqualTo(OperationStatus.COMPLETED);
        BackupManifest manifest =
                json.readValue(store.objects().get(layout.backupManifest(BACKUP)), BackupManifest.class);
        assertThat(manifest.method()).isEqualTo(BackupMethod.LOGICAL);
        assertThat(manifest.format()).isEqualTo(LogicalFormat.CSV);
        assertThat(manifest.mode()).isEqualTo(BackupMode.FULL);
        assertThat(manifest.rows()).containsExactly(Map.entry("ks.t1", 1234L), Map.entry("ks.t2", 7L));
        assertThat(new String(store.objects().get(layout.schemaScript(BACKUP)), StandardCharsets.UTF_8))
                .isEqualTo(script);
        BackupIndex.Entry entry = json.readValue(store.objects().get(layout.index()), BackupIndex.class)
                .backups()
                .get(0);
        assertThat(entry.method()).isEqualTo(BackupMethod.LOGICAL);
        assertThat(entry.format()).isEqualTo(LogicalFormat.CSV);
        BackupView view = log.backup(BACKUP).orElseThrow();
        assertThat(view.method()).isEqualTo(BackupMethod.LOGICAL);
        assertThat(view.rows()).containsEntry("ks.t1", 1234L).containsEntry("ks.t2", 7L);
    }

    @Test
    void shouldWriteNoMethodFormatRowsOrSchemaScriptForASnapshotBackup() {
        driveEveryChange();
        acceptBackupOfTwoNodes();
        storeEveryFile();
        driver.close();

        String manifest = new String(store.objects().get(layout.backupManifest(BACKUP)), StandardCharsets.UTF_8);
        assertThat(manifest).doesNotContain("\"method\"").doesNotContain("\"rows\"");
        assertThat(store.objects()).doesNotContainKey(layout.schemaScript(BACKUP));
        assertThat(log.backup(BACKUP).orElseThrow().method()).isEqualTo(BackupMethod.SNAPSHOT);
        assertThat(log.backup(BACKUP).orElseThrow().rows()).isNull();
    }

    @Test
    void shouldWriteAWholeBackupWithoutPartial() {
        driveEveryChange();
        acceptBackupOfTwoNodes();
        storeEveryFile();
        driver.close();

        BackupManifest manifest =
                json.readValue(store.objects().get(layout.backupManifest(BACKUP)), BackupManifest.class);
        assertThat(manifest.partial()).isNull();
        assertThat(new String(store.objects().get(layout.backupManifest(BACKUP)), StandardCharsets.UTF_8))
                .doesNotContain("partial");
        assertThat(log.backup(BACKUP).orElseThrow().partial()).isFalse();
    }

    @Test
    void shouldReportEachDatacenterOfABackupThatFailedOnOneNode() {
        driveEveryChange();
        acceptBackupOfTwoNodes();
        clock.advance(Duration.ofMinutes(1));
        events.append(BACKUP, snapshotTaken(NODE_A, 1, 20));
        events.append(BACKUP, fileStored(NODE_A, "nb-1-big-Data.db", 20));
        events.append(BACKUP, new NodeFailed(NODE_B, FailureReason.UPLOAD_FAILED, "S3 said 403", "uploader-0"));
        driver.close();

        assertThat(state(BACKUP)).isEqualTo(OperationStatus.FAILED);
        List<DatacenterView> datacenters = log.view(BACKUP).orElseThrow().datacenters();
        assertThat(datacenters)
                .extracting(
                        DatacenterView::name,
                        DatacenterView::state,
                        DatacenterView::nodesDone,
                        DatacenterView::nodesFailed)
                .as("dc1's node finished before dc2's failed: dc1 is complete, dc2 failed")
                .containsExactly(
                        tuple("dc1", DatacenterState.COMPLETED, 1, 0), tuple("dc2", DatacenterState.FAILED, 0, 1));
        assertThat(datacenters.get(1).failedNodes())
                .containsExactly(new DatacenterView.FailedNode("host-b", "127.0.0.2", "upload-failed: S3 said 403"));
    }

    @Test
    void shouldStopTheDatacentersThatWereNotDoneWhenAnotherFailed() {
        driveEveryChange();
        acceptBackupOfTwoNodes();
        events.append(BACKUP, snapshotTaken(NODE_A, 2, 30));
        events.append(BACKUP, new NodeFailed(NODE_B, FailureReason.SNAPSHOT_FAILED, "no space", "node-agent"));
        driver.close();

        assertThat(log.view(BACKUP).orElseThrow().datacenters())
                .extracting(DatacenterView::name, DatacenterView::state)
                .containsExactly(tuple("dc1", DatacenterState.STOPPED), tuple("dc2", DatacenterState.FAILED));
    }

    @Test
    void shouldFailABackupNamingTheNodeThatFailedAndClearItsSnapshot() {
        driveEveryChange();
        acceptBackupOfTwoNodes();
        events.append(BACKUP, snapshotTaken(NODE_A, 0, 0));
        events.append(
                BACKUP,
                new NodeFailed(NODE_B, FailureReason.SNAPSHOT_FAILED, "nodetool snapshot exited with 2", "node-agent"));
        driver.close();

        assertThat(events.publishedTypes())
                .containsExactly("io.ringvault.node.snapshot.clear.command", "io.ringvault.operation.failed");
        OperationFailed failed = events.published(OperationFailed.class).get(0);
        assertThat(failed.reason().code()).isEqualTo("node-failed");
        assertThat(failed.detail()).contains("host-b", "snapshot-failed: nodetool snapshot exited with 2");
        assertThat(failed.nodeFailures()).containsOnlyKeys("host-b");
        assertThat(events.published(ClearSnapshot.class).get(0).nodes()).containsExactly(NODE_A, NODE_B);
        assertThat(store.objects()).as("no manifest claims a failed backup").isEmpty();
        assertThat(state(BACKUP)).isEqualTo(OperationStatus.FAILED);
    }

    @Test
    void shouldFailAnOperationWhoseNodeIsSilentPastTheTimeout() {
        acceptBackupOfTwoNodes();
        clock.advance(Duration.ofMinutes(1));
        events.append(BACKUP, snapshotTaken(NODE_A, 0, 0));

        clock.advance(NODE_TIMEOUT.plusSeconds(1));
        driver.sweepTimeouts(operationId -> true);
        driver.close();

        assertThat(events.publishedTypes())
                .containsExactly(
                        "io.ringvault.node.failed",
                        "io.ringvault.node.snapshot.clear.command",
                        "io.ringvault.operation.failed");
        NodeFailed silent = events.published(NodeFailed.class).get(0);
        assertThat(silent.node()).isEqualTo(NODE_B);
        assertThat(silent.reason().code()).isEqualTo("timeout");
        assertThat(silent.detail()).contains("node agent of node host-b", "did not answer within 10m");
        OperationFailed failed = events.published(OperationFailed.class).get(0);
        assertThat(failed.reason().code()).isEqualTo("timeout");
        assertThat(failed.detail()).contains("1 node(s) stopped answering", "host-b");
        assertThat(failed.nodeFailures()).containsOnlyKeys("host-b");
        assertThat(state(BACKUP)).isEqualTo(OperationStatus.FAILED);
    }

    @Test
    void shouldLeaveAnOperationAloneUntilItsNodesAreSilentForLongerThanTheTimeout() {
        acceptBackupOfTwoNodes();
        clock.advance(NODE_TIMEOUT);
        driver.sweepTimeouts(operationId -> true);
        driver.close();

        assertThat(events.published()).isEmpty();
        assertThat(state(BACKUP)).isEqualTo(OperationStatus.ACCEPTED);
    }

    @Test
    void shouldLeaveTheOperationsOfOtherInstancesToThem() {
        acceptBackupOfTwoNodes();
        clock.advance(NODE_TIMEOUT.multipliedBy(2));
        driver.sweepTimeouts(operationId -> false);
        driver.close();

        assertThat(events.published()).isEmpty();
    }

    @Test
    void shouldNameWhoCancelledARestoreOnceTheRestorerConfirms() {
        driveEveryChange();
        acceptRestore();
        driver.restoreCancelRequested(RESTORE, "bob", "/cli/bob");
        events.append(RESTORE, new RestoreFinished(RestoreFinished.Outcome.CANCELLED, List.of("ks.t1"), null, null));
        driver.close();

        assertThat(events.published()).containsExactly(new OperationCancelled("bob", "/cli/bob", List.of("ks.t1")));
        assertThat(state(RESTORE)).isEqualTo(OperationStatus.CANCELLED);
    }

    @Test
    void shouldCompleteARestoreWhenTheRestorerSaysSo() {
        driveEveryChange();
        acceptRestore();
        events.append(RESTORE, new RestoreFinished(RestoreFinished.Outcome.COMPLETED, List.of("ks.t1"), null, null));
        driver.close();

        assertThat(events.publishedTypes()).containsExactly("io.ringvault.operation.completed");
        assertThat(events.published(OperationCompleted.class).get(0).kind()).isEqualTo(OperationKind.RESTORE);
        assertThat(state(RESTORE)).isEqualTo(OperationStatus.COMPLETED);
    }

    @Test
    void shouldFailARestoreNamingTheTablesImportedBeforeTheFailure() {
        driveEveryChange();
        acceptRestore();
        events.append(
                RESTORE,
                new RestoreFinished(
                        RestoreFinished.Outcome.FAILED,
                        List.of("ks.t1"),
                        FailureReason.CHECKSUM_MISMATCH,
                        "nb-1-big-Data.db of ks.t2 does not match its checksum"));
        driver.close();

        OperationFailed failed = events.published(OperationFailed.class).get(0);
        assertThat(failed.reason().code()).isEqualTo("checksum-mismatch");
        assertThat(failed.detail())
                .contains("nb-1-big-Data.db of ks.t2 does not match its checksum")
                .contains("imported before the failure (their data stays): [ks.t1]");
        assertThat(events.published(ClearSnapshot.class))
                .as("a restore has no snapshot")
                .isEmpty();
        assertThat(state(RESTORE)).isEqualTo(OperationStatus.FAILED);
    }

    @Test
    void shouldSayNothingWasImportedWhenARestoreFailsBeforeItsFirstTable() {
        driveEveryChange();
        acceptRestore();
        events.append(
                RESTORE,
                new RestoreFinished(RestoreFinished.Outcome.FAILED, List.of(), FailureReason.SCHEMA_MISMATCH, null));
        driver.close();

        assertThat(events.published(OperationFailed.class).get(0).detail()).endsWith("; nothing was imported");
    }

    @Test
    void shouldFailABackupWhoseManifestsCannotBeWritten() {
        driveEveryChange();
        store.refuseWrites("access denied to bucket ringvault");
        acceptBackupOfTwoNodes();
        storeEveryFile();
        driver.close();

        assertThat(events.publishedTypes())
                .containsExactly("io.ringvault.node.snapshot.clear.command", "io.ringvault.operation.failed");
        OperationFailed failed = events.published(OperationFailed.class).get(0);
        assertThat(failed.reason().code()).isEqualTo("manifest-write-failed");
        assertThat(failed.detail()).contains("access denied to bucket ringvault");
        assertThat(store.objects()).isEmpty();
        assertThat(state(BACKUP)).isEqualTo(OperationStatus.FAILED);
    }

    @Test
    void shouldPublishTheEndOfABackupAgainWhenKafkaDidNotAcknowledgeIt() {
        events.failNextPublishOf(OperationCompleted.class);
        acceptBackupOfTwoNodes();
        storeEveryFile();
        // One evaluation, as after the last file.stored: evaluations queued by earlier events would retry on their own.
        driver.evaluateSoon(BACKUP);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.failedPublishes() == 1);
        assertThat(state(BACKUP)).isEqualTo(OperationStatus.RUNNING);
        Map<String, byte[]> firstWrite = store.objects();

        // Nothing new is folded for this operation: only the scheduled sweep can take the decision again.
        driver.sweepTimeouts(operationId -> true);
        driver.close();

        assertThat(events.published(OperationCompleted.class))
                .containsExactly(new OperationCompleted(OperationKind.BACKUP, 2, 3, 35, 35));
        assertThat(state(BACKUP)).isEqualTo(OperationStatus.COMPLETED);
        // The retry wrote the manifests and the index again, to the same keys and with the same bytes.
        assertThat(store.writes()).isEqualTo(2 * firstWrite.size());
        assertThat(store.objects()).containsOnlyKeys(firstWrite.keySet());
        firstWrite.forEach(
                (key, bytes) -> assertThat(store.objects().get(key)).as(key).isEqualTo(bytes));
    }

    @Test
    void shouldFailATimedOutOperationAgainWhenKafkaDidNotAcknowledgeItsEnd() {
        acceptBackupOfTwoNodes();
        events.failNextPublishOf(OperationFailed.class);
        clock.advance(NODE_TIMEOUT.plusSeconds(1));
        driver.sweepTimeouts(operationId -> true);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.failedPublishes() == 1);

        driver.sweepTimeouts(operationId -> true);
        driver.close();

        // The first attempt's node.failed events were folded, so the decision taken again is a node failure; each
        // node's reason still says it timed out.
        assertThat(events.publishedTypes())
                .containsExactly(
                        "io.ringvault.node.failed",
                        "io.ringvault.node.failed",
                        "io.ringvault.node.snapshot.clear.command",
                        "io.ringvault.node.snapshot.clear.command",
                        "io.ringvault.operation.failed");
        OperationFailed failed = events.published(OperationFailed.class).get(0);
        assertThat(failed.reason().code()).isEqualTo("node-failed");
        assertThat(failed.nodeFailures()).containsOnlyKeys("host-a", "host-b");
        assertThat(failed.nodeFailures().get("host-b")).startsWith("timeout: the node agent of node host-b");
        assertThat(state(BACKUP)).isEqualTo(OperationStatus.FAILED);
    }

    @Test
    void shouldNameTheScheduleOfAScheduledBackupInItsManifestAndIndexEntry() {
        driveEveryChange();
        events.append(
                BACKUP,
                backupAccepted(
                        new BackupRequested(List.of("ks"), null, null, null, "schedule:nightly", false, "nightly"),
                        NODE_A,
                        NODE_B));
        storeEveryFile();
        driver.close();

        BackupManifest manifest =
                json.readValue(store.objects().get(layout.backupManifest(BACKUP)), BackupManifest.class);
        assertThat(manifest.schedule()).isEqualTo("nightly");
        BackupIndex index = json.readValue(store.objects().get(layout.index()), BackupIndex.class);
        assertThat(index.backups())
                .extracting(BackupIndex.Entry::backupId, BackupIndex.Entry::schedule)
                .containsExactly(tuple(BACKUP, "nightly"));
    }
}
