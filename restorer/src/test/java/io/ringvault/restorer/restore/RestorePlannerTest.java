package io.ringvault.restorer.restore;

import static io.ringvault.restorer.restore.TestBackup.DATA;
import static io.ringvault.restorer.restore.TestBackup.INDEX;
import static io.ringvault.restorer.restore.TestBackup.NODE_1;
import static io.ringvault.restorer.restore.TestBackup.NODE_2;
import static io.ringvault.restorer.restore.TestBackup.ORDERS;
import static io.ringvault.restorer.restore.TestBackup.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.RestorePlanned;
import io.ringvault.common.message.RestoreRequested;
import io.ringvault.common.message.StartRestore;
import io.ringvault.restorer.cluster.TargetNode;
import io.ringvault.storage.FilesystemObjectStore;
import io.ringvault.storage.ObjectStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestorePlannerTest {
    @TempDir
    Path objects;

    ObjectStore store;
    TestBackup backup;
    final FakeTargetCluster cluster = new FakeTargetCluster();
    RestorePlanner planner;

    @BeforeEach
    void setUp() {
        store = new FilesystemObjectStore(objects);
        backup = TestBackup.standard(store);
        planner = new RestorePlanner(store, "", TestBackup.JSON, cluster, node -> "http://" + node.hostId() + ":8081");
    }

    static StartRestore command(List<String> keyspaces, List<String> tables) {
        return new StartRestore(
                new RestoreRequested(TestBackup.BACKUP_ID, keyspaces, tables, "test"), TestBackup.CLUSTER);
    }

    @Test
    void shouldPlanEveryTableInNameOrderWithEachNodesSSTableComponents() {
        backup.write();

        RestorePlan plan = planner.plan(command(List.of(), List.of()));

        assertThat(plan.tableNames()).containsExactly(ORDERS, USERS);
        assertThat(plan.agentUrls())
                .containsExactly(Map.entry("h1", "http://h1:8081"), Map.entry("h2", "http://h2:8081"));
        for (RestorePlan.TablePlan table : plan.tables()) {
            assertThat(table.nodes()).hasSize(2).allSatisfy(node -> {
                NodeRef target = node.pair().target().ref();
                assertThat(node.pair().source().hostId()).isEqualTo(target.hostId());
                assertThat(node.agentUrl()).isEqualTo("http://" + target.hostId() + ":8081");
                // Cassandra's per-snapshot manifest.json stays behind; the components come in name order.
                assertThat(node.files()).extracting(NodeManifest.File::fileName).containsExactly(DATA, INDEX);
                assertThat(node.files())
                        .extracting(NodeManifest.File::objectKey)
                        .containsExactly(
                                TestBackup.objectKey(target, table.name(), DATA),
                                TestBackup.objectKey(target, table.name(), INDEX));
            });
        }
        assertThat(plan.schema()).containsKey("shop");
    }

    @Test
    void shouldShowThePlanAsTheEventWithTotals() {
        backup.write();

        RestorePlanned planned = planner.plan(command(List.of(), List.of())).toEvent();

        long perNode = 0;
        for (String table : List.of(ORDERS, USERS)) {
            perNode += TestBackup.content(NODE_1, table, DATA).length()
                    + TestBackup.content(NODE_1, table, INDEX).length();
        }
        assertThat(planned.backupId()).isEqualTo("b1");
        assertThat(planned.filesTotal()).isEqualTo(8);
        assertThat(planned.bytesTotal()).isEqualTo(2 * perNode);
        assertThat(planned.nodes())
                .extracting(
                        RestorePlanned.NodeMapping::sourceHostId,
                        n -> n.target().hostId(),
                        n -> n.files())
                .containsExactly(tuple("h1", "h1", 4L), tuple("h2", "h2", 4L));
    }

    @Test
    void shouldPlanOnlyTheRequestedTables() {
        backup.write();

        RestorePlan plan = planner.plan(command(List.of(), List.of(USERS)));

        assertThat(plan.tableNames()).containsExactly(USERS);
        assertThat(plan.toEvent().filesTotal()).isEqualTo(4);
    }

    @Test
    void shouldRefuseARequestedTableTheBackupDoesNotHold() {
        backup.write();

        assertFailure(
                () -> planner.plan(command(List.of(), List.of("shop.carts"))),
                RestoreFailure.Reason.UNKNOWN_TABLE,
                "table shop.carts is not in backup b1",
                ORDERS);
    }

    @Test
    void shouldRefuseARequestedKeyspaceTheBackupDoesNotHold() {
        backup.write();

        assertFailure(
                () -> planner.plan(command(List.of("billing"), List.of())),
                RestoreFailure.Reason.UNKNOWN_TABLE,
                "keyspace billing is not in backup b1");
    }

    @Test
    void shouldFailUnknownBackupWhenItsManifestIsMissing() {
        assertFailure(
                () -> planner.plan(command(List.of(), List.of())),
                RestoreFailure.Reason.UNKNOWN_BACKUP,
                "no complete backup b1 of cluster prod",
                TestBackup.LAYOUT.backupManifest("b1"));
    }

    @Test
    void shouldFailUnknownBackupNamingTheNodeWhoseManifestIsMissing() {
        backup.withoutManifestOf(NODE_1).write();

        assertFailure(
                () -> planner.plan(command(List.of(), List.of())),
                RestoreFailure.Reason.UNKNOWN_BACKUP,
                "lists node h1",
                TestBackup.LAYOUT.nodeManifest("b1", "h1"));
    }

    @Test
    void shouldRefuseAClusterWithAnotherNumberOfNodes() {
        backup.write();
        cluster.nodes = List.of(new TargetNode(NODE_2, List.of("100")));

        assertFailure(
                () -> planner.plan(command(List.of(), List.of())),
                RestoreFailure.Reason.NODE_COUNT_MISMATCH,
                "the backup has 2 node(s) and the cluster has 1");
    }

    @Test
    void shouldLeaveMaterializedViewsOutOfTheScope() {
        BackupManifest manifest = new BackupManifest(
                1, "b1", "prod", null, null, null, null, null, null, Map.of("shop", CqlSchemaTest.SCHEMA), null);

        Set<String> scope = RestorePlanner.scope(
                new RestoreRequested("b1", List.of(), List.of(), "test"), manifest, manifest.schema(), List.of());

        assertThat(scope).containsExactly("shop.Mixed_Case", "shop.orders");
    }

    private static void assertFailure(ThrowingCallable plan, RestoreFailure.Reason reason, String... details) {
        assertThatThrownBy(plan)
                .isInstanceOfSatisfying(
                        RestoreFailure.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .message()
                .contains(details);
    }
}
