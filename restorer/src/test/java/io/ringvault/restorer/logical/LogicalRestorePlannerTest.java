package io.ringvault.restorer.logical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.BackupMethod;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.LogicalFormat;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.RestoreMethod;
import io.ringvault.common.message.RestorePlanned;
import io.ringvault.common.message.RestoreRequested;
import io.ringvault.logical.format.ChunkFormat;
import io.ringvault.restorer.restore.CqlSchema;
import io.ringvault.restorer.restore.RestoreFailure;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogicalRestorePlannerTest {
    static final String SHOP = """
            CREATE KEYSPACE shop WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': '2'};
            CREATE TABLE shop.orders (id int PRIMARY KEY, total decimal);
            CREATE TABLE shop.customers (id int PRIMARY KEY, name text);
            CREATE TABLE shop.empty (id int PRIMARY KEY);
            CREATE MATERIALIZED VIEW shop.orders_by_total AS SELECT * FROM shop.orders
                WHERE total IS NOT NULL AND id IS NOT NULL PRIMARY KEY (total, id);
            """;
    static final NodeRef NODE_1 = new NodeRef("host-1", "10.0.0.1", "dc1", "rack1");
    static final NodeRef NODE_2 = new NodeRef("host-2", "10.0.0.2", "dc1", "rack1");

    static NodeManifest.File file(String table, String host, int chunk, String extension) {
        return new NodeManifest.File(
                "shop",
                table,
                table + "-" + chunk + extension,
                "backups/c1/logical/backup-1/" + host + "/shop/" + table + "/" + table + "-" + chunk + extension,
                1000L * chunk,
                "sha256:" + "0".repeat(64),
                false);
    }

    static BackupManifest backup(LogicalFormat format) {
        return new BackupManifest(
                1,
                "backup-1",
                "c1",
                BackupMode.FULL,
                List.of("shop"),
                List.of(),
                List.of("dc1"),
                Instant.parse("2026-12-01T00:00:00Z"),
                Instant.parse("2026-12-01T00:01:00Z"),
                Map.of("shop", SHOP),
                List.of(),
                null,
                null,
                null,
                null,
                null,
                BackupMethod.LOGICAL,
                format,
                Map.of("shop.orders", 300L, "shop.customers", 20L),
                null);
    }

    static List<NodeManifest> manifests(String extension) {
        return List.of(
                new NodeManifest(
                        "backup-1",
                        NODE_1,
                        "5.0.6",
                        List.of(),
                        Map.of(),
                        List.of(
                                file("orders", "host-1", 2, extension),
                                file("orders", "host-1", 1, extension),
                                file("customers", "host-1", 1, extension)),
                        Instant.parse("2026-12-01T00:01:00Z")),
                new NodeManifest(
                        "backup-1",
                        NODE_2,
                        "5.0.6",
                        List.of(),
                        Map.of(),
                        List.of(file("orders", "host-2", 1, extension)),
                        Instant.parse("2026-12-01T00:01:00Z")));
    }

    static RestoreRequested request(
            List<String> keyspaces,
            List<String> tables,
            Map<String, String> renames,
            Map<String, String> keyspaceRenames) {
        return new RestoreRequested(
                "backup-1",
                keyspaces,
                tables,
                null,
                "test",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                renames,
                keyspaceRenames,
                null);
    }

    @Test
    void shouldPlanEveryTableWithItsChunkFilesFromEveryNode() {
        LogicalRestorePlan plan = LogicalRestorePlanner.plan(
                request(null, null, null, null), backup(null), manifests(ChunkFormat.EXTENSION), Map.of("dc1", 1));

        assertThat(plan.tables())
                .extracting(LogicalRestorePlan.TablePlan::source, LogicalRestorePlan.TablePlan::target)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("shop.customers", "shop.customers"),
                        org.assertj.core.groups.Tuple.tuple("shop.empty", "shop.empty"),
                        org.assertj.core.groups.Tuple.tuple("shop.orders", "shop.orders"));
        assertThat(plan.tables().get(2).files())
                .extracting(NodeManifest.File::objectKey)
                .containsExactly(
                        "backups/c1/logical/backup-1/host-1/shop/orders/orders-1" + ChunkFormat.EXTENSION,
                        "backups/c1/logical/backup-1/host-1/shop/orders/orders-2" + ChunkFormat.EXTENSION,
                        "backups/c1/logical/backup-1/host-2/shop/orders/orders-1" + ChunkFormat.EXTENSION);
        assertThat(plan.tables().get(1).files()).isEmpty();
        assertThat(plan.files()).isEqualTo(4);
        assertThat(plan.bytes()).isEqualTo(5000);
        // The view is recreated with its base table, not imported: Cassandra builds it from the rows.
        assertThat(plan.schema().get("shop"))
                .filteredOn(s -> s.kind() == CqlSchema.Kind.VIEW)
                .extracting(CqlSchema.Statement::name)
                .containsExactly("orders_by_total");
        // A one-node cluster cannot hold two replicas: the keyspace is created with one, and the plan says so.
        assertThat(plan.replication()).containsEntry("shop", "{'class': 'NetworkTopologyStrategy', 'dc1': '1'}");
    }

    @Test
    void shouldShowTheRenamesFilesAndRowsInThePlannedEvent() {
        LogicalRestorePlan plan = LogicalRestorePlanner.plan(
                request(List.of("shop"), null, Map.of("shop.orders", "archive.orders_2026"), Map.of("shop", "shop2")),
                backup(null),
                manifests(ChunkFormat.EXTENSION),
                Map.of("dc1", 3));

        RestorePlanned event = plan.toEvent(new NodeRef("cql", null, "dc1", null));

        assertThat(event.tables()).containsExactly("shop2.customers", "shop2.empty", "archive.orders_2026");
        assertThat(event.logicalTables())
                .containsExactly(
                        new RestorePlanned.LogicalTable("shop.customers", "shop2.customers", 1, 1000, 20L),
                        new RestorePlanned.LogicalTable("shop.empty", "shop2.empty", 0, 0, null),
                        new RestorePlanned.LogicalTable("shop.orders", "archive.orders_2026", 3, 4000, 300L));
        assertThat(event.nodes()).singleElement().satisfies(node -> {
            assertThat(node.method()).isEqualTo(RestoreMethod.CQL);
            assertThat(node.sourceHostId()).isEqualTo("host-1,host-2");
            assertThat(node.files()).isEqualTo(4);
        });
        assertThat(event.replication()).isNull();
        assertThat(plan.schema()).containsOnlyKeys("archive", "shop2");
    }

    @Test
    void shouldTakeOnlyTheFilesOfTheBackupsFormat() {
        List<NodeManifest> mixed = List.of(new NodeManifest(
                "backup-1",
                NODE_1,
                "5.0.6",
                List.of(),
                Map.of(),
                List.of(file("orders", "host-1", 1, ".csv"), file("orders", "host-1", 2, ChunkFormat.EXTENSION)),
                Instant.parse("2026-12-01T00:01:00Z")));

        LogicalRestorePlan plan = LogicalRestorePlanner.plan(
                request(null, List.of("shop.orders"), null, null), backup(LogicalFormat.CSV), mixed, Map.of("dc1", 2));

        assertThat(plan.tables())
                .singleElement()
                .satisfies(t -> assertThat(t.files())
                        .extracting(NodeManifest.File::fileName)
                        .containsExactly("orders-1.csv"));
    }

    @Test
    void shouldRefuseOptionsThatPlaceFilesOnNodes() {
        RestoreRequested withDatacenters = new RestoreRequested(
                "backup-1",
                null,
                null,
                List.of("dc1"),
                "test",
                null,
                null,
                Map.of("host-1", "host-9"),
                null,
                null,
                true);

        assertThatThrownBy(() -> LogicalRestorePlanner.plan(
                        withDatacenters, backup(null), manifests(ChunkFormat.EXTENSION), Map.of("dc1", 1)))
                .isInstanceOf(RestoreFailure.class)
                .hasMessageContaining("datacenters, nodeMapping, repair only apply to snapshot backups")
                .extracting(e -> ((RestoreFailure) e).reason())
                .isEqualTo(FailureReason.INVALID_REQUEST);
    }

    @Test
    void shouldRefuseARenameOfATableOutsideTheRestoreOrTwoTablesIntoOne() {
        assertThatThrownBy(() -> LogicalRestorePlanner.plan(
                        request(null, List.of("shop.customers"), Map.of("shop.orders", "shop.o2"), null),
                        backup(null),
                        manifests(ChunkFormat.EXTENSION),
                        Map.of("dc1", 1)))
                .isInstanceOf(RestoreFailure.class)
                .hasMessageContaining("rename shop.orders=shop.o2 names a table this restore does not cover");
        assertThatThrownBy(() -> LogicalRestorePlanner.plan(
                        request(null, null, Map.of("shop.orders", "shop.customers"), null),
                        backup(null),
                        manifests(ChunkFormat.EXTENSION),
                        Map.of("dc1", 1)))
                .isInstanceOf(RestoreFailure.class)
                .hasMessageContaining("would both be restored into shop.customers");
    }

    @Test
    void shouldGiveTheSameRestoreTheSameResumeKeyAndAnotherTargetAnother() {
        LogicalRestorePlan first = LogicalRestorePlanner.plan(
                request(null, null, null, null), backup(null), manifests(ChunkFormat.EXTENSION), Map.of("dc1", 1));
        LogicalRestorePlan again = LogicalRestorePlanner.plan(
                request(null, null, null, null), backup(null), manifests(ChunkFormat.EXTENSION), Map.of("dc1", 1));
        LogicalRestorePlan renamed = LogicalRestorePlanner.plan(
                request(null, null, null, Map.of("shop", "shop2")),
                backup(null),
                manifests(ChunkFormat.EXTENSION),
                Map.of("dc1", 1));

        assertThat(first.resumeKey()).hasSize(16).isEqualTo(again.resumeKey()).isNotEqualTo(renamed.resumeKey());
    }
}
