package io.ringvault.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.data.CqlDuration;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.message.BackupMethod;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.LogicalFormat;
import io.ringvault.logical.csv.CsvReader;
import io.ringvault.logical.format.ChunkReader;
import io.ringvault.logical.format.ChunkRow;
import io.ringvault.logical.schema.SchemaScript;
import io.ringvault.storage.ObjectStore;
import io.ringvault.testkit.CassandraEndpoint;
import io.ringvault.testkit.LocalCluster;
import io.ringvault.testkit.LocalService;
import io.ringvault.testkit.SharedStack;
import io.ringvault.testkit.Topology;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Logical backups end to end, on a cluster of two datacenters of one node each, with the keyspace replicated to both
 * (every node holds every row): through the coordinator's REST API, the node agents' exports, the uploaders and the
 * filesystem store. Each row must be exported exactly once, by the primary replica of its range, and the counts, the
 * chunk files and the CSV files are read back from the store and compared with the tables.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogicalBackupSystemIT {
    private static final Topology TOPOLOGY = Topology.parse("dc1:1,dc2:1");
    private static final String KEYSPACE = "logical_it";
    /** The tables, as Cassandra names them; their primary key columns, in order. */
    private static final Map<String, List<String>> KEYS = Map.of(
            "people", List.of("id", "seq"),
            "hits", List.of("page"),
            "MixedCase", List.of("Key"));

    private LocalCluster cluster;
    private RingvaultSystem system;
    private LocalService restorer;
    private String nativeBackup;

    @BeforeAll
    void start() throws Exception {
        Path directory = Files.createTempDirectory("ringvault-logical-");
        cluster = LocalCluster.start(SharedStack.get(), TOPOLOGY, directory.resolve("cluster"));
        system = new RingvaultSystem(cluster, false, directory, null, 1, Map.of());
        try (CqlSession session = cql()) {
            session.execute("DROP KEYSPACE IF EXISTS " + KEYSPACE);
            createAndFill(session);
        }
        system.start();
        restorer = system.startRestorer("restorer-logical", Map.of("ringvault.restorer.progress-interval", "300ms"));
    }

    @AfterAll
    void stop() throws Exception {
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

    private CqlSession cql() {
        CassandraEndpoint node = system == null
                ? cluster.cassandraNodes().get(0)
                : system.stack.cassandraNodes().get(0);
        return CqlSession.builder()
                .addContactPoint(node.cql())
                .withLocalDatacenter(node.datacenter())
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(60))
                        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(60))
                        // Written to and read from both datacenters: each node holds every row before the export.
                        .withString(DefaultDriverOption.REQUEST_CONSISTENCY, "ALL")
                        .build())
                .build();
    }

    private static void createAndFill(CqlSession session) {
        session.execute("CREATE KEYSPACE " + KEYSPACE + " WITH replication = " + TOPOLOGY.networkReplication(1));
        session.execute("CREATE TYPE " + KEYSPACE + ".address (street text, city text, zip int)");
        session.execute("CREATE TABLE " + KEYSPACE + ".people (id int, seq int, note text STATIC, name text,"
                + " score double, ratio float, amount decimal, big varint, born timestamp, photo blob,"
                + " tags set<text>, marks list<int>, attrs map<text, int>, home frozen<address>, waited duration,"
                + " ref uuid, PRIMARY KEY (id, seq))");
        session.execute("CREATE TABLE " + KEYSPACE + ".hits (page text PRIMARY KEY, views counter)");
        session.execute("CREATE TABLE " + KEYSPACE + ".\"MixedCase\" (\"Key\" int PRIMARY KEY, \"Value\" text)");
        session.execute("CREATE INDEX ON " + KEYSPACE + ".people (name)");

        UserDefinedType address = session.getMetadata()
                .getKeyspace(KEYSPACE)
                .flatMap(k -> k.getUserDefinedType("address"))
                .orElseThrow();
        PreparedStatement people = session.prepare("INSERT INTO " + KEYSPACE + ".people (id, seq, note, name, score,"
                + " ratio, amount, big, born, photo, tags, marks, attrs, home, waited, ref)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        for (int id = 0; id < 300; id++) {
            for (int seq = 0; seq < 10; seq++) {
                UdtValue home = address.newValue("street " + id, "city, \"quoted\"", id);
                session.execute(people.bind(
                        id,
                        seq,
                        "note of " + id,
                        seq % 3 == 0 ? "" : "name " + id + "/" + seq,
                        id / 7.0,
                        seq / 3.0f,
                        new BigDecimal("12345.6789").add(BigDecimal.valueOf(id)),
                        BigInteger.TWO.pow(70 + seq),
                        Instant.ofEpochMilli(1_700_000_000_000L + id),
                        ByteBuffer.wrap(new byte[] {(byte) id, (byte) seq, 0}),
                        Set.of("a" + seq, "b"),
                        List.of(id, seq),
                        Map.of("k" + seq, id),
                        home,
                        CqlDuration.newInstance(1, seq, 1_000L * id),
                        UUID.nameUUIDFromBytes(("ref" + id + seq).getBytes(StandardCharsets.UTF_8))));
            }
        }
        PreparedStatement hits = session.prepare("UPDATE " + KEYSPACE + ".hits SET views = views + ? WHERE page = ?");
        for (int page = 0; page < 200; page++) {
            session.execute(hits.bind((long) page + 1, "/page/" + page));
        }
        PreparedStatement mixed =
                session.prepare("INSERT INTO " + KEYSPACE + ".\"MixedCase\" (\"Key\", \"Value\") VALUES (?, ?)");
        for (int key = 0; key < 500; key++) {
            session.execute(mixed.bind(key, "value " + key));
        }
    }

    /** The row count of each table, read at ALL. */
    private Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        try (CqlSession session = cql()) {
            for (String table : KEYS.keySet()) {
                counts.put(
                        KEYSPACE + "." + table,
                        session.execute("SELECT count(*) FROM " + KEYSPACE + ".\"" + table + "\"")
                                .one()
                                .getLong(0));
            }
        }
        return counts;
    }

    /** Every primary key of {@code table}, each as its columns' serialized bytes in hex (or their text, for CSV). */
    private Set<String> keys(String table, boolean asText) {
        String columns = KEYS.get(table).stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(", "));
        Set<String> keys = new TreeSet<>();
        try (CqlSession session = cql()) {
            for (Row row : session.execute("SELECT " + columns + " FROM " + KEYSPACE + ".\"" + table + "\"")) {
                List<String> parts = new ArrayList<>();
                for (int i = 0; i < KEYS.get(table).size(); i++) {
                    parts.add(asText ? String.valueOf(row.getObject(i)) : hex(row.getBytesUnsafe(i)));
                }
                keys.add(String.join(",", parts));
            }
        }
        return keys;
    }

    private static String hex(ByteBuffer value) {
        byte[] bytes = new byte[value.remaining()];
        value.duplicate().get(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private String backup(String format) throws Exception {
        String body = "{\"keyspaces\":[\"" + KEYSPACE + "\"],\"method\":\"logical\""
                + (format == null ? "" : ",\"format\":\"" + format + "\"") + "}";
        JsonNode accepted = system.post("/api/v1/backups", body, "logical-backup-it");
        String id = accepted.path("operationId").asString();
        assertThat(id).as(accepted.toString()).isNotBlank();
        JsonNode operation = system.awaitOperationEnd(id, Duration.ofMinutes(5));
        assertThat(operation.path("state").asString()).as(operation.toString()).isEqualTo("COMPLETED");
        return id;
    }

    private BackupManifest manifest(ObjectStore store, String backupId) {
        return RingvaultSystem.CODEC
                .mapper()
                .readValue(
                        store.getSmall(system.layout().backupManifest(backupId)).orElseThrow(), BackupManifest.class);
    }

    private List<NodeManifest> nodeManifests(ObjectStore store, BackupManifest manifest) {
        return manifest.nodes().stream()
                .map(node -> RingvaultSystem.CODEC
                        .mapper()
                        .readValue(store.getSmall(node.manifestKey()).orElseThrow(), NodeManifest.class))
                .toList();
    }

    private static Path download(ObjectStore store, String key, Path directory) throws Exception {
        Path file = directory.resolve(key.substring(key.lastIndexOf('/') + 1));
        try (InputStream in = store.get(key, 0)) {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    @Test
    @Order(1)
    void shouldExportEveryRowExactlyOnceAcrossTheNodes() throws Exception {
        Map<String, Long> expected = counts();
        assertThat(expected.values()).allMatch(count -> count > 0);
        nativeBackup = backup(null);

        Path downloads = Files.createTempDirectory("logical-chunks-");
        try (ObjectStore store = system.objectStore()) {
            BackupManifest manifest = manifest(store, nativeBackup);
            assertThat(manifest.method()).isEqualTo(BackupMethod.LOGICAL);
            assertThat(manifest.format()).isNull();
            assertThat(manifest.mode()).isEqualTo(BackupMode.FULL);
            assertThat(manifest.rows()).isEqualTo(expected);
            assertThat(manifest.nodes()).hasSize(2);

            // The schema: the keyspace, its type, the three tables and the index, as a script that parses.
            String script = manifest.schema().get(KEYSPACE);
            List<String> statements = SchemaScript.parse(script);
            assertThat(statements).anyMatch(s -> s.startsWith("CREATE KEYSPACE"));
            assertThat(statements).anyMatch(s -> s.startsWith("CREATE TYPE") && s.contains("address"));
            assertThat(statements).anyMatch(s -> s.startsWith("CREATE TABLE") && s.contains("\"MixedCase\""));
            assertThat(statements).anyMatch(s -> s.startsWith("CREATE TABLE") && s.contains("hits"));
            assertThat(statements).anyMatch(s -> s.startsWith("CREATE INDEX"));

            Map<String, List<String>> exportedKeys = new HashMap<>();
            Map<String, Long> rowsPerNode = new TreeMap<>();
            for (NodeManifest node : nodeManifests(store, manifest)) {
                assertThat(node.schema()).isEqualTo(manifest.schema());
                for (NodeManifest.File file : node.files()) {
                    assertThat(file.fileName()).endsWith(".rvlg");
                    assertThat(KEYS).containsKey(file.table());
                    try (ChunkReader chunk = ChunkReader.open(download(store, file.objectKey(), downloads))) {
                        for (ChunkRow row = chunk.next(); row != null; row = chunk.next()) {
                            exportedKeys
                                    .computeIfAbsent(file.table(), t -> new ArrayList<>())
                                    .add(row.key().stream()
                                            .map(LogicalBackupSystemIT::hex)
                                            .collect(Collectors.joining(",")));
                            rowsPerNode.merge(node.node().hostId(), 1L, Long::sum);
                        }
                    }
                }
            }
            // Both nodes hold every row; each exported only the ranges it is the primary replica for.
            assertThat(rowsPerNode)
                    .hasSize(2)
                    .allSatisfy((node, rows) -> assertThat(rows).isPositive());
            for (String table : KEYS.keySet()) {
                List<String> exported = exportedKeys.getOrDefault(table, List.of());
                assertThat(exported).as("keys of %s, once each", table).doesNotHaveDuplicates();
                assertThat(new TreeSet<>(exported)).as("keys of %s", table).isEqualTo(keys(table, false));
            }
        }

        // Listed with its method; the agents removed their export directories once the backup completed.
        JsonNode listed = StreamSupport.stream(system.get("/api/v1/backups").spliterator(), false)
                .filter(b -> b.path("id").asString().equals(nativeBackup))
                .findFirst()
                .orElseThrow();
        assertThat(listed.path("method").asString()).isEqualTo("logical");
        assertThat(listed.path("format").asString()).isEqualTo("native");
        assertThat(listed.path("rows").path(KEYSPACE + ".people").asLong()).isEqualTo(3000);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(exportDirectories(nativeBackup)).isEmpty());
    }

    /** The export directories the agents still hold for {@code backupId}. */
    private List<Path> exportDirectories(String backupId) throws Exception {
        List<Path> found = new ArrayList<>();
        try (var paths = Files.walk(system.directory.resolve("agent"), 4)) {
            paths.filter(p -> p.getFileName().toString().equals(backupId)
                            && p.getParent().getFileName().toString().equals("logical"))
                    .forEach(found::add);
        }
        return found;
    }

    @Test
    @Order(2)
    void shouldVerifyALogicalBackupDeep() throws Exception {
        JsonNode accepted = system.post(
                "/api/v1/backups/" + nativeBackup + "/verify", "{\"deep\":true,\"requestedBy\":\"logical-backup-it\"}");
        String id = accepted.path("operationId").asString();
        assertThat(id).as(accepted.toString()).isNotBlank();
        JsonNode operation = system.awaitOperationEnd(id, Duration.ofMinutes(3));
        assertThat(operation.path("state").asString()).as(operation.toString()).isEqualTo("COMPLETED");
        assertThat(operation.path("verify").path("objectsChecked").asLong()).isPositive();
    }

    @Test
    @Order(3)
    void shouldWriteCsvThatHoldsEveryRowAndASchemaScriptThenDeleteIt() throws Exception {
        Map<String, Long> expected = counts();
        String csvBackup = backup("csv");

        Path downloads = Files.createTempDirectory("logical-csv-");
        List<String> keysOfBackup = new ArrayList<>();
        try (ObjectStore store = system.objectStore()) {
            BackupManifest manifest = manifest(store, csvBackup);
            assertThat(manifest.method()).isEqualTo(BackupMethod.LOGICAL);
            assertThat(manifest.format()).isEqualTo(LogicalFormat.CSV);
            assertThat(manifest.rows()).isEqualTo(expected);
            String schema = new String(
                    store.getSmall(system.layout().schemaScript(csvBackup)).orElseThrow(), StandardCharsets.UTF_8);
            assertThat(SchemaScript.parse(schema)).anyMatch(s -> s.startsWith("CREATE TABLE") && s.contains("people"));

            Map<String, List<String>> exportedKeys = new HashMap<>();
            List<NodeManifest> nodes = nodeManifests(store, manifest);
            for (NodeManifest node : nodes) {
                for (NodeManifest.File file : node.files()) {
                    keysOfBackup.add(file.objectKey());
                    assertThat(file.fileName()).isEqualTo(file.table() + ".csv");
                    Path csv = download(store, file.objectKey(), downloads);
                    try (CsvReader reader = new CsvReader(
                            new InputStreamReader(Files.newInputStream(csv), StandardCharsets.UTF_8), ',', '"', '\\')) {
                        List<String> header = reader.next().fields();
                        List<Integer> keyColumns = KEYS.get(file.table()).stream()
                                .map(header::indexOf)
                                .toList();
                        assertThat(keyColumns).doesNotContain(-1);
                        for (CsvReader.Record record = reader.next(); record != null; record = reader.next()) {
                            List<String> fields = record.fields();
                            assertThat(fields).hasSameSizeAs(header);
                            exportedKeys
                                    .computeIfAbsent(file.table(), t -> new ArrayList<>())
                                    .add(keyColumns.stream().map(fields::get).collect(Collectors.joining(",")));
                        }
                    }
                }
            }
            for (String table : KEYS.keySet()) {
                List<String> exported = exportedKeys.getOrDefault(table, List.of());
                assertThat(exported).as("CSV keys of %s, once each", table).doesNotHaveDuplicates();
                assertThat(new TreeSet<>(exported)).as("CSV keys of %s", table).isEqualTo(keys(table, true));
            }
        }
        JsonNode listed = system.get("/api/v1/backups/" + csvBackup);
        assertThat(listed.path("method").asString()).isEqualTo("logical");
        assertThat(listed.path("format").asString()).isEqualTo("csv");

        JsonNode accepted = system.delete("/api/v1/backups/" + csvBackup, "logical-backup-it");
        String id = accepted.path("operationId").asString();
        assertThat(id).as(accepted.toString()).isNotBlank();
        JsonNode operation = system.awaitOperationEnd(id, Duration.ofMinutes(3));
        assertThat(operation.path("state").asString()).as(operation.toString()).isEqualTo("COMPLETED");
        try (ObjectStore store = system.objectStore()) {
            assertThat(store.getSmall(system.layout().backupManifest(csvBackup)))
                    .isEmpty();
            assertThat(store.getSmall(system.layout().schemaScript(csvBackup))).isEmpty();
            keysOfBackup.forEach(key -> assertThat(store.head(key)).as(key).isEmpty());
            // The native backup's objects are its own: still there.
            BackupManifest kept = manifest(store, nativeBackup);
            nodeManifests(store, kept)
                    .forEach(node -> node.files()
                            .forEach(f -> assertThat(store.head(f.objectKey()))
                                    .as(f.objectKey())
                                    .isPresent()));
        }
    }
}
