package io.ringvault.coordinator.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Envelope;
import io.ringvault.common.MessageType;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.BackupRequested;
import io.ringvault.common.message.FileStored;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.OperationAccepted;
import io.ringvault.common.message.OperationCompleted;
import io.ringvault.common.message.OperationKind;
import io.ringvault.common.message.Payload;
import io.ringvault.common.message.RestoreFinished;
import io.ringvault.common.message.RestoreMethod;
import io.ringvault.common.message.RestorePhase;
import io.ringvault.common.message.RestorePlanned;
import io.ringvault.common.message.RestoreProgress;
import io.ringvault.common.message.RestoreRequested;
import io.ringvault.common.message.SnapshotTaken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperationLogTest {
    static final Instant T0 = Instant.parse("2026-11-21T00:00:00Z");
    static final NodeRef NODE_A = new NodeRef("host-a", "127.0.0.1", "dc1", "r1");
    static final NodeRef NODE_B = new NodeRef("host-b", "127.0.0.2", "dc2", "r1");

    final CloudEventCodec codec = new CloudEventCodec();
    final OperationLog log = new OperationLog(Clock.fixed(T0.plusSeconds(10), ZoneOffset.UTC));
    long offset;

    @SuppressWarnings("unchecked")
    void apply(String operationId, Payload data, Instant time) {
        Envelope<Payload> event = new Envelope<>("e" + offset, "/test", MessageType.of(data), time, operationId, data);
        log.apply(event, codec.toJson(event), 0, offset++);
    }

    void accept(String id) {
        BackupRequested request = new BackupRequested(List.of("ks"), null, null, null, "alice");
        apply(
                id,
                new OperationAccepted(
                        OperationKind.BACKUP,
                        "io.ringvault.backup.requested",
                        "/t",
                        "rest",
                        "alice",
                        request,
                        null,
                        List.of(NODE_A, NODE_B)),
                T0);
    }

    FileStored stored(NodeRef node, String file, long size, boolean reused) {
        return new FileStored(node, "ks", "t", file, "key/" + file, size, "crc32c:0", reused);
    }

    @Test
    void shouldTrackProgressPerNodeAndDatacenterAndCountARedeliveredFileOnce() {
        accept("op");
        apply(
                "op",
                new SnapshotTaken(NODE_A, 2, 30, "5.0.9", java.util.List.of("-42"), java.util.Map.of()),
                T0.plusSeconds(1));
        apply("op", stored(NODE_A, "a-Data.db", 20, false), T0.plusSeconds(2));
        apply("op", stored(NODE_A, "a-Data.db", 20, false), T0.plusSeconds(3));

        OperationView view = log.view("op").orElseThrow();
        assertThat(view.state()).isEqualTo(OperationStatus.RUNNING);
        assertThat(view.phase()).isEqualTo("snapshot");
        assertThat(view.progress().filesDone()).isEqualTo(1);
        assertThat(view.progress().bytesDone()).isEqualTo(20);
        assertThat(view.datacenters()).extracting(DatacenterView::name).containsExactly("dc1", "dc2");
        assertThat(view.nodes())
                .extracting(OperationView.NodeView::state)
                .containsExactly(NodeStatus.RUNNING, NodeStatus.PENDING);

        apply("op", stored(NODE_A, "a-Index.db", 10, true), T0.plusSeconds(4));
        apply(
                "op",
                new SnapshotTaken(NODE_B, 0, 0, "5.0.9", java.util.List.of("-42"), java.util.Map.of()),
                T0.plusSeconds(5));
        Operation operation = log.operation("op").orElseThrow();
        assertThat(operation.allNodesDone()).isTrue();
        assertThat(log.view("op").orElseThrow().progress().bytesTransferred()).isEqualTo(20);
    }

    @Test
    void shouldIgnoreOffsetsAlreadyAppliedAndEverythingAfterTheEnd() {
        accept("op");
        Envelope<Payload> duplicate = new Envelope<>(
                "dup",
                "/test",
                MessageType.SNAPSHOT_TAKEN,
                T0,
                "op",
                new SnapshotTaken(NODE_A, 1, 1, "5.0.9", java.util.List.of("-42"), java.util.Map.of()));
        log.apply(duplicate, codec.toJson(duplicate), 0, 0); // offset 0 was the acceptance
        assertThat(log.view("op").orElseThrow().progress().filesTotal()).isZero();

        apply("op", new OperationCompleted(OperationKind.BACKUP, 2, 0, 0, 0), T0.plusSeconds(1));
        apply(
                "op",
                new SnapshotTaken(NODE_A, 5, 5, "5.0.9", java.util.List.of("-42"), java.util.Map.of()),
                T0.plusSeconds(2));
        OperationView view = log.view("op").orElseThrow();
        assertThat(view.state()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(view.progress().filesTotal()).isZero();
        assertThat(log.history("op")).hasSize(3);
    }

    @Test
    void shouldKeepTheFirstAcceptanceOfAnId() {
        accept("op");
        BackupRequested other = new BackupRequested(List.of("other"), null, null, null, "mallory");
        apply(
                "op",
                new OperationAccepted(
                        OperationKind.BACKUP,
                        "io.ringvault.backup.requested",
                        "/t",
                        "kafka",
                        "mallory",
                        other,
                        null,
                        List.of(NODE_A)),
                T0);
        assertThat(log.view("op").orElseThrow().requestedBy()).isEqualTo("alice");
        assertThat(log.views()).hasSize(1);
    }

    @Test
    void shouldFindNodesSilentForLongerThanTheTimeout() {
        accept("op");
        apply(
                "op",
                new SnapshotTaken(NODE_A, 3, 3, "5.0.9", java.util.List.of("-42"), java.util.Map.of()),
                T0.plusSeconds(50));
        Operation operation = log.operation("op").orElseThrow();
        assertThat(operation.silentNodes(T0.plusSeconds(70), Duration.ofSeconds(60)))
                .extracting(NodeRef::hostId)
                .containsExactly("host-b");
    }

    FileStored chunk(NodeRef node, String table, String file, long size, long rows) {
        return new FileStored(
                node,
                "ks",
                table,
                file,
                "key/" + node.hostId() + "/" + table + "/" + file,
                size,
                "crc32c:0",
                false,
                rows);
    }

    @Test
    void shouldShowTheFilesAndRowsOfALogicalExportStoredBeforeItsNodeReportsItsTotals() {
        accept("op");
        apply("op", chunk(NODE_A, "t", "00000-0001.rvlg", 100, 200), T0.plusSeconds(1));
        apply("op", chunk(NODE_A, "u", "00000-0001.rvlg", 50, 120), T0.plusSeconds(2));
        apply("op", chunk(NODE_A, "u", "00000-0001.rvlg", 50, 120), T0.plusSeconds(3)); // redelivered

        OperationView exporting = log.view("op").orElseThrow();
        assertThat(exporting.state()).isEqualTo(OperationStatus.RUNNING);
        assertThat(exporting.progress().filesDone()).isEqualTo(2);
        assertThat(exporting.progress().bytesDone()).isEqualTo(150);
        assertThat(exporting.progress().filesTotal()).isZero();
        assertThat(exporting.progress().rowsDone()).isEqualTo(320);
        assertThat(exporting.progress().etaSeconds()).as("no total yet").isNull();
        assertThat(exporting.rows()).containsExactly(entry("ks.t", 200L), entry("ks.u", 120L));
        assertThat(exporting.nodes())
                .extracting(
                        OperationView.NodeView::hostId,
                        OperationView.NodeView::state,
                        OperationView.NodeView::phase,
                        OperationView.NodeView::rowsDone)
                .containsExactly(
                        tuple("host-a", NodeStatus.RUNNING, "exporting", 320L),
                        tuple("host-b", NodeStatus.PENDING, "snapshot", null));
        Operation operation = log.operation("op").orElseThrow();
        assertThat(operation.allNodesDone()).isFalse();
        // Each stored file is heard from the node: a long export is not silent while its files arrive.
        assertThat(operation.silentNodes(T0.plusSeconds(62), Duration.ofSeconds(60)))
                .extracting(NodeRef::hostId)
                .containsExactly("host-b");

        // The export ends: its totals count the files already stored, and one more still to store.
        apply(
                "op",
                new SnapshotTaken(
                        NODE_A,
                        3,
                        180,
                        "5.0.9",
                        List.of("-42"),
                        java.util.Map.of(),
                        null,
                        null,
                        java.util.Map.of("ks.t", 260L, "ks.u", 120L)),
                T0.plusSeconds(4));
        OperationView taken = log.view("op").orElseThrow();
        assertThat(taken.nodes().get(0).phase()).isEqualTo("upload");
        assertThat(taken.nodes().get(0).filesTotal()).isEqualTo(3);
        assertThat(taken.rows()).containsExactly(entry("ks.t", 260L), entry("ks.u", 120L));

        apply("op", chunk(NODE_A, "t", "00001-0001.rvlg", 30, 60), T0.plusSeconds(5));
        assertThat(log.view("op").orElseThrow().nodes().get(0).state()).isEqualTo(NodeStatus.DONE);
        assertThat(log.view("op").orElseThrow().progress().rowsDone()).isEqualTo(380);
    }

    @Test
    void shouldKnowANodeByItsHostIdWhateverItsAddress() {
        accept("op");
        // The same node under a new address (a restart on another IP) is still host-a.
        NodeRef movedA = new NodeRef("host-a", "10.9.9.9", "dc1", "r1");
        apply("op", new SnapshotTaken(movedA, 1, 10, "5.0.9", List.of("-42"), java.util.Map.of()), T0.plusSeconds(1));
        // A replacement node at host-b's old address has a new host id: it is another node.
        NodeRef replacement = new NodeRef("host-b2", "127.0.0.2", "dc2", "r1");
        apply(
                "op",
                new SnapshotTaken(replacement, 1, 10, "5.0.9", List.of("-42"), java.util.Map.of()),
                T0.plusSeconds(2));

        OperationView view = log.view("op").orElseThrow();
        assertThat(view.nodes())
                .extracting(OperationView.NodeView::hostId, OperationView.NodeView::state)
                .containsExactly(
                        tuple("host-a", NodeStatus.RUNNING),
                        tuple("host-b", NodeStatus.PENDING),
                        tuple("host-b2", NodeStatus.RUNNING));
    }

    @Test
    void shouldReportEachDatacenterOfARestoreWithTheNodeThatFailedAndWhy() {
        RestoreRequested request = new RestoreRequested("backup-1", null, null, "bob");
        apply(
                "restore",
                new OperationAccepted(
                        OperationKind.RESTORE,
                        "io.ringvault.restore.requested",
                        "/t",
                        "rest",
                        "bob",
                        null,
                        request,
                        List.of(NODE_A, NODE_B)),
                T0);
        apply(
                "restore",
                new RestorePlanned(
                        "backup-1",
                        List.of(
                                new RestorePlanned.NodeMapping("host-a", NODE_A, "same-host-id", 2, 20),
                                new RestorePlanned.NodeMapping("host-b", NODE_B, "same-host-id", 2, 20)),
                        List.of("ks.t1", "ks.t2"),
                        4,
                        40),
                T0.plusSeconds(1));
        apply("restore", progress(NODE_A, "t1", RestorePhase.DONE, null), T0.plusSeconds(2));

        OperationView running = log.view("restore").orElseThrow();
        assertThat(running.datacenters())
                .extracting(DatacenterView::name, DatacenterView::state)
                .containsExactly(tuple("dc1", DatacenterState.RUNNING), tuple("dc2", DatacenterState.RUNNING));

        apply("restore", progress(NODE_A, "t2", RestorePhase.DONE, null), T0.plusSeconds(3));
        apply("restore", progress(NODE_B, "t1", RestorePhase.FAILED, "no space left"), T0.plusSeconds(4));

        OperationView view = log.view("restore").orElseThrow();
        assertThat(view.datacenters())
                .extracting(
                        DatacenterView::name,
                        DatacenterView::state,
                        DatacenterView::nodes,
                        DatacenterView::nodesDone,
                        DatacenterView::nodesFailed)
                .as("every table done on dc1's node; dc2's node failed")
                .containsExactly(
                        tuple("dc1", DatacenterState.COMPLETED, 1, 1, 0),
                        tuple("dc2", DatacenterState.FAILED, 1, 0, 1));
        assertThat(view.datacenters().get(1).failedNodes())
                .containsExactly(new DatacenterView.FailedNode(
                        "host-b", "127.0.0.2", "ks.t1: insufficient-space: no space left"));
    }

    @Test
    void shouldShowTheRowsACompletedRestoreRejectedAsItsNote() {
        acceptRestoreOnNodeA("rejected");
        assertThat(log.view("rejected").orElseThrow().note()).isNull();

        String detail = "5 rows rejected over the restore (maxErrors 10); ks.t1: 5 rows rejected, kept in"
                + " backups/backup-1/restores/rejected/errors/ks.t1/a.errors.jsonl";
        apply(
                "rejected",
                new RestoreFinished(RestoreFinished.Outcome.COMPLETED, List.of("ks.t1"), null, detail),
                T0.plusSeconds(5));

        assertThat(log.view("rejected").orElseThrow().note()).isEqualTo(detail);
    }

    @Test
    void shouldNotShowTheDetailOfAFailedRestoreAsANote() {
        acceptRestoreOnNodeA("failed");
        apply(
                "failed",
                new RestoreFinished(
                        RestoreFinished.Outcome.FAILED, List.of(), FailureReason.IMPORT_FAILED, "11 rows rejected"),
                T0.plusSeconds(5));

        assertThat(log.view("failed").orElseThrow().note()).isNull();
    }

    /** A restore of {@code backup-1} onto node A, accepted at {@code T0} as {@code operationId}. */
    private void acceptRestoreOnNodeA(String operationId) {
        apply(
                operationId,
                new OperationAccepted(
                        OperationKind.RESTORE,
                        "io.ringvault.restore.requested",
                        "/t",
                        "rest",
                        "bob",
                        null,
                        new RestoreRequested("backup-1", null, null, "bob"),
                        List.of(NODE_A)),
                T0);
    }

    @Test
    void shouldFoldTheRepairAfterARestoreIntoTheNodesAndThePhase() {
        RestoreRequested request =
                new RestoreRequested("backup-1", null, null, null, "bob", null, null, null, null, null, true);
        apply(
                "repair",
                new OperationAccepted(
                        OperationKind.RESTORE,
                        "io.ringvault.restore.requested",
                        "/t",
                        "rest",
                        "bob",
                        null,
                        request,
                        List.of(NODE_A, NODE_B)),
                T0);
        apply(
                "repair",
                new RestorePlanned(
                        "backup-1",
                        List.of(
                                new RestorePlanned.NodeMapping("host-a", NODE_A, "same-host-id", 1, 10),
                                new RestorePlanned.NodeMapping("host-b", NODE_B, "same-host-id", 1, 10)),
                        List.of("ks.t1"),
                        2,
                        20,
                        null,
                        true),
                T0.plusSeconds(1));
        apply("repair", progress(NODE_A, "t1", RestorePhase.DONE, null), T0.plusSeconds(2));
        apply("repair", progress(NODE_B, "t1", RestorePhase.DONE, null), T0.plusSeconds(3));
        assertThat(log.view("repair").orElseThrow().nodes())
                .extracting(OperationView.NodeView::state)
                .containsOnly(NodeStatus.DONE);

        // Node A is repaired: it runs again, and the operation is in its repair phase.
        apply("repair", progress(NODE_A, "t1", RestorePhase.REPAIRING, null), T0.plusSeconds(4));
        OperationView repairing = log.view("repair").orElseThrow();
        assertThat(repairing.phase()).isEqualTo("repairing");
        assertThat(repairing.nodes())
                .extracting(
                        OperationView.NodeView::hostId, OperationView.NodeView::state, OperationView.NodeView::phase)
                .containsExactly(
                        tuple("host-a", NodeStatus.RUNNING, "repairing"), tuple("host-b", NodeStatus.DONE, "done"));

        apply("repair", progress(NODE_A, "t1", RestorePhase.DONE, null), T0.plusSeconds(5));
        apply("repair", progress(NODE_B, "t1", RestorePhase.REPAIRING, null), T0.plusSeconds(6));
        apply("repair", repairFailed(NODE_B, "t1"), T0.plusSeconds(7));

        OperationView view = log.view("repair").orElseThrow();
        assertThat(view.nodes())
                .extracting(OperationView.NodeView::hostId, OperationView.NodeView::state)
                .containsExactly(tuple("host-a", NodeStatus.DONE), tuple("host-b", NodeStatus.FAILED));
        assertThat(view.nodes().get(1).reason()).isEqualTo("ks.t1: repair-failed: Cassandra failed repair #2");
    }

    @Test
    void shouldIgnoreAnotherPhaseForANodeThatIsDone() {
        acceptRestoreOnNodeA("restore-done");
        apply(
                "restore-done",
                new RestorePlanned(
                        "backup-1",
                        List.of(new RestorePlanned.NodeMapping("host-a", NODE_A, "same-host-id", 1, 10)),
                        List.of("ks.t1"),
                        1,
                        10),
                T0.plusSeconds(1));
        apply("restore-done", progress(NODE_A, "t1", RestorePhase.DONE, null), T0.plusSeconds(2));
        // A late download tick for a node done: not a reason to open it again.
        apply("restore-done", progress(NODE_A, "t1", RestorePhase.DOWNLOADING, null), T0.plusSeconds(3));

        assertThat(log.view("restore-done").orElseThrow().nodes())
                .extracting(OperationView.NodeView::state)
                .containsExactly(NodeStatus.DONE);
    }

    @Test
    void shouldShowOneNodeForATargetThatReceivesTheFilesOfSeveralBackedUpNodes() {
        apply(
                "shrink",
                new OperationAccepted(
                        OperationKind.RESTORE,
                        "io.ringvault.restore.requested",
                        "/t",
                        "rest",
                        "bob",
                        null,
                        new RestoreRequested("backup-1", null, null, "bob"),
                        List.of(NODE_A, NODE_B)),
                T0);
        apply(
                "shrink",
                new RestorePlanned(
                        "backup-1",
                        List.of(
                                new RestorePlanned.NodeMapping(
                                        "host-a", NODE_A, "same-host-id", 2, 20, RestoreMethod.STREAM),
                                new RestorePlanned.NodeMapping(
                                        "host-old", NODE_A, "datacenter", 3, 30, RestoreMethod.STREAM)),
                        List.of("ks.t1"),
                        5,
                        50),
                T0.plusSeconds(1));

        OperationView view = log.view("shrink").orElseThrow();
        assertThat(view.nodes()).singleElement().satisfies(node -> {
            assertThat(node.hostId()).isEqualTo("host-a");
            assertThat(node.sourceHostId()).isEqualTo("host-a,host-old");
            assertThat(node.filesTotal()).isEqualTo(5);
            assertThat(node.bytesTotal()).isEqualTo(50);
        });
    }

    private static RestoreProgress repairFailed(NodeRef node, String table) {
        return new RestoreProgress(
                node,
                "ks",
                table,
                RestorePhase.FAILED,
                1,
                1,
                10,
                10,
                null,
                null,
                FailureReason.REPAIR_FAILED,
                "Cassandra failed repair #2");
    }

    private static RestoreProgress progress(NodeRef node, String table, RestorePhase phase, String detail) {
        return new RestoreProgress(
                node,
                "ks",
                table,
                phase,
                1,
                1,
                10,
                10,
                null,
                null,
                phase == RestorePhase.FAILED ? FailureReason.INSUFFICIENT_SPACE : null,
                detail);
    }
}
