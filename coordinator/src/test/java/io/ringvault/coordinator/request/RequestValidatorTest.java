package io.ringvault.coordinator.request;

import static io.ringvault.coordinator.fakes.TestMessages.NODE_A;
import static io.ringvault.coordinator.fakes.TestMessages.NODE_B;
import static io.ringvault.coordinator.fakes.TestMessages.T0;
import static io.ringvault.coordinator.fakes.TestMessages.backupAccepted;
import static io.ringvault.coordinator.fakes.TestMessages.snapshotTaken;
import static io.ringvault.coordinator.request.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.message.BackupRequested;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.OperationCompleted;
import io.ringvault.common.message.OperationKind;
import io.ringvault.common.message.PartialBackup;
import io.ringvault.common.message.RestoreRequested;
import io.ringvault.coordinator.catalog.BackupCatalog;
import io.ringvault.coordinator.fakes.FakeClusterTopology;
import io.ringvault.coordinator.fakes.FakeEventLog;
import io.ringvault.coordinator.fakes.InMemoryObjectStore;
import io.ringvault.coordinator.fakes.MutableClock;
import io.ringvault.coordinator.operation.OperationLog;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RequestValidatorTest {
    static final NodeRef NODE_C = new NodeRef("host-c", "127.0.0.3", "dc1", "r2");

    final MutableClock clock = new MutableClock(T0);
    final OperationLog log = new OperationLog(clock);
    final FakeEventLog events = new FakeEventLog(log, clock);
    final InMemoryObjectStore store = new InMemoryObjectStore();
    final JsonMapper json = new CloudEventCodec().mapper();
    final BackupCatalog catalog = new BackupCatalog(store, new ObjectLayout("", "test-cluster"), json);
    final FakeClusterTopology cluster = new FakeClusterTopology().keyspace("ks", "t1", "t2");

    RequestValidator validator() {
        return new RequestValidator(cluster, log, catalog);
    }

    static BackupRequested backupOf(List<String> keyspaces, List<String> tables, List<String> datacenters) {
        return new BackupRequested(keyspaces, tables, datacenters, null, "alice");
    }

    /** A backup of two nodes the event log knows; {@code ended} folds its completion. */
    void backupInTheLog(String backupId, BackupRequested request, boolean ended) {
        events.append(backupId, backupAccepted(request, NODE_A, NODE_B));
        events.append(backupId, snapshotTaken(NODE_A, 0, 0));
        if (ended) {
            events.append(backupId, snapshotTaken(NODE_B, 0, 0));
            events.append(backupId, new OperationCompleted(OperationKind.BACKUP, 2, 0, 0, 0));
        }
    }

    /** A completed backup of {@code nodes} the event log knows. */
    void completedBackupInTheLog(String backupId, BackupRequested request, NodeRef... nodes) {
        events.append(backupId, backupAccepted(request, nodes));
        for (NodeRef node : nodes) {
            events.append(backupId, snapshotTaken(node, 0, 0));
        }
        events.append(backupId, new OperationCompleted(OperationKind.BACKUP, nodes.length, 0, 0, 0));
    }

    /** A complete backup of two nodes that only the object store knows, as another deployment would have left it. */
    void backupInTheStore(String clusterName, String backupId) {
        new BackupCatalog(store, new ObjectLayout("", clusterName), json)
                .publish(
                        backupId,
                        backupOf(List.of("ks"), List.of(), List.of()),
                        T0,
                        T0.plusSeconds(60),
                        List.of(nodeManifest(backupId, NODE_A), nodeManifest(backupId, NODE_B)));
    }

    static RestoreRequested restoreOf(String backupId, List<String> datacenters, boolean truncate) {
        return new RestoreRequested(backupId, null, null, datacenters, "bob", truncate, null, null, null);
    }

    static NodeManifest nodeManifest(String backupId, NodeRef node) {
        return new NodeManifest(backupId, node, "5.0.9", List.of("-42"), Map.of(), List.of(), T0.plusSeconds(60));
    }

    @Test
    void shouldPlanTheNodesOfTheRequestedDatacenters() {
        cluster.up(NODE_A, NODE_B, NODE_C);

        assertThat(validator()
                        .validateBackup(backupOf(List.of("ks"), List.of("ks.t1"), List.of("dc1")))
                        .nodes())
                .containsExactly(NODE_A, NODE_C);
        BackupScope everyNode = validator().validateBackup(backupOf(List.of("ks"), List.of(), List.of()));
        assertThat(everyNode.nodes()).containsExactly(NODE_A, NODE_B, NODE_C);
        assertThat(everyNode.partial()).isNull();
        assertThat(cluster.ringReads())
                .as("a backup of every node needs no ring")
                .isZero();
    }

    @Test
    void shouldRefuseABackupOfAKeyspaceTheClusterDoesNotHave() {
        cluster.up(NODE_A);

        assertRefused(
                () -> validator().validateBackup(backupOf(List.of("ks", "shop"), List.of(), List.of())),
                "unknown-keyspace",
                400,
                "keyspace 'shop' does not exist");
    }

    @Test
    void shouldRefuseABackupOfATableTheKeyspaceDoesNotHave() {
        cluster.up(NODE_A);

        assertRefused(
                () -> validator().validateBackup(backupOf(List.of("ks"), List.of("ks.orders"), List.of())),
                "unknown-table",
                400,
                "table 'ks.orders' does not exist",
                "[t1, t2]");
    }

    @Test
    void shouldRefuseABackupOfADatacenterTheClusterDoesNotHave() {
        cluster.up(NODE_A, NODE_B);

        assertRefused(
                () -> validator().validateBackup(backupOf(List.of("ks"), List.of(), List.of("dc9"))),
                "unknown-datacenter",
                400,
                "datacenter 'dc9' does not exist",
                "[dc1, dc2]");
    }

    @Test
    void shouldRefuseABackupWithoutANodeInScope() {
        assertRefused(
                () -> validator().validateBackup(backupOf(List.of("ks"), List.of(), List.of())),
                "no-nodes",
                400,
                "no node");
    }

    @Test
    void shouldRefuseABackupWhileOneOfItsNodesIsDown() {
        cluster.up(NODE_A).down(NODE_B);

        assertRefused(
                () -> validator().validateBackup(backupOf(List.of("ks"), List.of(), List.of())),
                "node-down",
                400,
                "node host-b (127.0.0.2, dc2) is down",
                "--allow-partial");
        assertThat(validator()
                        .validateBackup(backupOf(List.of("ks"), List.of(), List.of("dc1")))
                        .nodes())
                .as("a datacenter whose nodes are up can still be backed up")
                .containsExactly(NODE_A);
    }

    @Test
    void shouldNameEveryNodeThatIsDown() {
        cluster.up(NODE_A).down(NODE_B, NODE_C);

        assertRefused(
                () -> validator().validateBackup(backupOf(List.of("ks"), List.of(), List.of())),
                "node-down",
                400,
                "nodes host-b (127.0.0.2, dc2), host-c (127.0.0.3, dc1) are down");
    }

    @Test
    void shouldBackUpTheNodesThatAreUpAndRecordWhatAPartialBackupLacks() {
        // dc1: A (up) and C (down); dc2: B (up). One replica per range: C alone holds (10, 20] and (20, 30].
        cluster.up(NODE_A, NODE_B)
                .down(NODE_C)
                .keyspace("other", "t")
                .ring(
                        "ks",
                        List.of("10", "20", "30", "40"),
                        List.of(Set.of("host-a"), Set.of("host-c"), Set.of("host-c"), Set.of("host-b")))
                .ring(
                        "other",
                        List.of("10", "20", "30", "40"),
                        List.of(
                                Set.of("host-a", "host-c"),
                                Set.of("host-c", "host-b"),
                                Set.of("host-b", "host-a"),
                                Set.of("host-a", "host-c")));

        BackupScope scope = validator()
                .validateBackup(new BackupRequested(List.of("ks", "other"), null, null, null, "alice", true));

        assertThat(scope.nodes()).containsExactly(NODE_A, NODE_B);
        assertThat(scope.partial().missingNodes()).containsExactly(NODE_C);
        assertThat(scope.partial().uncoveredRanges())
                .as("adjacent ranges merged; a keyspace with a backed-up replica of every range has no entry")
                .containsExactly(
                        new PartialBackup.KeyspaceRanges("ks", 1, List.of(new PartialBackup.TokenRange("10", "30"))));
    }

    @Test
    void shouldRefuseAPartialBackupWhenEveryNodeInScopeIsDown() {
        cluster.up(NODE_B).down(NODE_A, NODE_C);

        assertRefused(
                () -> validator()
                        .validateBackup(new BackupRequested(List.of("ks"), null, List.of("dc1"), null, "alice", true)),
                "no-nodes",
                400,
                "every node in scope of the backup is down",
                "host-a",
                "host-c");
    }

    /** A complete logical backup of {@code node} that only the object store knows. */
    void logicalBackupInTheStore(String backupId, NodeRef node) {
        ObjectLayout layout = new ObjectLayout("", "test-cluster");
        store.put(
                layout.backupManifest(backupId),
                json.writeValueAsBytes(new io.ringvault.common.backup.BackupManifest(
                        1,
                        backupId,
                        "test-cluster",
                        io.ringvault.common.message.BackupMode.FULL,
                        List.of("ks"),
                        List.of(),
                        List.of(node.datacenter()),
                        T0,
                        T0.plusSeconds(60),
                        Map.of(),
                        List.of(new io.ringvault.common.backup.BackupManifest.NodeEntry(
                                node.hostId(),
                                node.address(),
                                node.datacenter(),
                                node.rack(),
                                layout.nodeManifest(backupId, node.hostId()),
                                0,
                                0)),
                        null,
                        null,
                        null,
                        null,
                        null,
                        io.ringvault.common.message.BackupMethod.LOGICAL,
                        null,
                        Map.of("ks.t1", 10L),
                        null)));
    }

    static RestoreRequested renamingRestoreOf(String backupId, List<String> datacenters) {
        return new RestoreRequested(
                backupId,
                List.of("ks"),
                null,
                datacenters,
                "bob",
                true,
                null,
                null,
                null,
                null,
                null,
                null,
                Map.of("ks.t1", "ks2.t9"),
                Map.of("ks", "ks3"),
                5L);
    }

    @Test
    void shouldAcceptALogicalRestoreWithRenamesIntoAClusterOfAnotherShape() {
        // The backup's only node was in a datacenter this cluster does not have: rows go through CQL to any nodes.
        cluster.up(NODE_A);
        logicalBackupInTheStore("logical-1", new NodeRef("host-z", "10.9.9.9", "far-away", "r1"));

        assertThat(validator().validateRestore(renamingRestoreOf("logical-1", List.of())))
                .extracting(NodeRef::hostId)
                .containsExactly("host-z");
        assertRefused(
                () -> validator().validateRestore(renamingRestoreOf("logical-1", List.of("far-away"))),
                "invalid-request",
                400,
                "is a logical backup",
                "datacenters only apply to snapshot backups");
    }

    @Test
    void shouldRefuseRenamesForASnapshotBackup() {
        cluster.up(NODE_A, NODE_B);
        backupInTheLog("backup-1", backupOf(List.of("ks"), List.of(), List.of()), true);

        assertRefused(
                () -> validator().validateRestore(renamingRestoreOf("backup-1", List.of())),
                "invalid-request",
                400,
                "backup 'backup-1' is a snapshot backup: renames, renameKeyspaces and maxErrors apply to logical"
                        + " backups only");
    }

    @Test
    void shouldRestoreACompletedBackupOfTheLogOntoItsNodes() {
        cluster.up(NODE_A, NODE_B);
        backupInTheLog("backup-1", backupOf(List.of("ks"), List.of(), List.of()), true);

        assertThat(validator()
                        .validateRestore(new RestoreRequested("backup-1", List.of("ks"), List.of("ks.t2"), "bob")))
                .containsExactly(NODE_A, NODE_B);
    }

    @Test
    void shouldRefuseToRestoreABackupThatHasNotCompleted() {
        cluster.up(NODE_A, NODE_B);
        backupInTheLog("backup-1", backupOf(List.of("ks"), List.of(), List.of()), false);

        assertRefused(
                () -> validator().validateRestore(new RestoreRequested("backup-1", null, null, "bob")),
                "backup-not-complete",
                400,
                "backup 'backup-1' is running, not completed");
    }

    @Test
    void shouldRefuseToRestoreAKeyspaceOrTableTheBackupDoesNotHold() {
        cluster.up(NODE_A, NODE_B);
        backupInTheLog("backup-1", backupOf(List.of("ks"), List.of("ks.t1"), List.of()), true);

        assertRefused(
                () -> validator().validateRestore(new RestoreRequested("backup-1", List.of("shop"), null, "bob")),
                "not-in-backup",
                400,
                "keyspace 'shop' is not in backup 'backup-1'",
                "[ks]");
        assertRefused(
                () -> validator().validateRestore(new RestoreRequested("backup-1", null, List.of("ks.t2"), "bob")),
                "not-in-backup",
                400,
                "table 'ks.t2' is not in backup 'backup-1'");
    }

    @Test
    void shouldRestoreABackupOfOneDatacenterIntoTheSameCluster() {
        // The cluster has three nodes, the backup of dc1 two: compared per datacenter, they are the same nodes.
        cluster.up(NODE_A, NODE_B, NODE_C);
        completedBackupInTheLog("backup-dc1", backupOf(List.of("ks"), List.of(), List.of("dc1")), NODE_A, NODE_C);

        assertThat(validator().validateRestore(new RestoreRequested("backup-dc1", null, null, "bob")))
                .containsExactly(NODE_A, NODE_C);
    }

    @Test
    void shouldRestoreOnlyTheBackedUpNodesOfTheDatacentersInScope() {
        cluster.up(NODE_A, NODE_B, NODE_C);
        completedBackupInTheLog("backup-1", backupOf(List.of("ks"), List.of(), List.of()), NODE_A, NODE_B, NODE_C);

        assertThat(validator().validateRestore(restoreOf("backup-1", List.of("dc2"), false)))
                .containsExactly(NODE_B);
        assertThat(validator().validateRestore(restoreOf("backup-1", List.of("dc1"), false)))
                .containsExactly(NODE_A, NODE_C);
    }

    @Test
    void shouldLeaveADifferentNumberOfNodesInADatacenterToTheRestorer() {
        // The restorer plans the restore (it may stream to nodes whose tokens differ): nothing here can never be done.
        cluster.up(NODE_A, NODE_B, NODE_C);
        backupInTheLog("backup-1", backupOf(List.of("ks"), List.of(), List.of()), true);

        assertThat(validator().validateRestore(new RestoreRequested("backup-1", null, null, "bob")))
                .containsExactly(NODE_A, NODE_B);
    }

    @Test
    void shouldRefuseToRestoreADatacenterTheBackupDoesNotCover() {
        cluster.up(NODE_A, NODE_B, NODE_C);
        completedBackupInTheLog("backup-dc1", backupOf(List.of("ks"), List.of(), List.of("dc1")), NODE_A, NODE_C);

        assertRefused(
                () -> validator().validateRestore(restoreOf("backup-dc1", List.of("dc2"), false)),
                "datacenter-not-in-backup",
                400,
                "datacenter 'dc2' is not in backup 'backup-dc1'",
                "[dc1]");
    }

    @Test
    void shouldRefuseToRestoreADatacenterTheClusterDoesNotHaveUnlessItsNodesAreMapped() {
        // A new cluster of one datacenter; the backup in the bucket covers dc1 (A) and dc2 (B).
        NodeRef newNode = new NodeRef("host-new", "10.0.0.1", "dc1", "r1");
        cluster.up(newNode, NODE_C);
        backupInTheStore("test-cluster", "old-backup");

        assertRefused(
                () -> validator().validateRestore(new RestoreRequested("old-backup", null, null, "bob")),
                "unknown-datacenter",
                400,
                "datacenter 'dc2' of backup 'old-backup' does not exist in this cluster (it has [dc1])",
                "--dc");
        assertThat(validator().validateRestore(restoreOf("old-backup", List.of("dc1"), false)))
                .containsExactly(NODE_A);
        assertThat(validator()
                        .validateRestore(new RestoreRequested(
                                "old-backup",
                                null,
                                null,
                                null,
                                "bob",
                                null,
                                null,
                                Map.of(NODE_B.hostId(), NODE_C.hostId()),
                                null)))
                .as("every node of dc2 placed explicitly")
                .containsExactly(NODE_A, NODE_B);
    }

    @Test
    void shouldRefuseATruncateThatWouldDeleteRowsOfDatacentersOutsideTheRestore() {
        cluster.up(NODE_A, NODE_B);
        backupInTheLog("backup-1", backupOf(List.of("ks"), List.of(), List.of()), true);

        assertRefused(
                () -> validator().validateRestore(restoreOf("backup-1", List.of("dc2"), true)),
                "truncate-outside-scope",
                400,
                "keyspace 'ks' is replicated to [dc1, dc2]",
                "TRUNCATE is cluster-wide",
                "delete the rows of [dc1]");
        assertThat(validator().validateRestore(restoreOf("backup-1", List.of("dc2"), false)))
                .as("without truncate, dc1 is left alone")
                .containsExactly(NODE_B);
        assertThat(validator().validateRestore(restoreOf("backup-1", List.of(), true)))
                .as("every datacenter of the keyspace in scope")
                .containsExactly(NODE_A, NODE_B);
    }

    @Test
    void shouldRefuseATruncateOfABackupOfOneDatacenterWhenTheKeyspaceSpansMore() {
        cluster.up(NODE_A, NODE_B);
        completedBackupInTheLog("backup-dc1", backupOf(List.of("ks"), List.of(), List.of("dc1")), NODE_A);

        assertRefused(
                () -> validator().validateRestore(restoreOf("backup-dc1", List.of(), true)),
                "truncate-outside-scope",
                400,
                "delete the rows of [dc2]");
    }

    @Test
    void shouldAllowATruncateWithinTheDatacentersOfTheKeyspace() {
        cluster.up(NODE_A, NODE_B).replicatedTo("ks", "dc2");
        backupInTheLog("backup-1", backupOf(List.of("ks"), List.of(), List.of()), true);

        assertThat(validator().validateRestore(restoreOf("backup-1", List.of("dc2"), true)))
                .containsExactly(NODE_B);
    }

    @Test
    void shouldAllowATruncateOfAKeyspaceTheClusterDoesNotHaveYet() {
        cluster.up(NODE_A, NODE_B);
        completedBackupInTheLog("backup-shop", backupOf(List.of("ks"), List.of(), List.of()), NODE_A, NODE_B);
        FakeClusterTopology dropped = new FakeClusterTopology().up(NODE_A, NODE_B);

        assertThat(new RequestValidator(dropped, log, catalog)
                        .validateRestore(restoreOf("backup-shop", List.of("dc2"), true)))
                .as("a dropped keyspace has no rows to lose: the restore creates it")
                .containsExactly(NODE_B);
    }

    @Test
    void shouldRestoreABackupOnlyTheObjectStoreKnows() {
        cluster.up(NODE_A, NODE_B);
        backupInTheStore("test-cluster", "old-backup");
        backupInTheStore("other-cluster", "their-backup");

        assertThat(validator().validateRestore(new RestoreRequested("old-backup", null, null, "bob")))
                .containsExactly(NODE_A, NODE_B);
        assertThat(validator()
                        .validateRestore(new RestoreRequested(
                                "their-backup", null, null, "bob", null, null, null, "other-cluster")))
                .containsExactly(NODE_A, NODE_B);
    }

    @Test
    void shouldRefuseToRestoreABackupNeitherTheLogNorTheStoreKnows() {
        cluster.up(NODE_A, NODE_B);
        backupInTheStore("test-cluster", "old-backup");

        assertRefused(
                () -> validator().validateRestore(new RestoreRequested("missing", null, null, "bob")),
                "unknown-backup",
                400,
                "backup 'missing' does not exist",
                "cluster 'test-cluster'",
                "memory");
        assertRefused(
                () -> validator()
                        .validateRestore(new RestoreRequested(
                                "old-backup", null, null, "bob", null, null, null, "other-cluster")),
                "unknown-backup",
                400,
                "backup 'old-backup' does not exist",
                "cluster 'other-cluster'");
    }
}
