package io.ringvault.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import io.ringvault.common.message.LogicalFormat;
import io.ringvault.common.message.RestoreMethod;
import io.ringvault.common.message.RestorePlanned;
import io.ringvault.common.message.RestoreRequested;
import io.ringvault.testkit.CassandraEndpoint;
import io.ringvault.testkit.LocalCluster;
import io.ringvault.testkit.LocalService;
import io.ringvault.testkit.LogicalDataset;
import io.ringvault.testkit.SharedStack;
import io.ringvault.testkit.StoreTarget;
import io.ringvault.testkit.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A logical backup of the build's one-node cluster, taken by its coordinator, agent and uploader ({@code POST
 * /api/v1/backups} with method logical), restored into a cluster of another size and datacenter: two nodes in a
 * datacenter the backup does not know, with their own coordinator, agents and restorer, reading the same object store. The keyspace is created with its replication fitted to the new cluster (the plan says how), and every cell
 * comes back with its write time and TTL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogicalRestoreOtherClusterSystemIT {
    private static final String OTHER_DATACENTER = "dc9";
    private static final int ROWS = 120;

    RingvaultSystem source;
    LocalCluster cluster;
    RingvaultSystem target;
    KafkaEvents kafka;
    LocalService restorer;
    Path work;
    final String keyspace =
            "lrst_other_" + UUID.randomUUID().toString().replace("-", "").substring(0, 6);

    @BeforeAll
    void start() throws Exception {
        work = Files.createTempDirectory("ringvault-logical-other-");
        // The backup's side runs as in production: its coordinator, the agent beside the node and an uploader.
        source = new RingvaultSystem(SharedStack.get(), false, work.resolve("source"), null, 1, Map.of());
        source.start();
        cluster =
                LocalCluster.start(SharedStack.get(), Topology.parse(OTHER_DATACENTER + ":2"), work.resolve("cluster"));
        target = new RingvaultSystem(
                cluster,
                StoreTarget.filesystem(source.objectRoot),
                work.resolve("target"),
                source.storagePrefix,
                0,
                Map.of());
        target.start();
        kafka = new KafkaEvents(target.stack.kafkaBootstrapServers(), target.topicPrefix + ".events");
        restorer = target.startRestorer("restorer-other", Map.of("ringvault.restorer.progress-interval", "300ms"));
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {restorer, kafka, target, cluster, source}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @Test
    void shouldRestoreABackupOfOneNodeIntoTwoNodesOfAnotherDatacenter() throws Exception {
        CassandraEndpoint sourceNode = source.stack.cassandra();
        Map<String, Map<String, Map<String, Object>>> before = new TreeMap<>();
        try (CqlSession cql = LogicalRestoreSteps.cql(sourceNode)) {
            LogicalDataset.create(
                    cql, keyspace, "{'class': 'NetworkTopologyStrategy', '" + sourceNode.datacenter() + "': 1}");
            LogicalDataset.load(cql, keyspace, ROWS);
            for (String table : LogicalDataset.TABLES) {
                before.put(table, LogicalDataset.rows(cql, keyspace, table, true));
            }
        }
        assertThat(before.get("MyTable")).hasSize(ROWS + 2);
        String backupId = LogicalRestoreSteps.logicalBackup(source, keyspace, LogicalFormat.NATIVE, "logical-other-it");
        try (CqlSession cql = LogicalRestoreSteps.cql(sourceNode)) {
            cql.execute("DROP KEYSPACE " + keyspace);
        }

        String operationId = LogicalRestoreSteps.restore(
                target, new RestoreRequested(backupId, List.of(keyspace), null, "logical-it"));

        assertThat(target.awaitOperationEnd(operationId, Duration.ofMinutes(5))
                        .path("state")
                        .asString())
                .isEqualTo("COMPLETED");
        await().atMost(Duration.ofMinutes(1))
                .until(() -> !kafka.of(operationId, RestorePlanned.class).isEmpty());
        assertThat(kafka.of(operationId, RestorePlanned.class).get(0).nodes())
                .singleElement()
                .satisfies(n -> assertThat(n.method()).isEqualTo(RestoreMethod.CQL));
        // The backup's datacenter is not in this cluster: the keyspace is created in the cluster's, and the plan says
        // so.
        assertThat(kafka.of(operationId, RestorePlanned.class).get(0).replication())
                .hasEntrySatisfying(
                        keyspace,
                        replication -> assertThat(replication)
                                .endsWith("NetworkTopologyStrategy', '" + OTHER_DATACENTER + "': '1'}"));
        for (CassandraEndpoint node : cluster.cassandraNodes()) {
            // Each node coordinates a full read: together the two nodes hold every row once.
            try (CqlSession cql = LogicalRestoreSteps.cql(node)) {
                for (String table : LogicalDataset.TABLES) {
                    LogicalDataset.assertSameRows(LogicalDataset.rows(cql, keyspace, table, true), before.get(table));
                }
            }
        }
    }
}
