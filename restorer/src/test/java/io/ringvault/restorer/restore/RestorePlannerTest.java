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
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.RestoreMethod;
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
    static final String OP = "op-restore-1";

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

        RestorePlan plan = planner.plan(OP, command(List.of(), List.of()));

        assertThat(plan.tableNames()).containsExactly(ORDERS, USERS);
        assertThat(plan.agentUrls())
                .containsExactly(Map.entry("h1", "http://h1:8081"), Map.entry("h2", "http://h2:8081"));
        for (RestorePlan.TablePlan table : plan.tables()) {
            assertThat(table.nodes()).hasSize(2).allSatisfy(node -> {
                NodeRef target = node.target().ref();
                assertThat(node.sources()).singleElement().satisfies(source -> {
                    assertThat(source.pair().source().hostId()).isEqualTo(target.hostId());
                    assertThat(source.method()).isEqualTo(RestoreMethod.IMPORT);
                    // The one backed-up node a target receives stages under the operation id itself.
                    assertThat(source.stagingId()).isEqualTo(OP);
                });
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

        RestorePlanned planned = planner.plan(OP, command(List.of(), List.of())).toEvent();

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

        RestorePlan plan = planner.plan(OP, command(List.of(), List.of(USERS)));

        assertThat(plan.tableNames()).containsExactly(USERS);
        assertThat(plan.toEvent().filesTotal()).isEqualTo(4);
    }

    @Test
    void shouldRefuseARequestedTableTheBackupDoesNotHold() {
        backup.write();

        assertFailure(
                () -> planner.plan(OP, command(List.of(), List.of("shop.carts"))),
                FailureReason.UNKNOWN_TABLE,
                "table shop.carts is not in backup b1",
                ORDERS);
    }

    @Test
    void shouldRefuseARequestedKeyspaceTheBackupDoesNotHold() {
        backup.write();

        assertFailure(
                () -> planner.plan(OP, command(List.of("billing"), List.of())),
                FailureReason.UNKNOWN_TABLE,
                "keyspace billing is not in backup b1");
    }

    @Test
    void shouldFailUnknownBackupWhenItsManifestIsMissing() {
        assertFailure(
                () -> planner.plan(OP, command(List.of(), List.of())),
                FailureReason.UNKNOWN_BACKUP,
                "no complete backup b1 of cluster prod",
                TestBackup.LAYOUT.backupManifest("b1"));
    }

    @Test
    void shouldFailUnknownBackupNamingTheNodeWhoseManifestIsMissing() {
        backup.withoutManifestOf(NODE_1).write();

        assertFailure(
                () -> planner.plan(OP, command(List.of(), List.of())),
                FailureReason.UNKNOWN_BACKUP,
                "lists node h1",
                TestBackup.LAYOUT.nodeManifest("b1", "h1"));
    }

    @Test
    void shouldStageBothNodesOfTheBackupOnTheOneNodeLeftAndStreamTheOther() {
        backup.write();
        cluster.nodes = List.of(new TargetNode(NODE_2, List.of("100")));

        RestorePlan plan = planner.plan(OP, command(List.of(), List.of()));

        assertThat(plan.pairs())
                .extracting(p -> p.source().hostId(), p -> p.target().hostId(), NodeMapper.Pair::method)
                .containsExactly(tuple("h1", "h2", RestoreMethod.STREAM), tuple("h2", "h2", RestoreMethod.STREAM));
        assertThat(plan.agentUrls()).containsOnlyKeys("h2");
        for (RestorePlan.TablePlan table : plan.tables()) {
            assertThat(table.nodes()).singleElement().satisfies(node -> {
                assertThat(node.files()).hasSize(4);
                // SSTables of the same name from two backed-up nodes: each node's under a namespace of its own.
                assertThat(node.sources())
                        .extracting(RestorePlan.SourceFiles::stagingId)
                        .doesNotHaveDuplicates();
                assertThat(node.sources())
                        .allSatisfy(source -> assertThat(source.files())
                                .extracting(NodeManifest.File::fileName)
                                .containsExactly(DATA, INDEX));
            });
        }
        assertThat(plan.stagingIdsOn("h2"))
                .containsExactlyElementsOf(plan.stagingIds().values());
        assertThat(plan.stagingIds().get("h1")).isEqualTo(OP);
        assertThat(plan.stagingIds().get("h2")).startsWith(OP + "-src-").hasSize(OP.length() + 13);
        RestorePlanned planned = plan.toEvent();
        assertThat(planned.nodes())
                .extracting(RestorePlanned.NodeMapping::sourceHostId, RestorePlanned.NodeMapping::method)
                .containsExactly(tuple("h1", RestoreMethod.STREAM), tuple("h2", RestoreMethod.STREAM));
        assertThat(planned.filesTotal()).isEqualTo(8);
    }

    @Test
    void shouldPlanOnlyTheNodesOfTheRequestedDatacenters() {
        backup.write();
        NodeRef east = new NodeRef("e1", "10.2.0.1", "dc-east", "r1");
        cluster.nodes = List.of(
                new TargetNode(NODE_1, List.of("-100")),
                new TargetNode(NODE_2, List.of("100")),
                new TargetNode(east, List.of("5")));

        RestorePlan plan = planner.plan(
                OP,
                new StartRestore(
                        new RestoreRequested(
                                TestBackup.BACKUP_ID,
                                List.of(),
                                List.of(),
                                List.of("dc1"),
                                "test",
                                null,
                                null,
                                null,
                                null),
                        TestBackup.CLUSTER));

        assertThat(plan.pairs()).extracting(p -> p.target().hostId()).containsExactly("h1", "h2");
        assertThat(plan.agentUrls()).doesNotContainKey("e1");

        assertFailure(
                () -> planner.plan(
                        OP,
                        new StartRestore(
                                new RestoreRequested(
                                        TestBackup.BACKUP_ID,
                                        List.of(),
                                        List.of(),
                                        List.of("dc-east"),
                                        "test",
                                        null,
                                        null,
                                        null,
                                        null),
                                TestBackup.CLUSTER)),
                FailureReason.NODE_MAPPING_FAILED,
                "has no node in datacenters [dc-east]");
    }

    @Test
    void shouldRefuseAClusterWithoutADatacenterOfTheBackupNamingIt() {
        backup.write();
        cluster.nodes = List.of(new TargetNode(new NodeRef("w1", "10.3.0.1", "dc-west", "r1"), List.of("1")));

        assertFailure(
                () -> planner.plan(OP, command(List.of(), List.of())),
                FailureReason.UNKNOWN_DATACENTER,
                "the cluster has no datacenter dc1",
                "[dc-west]");
    }

    @Test
    void shouldSayADryRunInThePlan() {
        backup.write();

        RestorePlan plan = planner.plan(
                OP,
                new StartRestore(
                        new RestoreRequested(
                                TestBackup.BACKUP_ID, List.of(), List.of(), null, "test", null, null, null, null, true),
                        TestBackup.CLUSTER));

        assertThat(plan.dryRun()).isTrue();
        assertThat(plan.toEvent().dryRun()).isTrue();
        assertThat(planner.plan(OP, command(List.of(), List.of())).toEvent().dryRun())
                .isNull();
    }

    @Test
    void shouldLeaveMaterializedViewsOutOfTheScope() {
        BackupManifest manifest = new BackupManifest(
                1, "b1", "prod", null, null, null, null, null, null, Map.of("shop", CqlSchemaTest.SCHEMA), null);

        Set<String> scope = RestorePlanner.scope(
                new RestoreRequested("b1", List.of(), List.of(), "test"), manifest, manifest.schema(), List.of());

        assertThat(scope).containsExactly("shop.Mixed_Case", "shop.orders");
    }

    private static void assertFailure(ThrowingCallable plan, FailureReason reason, String... details) {
        assertThatThrownBy(plan)
                .isInstanceOfSatisfying(
                        RestoreFailure.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .message()
                .contains(details);
    }
}
