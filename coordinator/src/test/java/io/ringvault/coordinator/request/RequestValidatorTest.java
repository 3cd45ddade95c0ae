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
import io.ringvault.common.message.RestoreRequested;
import io.ringvault.coordinator.catalog.BackupCatalog;
import io.ringvault.coordinator.fakes.FakeClusterTopology;
import io.ringvault.coordinator.fakes.FakeEventLog;
import io.ringvault.coordinator.fakes.InMemoryObjectStore;
import io.ringvault.coordinator.fakes.MutableClock;
import io.ringvault.coordinator.operation.OperationLog;
import java.util.List;
import java.util.Map;
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

    static NodeManifest nodeManifest(String backupId, NodeRef node) {
        return new NodeManifest(backupId, node, "5.0.9", List.of("-42"), Map.of(), List.of(), T0.plusSeconds(60));
    }

    @Test
    void shouldPlanTheNodesOfTheRequestedDatacenters() {
        cluster.up(NODE_A, NODE_B, NODE_C);

        assertThat(validator().validateBackup(backupOf(List.of("ks"), List.of("ks.t1"), List.of("dc1"))))
                .containsExactly(NODE_A, NODE_C);
        assertThat(validator().validateBackup(backupOf(List.of("ks"), List.of(), List.of())))
                .containsExactly(NODE_A, NODE_B, NODE_C);
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
                "node host-b (127.0.0.2, dc2) is down");
        assertThat(validator().validateBackup(backupOf(List.of("ks"), List.of(), List.of("dc1"))))
                .as("a datacenter whose nodes are up can still be backed up")
                .containsExactly(NODE_A);
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
    void shouldRefuseToRestoreOntoADifferentNumberOfNodes() {
        cluster.up(NODE_A, NODE_B, NODE_C);
        backupInTheLog("backup-1", backupOf(List.of("ks"), List.of(), List.of()), true);

        assertRefused(
                () -> validator().validateRestore(new RestoreRequested("backup-1", null, null, "bob")),
                "node-count-mismatch",
                400,
                "backup 'backup-1' has 2 node(s) but this cluster has 3");
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
