package io.ringvault.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.ringvault.common.backup.BackupIndex;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.storage.ObjectStore;
import io.ringvault.testkit.CassandraEndpoint;
import io.ringvault.testkit.LocalService;
import io.ringvault.testkit.SharedStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The property the backup lifecycle must keep, on the real stack: after a random sequence of writes (inserts,
 * updates, deletes), flushes, compactions, backups (differential and full), deletes, purges and garbage collections,
 * every backup that remains verifies deep and restores row for row to what the table held when it was taken, and the
 * store holds no SSTable object that no remaining backup lists.
 *
 * <p>The sequence comes from a seed, logged first; {@code -Dringvault.lifecycle.seed=N} replays one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LifecyclePropertySystemIT {
    private static final Logger LOG = LoggerFactory.getLogger(LifecyclePropertySystemIT.class);
    private static final String TABLE = "items";
    private static final int STEPS = 10;
    private static final Duration OPERATION_TIMEOUT = Duration.ofMinutes(3);

    RingvaultSystem system;
    String keyspace;
    LocalService restorer;

    abstract boolean s3();

    @BeforeAll
    void start() throws Exception {
        keyspace = "life_" + (s3() ? "s3" : "fs");
        system = new RingvaultSystem(SharedStack.get(), s3());
        try (CqlSession session = cql()) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + keyspace
                    + " WITH replication = {'class':'SimpleStrategy','replication_factor':1}");
            session.execute("CREATE TABLE IF NOT EXISTS " + keyspace + "." + TABLE + " (id int PRIMARY KEY, v text)");
        }
        system.start();
        restorer = system.startRestorer("restorer-lifecycle", Map.of());
    }

    @AfterAll
    void stop() {
        if (restorer != null) {
            restorer.close();
        }
        if (system != null) {
            system.close();
        }
    }

    @Test
    void shouldRestoreEveryRemainingBackupRowForRowAfterARandomLifecycle() throws Exception {
        long seed = Long.getLong("ringvault.lifecycle.seed", System.nanoTime());
        LOG.info("lifecycle property: seed {} (replay with -Dringvault.lifecycle.seed={})", seed, seed);
        Random random = new Random(seed);
        Map<Integer, String> table = new TreeMap<>();
        // Backup id → the rows the table held when it was taken; in the order they were taken.
        Map<String, Map<Integer, String>> expected = new java.util.LinkedHashMap<>();
        List<String> steps = new ArrayList<>();

        write(random, table, steps);
        backup("full", table, expected, steps);
        for (int step = 0; step < STEPS; step++) {
            int roll = random.nextInt(10);
            if (roll < 3) {
                write(random, table, steps);
            } else if (roll < 6) {
                backup(random.nextInt(5) == 0 ? "full" : "differential", table, expected, steps);
            } else if (roll == 6) {
                compact(steps);
            } else if (roll == 7 && expected.size() >= 2) {
                List<String> ids = new ArrayList<>(expected.keySet());
                delete(ids.get(random.nextInt(ids.size())), expected, steps);
            } else if (roll == 8 && expected.size() >= 3) {
                purgeKeepingLast(2, expected, steps);
            } else {
                collectGarbage(steps);
            }
        }
        collectGarbage(steps);
        LOG.info("lifecycle property: seed {} ran {}", seed, steps);

        assertThat(indexedBackups())
                .as("seed %d, steps %s", seed, steps)
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        assertNoUnlistedObject(expected.keySet(), seed, steps);
        for (Map.Entry<String, Map<Integer, String>> backup : expected.entrySet()) {
            verifyDeep(backup.getKey(), seed, steps);
            restore(backup.getKey(), seed, steps);
            assertThat(rows())
                    .as("backup %s after restore; seed %d, steps %s", backup.getKey(), seed, steps)
                    .isEqualTo(backup.getValue());
        }
    }

    /** Inserts, updates and deletes rows, then flushes: the next backup sees them in SSTables. */
    private void write(Random random, Map<Integer, String> table, List<String> steps) {
        int inserts = 50 + random.nextInt(150);
        int deletes = table.isEmpty() ? 0 : random.nextInt(1 + table.size() / 5);
        try (CqlSession session = cql()) {
            PreparedStatement insert =
                    session.prepare("INSERT INTO " + keyspace + "." + TABLE + " (id, v) VALUES (?, ?)");
            PreparedStatement delete = session.prepare("DELETE FROM " + keyspace + "." + TABLE + " WHERE id = ?");
            for (int i = 0; i < inserts; i++) {
                // Ids repeat across writes: some inserts are updates.
                int id = random.nextInt(1000);
                String value = Long.toHexString(random.nextLong()) + "-" + steps.size();
                session.execute(insert.bind(id, value));
                table.put(id, value);
            }
            List<Integer> present = new ArrayList<>(table.keySet());
            for (int i = 0; i < deletes; i++) {
                int id = present.get(random.nextInt(present.size()));
                session.execute(delete.bind(id));
                table.remove(id);
            }
        }
        storageService("forceKeyspaceFlush", new Object[] {keyspace, new String[0]}, String.class, String[].class);
        steps.add("write(+" + inserts + ",-" + deletes + ")");
    }

    private void backup(
            String mode, Map<Integer, String> table, Map<String, Map<Integer, String>> expected, List<String> steps)
            throws Exception {
        JsonNode accepted =
                system.post("/api/v1/backups", "{\"keyspaces\":[\"" + keyspace + "\"],\"mode\":\"" + mode + "\"}");
        String id = completed(accepted, "backup " + mode);
        expected.put(id, new TreeMap<>(table));
        steps.add("backup(" + mode + ")=" + id.substring(0, 8));
    }

    private void compact(List<String> steps) {
        storageService(
                "forceKeyspaceCompaction",
                new Object[] {false, keyspace, new String[] {TABLE}},
                boolean.class,
                String.class,
                String[].class);
        steps.add("compact");
    }

    private void delete(String backupId, Map<String, Map<Integer, String>> expected, List<String> steps)
            throws Exception {
        completed(system.delete("/api/v1/backups/" + backupId, "lifecycle-it"), "delete " + backupId);
        expected.remove(backupId);
        steps.add("delete(" + backupId.substring(0, 8) + ")");
    }

    private void purgeKeepingLast(int keep, Map<String, Map<Integer, String>> expected, List<String> steps)
            throws Exception {
        JsonNode accepted = system.post(
                "/api/v1/backups/purge",
                "{\"requestedBy\":\"lifecycle-it\",\"retention\":{\"keepLast\":" + keep + "}}");
        completed(accepted, "purge keep-last " + keep);
        List<String> ids = new ArrayList<>(expected.keySet());
        // Taken one after the other: the newest are the last ones.
        ids.subList(0, ids.size() - keep).forEach(expected::remove);
        steps.add("purge(keep-last " + keep + ")");
    }

    private void collectGarbage(List<String> steps) throws Exception {
        completed(
                system.post("/api/v1/backups/gc", "{\"requestedBy\":\"lifecycle-it\",\"gracePeriod\":\"PT0S\"}"), "gc");
        steps.add("gc");
    }

    private String completed(JsonNode accepted, String what) {
        String id = accepted.path("operationId").asString();
        assertThat(id).as(what + ": " + accepted).isNotBlank();
        JsonNode operation = system.awaitOperationEnd(id, OPERATION_TIMEOUT);
        assertThat(operation.path("state").asString())
                .as(what + ": " + operation)
                .isEqualTo("COMPLETED");
        return id;
    }

    private void verifyDeep(String backupId, long seed, List<String> steps) throws Exception {
        JsonNode accepted = system.post(
                "/api/v1/backups/" + backupId + "/verify", "{\"deep\":true,\"requestedBy\":\"lifecycle-it\"}");
        String id = accepted.path("operationId").asString();
        assertThat(id).as(accepted.toString()).isNotBlank();
        JsonNode operation = system.awaitOperationEnd(id, OPERATION_TIMEOUT);
        assertThat(operation.path("state").asString())
                .as("verify --deep of %s; seed %d, steps %s: %s", backupId, seed, steps, operation)
                .isEqualTo("COMPLETED");
        assertThat(operation.path("verify").path("problemCount").asLong()).isZero();
    }

    private void restore(String backupId, long seed, List<String> steps) throws Exception {
        JsonNode accepted = system.post(
                "/api/v1/restores",
                "{\"backupId\":\"" + backupId + "\",\"keyspaces\":[\"" + keyspace + "\"],\"truncate\":true}");
        String id = accepted.path("operationId").asString();
        assertThat(id).as(accepted.toString()).isNotBlank();
        JsonNode operation = system.awaitOperationEnd(id, OPERATION_TIMEOUT);
        assertThat(operation.path("state").asString())
                .as("restore of %s; seed %d, steps %s: %s", backupId, seed, steps, operation)
                .isEqualTo("COMPLETED");
    }

    private Map<Integer, String> rows() {
        Map<Integer, String> rows = new TreeMap<>();
        try (CqlSession session = cql()) {
            for (Row row : session.execute("SELECT id, v FROM " + keyspace + "." + TABLE)) {
                rows.put(row.getInt("id"), row.getString("v"));
            }
        }
        return rows;
    }

    private Set<String> indexedBackups() throws Exception {
        try (ObjectStore store = system.objectStore()) {
            BackupIndex index = RingvaultSystem.CODEC
                    .mapper()
                    .readValue(store.getSmall(system.layout().index()).orElseThrow(), BackupIndex.class);
            Set<String> ids = new HashSet<>();
            index.backups().forEach(entry -> ids.add(entry.backupId()));
            return ids;
        }
    }

    /** After a collection with no grace period, every object under the cluster's nodes/ is listed by a backup. */
    private void assertNoUnlistedObject(Set<String> remaining, long seed, List<String> steps) throws Exception {
        try (ObjectStore store = system.objectStore()) {
            Set<String> listed = new HashSet<>();
            for (String backupId : remaining) {
                BackupManifest manifest = RingvaultSystem.CODEC
                        .mapper()
                        .readValue(
                                store.getSmall(system.layout().backupManifest(backupId))
                                        .orElseThrow(),
                                BackupManifest.class);
                for (BackupManifest.NodeEntry node : manifest.nodes()) {
                    NodeManifest nodeManifest = RingvaultSystem.CODEC
                            .mapper()
                            .readValue(store.getSmall(node.manifestKey()).orElseThrow(), NodeManifest.class);
                    nodeManifest.files().forEach(file -> listed.add(file.objectKey()));
                }
            }
            String index = system.layout().index();
            String nodes = index.substring(0, index.length() - "index.json".length()) + "nodes/";
            String keyspaceMarker = "/" + keyspace + "/";
            Set<String> stored = new HashSet<>();
            store.walk(nodes, object -> {
                if (object.key().contains(keyspaceMarker)) {
                    stored.add(object.key());
                }
            });
            assertThat(stored)
                    .as("objects of %s under %s after gc; seed %d, steps %s", keyspace, nodes, seed, steps)
                    .containsExactlyInAnyOrderElementsOf(listed.stream()
                            .filter(key -> key.contains(keyspaceMarker))
                            .toList());
        }
    }

    private void storageService(String operation, Object[] arguments, Class<?>... types) {
        CassandraEndpoint node = system.stack.cassandra();
        String[] signature = new String[types.length];
        for (int i = 0; i < types.length; i++) {
            signature[i] = types[i].getName();
        }
        try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(node.jmxServiceUrl()))) {
            jmx.getMBeanServerConnection()
                    .invoke(
                            new ObjectName("org.apache.cassandra.db:type=StorageService"),
                            operation,
                            arguments,
                            signature);
        } catch (Exception e) {
            throw new IllegalStateException(operation + " on " + node.name() + " failed", e);
        }
    }

    private CqlSession cql() {
        CassandraEndpoint node = system.stack.cassandra();
        return CqlSession.builder()
                .addContactPoint(node.cql())
                .withLocalDatacenter(node.datacenter())
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                        .build())
                .build();
    }
}
