package io.ringvault.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.storage.ObjectStore;
import io.ringvault.testkit.CassandraEndpoint;
import io.ringvault.testkit.LocalCluster;
import io.ringvault.testkit.LocalService;
import io.ringvault.testkit.SharedStack;
import io.ringvault.testkit.Stack;
import io.ringvault.testkit.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Incremental backups on the real stack, checked row for row with write times, TTLs and tombstones: a snapshot backup
 * that switches incremental backups on; writes, updates, row and cell deletes, flushed; incremental 1; more writes and
 * deletes, not flushed (the incremental flushes); incremental 2; truncate; then each incremental restores the table to
 * exactly what it held when that incremental was taken, and {@code backups/} is empty on every node after each.
 * Writes and reads are at consistency ALL, so every replica's backup holds every row.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class IncrementalBackupSystemIT {
    private static final String TABLE = "events";
    private static final Duration OPERATION_TIMEOUT = Duration.ofMinutes(3);
    /** Long enough for the row to be read back before it expires, short enough to expire before the restores. */
    private static final int SHORT_TTL_SECONDS = 20;

    private static final ObjectName STORAGE_SERVICE = objectName("org.apache.cassandra.db:type=StorageService");

    /** A row as the test compares it: the values, and the write time of {@code v}. */
    record Cells(String v, Integer n, Long writetime) {}

    RingvaultSystem system;
    LocalService restorer;
    /** The suite's own Cassandra cluster, when its topology has more than one node; else the build's node. */
    LocalCluster cluster;

    List<CassandraEndpoint> nodes;
    String keyspace;

    abstract boolean s3();

    /** The Cassandra cluster the suite runs on; with more than one node it starts its own. */
    abstract Topology topology();

    @BeforeAll
    void start() throws Exception {
        keyspace = "incr_" + (s3() ? "s3" : "fs");
        Stack stack = SharedStack.get();
        Path directory = Files.createTempDirectory("ringvault-system-");
        if (topology().nodeCount() > 1) {
            cluster = LocalCluster.start(stack, topology(), directory.resolve("cluster"));
            stack = cluster;
        }
        system = new RingvaultSystem(stack, s3(), directory, null, 1, Map.of());
        nodes = system.stack.cassandraNodes();
        setIncrementalBackups(false);
        try (CqlSession session = cql()) {
            session.execute("CREATE keyspace IF NOT EXISTS " + keyspace + " WITH replication = "
                    + topology().networkReplication(1));
            session.execute(
                    "CREATE TABLE IF NOT EXISTS " + keyspace + "." + TABLE + " (id int PRIMARY KEY, v text, n int)");
        }
        system.start();
        restorer = system.startRestorer("restorer-incremental", Map.of());
    }

    @AfterAll
    void stop() {
        // The stack is shared: leave Cassandra as the other suites expect it.
        if (cluster == null) {
            setIncrementalBackups(false);
        }
        if (restorer != null) {
            restorer.close();
        }
        if (system != null) {
            system.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void shouldRestoreEachIncrementalBackupToExactlyWhatTheTableHeldWhenItWasTaken() throws Exception {
        String backupBody = "{\"keyspaces\":[\"" + keyspace + "\"],\"mode\":\"incremental\"}";
        try (CqlSession session = cql()) {
            PreparedStatement insert =
                    session.prepare("INSERT INTO " + keyspace + "." + TABLE + " (id, v, n) VALUES (?, ?, ?)");
            for (int id = 0; id < 300; id++) {
                session.execute(insert.bind(id, "base-" + id, id));
            }
        }

        // Nothing to build on yet: refused before anything runs.
        JsonNode refused = system.post("/api/v1/backups", backupBody);
        assertThat(refused.path("reason").asString()).as(refused.toString()).isEqualTo("no-base-backup");
        assertThat(refused.path("detail").asString()).contains(keyspace, "take a snapshot backup");

        // Incremental backups off: the node refuses, and says how to switch them on.
        completed(system.post("/api/v1/backups", "{\"keyspaces\":[\"" + keyspace + "\"]}"), "first snapshot");
        JsonNode off =
                system.awaitOperationEnd(accepted(system.post("/api/v1/backups", backupBody)), OPERATION_TIMEOUT);
        assertThat(off.path("state").asString()).as(off.toString()).isEqualTo("FAILED");
        assertThat(off.path("nodes"))
                .as(off.toString())
                .hasSize(nodes.size())
                .allSatisfy(node -> assertThat(node.path("reason").asString())
                        .contains("incremental-backups-disabled", "--enable-incremental-backups"));

        // A snapshot backup that switches them on: the chain starts here.
        String snapshot = completed(
                system.post(
                        "/api/v1/backups", "{\"keyspaces\":[\"" + keyspace + "\"],\"enableIncrementalBackups\":true}"),
                "snapshot switching incremental backups on");
        assertThat(incrementalBackupsEnabled()).isTrue();
        awaitBackupsDirectoriesEmpty("after the snapshot backup");

        // Writes, updates, row deletes, cell deletes, TTLs; flushed.
        Instant shortTtlExpiry;
        try (CqlSession session = cql()) {
            PreparedStatement insert =
                    session.prepare("INSERT INTO " + keyspace + "." + TABLE + " (id, v, n) VALUES (?, ?, ?)");
            PreparedStatement insertTtl = session.prepare(
                    "INSERT INTO " + keyspace + "." + TABLE + " (id, v, n) VALUES (?, ?, ?) USING TTL ?");
            for (int id = 300; id < 400; id++) {
                session.execute(insert.bind(id, "one-" + id, id));
            }
            for (int id = 0; id < 50; id++) {
                session.execute(insert.bind(id, "updated-" + id, -id));
            }
            for (int id = 50; id < 80; id++) {
                session.execute("DELETE FROM " + keyspace + "." + TABLE + " WHERE id = " + id);
            }
            for (int id = 80; id < 90; id++) {
                session.execute("DELETE n FROM " + keyspace + "." + TABLE + " WHERE id = " + id);
            }
            for (int id = 400; id < 410; id++) {
                session.execute(insertTtl.bind(id, "ttl-" + id, id, 86_400));
            }
            session.execute(insertTtl.bind(410, "short-ttl", 410, SHORT_TTL_SECONDS));
            shortTtlExpiry = Instant.now().plusSeconds(SHORT_TTL_SECONDS);
        }
        for (CassandraEndpoint node : nodes) {
            jmx(
                    node,
                    server -> server.invoke(
                            STORAGE_SERVICE,
                            "forceKeyspaceFlush",
                            new Object[] {keyspace, new String[0]},
                            new String[] {String.class.getName(), String[].class.getName()}));
        }
        Map<Integer, Cells> atFirst = rows();
        assertThat(atFirst).containsKey(410).doesNotContainKeys(50, 79);

        String first = completed(system.post("/api/v1/backups", backupBody), "incremental 1");
        awaitBackupsDirectoriesEmpty("after incremental 1");

        // More writes and deletes, not flushed: the incremental backup flushes first.
        try (CqlSession session = cql()) {
            PreparedStatement insert =
                    session.prepare("INSERT INTO " + keyspace + "." + TABLE + " (id, v, n) VALUES (?, ?, ?)");
            for (int id = 500; id < 550; id++) {
                session.execute(insert.bind(id, "two-" + id, id));
            }
            for (int id = 300; id < 320; id++) {
                session.execute(insert.bind(id, "two-updated-" + id, id * 2));
            }
            for (int id = 0; id < 10; id++) {
                session.execute("DELETE FROM " + keyspace + "." + TABLE + " WHERE id = " + id);
            }
        }
        Map<Integer, Cells> atSecond = rows();
        String second = completed(system.post("/api/v1/backups", backupBody), "incremental 2");
        awaitBackupsDirectoriesEmpty("after incremental 2");

        // The chain, as the manifests and the API record it.
        BackupManifest firstManifest = manifest(first);
        BackupManifest secondManifest = manifest(second);
        assertThat(firstManifest.buildsOn()).isEqualTo(snapshot);
        assertThat(firstManifest.chain()).containsExactly(snapshot);
        assertThat(secondManifest.buildsOn()).isEqualTo(first);
        assertThat(secondManifest.chain()).containsExactly(snapshot, first);
        assertThat(system.get("/api/v1/backups/" + second).path("buildsOn").asString())
                .isEqualTo(first);
        // Cumulative: incremental 2 lists every SSTable object the snapshot and incremental 1 list.
        assertThat(sstableObjects(second)).containsAll(sstableObjects(snapshot)).containsAll(sstableObjects(first));
        JsonNode secondOperation = system.get("/api/v1/operations/" + second);
        assertThat(secondOperation.path("progress").path("bytesTransferred").asLong())
                .as("incremental 2 uploads only what was flushed since incremental 1: %s", secondOperation)
                .isLessThan(secondManifest.nodes().stream()
                        .mapToLong(BackupManifest.NodeEntry::bytes)
                        .sum());
        assertThat(secondManifest.nodes()).hasSize(nodes.size());

        // The restore plan names the chain whose files it restores.
        String dryRun = completed(
                system.post(
                        "/api/v1/restores",
                        "{\"backupId\":\"" + second + "\",\"keyspaces\":[\"" + keyspace + "\"],\"dryRun\":true}"),
                "dry run of a restore of incremental 2");
        List<String> planChain = new ArrayList<>();
        for (JsonNode event : system.get("/api/v1/operations/" + dryRun + "/events")) {
            if (event.path("type").asString().equals("io.ringvault.restore.planned")) {
                event.path("data").path("chain").forEach(id -> planChain.add(id.asString()));
            }
        }
        assertThat(planChain).containsExactly(snapshot, first);

        try (CqlSession session = cql()) {
            session.execute("TRUNCATE " + keyspace + "." + TABLE);
        }
        assertThat(rows()).isEmpty();

        // Row 410 expires after incremental 1 was taken: no restore may bring it back.
        await().atMost(Duration.ofSeconds(SHORT_TTL_SECONDS + 5))
                .until(() -> Instant.now().isAfter(shortTtlExpiry.plusSeconds(1)));
        atFirst.remove(410);
        atSecond.remove(410);

        restore(second);
        assertThat(rows()).as("the table after restoring incremental 2").isEqualTo(atSecond);
        assertRemainingTtls();

        restore(first);
        assertThat(rows()).as("the table after restoring incremental 1").isEqualTo(atFirst);
        assertRemainingTtls();
    }

    /**
     * A continuous backup under a steady write load: a schedule of incremental backups three seconds apart that do not
     * flush, while a writer inserts, updates and deletes and the nodes flush every second and a half (as Cassandra
     * does under load). Restored {@code --until} two points in time, the table is what it held then.
     */
    @Test
    @Order(2)
    void shouldRestoreAContinuousBackupToAPointInTime() throws Exception {
        setIncrementalBackups(true);
        String table = keyspace + ".stream";
        String scope = "\"keyspaces\":[\"" + keyspace + "\"],\"tables\":[\"" + table + "\"]";
        try (CqlSession session = cql()) {
            session.execute("CREATE TABLE IF NOT EXISTS " + table + " (id int PRIMARY KEY, v text)");
        }
        String base = completed(system.post("/api/v1/backups", "{" + scope + "}"), "the snapshot the links build on");
        String schedule = "continuous-" + keyspace;
        JsonNode created = system.post(
                "/api/v1/schedules",
                "{\"name\":\"" + schedule + "\",\"cron\":\"*/3 * * * * *\"," + scope
                        + ",\"mode\":\"incremental\",\"flush\":false,\"missedFirings\":\"skip\","
                        + "\"requestedBy\":\"incremental-it\"}");
        assertThat(created.path("name").asString()).as(created.toString()).isEqualTo(schedule);

        AtomicInteger nextId = new AtomicInteger();
        writeUnderLoad(table, nextId, Duration.ofSeconds(7), false);
        Instant first = pointInTimeAfterALink(schedule);
        Map<Integer, String> atFirst = streamRows(table);
        writeUnderLoad(table, nextId, Duration.ofSeconds(7), true);
        Instant second = pointInTimeAfterALink(schedule);
        Map<Integer, String> atSecond = streamRows(table);
        assertThat(atSecond).isNotEqualTo(atFirst);

        // Each agent exposes what its backups/ directories hold: the lag of the continuous backup.
        for (LocalService agent : system.agents.values()) {
            String metrics = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(
                                            java.net.URI.create(agent.url() + "/actuator/prometheus"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(metrics)
                    .contains(
                            "ringvault_agent_backups_directory_bytes",
                            "ringvault_agent_backups_directory_files",
                            "ringvault_agent_backups_directory_oldest_age_seconds");
        }

        JsonNode stopped = system.delete("/api/v1/schedules/" + schedule, "incremental-it");
        assertThat(stopped.path("state").asString()).as(stopped.toString()).isEqualTo("deleted");
        awaitNoRunningBackup();

        JsonNode tooEarly = system.post(
                "/api/v1/restores", "{\"backupId\":\"" + base + "\"," + scope + ",\"until\":\"2020-01-01T00:00:00Z\"}");
        assertThat(tooEarly.path("reason").asString()).as(tooEarly.toString()).isEqualTo("no-point-in-time");

        try (CqlSession session = cql()) {
            session.execute("TRUNCATE " + table);
        }
        for (Map.Entry<Instant, Map<Integer, String>> point :
                Map.of(first, atFirst, second, atSecond).entrySet()) {
            String restore = completed(
                    system.post(
                            "/api/v1/restores",
                            "{\"backupId\":\"" + base + "\"," + scope + ",\"truncate\":true,\"until\":\""
                                    + point.getKey() + "\"}"),
                    "restore until " + point.getKey());
            JsonNode request = system.get("/api/v1/operations/" + restore).path("request");
            assertThat(request.path("backupId").asString())
                    .as("the link that holds %s: %s", point.getKey(), request)
                    .isNotEqualTo(base);
            assertThat(streamRows(table))
                    .as("the table restored until %s", point.getKey())
                    .isEqualTo(point.getValue());
        }
    }

    /**
     * Writes for {@code duration} (inserts, and with {@code churn} updates and deletes of earlier rows), flushing every
     * node every 1.5 s, then stops and flushes once more: every write is then in an SSTable of {@code backups/}.
     */
    private void writeUnderLoad(String table, AtomicInteger nextId, Duration duration, boolean churn) throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread flusher = new Thread(() -> {
            while (writing.get()) {
                flushAll();
                try {
                    Thread.sleep(1500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        flusher.start();
        try (CqlSession session = cql()) {
            PreparedStatement insert = session.prepare("INSERT INTO " + table + " (id, v) VALUES (?, ?)");
            Instant end = Instant.now().plus(duration);
            while (Instant.now().isBefore(end)) {
                int id = nextId.getAndIncrement();
                session.execute(insert.bind(id, "v" + id));
                if (churn && id % 5 == 0) {
                    session.execute(insert.bind(id / 2, "updated-" + id));
                    session.execute("DELETE FROM " + table + " WHERE id = " + id / 3);
                }
                Thread.sleep(5);
            }
        } finally {
            writing.set(false);
            flusher.join();
        }
        flushAll();
    }

    /** A time after which a link of the continuous backup was taken, with nothing written since the last flush. */
    private Instant pointInTimeAfterALink(String schedule) {
        Instant flushed = Instant.now();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    for (JsonNode backup : system.get("/api/v1/backups")) {
                        if (schedule.equals(backup.path("schedule").asString(null))
                                && "COMPLETED".equals(backup.path("state").asString(""))
                                && Instant.parse(backup.path("acceptedAt").asString())
                                        .isAfter(flushed)) {
                            return true;
                        }
                    }
                    return false;
                });
        return Instant.now();
    }

    private void awaitNoRunningBackup() {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    for (JsonNode backup : system.get("/api/v1/backups")) {
                        if ("RUNNING".equals(backup.path("state").asString(""))) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    private void flushAll() {
        for (CassandraEndpoint node : nodes) {
            jmx(
                    node,
                    server -> server.invoke(
                            STORAGE_SERVICE,
                            "forceKeyspaceFlush",
                            new Object[] {keyspace, new String[0]},
                            new String[] {String.class.getName(), String[].class.getName()}));
        }
    }

    private Map<Integer, String> streamRows(String table) {
        Map<Integer, String> rows = new TreeMap<>();
        try (CqlSession session = cql()) {
            for (Row row : session.execute("SELECT id, v FROM " + table)) {
                rows.put(row.getInt("id"), row.getString("v"));
            }
        }
        return rows;
    }

    /** The rows with a long TTL keep a remaining TTL: restored neither without one nor with a fresh one. */
    private void assertRemainingTtls() {
        try (CqlSession session = cql()) {
            for (int id = 400; id < 410; id++) {
                Row row = session.execute("SELECT TTL(v) FROM " + keyspace + "." + TABLE + " WHERE id = " + id)
                        .one();
                assertThat(row).as("row %d", id).isNotNull();
                assertThat(row.getInt(0)).as("remaining TTL of row %d", id).isBetween(1, 86_400);
            }
        }
    }

    private void restore(String backupId) throws Exception {
        JsonNode accepted = system.post(
                "/api/v1/restores",
                "{\"backupId\":\"" + backupId + "\",\"keyspaces\":[\"" + keyspace + "\"],\"truncate\":true}");
        completed(accepted, "restore of " + backupId);
    }

    private Set<String> sstableObjects(String backupId) throws Exception {
        Set<String> keys = new HashSet<>();
        try (ObjectStore store = system.objectStore()) {
            for (BackupManifest.NodeEntry entry : manifest(backupId).nodes()) {
                NodeManifest nodeManifest = RingvaultSystem.CODEC
                        .mapper()
                        .readValue(store.getSmall(entry.manifestKey()).orElseThrow(), NodeManifest.class);
                nodeManifest.files().stream()
                        .filter(file -> !file.fileName().equals("manifest.json"))
                        .forEach(file -> keys.add(file.objectKey()));
            }
        }
        return keys;
    }

    private BackupManifest manifest(String backupId) throws Exception {
        try (ObjectStore store = system.objectStore()) {
            return RingvaultSystem.CODEC
                    .mapper()
                    .readValue(
                            store.getSmall(system.layout().backupManifest(backupId))
                                    .orElseThrow(),
                            BackupManifest.class);
        }
    }

    /** The agent releases the links once it reads the clear command that follows the backup's completion. */
    private void awaitBackupsDirectoriesEmpty(String when) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(
                        () -> assertThat(backupsFiles()).as("backups/ " + when).isEmpty());
    }

    private List<Path> backupsFiles() {
        List<Path> files = new ArrayList<>();
        for (Path dataDirectory :
                nodes.stream().flatMap(node -> node.dataDirectories().stream()).toList()) {
            Path keyspaceDirectory = dataDirectory.resolve(keyspace);
            if (!Files.isDirectory(keyspaceDirectory)) {
                continue;
            }
            try (Stream<Path> tables = Files.list(keyspaceDirectory)) {
                for (Path table : tables.toList()) {
                    Path backups = table.resolve("backups");
                    if (Files.isDirectory(backups)) {
                        try (Stream<Path> inside = Files.list(backups)) {
                            inside.filter(Files::isRegularFile).forEach(files::add);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    private Map<Integer, Cells> rows() {
        Map<Integer, Cells> rows = new TreeMap<>();
        try (CqlSession session = cql()) {
            for (Row row : session.execute("SELECT id, v, n, writetime(v) FROM " + keyspace + "." + TABLE)) {
                rows.put(
                        row.getInt("id"),
                        new Cells(
                                row.getString("v"),
                                row.isNull("n") ? null : row.getInt("n"),
                                row.isNull(3) ? null : row.getLong(3)));
            }
        }
        return rows;
    }

    private String accepted(JsonNode accepted) {
        String id = accepted.path("operationId").asString();
        assertThat(id).as(accepted.toString()).isNotBlank();
        return id;
    }

    private String completed(JsonNode accepted, String what) {
        String id = accepted(accepted);
        JsonNode operation = system.awaitOperationEnd(id, OPERATION_TIMEOUT);
        assertThat(operation.path("state").asString())
                .as(what + ": " + operation)
                .isEqualTo("COMPLETED");
        return id;
    }

    private boolean incrementalBackupsEnabled() {
        return nodes.stream()
                .allMatch(node -> Boolean.TRUE.equals(
                        jmx(node, server -> server.getAttribute(STORAGE_SERVICE, "IncrementalBackupsEnabled"))));
    }

    private void setIncrementalBackups(boolean on) {
        for (CassandraEndpoint node : nodes) {
            jmx(node, server -> {
                server.setAttribute(STORAGE_SERVICE, new Attribute("IncrementalBackupsEnabled", on));
                return null;
            });
        }
    }

    private interface JmxCall {
        Object call(MBeanServerConnection server) throws Exception;
    }

    private static Object jmx(CassandraEndpoint node, JmxCall call) {
        try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(node.jmxServiceUrl()))) {
            return call.call(jmx.getMBeanServerConnection());
        } catch (Exception e) {
            throw new IllegalStateException("JMX call on " + node.name() + " failed", e);
        }
    }

    private CqlSession cql() {
        CassandraEndpoint node = nodes.get(0);
        return CqlSession.builder()
                .addContactPoint(node.cql())
                .withLocalDatacenter(node.datacenter())
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                        // Every replica gets every write, so each node's backup holds every row.
                        .withString(DefaultDriverOption.REQUEST_CONSISTENCY, "ALL")
                        .build())
                .build();
    }

    private static ObjectName objectName(String name) {
        try {
            return new ObjectName(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
