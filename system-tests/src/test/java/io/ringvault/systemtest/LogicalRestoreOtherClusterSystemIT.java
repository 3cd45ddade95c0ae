package io.ringvault.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.ringvault.common.message.LogicalFormat;
import io.ringvault.common.message.RestorePlanned;
import io.ringvault.common.message.RestoreRequested;
import io.ringvault.testkit.CassandraEndpoint;
import io.ringvault.testkit.LocalCluster;
import io.ringvault.testkit.LocalService;
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
import tools.jackson.databind.JsonNode;

/**
 * A logical backup of the build's one-node cluster restored into a cluster of another size and datacenter: two nodes in
 * a datacenter the backup does not know, with their own coordinator, agents and restorer, reading the same object
 * store. The keyspace is created with its replication fitted to the new cluster (the plan says how), and every cell
 * comes back with its write time and TTL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogicalRestoreOtherClusterSystemIT {
    private static final String OTHER_DATACENTER = "dc9";

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
        // The backup's side needs no service: the suite writes the backup into the store with the logical engine.
        source = new RingvaultSystem(SharedStack.get(), false, work.resolve("source"), null, 0, Map.of());
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

    static CqlSession cql(CassandraEndpoint node) {
        return CqlSession.builder()
                .addContactPoint(node.cql())
                .withLocalDatacenter(node.datacenter())
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(60))
                        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(60))
                        .build())
                .build();
    }

    @Test
    void shouldRestoreABackupOfOneNodeIntoTwoNodesOfAnotherDatacenter() throws Exception {
        CassandraEndpoint sourceNode = source.stack.cassandra();
        Map<String, Map<String, Map<String, Object>>> before = new TreeMap<>();
        String backupId;
        try (CqlSession cql = cql(sourceNode)) {
            LogicalDataset.create(
                    cql, keyspace, "{'class': 'NetworkTopologyStrategy', '" + sourceNode.datacenter() + "': 1}");
            LogicalDataset.load(cql, keyspace);
            for (String table : LogicalDataset.TABLES) {
                before.put(table, LogicalDataset.rows(cql, keyspace, table, true));
            }
            backupId = LogicalBackups.write(source, cql, work, keyspace, LogicalDataset.TABLES, LogicalFormat.NATIVE);
            cql.execute("DROP KEYSPACE " + keyspace);
        }

        JsonNode accepted = target.post(
                "/api/v1/restores",
                RingvaultSystem.CODEC
                        .mapper()
                        .writeValueAsString(new RestoreRequested(backupId, List.of(keyspace), null, "logical-it")));
        String operationId = accepted.path("operationId").asString();
        assertThat(operationId).as(accepted.toString()).isNotBlank();

        assertThat(target.awaitOperationEnd(operationId, Duration.ofMinutes(5))
                        .path("state")
                        .asString())
                .isEqualTo("COMPLETED");
        await().atMost(Duration.ofMinutes(1))
                .until(() -> !kafka.of(operationId, RestorePlanned.class).isEmpty());
        // The backup's datacenter is not in this cluster: the keyspace is created in the cluster's, and the plan says
        // so.
        assertThat(kafka.of(operationId, RestorePlanned.class).get(0).replication())
                .hasEntrySatisfying(
                        keyspace,
                        replication -> assertThat(replication)
                                .endsWith("NetworkTopologyStrategy', '" + OTHER_DATACENTER + "': '1'}"));
        for (CassandraEndpoint node : cluster.cassandraNodes()) {
            // Each node coordinates a full read: together the two nodes hold every row once.
            try (CqlSession cql = cql(node)) {
                for (String table : LogicalDataset.TABLES) {
                    LogicalDataset.assertSameRows(LogicalDataset.rows(cql, keyspace, table, true), before.get(table));
                }
            }
        }
    }
}
