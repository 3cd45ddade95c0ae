package io.ringvault.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.ringvault.agent.node.CassandraJmx;
import io.ringvault.agent.node.LocalNode;
import io.ringvault.agent.restore.JmxTableRepair;
import io.ringvault.agent.restore.RepairService;
import io.ringvault.agent.restore.RestoreException;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.connections.CassandraConnection;
import io.ringvault.connections.CqlSessions;
import io.ringvault.testkit.CassandraEndpoint;
import io.ringvault.testkit.SharedStack;
import io.ringvault.testkit.Stack;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The repair a restore asks for, through the agent's repair code ({@link RepairService} on {@link JmxTableRepair}) on
 * the build's shared Cassandra 5.0 node: a keyspace with two replicas per range has a real repair session run (the
 * single node's ranges have no other replica, which Cassandra skips with {@code ignoreUnreplicatedKeyspaces}); one
 * replica is "nothing to repair"; a keyspace the node does not have is refused by name.
 */
class RepairIT {
    private static Stack stack;
    private static CqlSession cql;
    private static CassandraJmx jmx;
    private static LocalNode node;
    private static RepairService repairs;

    @BeforeAll
    static void connect() {
        stack = SharedStack.get();
        CassandraEndpoint cassandra = stack.cassandra();
        String contactPoint =
                cassandra.cql().getHostString() + ":" + cassandra.cql().getPort();
        cql = CqlSession.builder()
                .addContactPoint(cassandra.cql())
                .withLocalDatacenter(cassandra.datacenter())
                // Schema changes on a busy two-core machine take longer than the driver's default 2 s.
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                        .build())
                .build();
        jmx = new CassandraJmx(cassandra.jmxServiceUrl(), null, null, false);
        node = LocalNode.connect(
                contactPoint,
                CqlSessions.connector(
                        new CassandraConnection(List.of(contactPoint), cassandra.datacenter(), null, null, null)));
        repairs = new RepairService(node, new JmxTableRepair(jmx, Duration.ofMillis(200)), Duration.ofMinutes(3));
    }

    @AfterAll
    static void close() {
        if (node != null) {
            node.close();
        }
        if (jmx != null) {
            jmx.close();
        }
        if (cql != null) {
            cql.close();
        }
    }

    @Test
    void shouldRunARealRepairOfTheTablesAndReportItCompleted() {
        String keyspace = keyspace(2, "orders", "users");

        RepairService.Result result = repairs.repair("repair-it-" + UUID.randomUUID(), keyspace, List.of("orders"));

        // A command number: Cassandra ran a repair session and reported it COMPLETED (a failure would have thrown).
        assertThat(result.outcome().command()).isPositive();
        assertThat(result.tables()).containsExactly("orders");
        assertThat(result.outcome().messages()).isNotEmpty();
        // The repair reads, never changes: the rows are all there.
        assertThat(cql.execute("SELECT count(*) FROM " + keyspace + ".orders")
                        .one()
                        .getLong(0))
                .isEqualTo(50);
    }

    @Test
    void shouldSayThereIsNothingToRepairWithOneReplica() {
        String keyspace = keyspace(1, "orders");

        RepairService.Result result = repairs.repair("repair-it-" + UUID.randomUUID(), keyspace, List.of());

        assertThat(result.outcome().command()).isZero();
    }

    @Test
    void shouldRefuseAKeyspaceTheNodeDoesNotHave() {
        String missing = "gone_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

        assertThatThrownBy(() -> repairs.repair("repair-it-" + UUID.randomUUID(), missing, List.of("orders")))
                .isInstanceOfSatisfying(RestoreException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.KEYSPACE_MISSING);
                    assertThat(e.getMessage()).contains("keyspace " + missing + " does not exist on this node");
                });
    }

    @Test
    void shouldReportCassandrasErrorForAKeyspaceDroppedBeforeTheRepairStarts() {
        String keyspace = keyspace(2, "orders");
        cql.execute("DROP KEYSPACE " + keyspace);

        // Straight to JMX, as when the keyspace goes between the agent's check and Cassandra's start of the repair.
        assertThatThrownBy(() -> new JmxTableRepair(jmx, Duration.ofMillis(200))
                        .repair(keyspace, List.of("orders"), Duration.ofMinutes(1)))
                .isInstanceOfSatisfying(RestoreException.class, e -> {
                    assertThat(e.reason()).isIn(FailureReason.CASSANDRA_ERROR, FailureReason.REPAIR_FAILED);
                    assertThat(e.getMessage()).contains(keyspace);
                });
    }

    /** A keyspace of its own with {@code replication} replicas per range and 50 rows in each table. */
    private static String keyspace(int replication, String... tables) {
        String keyspace =
                "repair_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        cql.execute("CREATE KEYSPACE " + keyspace + " WITH replication = {'class':'SimpleStrategy',"
                + "'replication_factor':" + replication + "}");
        for (String table : tables) {
            cql.execute("CREATE TABLE " + keyspace + "." + table + " (id int PRIMARY KEY, v text)");
            PreparedStatement insert = cql.prepare("INSERT INTO " + keyspace + "." + table + " (id, v) VALUES (?, ?)");
            for (int i = 0; i < 50; i++) {
                cql.execute(insert.bind(i, table + "-" + i));
            }
        }
        return keyspace;
    }
}
