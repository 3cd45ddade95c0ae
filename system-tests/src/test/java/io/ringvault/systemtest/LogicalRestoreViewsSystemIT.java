package io.ringvault.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.ViewMetadata;
import io.ringvault.common.message.LogicalFormat;
import io.ringvault.common.message.RestoreRequested;
import io.ringvault.testkit.LocalService;
import io.ringvault.testkit.SharedStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Materialized views and secondary indexes across a logical backup and restore, through the coordinator, the agent, an
 * uploader and the restorer: a logical backup exports the base table only, and the restore recreates the view from the
 * schema (same base table, where clause and primary key) and Cassandra builds its rows from the restored base table.
 * Also a restore with the table renamed, which recreates the view under {@code <new table>_<old view name>}. The testkit
 * Cassandra runs with {@code materialized_views_enabled: true}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogicalRestoreViewsSystemIT {
    private static final int ROWS = 300;
    private static final String VIEW = "orders_by_total";

    RingvaultSystem system;
    LocalService restorer;
    Path work;
    final String keyspace =
            "lrst_views_" + UUID.randomUUID().toString().replace("-", "").substring(0, 6);
    List<String> viewRowsBefore;
    ViewShape viewBefore;
    String backupId;

    /** What makes a view the same view: its base table, where clause, primary key and columns. */
    record ViewShape(
            String baseTable,
            String whereClause,
            List<String> partitionKey,
            List<String> clusteringColumns,
            List<String> columns) {
        static ViewShape of(ViewMetadata view) {
            return new ViewShape(
                    view.getBaseTable().asInternal(),
                    view.getWhereClause().orElse(""),
                    view.getPartitionKey().stream()
                            .map(LogicalRestoreViewsSystemIT::name)
                            .toList(),
                    view.getClusteringColumns().entrySet().stream()
                            .map(e -> name(e.getKey()) + " " + e.getValue())
                            .toList(),
                    view.getColumns().values().stream()
                            .map(c -> name(c) + " " + c.getType().asCql(true, true))
                            .toList());
        }
    }

    static String name(ColumnMetadata column) {
        return column.getName().asInternal();
    }

    @BeforeAll
    void start() throws Exception {
        work = Files.createTempDirectory("ringvault-logical-views-");
        system = new RingvaultSystem(SharedStack.get(), false, work.resolve("system"), null, 1, Map.of());
        system.start();
        restorer = system.startRestorer("restorer-views", Map.of("ringvault.restorer.progress-interval", "300ms"));
        try (CqlSession cql = cql()) {
            cql.execute("CREATE KEYSPACE " + keyspace
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            cql.execute("CREATE TABLE " + keyspace + ".orders (customer text, id int, total int, note text, "
                    + "PRIMARY KEY (customer, id))");
            cql.execute("CREATE INDEX orders_note ON " + keyspace + ".orders (note)");
            cql.execute("CREATE MATERIALIZED VIEW " + keyspace + "." + VIEW + " AS SELECT customer, id, total, note"
                    + " FROM " + keyspace + ".orders WHERE total IS NOT NULL AND customer IS NOT NULL AND id IS NOT"
                    + " NULL PRIMARY KEY (total, customer, id) WITH CLUSTERING ORDER BY (customer DESC, id ASC)");
            PreparedStatement insert =
                    cql.prepare("INSERT INTO " + keyspace + ".orders (customer, id, total, note) VALUES (?, ?, ?, ?)");
            for (int i = 0; i < ROWS; i++) {
                // A row without a total has no view row: the view's where clause leaves it out.
                cql.execute(insert.bind("customer-" + i % 17, i, i % 10 == 0 ? null : i % 23, "note " + i % 5));
            }
            awaitViewBuilt(cql, keyspace, VIEW);
            viewRowsBefore = viewRows(cql, keyspace, VIEW);
            viewBefore = ViewShape.of(view(cql, keyspace, VIEW));
        }
        assertThat(viewRowsBefore).hasSize(ROWS - ROWS / 10);
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {restorer, system}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    CqlSession cql() {
        return LogicalRestoreSteps.cql(system.stack.cassandra());
    }

    @Test
    @Order(1)
    void shouldRecreateTheViewAndItsRowsAfterTheKeyspaceIsDropped() throws Exception {
        backupId = LogicalRestoreSteps.logicalBackup(system, keyspace, LogicalFormat.NATIVE, "logical-views-it");
        try (CqlSession cql = cql()) {
            cql.execute("DROP KEYSPACE " + keyspace);
        }

        String operationId = LogicalRestoreSteps.restore(
                system, new RestoreRequested(backupId, List.of(keyspace), null, "logical-views-it"));

        assertThat(awaitEnd(operationId).path("state").asString()).isEqualTo("COMPLETED");
        try (CqlSession cql = cql()) {
            assertThat(ViewShape.of(view(cql, keyspace, VIEW))).isEqualTo(viewBefore);
            awaitViewRows(cql, keyspace, VIEW);
            // The secondary index is back too, built from the restored rows.
            assertThat(cql.execute("SELECT id FROM " + keyspace + ".orders WHERE note = 'note 3'")
                            .all())
                    .hasSize(ROWS / 5);
        }
    }

    @Test
    @Order(2)
    void shouldRecreateTheViewOfARenamedTableUnderItsNewName() throws Exception {
        String other = keyspace + "_other";
        String renamedView = "orders2_" + VIEW;
        String operationId = LogicalRestoreSteps.restore(
                system,
                LogicalRestoreSteps.logicalRestore(
                        backupId, keyspace, Map.of(keyspace + ".orders", other + ".orders2"), null, null, null));

        assertThat(awaitEnd(operationId).path("state").asString()).isEqualTo("COMPLETED");
        try (CqlSession cql = cql()) {
            ViewShape renamed = ViewShape.of(view(cql, other, renamedView));
            assertThat(renamed)
                    .isEqualTo(new ViewShape(
                            "orders2",
                            viewBefore.whereClause(),
                            viewBefore.partitionKey(),
                            viewBefore.clusteringColumns(),
                            viewBefore.columns()));
            awaitViewRows(cql, other, renamedView);
            // The restored keyspace keeps its own view; the renamed table's is the only view of the other keyspace.
            assertThat(view(cql, keyspace, VIEW).getBaseTable().asInternal()).isEqualTo("orders");
            assertThat(cql.getMetadata()
                            .getKeyspace(other)
                            .orElseThrow()
                            .getViews()
                            .keySet())
                    .containsExactly(CqlIdentifier.fromInternal(renamedView));
        }
    }

    // --- helpers ---

    static ViewMetadata view(CqlSession cql, String ks, String view) {
        cql.refreshSchema();
        return cql.getMetadata()
                .getKeyspace(ks)
                .flatMap(k -> k.getView(CqlIdentifier.fromInternal(view)))
                .orElseThrow(() -> new AssertionError("no view " + ks + "." + view));
    }

    /** Waits until Cassandra says the view is built: until then it may hold only part of its rows. */
    static void awaitViewBuilt(CqlSession cql, String ks, String view) {
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> cql.execute(
                                        "SELECT view_name FROM system.built_views WHERE keyspace_name = ? AND view_name = ?",
                                        ks,
                                        view)
                                .one()
                        != null);
    }

    /**
     * Waits until the view is built and holds the rows it held before the backup. The restore creates the view before
     * it imports the base table's rows, so Cassandra builds it from those writes as they come, not all at once.
     */
    void awaitViewRows(CqlSession cql, String ks, String view) {
        awaitViewBuilt(cql, ks, view);
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(viewRows(cql, ks, view)).containsExactlyElementsOf(viewRowsBefore));
    }

    /** Every row of the view, in the view's order: its partitions by token, then its clustering order. */
    static List<String> viewRows(CqlSession cql, String ks, String view) {
        return cql.execute("SELECT total, customer, id, note FROM " + ks + "." + view).all().stream()
                .map(LogicalRestoreViewsSystemIT::describe)
                .toList();
    }

    static String describe(Row row) {
        return row.getInt("total") + "/" + row.getString("customer") + "/" + row.getInt("id") + "/"
                + row.getString("note");
    }

    JsonNode awaitEnd(String operationId) {
        return system.awaitOperationEnd(operationId, Duration.ofMinutes(5));
    }
}
