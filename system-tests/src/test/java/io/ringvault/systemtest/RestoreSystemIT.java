package io.ringvault.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.data.CqlDuration;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.TupleType;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.message.RestoreFinished;
import io.ringvault.common.message.RestoreMethod;
import io.ringvault.common.message.RestorePhase;
import io.ringvault.common.message.RestorePlanned;
import io.ringvault.common.message.RestoreProgress;
import io.ringvault.common.message.RestoreRequested;
import io.ringvault.storage.ObjectStore;
import io.ringvault.testkit.CassandraEndpoint;
import io.ringvault.testkit.CassandraNodeSpec;
import io.ringvault.testkit.LocalCluster;
import io.ringvault.testkit.LocalService;
import io.ringvault.testkit.SharedStack;
import io.ringvault.testkit.Stack;
import io.ringvault.testkit.Topology;
import java.io.RandomAccessFile;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
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
 * Restores end to end, on real Cassandra, Kafka and an object store, with the coordinator, the node agent, the
 * uploaders and the restorer as processes. Backups and restores are asked for through the coordinator's REST API;
 * restores are followed on the events topic and in the coordinator's operation. Rows are compared by content, before
 * and after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class RestoreSystemIT {
    private static final String UNICODE = "Grüße, ünïcödé ✓ 日本語 🌍";

    RingvaultSystem system;
    /** The suite's own Cassandra cluster, when its topology has more than one node; else the build's node. */
    LocalCluster cluster;

    KafkaEvents kafka;
    LocalService restorer;
    String keyspace;
    String corruptKeyspace;
    String bigKeyspace;
    /** The backup of the big keyspace, taken by the kill test and restored again by the cancel test. */
    String bigBackup;

    String backupId;
    Map<String, List<String>> before;
    List<String> columnsBefore;

    abstract boolean s3();

    /** The Cassandra cluster the suite restores into; with more than one node it starts its own. */
    abstract Topology topology();

    @BeforeAll
    void start() throws Exception {
        String suffix = s3() ? "s3" : "fs";
        keyspace = "rst_" + suffix;
        corruptKeyspace = "rst_corrupt_" + suffix;
        bigKeyspace = "rst_big_" + suffix;
        // One uploader is enough to take the backups this suite restores; the backup suite runs two.
        Path directory = Files.createTempDirectory("ringvault-system-");
        Stack stack = SharedStack.get();
        if (topology().nodeCount() > 1) {
            cluster = LocalCluster.start(stack, topology(), directory.resolve("cluster"));
            stack = cluster;
        }
        // The uploader is throttled so that a backup of the big keyspace is still uploading when a node crashes.
        system = new RingvaultSystem(
                stack, s3(), directory, null, 1, Map.of("ringvault.uploader.max-bytes-per-second", "8MB"));
        try (CqlSession session = cql()) {
            for (String ks : List.of(keyspace, corruptKeyspace, bigKeyspace)) {
                session.execute("DROP KEYSPACE IF EXISTS " + ks);
            }
            createAndFill(session);
        }
        flush(keyspace);
        system.start();
        kafka = new KafkaEvents(system.stack.kafkaBootstrapServers(), system.topicPrefix + ".events");
        restorer = startRestorer("restorer-1");
    }

    LocalService startRestorer(String name) {
        // Throttled, so that the restore killed in the middle is still downloading when it is killed.
        return system.startRestorer(
                name,
                Map.of(
                        "ringvault.restorer.max-bytes-per-second", "8MB",
                        "ringvault.restorer.progress-interval", "300ms",
                        "ringvault.restorer.retry.initial-backoff", "500ms",
                        // A node that is down fails its restore within seconds, not after minutes of retries.
                        "ringvault.restorer.retry.max-backoff", "2s"));
    }

    @AfterAll
    void stop() throws Exception {
        if (restorer != null) {
            restorer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (system != null) {
            system.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    CqlSession cql() {
        return cql(system.stack.cassandra().datacenter());
    }

    /** A session whose reads at the default LOCAL_ONE are answered by the replicas of {@code datacenter}. */
    CqlSession cql(String datacenter) {
        CassandraEndpoint node = system.stack.cassandraNodes().stream()
                .filter(n -> n.datacenter().equals(datacenter))
                .findFirst()
                .orElseThrow();
        // DDL and TRUNCATE on a busy two-core machine take longer than the driver's default 2 s.
        return CqlSession.builder()
                .addContactPoint(node.cql())
                .withLocalDatacenter(node.datacenter())
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(60))
                        // After DDL the driver waits for every node to agree on the schema; four busy nodes can take
                        // longer than its 10 s, and a statement prepared before they agree fails.
                        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(60))
                        .build())
                .build();
    }

    /** One replica per datacenter: each node holds only part of the rows, so every node's restore counts. */
    String replication() {
        return topology().networkReplication(1);
    }

    private void createAndFill(CqlSession session) {
        session.execute("CREATE KEYSPACE " + keyspace + " WITH replication = " + replication());
        session.execute(
                "CREATE TYPE " + keyspace + ".address (street text, city text, zip int, tags frozen<set<text>>)");
        session.execute("CREATE TABLE " + keyspace + ".everything ("
                + "pk text, ck1 int, ck2 timeuuid, s_static text STATIC, c_ascii ascii, c_bigint bigint,"
                + " c_varint varint, c_decimal decimal, c_double double, c_float float, c_boolean boolean,"
                + " c_uuid uuid, c_timestamp timestamp, c_date date, c_time time, c_duration duration, c_inet inet,"
                + " c_blob blob, c_text text, c_int int, c_smallint smallint, c_tinyint tinyint,"
                + " c_list list<text>, c_set set<int>, c_map map<text, bigint>, c_udt frozen<address>,"
                + " c_tuple tuple<int, text, double>, c_frozen frozen<list<uuid>>,"
                + " PRIMARY KEY ((pk), ck1, ck2)) WITH CLUSTERING ORDER BY (ck1 DESC, ck2 ASC)");
        session.execute("CREATE TABLE " + keyspace + ".hits (page text, day date, views counter,"
                + " PRIMARY KEY (page, day))");
        session.execute("CREATE TABLE " + keyspace + ".notes (id int PRIMARY KEY, body text)");

        UserDefinedType address = session.getMetadata()
                .getKeyspace(keyspace)
                .flatMap(ks -> ks.getUserDefinedType("address"))
                .orElseThrow();
        TupleType tuple = DataTypes.tupleOf(DataTypes.INT, DataTypes.TEXT, DataTypes.DOUBLE);
        PreparedStatement insert = session.prepare("INSERT INTO " + keyspace + ".everything (pk, ck1, ck2, s_static,"
                + " c_ascii, c_bigint, c_varint, c_decimal, c_double, c_float, c_boolean, c_uuid, c_timestamp, c_date,"
                + " c_time, c_duration, c_inet, c_blob, c_text, c_int, c_smallint, c_tinyint, c_list, c_set, c_map,"
                + " c_udt, c_tuple, c_frozen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?, ?, ?) USING TTL ?");
        Random random = new Random(42);
        for (int p = 0; p < 12; p++) {
            for (int c = 0; c < 15; c++) {
                int n = p * 100 + c;
                boolean nulls = c % 5 == 4;
                byte[] blob = new byte[c * 7];
                random.nextBytes(blob);
                UdtValue udt = address.newValue(
                        c % 3 == 0 ? "" : "Hauptstraße " + c, UNICODE, 10_000 + n, Set.of("a" + c, "ß"));
                TupleValue tupleValue = tuple.newValue(n, c % 2 == 0 ? "" : UNICODE, n / 3.0);
                session.execute(insert.bind(
                        "partition-" + p + (p % 4 == 0 ? " " + UNICODE : ""),
                        c % 7,
                        Uuids.startOf(1_700_000_000_000L + n),
                        "static of " + p,
                        nulls ? null : "ascii-" + n,
                        nulls ? null : (long) n * 1_000_000_007L,
                        nulls ? null : BigInteger.valueOf(n).pow(7).negate(),
                        nulls ? null : new BigDecimal("12345.678901234567890").multiply(BigDecimal.valueOf(n)),
                        nulls ? null : n / 7.0,
                        nulls ? null : n / 3.0f,
                        nulls ? null : n % 2 == 0,
                        nulls ? null : new UUID(random.nextLong(), random.nextLong()),
                        nulls ? null : Instant.ofEpochMilli(1_600_000_000_000L + n * 1000L),
                        nulls ? null : LocalDate.of(2020, 1, 1).plusDays(n),
                        nulls ? null : LocalTime.of(n % 24, c, 7, 123_456_789),
                        nulls ? null : CqlDuration.newInstance(c, n, 1_000L * n),
                        nulls ? null : InetAddress.getLoopbackAddress(),
                        nulls ? null : ByteBuffer.wrap(blob),
                        c % 3 == 0 ? "" : UNICODE + " " + n,
                        nulls ? null : -n,
                        nulls ? null : (short) n,
                        nulls ? null : (byte) c,
                        nulls ? null : List.of("x" + n, "", UNICODE),
                        nulls ? null : new java.util.TreeSet<>(List.of(n, n + 1, -n)),
                        nulls ? null : Map.of("k" + n, (long) n, "", -1L),
                        nulls ? null : udt,
                        nulls ? null : tupleValue,
                        nulls ? null : List.of(new UUID(n, c), new UUID(c, n)),
                        // Some rows expire, long after the test: a TTL must survive the restore.
                        c % 2 == 0 ? 86_400 : 0));
            }
        }
        PreparedStatement count =
                session.prepare("UPDATE " + keyspace + ".hits SET views = views + ? WHERE page = ? AND day = ?");
        for (int i = 0; i < 60; i++) {
            session.execute(count.bind((long) i * 3 + 1, "page-" + (i % 7), LocalDate.of(2026, 1, 1 + i % 28)));
        }
        PreparedStatement note = session.prepare("INSERT INTO " + keyspace + ".notes (id, body) VALUES (?, ?)");
        for (int i = 0; i < 50; i++) {
            session.execute(note.bind(i, i % 10 == 0 ? "" : UNICODE + " note " + i));
        }

        session.execute("CREATE KEYSPACE " + corruptKeyspace + " WITH replication = " + replication());
        session.execute("CREATE TABLE " + corruptKeyspace + ".ledger (id int PRIMARY KEY, amount decimal, memo text)");
        PreparedStatement ledger =
                session.prepare("INSERT INTO " + corruptKeyspace + ".ledger (id, amount, memo) VALUES (?, ?, ?)");
        for (int i = 0; i < 500; i++) {
            session.execute(ledger.bind(i, BigDecimal.valueOf(i * 1001L, 2), "entry " + i + " " + UNICODE));
        }

        session.execute("CREATE KEYSPACE " + bigKeyspace + " WITH replication = " + replication());
        // No compaction: several SSTables, several Data.db files to download one after the other.
        session.execute("CREATE TABLE " + bigKeyspace + ".blobs (id int PRIMARY KEY, payload blob) WITH compaction ="
                + " {'class':'SizeTieredCompactionStrategy','enabled':'false'} AND compression = {'enabled':'false'}");
    }

    /** Rows per SSTable of the big table: 600 rows of 10 kB, four SSTables, about 24 MB per datacenter. */
    private static final int BIG_ROWS_PER_SSTABLE = 600;

    /** About 24 MB of incompressible rows in four SSTables, in each datacenter. */
    private void fillBig() {
        try (CqlSession session = cql()) {
            PreparedStatement insert =
                    session.prepare("INSERT INTO " + bigKeyspace + ".blobs (id, payload) VALUES (?, ?)");
            Random random = new Random(7);
            for (int batch = 0; batch < 4; batch++) {
                for (int i = 0; i < BIG_ROWS_PER_SSTABLE; i += 20) {
                    // A few writes in flight at once; a batch this size would pass batch_size_fail_threshold.
                    List<java.util.concurrent.CompletableFuture<?>> writes = new ArrayList<>();
                    for (int j = i; j < i + 20; j++) {
                        byte[] payload = new byte[10_000];
                        random.nextBytes(payload);
                        writes.add(session.executeAsync(insert.bind(batch * 10_000 + j, ByteBuffer.wrap(payload)))
                                .toCompletableFuture());
                    }
                    writes.forEach(java.util.concurrent.CompletableFuture::join);
                }
                flush(bigKeyspace);
            }
        }
    }

    /** Flushes the keyspace's memtables on every node. */
    void flush(String ks) {
        for (CassandraEndpoint node : system.stack.cassandraNodes()) {
            try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(node.jmxServiceUrl()))) {
                jmx.getMBeanServerConnection()
                        .invoke(
                                new ObjectName("org.apache.cassandra.db:type=StorageService"),
                                "forceKeyspaceFlush",
                                new Object[] {ks, new String[0]},
                                new String[] {String.class.getName(), String[].class.getName()});
            } catch (Exception e) {
                throw new IllegalStateException("cannot flush " + ks + " on " + node.name(), e);
            }
        }
    }

    String backup(String ks) throws Exception {
        return awaitCompleted(requestBackup(ks));
    }

    /** Asks for a full backup of {@code ks} and returns its operation id, without waiting for it. */
    String requestBackup(String ks) throws Exception {
        JsonNode accepted = system.post("/api/v1/backups", "{\"keyspaces\":[\"" + ks + "\"],\"mode\":\"full\"}");
        String id = accepted.path("operationId").asString();
        assertThat(id).as(accepted.toString()).isNotBlank();
        return id;
    }

    /** Asks the coordinator for a restore over REST; it validates it and sends the restore command. */
    String restore(RestoreRequested request) throws Exception {
        JsonNode accepted = requestRestore(request);
        String operationId = accepted.path("operationId").asString();
        assertThat(operationId).as(accepted.toString()).isNotBlank();
        return operationId;
    }

    /** The coordinator's answer to a restore request: an operation id, or why it was refused. */
    JsonNode requestRestore(RestoreRequested request) throws Exception {
        return system.post("/api/v1/restores", RingvaultSystem.CODEC.mapper().writeValueAsString(request));
    }

    /** Waits until the restore has staged a file on some node: it is downloading. */
    void awaitDownloading(String operationId) {
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> kafka.of(operationId, RestoreProgress.class).stream()
                        .anyMatch(p -> p.phase() == RestorePhase.DOWNLOADING && p.filesDone() > 0));
    }

    /** The restorer's own end of the restore, once the coordinator has ended the operation the same way. */
    RestoreFinished awaitFinished(String operationId) {
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> !kafka.of(operationId, RestoreFinished.class).isEmpty());
        RestoreFinished finished = kafka.of(operationId, RestoreFinished.class).get(0);
        String expected = finished.outcome().name();
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(300))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(system.get("/api/v1/operations/" + operationId)
                                .path("state")
                                .asString())
                        .isEqualTo(expected));
        return finished;
    }

    /**
     * Every row of a table as text, sorted: the values, and which cells still have a TTL. Read in each datacenter on
     * its own (LOCAL_ONE), each row prefixed with it, so a datacenter whose nodes lack rows shows.
     */
    List<String> rows(String table) {
        List<String> rows = new ArrayList<>();
        for (String datacenter : topology().nodesPerDatacenter().keySet()) {
            rows(table, datacenter).forEach(row -> rows.add(datacenter + " " + row));
        }
        return rows;
    }

    List<String> rows(String table, String datacenter) {
        try (CqlSession session = cql(datacenter)) {
            List<String> rows = new ArrayList<>();
            for (Row row : session.execute("SELECT * FROM " + table)) {
                rows.add(row.getFormattedContents());
            }
            if (table.endsWith(".everything")) {
                for (Row row : session.execute("SELECT pk, ck1, ck2, TTL(c_text), WRITETIME(c_text) FROM " + table)) {
                    rows.add("ttl " + row.getString(0) + "/" + row.getInt(1) + "/" + row.getUuid(2) + " has-ttl="
                            + !row.isNull(3) + " writetime=" + row.getLong(4));
                }
            }
            rows.sort(null);
            return rows;
        }
    }

    /**
     * Rows of the big table as datacenter/id → SHA-256 of the payload, so they compare cheaply; read in each
     * datacenter on its own.
     */
    Map<String, String> bigRows() throws Exception {
        Map<String, String> rows = new TreeMap<>();
        for (String datacenter : topology().nodesPerDatacenter().keySet()) {
            try (CqlSession session = cql(datacenter)) {
                for (Row row : session.execute("SELECT id, payload FROM " + bigKeyspace + ".blobs")) {
                    MessageDigest digest = MessageDigest.getInstance("SHA-256");
                    digest.update(row.getByteBuffer(1));
                    rows.put(datacenter + "/" + row.getInt(0), HexFormat.of().formatHex(digest.digest()));
                }
            }
        }
        return rows;
    }

    List<String> columns(String ks, String table) {
        try (CqlSession session = cql()) {
            List<String> columns = new ArrayList<>();
            for (Row row : session.execute(
                    "SELECT column_name, kind, type, clustering_order, position FROM system_schema.columns"
                            + " WHERE keyspace_name = ? AND table_name = ?",
                    ks,
                    table)) {
                columns.add(row.getFormattedContents());
            }
            columns.sort(null);
            return columns;
        }
    }

    /** The operation's staging directory on every node. */
    List<Path> stagingOf(String operationId) {
        return system.stack.cassandraNodes().stream()
                .map(node -> node.dataDirectories()
                        .get(0)
                        .toAbsolutePath()
                        .getParent()
                        .resolve("ringvault-staging")
                        .resolve(operationId))
                .toList();
    }

    /** Whether no node has the operation's staging directory left. */
    boolean noStagingLeft(String operationId) {
        return stagingOf(operationId).stream().noneMatch(Files::exists);
    }

    Map<String, Double> metrics(LocalService service) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(service.url() + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (String line : response.body().split("\n")) {
            if (line.startsWith("ringvault_")) {
                int space = line.lastIndexOf(' ');
                metrics.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return metrics;
    }

    @Test
    @Order(1)
    void shouldRestoreTruncatedTablesRowForRow() throws Exception {
        before = new LinkedHashMap<>();
        for (String table : List.of("everything", "hits", "notes")) {
            before.put(table, rows(keyspace + "." + table));
            assertThat(before.get(table)).isNotEmpty();
        }
        columnsBefore = columns(keyspace, "everything");
        backupId = backup(keyspace);
        try (CqlSession session = cql()) {
            session.execute("TRUNCATE " + keyspace + ".everything");
            session.execute("TRUNCATE " + keyspace + ".hits");
            // Written after the backup: the restore's truncate removes it.
            session.execute("INSERT INTO " + keyspace + ".notes (id, body) VALUES (9999, 'after the backup')");
        }
        assertThat(rows(keyspace + ".everything")).isEmpty();

        String operationId = restore(new RestoreRequested(
                backupId, List.of(keyspace), List.of(), "restore-system-it", true, false, null, null));
        RestoreFinished finished = awaitFinished(operationId);

        assertThat(finished.outcome()).as(finished.toString()).isEqualTo(RestoreFinished.Outcome.COMPLETED);
        assertThat(finished.importedTables())
                .containsExactlyInAnyOrder(keyspace + ".everything", keyspace + ".hits", keyspace + ".notes");
        for (String table : before.keySet()) {
            assertThat(rows(keyspace + "." + table)).as(table).isEqualTo(before.get(table));
        }
        RestorePlanned planned = kafka.of(operationId, RestorePlanned.class).get(0);
        assertThat(planned.backupId()).isEqualTo(backupId);
        assertThat(planned.nodes()).hasSize(system.stack.cassandraNodes().size());
        assertThat(planned.nodes())
                .extracting(node -> node.sourceHostId())
                .containsExactlyInAnyOrderElementsOf(system.stack.cassandraNodes().stream()
                        .map(system::hostId)
                        .toList());
        assertThat(planned.nodes()).allSatisfy(node -> {
            assertThat(node.target().hostId()).isEqualTo(node.sourceHostId());
            assertThat(node.mappedBy()).isEqualTo("same-host-id");
        });
        assertThat(planned.filesTotal()).isPositive();
        List<RestoreProgress> progress = kafka.of(operationId, RestoreProgress.class);
        // Each table is done on every node.
        List<String> everyNodeAndTable = new ArrayList<>();
        for (CassandraEndpoint node : system.stack.cassandraNodes()) {
            for (String table : List.of("everything", "hits", "notes")) {
                everyNodeAndTable.add(system.hostId(node) + " " + table);
            }
        }
        assertThat(progress)
                .filteredOn(p -> p.phase() == RestorePhase.DONE)
                .extracting(p -> p.node().hostId() + " " + p.table())
                .containsExactlyInAnyOrderElementsOf(everyNodeAndTable);
        assertThat(progress)
                .filteredOn(p -> p.phase() == RestorePhase.DONE)
                .allSatisfy(p -> assertThat(p.filesDone()).isEqualTo(p.filesTotal()));
        assertThat(stagingOf(operationId))
                .allSatisfy(staging -> assertThat(staging).doesNotExist());
    }

    @Test
    @Order(2)
    void shouldRecreateADroppedTableAndItsTypeWithTheirRows() throws Exception {
        try (CqlSession session = cql()) {
            session.execute("DROP TABLE " + keyspace + ".everything");
            session.execute("DROP TYPE " + keyspace + ".address");
        }
        String operationId = restore(
                new RestoreRequested(backupId, List.of(), List.of(keyspace + ".everything"), "restore-system-it"));
        RestoreFinished finished = awaitFinished(operationId);

        assertThat(finished.outcome()).as(finished.toString()).isEqualTo(RestoreFinished.Outcome.COMPLETED);
        assertThat(finished.importedTables()).containsExactly(keyspace + ".everything");
        assertThat(columns(keyspace, "everything")).isEqualTo(columnsBefore);
        assertThat(rows(keyspace + ".everything")).isEqualTo(before.get("everything"));
    }

    @Test
    @Order(3)
    void shouldRestoreOneTableAndLeaveTheOthersAlone() throws Exception {
        try (CqlSession session = cql()) {
            session.execute("DELETE FROM " + keyspace + ".notes WHERE id IN (1, 2, 3)");
            session.execute("UPDATE " + keyspace + ".notes SET body = 'changed' WHERE id = 4");
            session.execute("UPDATE " + keyspace + ".hits SET views = views + 1000 WHERE page = 'page-1'"
                    + " AND day = '2026-01-02'");
        }
        List<String> hitsChanged = rows(keyspace + ".hits");
        assertThat(hitsChanged).isNotEqualTo(before.get("hits"));

        // With a repair afterwards, as the operator's runbook ends (nodetool repair -full -pr on every node).
        String operationId = restore(new RestoreRequested(
                backupId,
                List.of(),
                List.of(keyspace + ".notes"),
                List.of(),
                "restore-system-it",
                true,
                false,
                null,
                null,
                null,
                true));
        RestoreFinished finished = awaitFinished(operationId);

        assertThat(finished.outcome()).as(finished.toString()).isEqualTo(RestoreFinished.Outcome.COMPLETED);
        assertThat(finished.importedTables()).containsExactly(keyspace + ".notes");
        // Every node that received files repaired the table after its import, and said so in the events.
        List<RestoreProgress> progress = kafka.of(operationId, RestoreProgress.class);
        Set<String> repaired = progress.stream()
                .filter(p -> p.phase() == RestorePhase.REPAIRING && p.table().equals("notes"))
                .map(p -> p.node().hostId())
                .collect(Collectors.toSet());
        Set<String> planned = kafka.of(operationId, RestorePlanned.class).get(0).nodes().stream()
                .map(node -> node.target().hostId())
                .collect(Collectors.toSet());
        assertThat(repaired).as(progress.toString()).isEqualTo(planned);
        for (String hostId : planned) {
            List<RestorePhase> phases = progress.stream()
                    .filter(p -> p.node().hostId().equals(hostId))
                    .map(RestoreProgress::phase)
                    .toList();
            assertThat(phases)
                    .as(hostId)
                    .containsSubsequence(RestorePhase.IMPORTING, RestorePhase.REPAIRING, RestorePhase.DONE);
        }
        assertThat(rows(keyspace + ".notes")).isEqualTo(before.get("notes"));
        assertThat(rows(keyspace + ".hits")).isEqualTo(hitsChanged);
        assertThat(rows(keyspace + ".everything")).isEqualTo(before.get("everything"));
    }

    @Test
    @Order(4)
    void shouldFailWithoutImportingWhenAnObjectDoesNotMatchItsChecksum() throws Exception {
        flush(corruptKeyspace);
        String corruptBackup = backup(corruptKeyspace);
        NodeManifest.File data;
        try (ObjectStore store = system.objectStore()) {
            BackupManifest manifest = RingvaultSystem.CODEC
                    .mapper()
                    .readValue(
                            store.getSmall(system.layout().backupManifest(corruptBackup))
                                    .orElseThrow(),
                            BackupManifest.class);
            NodeManifest node = RingvaultSystem.CODEC
                    .mapper()
                    .readValue(
                            store.getSmall(manifest.nodes().get(0).manifestKey())
                                    .orElseThrow(),
                            NodeManifest.class);
            data = node.files().stream()
                    .filter(f -> f.fileName().endsWith("-Data.db"))
                    .findFirst()
                    .orElseThrow();
        }
        corrupt(data);
        try (CqlSession session = cql()) {
            session.execute("DELETE FROM " + corruptKeyspace + ".ledger WHERE id = 7");
            session.execute("INSERT INTO " + corruptKeyspace + ".ledger (id, memo) VALUES (100000, 'after')");
        }
        List<String> current = rows(corruptKeyspace + ".ledger");

        String operationId = restore(new RestoreRequested(
                corruptBackup, List.of(corruptKeyspace), List.of(), "restore-system-it", true, false, null, null));
        RestoreFinished finished = awaitFinished(operationId);

        assertThat(finished.outcome()).as(finished.toString()).isEqualTo(RestoreFinished.Outcome.FAILED);
        assertThat(finished.reason().code()).isEqualTo("checksum-mismatch");
        assertThat(finished.detail()).contains(data.fileName(), data.objectKey(), corruptBackup);
        assertThat(finished.importedTables()).isEmpty();
        // Not truncated, nothing imported.
        assertThat(rows(corruptKeyspace + ".ledger")).isEqualTo(current);
        assertThat(kafka.of(operationId, RestoreProgress.class))
                .anySatisfy(p -> assertThat(p.phase()).isEqualTo(RestorePhase.FAILED));
        assertThat(kafka.of(operationId, RestoreProgress.class)).noneMatch(p -> p.phase() == RestorePhase.IMPORTING);
        await().atMost(Duration.ofSeconds(30)).until(() -> noStagingLeft(operationId));
    }

    /** Overwrites bytes in the middle of the object, keeping its size. */
    void corrupt(NodeManifest.File file) throws Exception {
        if (s3()) {
            try (ObjectStore store = system.objectStore()) {
                byte[] bytes = store.get(file.objectKey(), 0).readAllBytes();
                bytes[bytes.length / 2] ^= (byte) 0xff;
                store.put(file.objectKey(), bytes);
            }
            return;
        }
        try (RandomAccessFile object =
                new RandomAccessFile(system.objectRoot.resolve(file.objectKey()).toFile(), "rw")) {
            long middle = object.length() / 2;
            object.seek(middle);
            int b = object.read();
            object.seek(middle);
            object.write(b ^ 0xff);
        }
    }

    @Test
    @Order(5)
    void shouldContinueWithoutFetchingStagedFilesAgainWhenTheRestorerIsKilled() throws Exception {
        fillBig();
        Map<String, String> bigBefore = bigRows();
        assertThat(bigBefore)
                .hasSize(4
                        * BIG_ROWS_PER_SSTABLE
                        * topology().nodesPerDatacenter().size());
        bigBackup = backup(bigKeyspace);
        try (CqlSession session = cql()) {
            session.execute("TRUNCATE " + bigKeyspace + ".blobs");
        }

        String operationId = restore(new RestoreRequested(
                bigBackup, List.of(bigKeyspace), List.of(), "restore-system-it", true, false, null, null));
        awaitDownloading(operationId);
        restorer.kill();
        long stagedWhenKilled = kafka.of(operationId, RestoreProgress.class).stream()
                .filter(p -> p.phase() == RestorePhase.DOWNLOADING)
                .mapToLong(RestoreProgress::filesDone)
                .max()
                .orElseThrow();
        assertThat(kafka.of(operationId, RestoreFinished.class)).isEmpty();

        restorer = startRestorer("restorer-2");
        RestoreFinished finished = awaitFinished(operationId);

        assertThat(finished.outcome()).as(finished.toString()).isEqualTo(RestoreFinished.Outcome.COMPLETED);
        assertThat(bigRows()).isEqualTo(bigBefore);
        List<RestorePlanned> plans = kafka.of(operationId, RestorePlanned.class);
        assertThat(plans).hasSize(2);
        long filesTotal = plans.get(1).filesTotal();
        Map<String, Double> metrics = metrics(restorer);
        double skipped = metrics.getOrDefault("ringvault_restorer_files_total{outcome=\"skipped\"}", 0.0);
        double downloaded = metrics.getOrDefault("ringvault_restorer_files_total{outcome=\"downloaded\"}", 0.0);
        assertThat(skipped).as(metrics.toString()).isGreaterThanOrEqualTo(stagedWhenKilled);
        assertThat(skipped + downloaded).as(metrics.toString()).isEqualTo((double) filesTotal);
        assertThat(stagingOf(operationId))
                .allSatisfy(staging -> assertThat(staging).doesNotExist());
        assertThat(kafka.of(operationId, RestoreProgress.class).stream()
                        .filter(p -> p.phase() == RestorePhase.DOWNLOADING && p.bytesPerSecond() != null)
                        .map(RestoreProgress::bytesPerSecond)
                        .collect(Collectors.toList()))
                .anyMatch(rate -> rate > 0);
    }

    @Test
    @Order(6)
    void shouldStopCleanUpAndSayWhatWasImportedWhenARestoreIsCancelled() throws Exception {
        assertThat(bigBackup).as("the kill test took the backup").isNotNull();
        Map<String, String> before = bigRows();
        String operationId = restore(new RestoreRequested(
                bigBackup, List.of(bigKeyspace), List.of(), "restore-system-it", false, false, null, null));
        awaitDownloading(operationId);

        JsonNode cancel = system.post("/api/v1/operations/" + operationId + "/cancel", "{}");
        assertThat(cancel.toString()).doesNotContain("\"status\":4");

        RestoreFinished finished = awaitFinished(operationId);
        assertThat(finished.outcome()).as(finished.toString()).isEqualTo(RestoreFinished.Outcome.CANCELLED);
        // The one table was still downloading: nothing was imported, and the staged files are gone.
        assertThat(finished.importedTables()).isEmpty();
        assertThat(stagingOf(operationId))
                .allSatisfy(staging -> assertThat(staging).doesNotExist());
        assertThat(bigRows()).isEqualTo(before);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(kafka.of(operationId, io.ringvault.common.message.OperationCancelled.class))
                                .singleElement()
                                .satisfies(c -> assertThat(c.importedTables()).isEqualTo(finished.importedTables())));
    }

    @Test
    @Order(7)
    void shouldRecreateADroppedKeyspaceOnEveryNode() throws Exception {
        try (CqlSession session = cql()) {
            session.execute("DROP KEYSPACE " + keyspace);
        }
        String operationId = restore(new RestoreRequested(backupId, List.of(keyspace), List.of(), "restore-system-it"));
        RestoreFinished finished = awaitFinished(operationId);

        assertThat(finished.outcome()).as(finished.toString()).isEqualTo(RestoreFinished.Outcome.COMPLETED);
        assertThat(columns(keyspace, "everything")).isEqualTo(columnsBefore);
        for (String table : before.keySet()) {
            assertThat(rows(keyspace + "." + table)).as(table).isEqualTo(before.get(table));
        }
    }

    /** A backup of one datacenter's nodes, restored into that datacenter of the same cluster; the other is left alone. */
    @Test
    @Order(8)
    void shouldRestoreABackupOfOneDatacenterIntoTheSameCluster() throws Exception {
        assumeTrue(topology().nodesPerDatacenter().size() > 1, "needs two datacenters");
        JsonNode accepted = system.post(
                "/api/v1/backups",
                "{\"keyspaces\":[\"" + keyspace + "\"],\"datacenters\":[\"dc1\"],\"mode\":\"full\"}");
        String dc1Backup = awaitCompleted(accepted.path("operationId").asString());
        BackupManifest manifest = manifest(dc1Backup);
        assertThat(manifest.nodes())
                .allSatisfy(node -> assertThat(node.datacenter()).isEqualTo("dc1"));
        assertThat(manifest.nodes()).hasSize(topology().nodesPerDatacenter().get("dc1"));
        try (CqlSession session = cql()) {
            session.execute("TRUNCATE " + keyspace + ".notes"); // every datacenter loses the rows
        }

        String operationId =
                restore(new RestoreRequested(dc1Backup, List.of(), List.of(keyspace + ".notes"), "restore-system-it"));
        RestoreFinished finished = awaitFinished(operationId);

        assertThat(finished.outcome()).as(finished.toString()).isEqualTo(RestoreFinished.Outcome.COMPLETED);
        assertThat(kafka.of(operationId, RestorePlanned.class).get(0).nodes())
                .allSatisfy(node -> assertThat(node.target().datacenter()).isEqualTo("dc1"));
        assertThat(rows(keyspace + ".notes", "dc1")).isEqualTo(rowsOf(before.get("notes"), "dc1"));
        assertThat(rows(keyspace + ".notes", "dc2")).as("dc2 was not restored").isEmpty();
    }

    /** {@code --dc dc2}: a datacenter that lost its rows gets them back from a backup of the whole cluster. */
    @Test
    @Order(9)
    void shouldRestoreOneDatacenterOfAWholeClusterBackup() throws Exception {
        assumeTrue(topology().nodesPerDatacenter().size() > 1, "needs two datacenters");
        List<String> dc1 = rows(keyspace + ".notes", "dc1");

        String operationId = restore(new RestoreRequested(
                backupId,
                List.of(),
                List.of(keyspace + ".notes"),
                List.of("dc2"),
                "restore-system-it",
                false,
                false,
                null,
                null));
        RestoreFinished finished = awaitFinished(operationId);

        assertThat(finished.outcome()).as(finished.toString()).isEqualTo(RestoreFinished.Outcome.COMPLETED);
        assertThat(kafka.of(operationId, RestorePlanned.class).get(0).nodes())
                .hasSize(topology().nodesPerDatacenter().get("dc2"))
                .allSatisfy(node -> assertThat(node.target().datacenter()).isEqualTo("dc2"));
        assertThat(rows(keyspace + ".notes", "dc2")).isEqualTo(rowsOf(before.get("notes"), "dc2"));
        assertThat(rows(keyspace + ".notes", "dc1")).as("dc1 left alone").isEqualTo(dc1);

        // TRUNCATE is cluster-wide: a restore of one datacenter may not ask for it.
        JsonNode refused = system.post(
                "/api/v1/restores", "{\"backupId\":\"" + backupId + "\",\"datacenters\":[\"dc2\"],\"truncate\":true}");
        assertThat(refused.toString()).as(refused.toString()).contains("truncate");
        assertThat(refused.path("status").asInt()).isEqualTo(400);
    }

    /**
     * A node that is down when a backup is asked for: the request is refused naming it, or, with {@code allowPartial},
     * the backup covers the nodes that are up, names the missing one and the token ranges no backed-up replica holds.
     */
    @Test
    @Order(10)
    void shouldRefuseABackupWhileANodeIsDownOrTakeAPartialOneNamingIt() throws Exception {
        assumeTrue(cluster != null && topology().nodesPerDatacenter().size() > 1, "needs a cluster of its own");
        String dc2Only = keyspace + "_dc2";
        try (CqlSession session = cql()) {
            // Only dc2 holds it, one replica: the stopped node's ranges are held by no node that is up.
            session.execute("CREATE KEYSPACE " + dc2Only
                    + " WITH replication = {'class': 'NetworkTopologyStrategy', 'dc2': 1}");
            session.execute("CREATE TABLE " + dc2Only + ".notes (id int PRIMARY KEY, body text)");
        }
        CassandraEndpoint stopped = system.stack.cassandraNodes().stream()
                .filter(node -> node.datacenter().equals("dc2"))
                .reduce((first, second) -> second)
                .orElseThrow();
        String stoppedHostId = system.hostId(stopped);
        cluster.nodes().stopNode(stopped.name());
        try {
            String request = "{\"keyspaces\":[\"" + dc2Only + "\"],\"mode\":\"full\"";
            // The coordinator learns that the node is down from Cassandra's gossip, within seconds.
            await().atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        JsonNode refused = system.post("/api/v1/backups", request + "}");
                        assertThat(refused.path("status").asInt())
                                .as(refused.toString())
                                .isEqualTo(400);
                        assertThat(refused.path("reason").asString()).isEqualTo("node-down");
                        assertThat(refused.path("detail").asString())
                                .contains(stoppedHostId)
                                .contains("--allow-partial");
                    });

            JsonNode accepted = system.post("/api/v1/backups", request + ",\"allowPartial\":true}");
            String partial = awaitCompleted(accepted.path("operationId").asString());
            JsonNode backup = system.get("/api/v1/backups/" + partial);
            assertThat(backup.path("partial").asBoolean()).as(backup.toString()).isTrue();
            assertThat(backup.path("missingNodes").toString()).contains(stoppedHostId);
            JsonNode uncovered = backup.path("uncoveredRanges");
            assertThat(uncovered).as(backup.toString()).hasSize(1);
            assertThat(uncovered.get(0).path("keyspace").asString()).isEqualTo(dc2Only);
            assertThat(uncovered.get(0).path("rangeCount").asInt()).isPositive();
            assertThat(manifest(partial).nodes())
                    .hasSize(system.stack.cassandraNodes().size() - 1)
                    .noneMatch(node -> node.hostId().equals(stoppedHostId));
        } finally {
            cluster.nodes().startNode(stopped.name());
        }
    }

    /**
     * A node that crashes in the middle of a restore: the restore fails naming it, no node imports the table twice, the
     * staging areas of the nodes that are up are cleared, and once the node is back the same restore runs through.
     */
    @Test
    @Order(11)
    void shouldFailNamingTheNodeThatStopsInTheMiddleOfARestore() throws Exception {
        assumeTrue(cluster != null, "needs a cluster of its own");
        assertThat(bigBackup).as("the kill test took the backup").isNotNull();
        Map<String, String> bigBefore = bigRows();
        CassandraEndpoint crashed =
                system.stack.cassandraNodes().get(system.stack.cassandraNodes().size() - 1);
        String crashedHostId = system.hostId(crashed);
        try (CqlSession session = cql()) {
            session.execute("TRUNCATE " + bigKeyspace + ".blobs");
        }

        String operationId = restore(new RestoreRequested(
                bigBackup, List.of(bigKeyspace), List.of(), "restore-system-it", false, false, null, null));
        awaitDownloading(operationId);
        cluster.nodes().killNode(crashed.name());
        try {
            RestoreFinished finished = awaitFinished(operationId);

            assertThat(finished.outcome()).as(finished.toString()).isEqualTo(RestoreFinished.Outcome.FAILED);
            assertThat(finished.importedTables()).isEmpty();
            List<RestoreProgress> progress = kafka.of(operationId, RestoreProgress.class);
            assertThat(progress)
                    .filteredOn(p -> p.phase() == RestorePhase.FAILED
                            && p.node().hostId().equals(crashedHostId))
                    .as(progress.toString())
                    .isNotEmpty();
            // Each node reports its import done at most once.
            Map<String, Long> imports = progress.stream()
                    .filter(p -> p.phase() == RestorePhase.DONE)
                    .collect(Collectors.groupingBy(p -> p.node().hostId(), Collectors.counting()));
            assertThat(imports)
                    .doesNotContainKey(crashedHostId)
                    .allSatisfy((node, count) -> assertThat(count).isEqualTo(1));
            JsonNode operation = system.get("/api/v1/operations/" + operationId);
            assertThat(operation.path("state").asString()).isEqualTo("FAILED");
            assertThat(operation.toString()).contains(crashedHostId);
            assertThat(stagingOf(operationId)
                            .subList(0, system.stack.cassandraNodes().size() - 1))
                    .allSatisfy(staging -> assertThat(staging).doesNotExist());
        } finally {
            cluster.nodes().startNode(crashed.name());
        }

        // Refused as long as the coordinator has not yet heard from gossip that the node is back.
        String again = await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(2))
                .until(
                        () -> requestRestore(new RestoreRequested(
                                        bigBackup,
                                        List.of(bigKeyspace),
                                        List.of(),
                                        "restore-system-it",
                                        true,
                                        false,
                                        null,
                                        null))
                                .path("operationId")
                                .asString(""),
                        id -> !id.isBlank());
        assertThat(awaitFinished(again).outcome()).isEqualTo(RestoreFinished.Outcome.COMPLETED);
        assertThat(bigRows()).isEqualTo(bigBefore);
    }

    /**
     * A node that crashes in the middle of a backup, its Cassandra and its agent at once: the backup fails naming it,
     * within the node timeout, and the snapshots of the other nodes are cleared. Restarted, its agent clears its own.
     */
    @Test
    @Order(12)
    void shouldFailNamingTheNodeThatStopsInTheMiddleOfABackupAndClearTheOthersSnapshots() throws Exception {
        assumeTrue(cluster != null, "needs a cluster of its own");
        List<CassandraEndpoint> nodes = system.stack.cassandraNodes();
        CassandraEndpoint crashed = nodes.get(nodes.size() - 1);
        String crashedHostId = system.hostId(crashed);
        String operationId = requestBackup(bigKeyspace);
        // The uploader is throttled: the backup is still uploading when the node goes.
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> system.get("/api/v1/operations/" + operationId)
                                .path("progress")
                                .path("filesDone")
                                .asLong()
                        > 0);
        system.agents.get(crashed.name()).kill();
        cluster.nodes().killNode(crashed.name());
        try {
            await().atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> system.get("/api/v1/operations/" + operationId)
                            .path("state")
                            .asString()
                            .equals("FAILED"));
            JsonNode operation = system.get("/api/v1/operations/" + operationId);
            assertThat(operation.path("failure").toString())
                    .as(operation.toString())
                    .contains(crashedHostId);
            List<CassandraEndpoint> up = nodes.subList(0, nodes.size() - 1);
            await().atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> up.stream()
                            .noneMatch(node -> RingvaultSystem.snapshotOnDisk(node, bigKeyspace, operationId)));
            // Listed as failed, never as a backup to restore.
            JsonNode listed = system.get("/api/v1/backups");
            assertThat(listed.findParents("id").stream()
                            .filter(backup -> backup.path("id").asString().equals(operationId))
                            .map(backup -> backup.path("state").asString()))
                    .as(listed.toString())
                    .containsExactly("FAILED");
        } finally {
            cluster.nodes().startNode(crashed.name());
            system.startAgent(crashed);
            // The restorer knows each agent by its URL, and the restarted agent has a new one.
            restorer.close();
            restorer = startRestorer("restorer-" + crashed.name());
        }
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> !RingvaultSystem.snapshotOnDisk(crashed, bigKeyspace, operationId));
    }

    /**
     * A brand-new cluster of the same shape, restored from the bucket alone: the old cluster, its Kafka topics and its
     * coordinator's state are gone. Each new node starts with the {@code initial_token} of the backed-up node of its
     * datacenter and rack (what {@code ringvault restore --print-tokens} prints), so the restore imports every node's
     * SSTables as they are.
     */
    @Test
    @Order(13)
    void shouldRestoreIntoANewClusterWhoseNodesArePinnedToTheBackedUpTokens() throws Exception {
        assumeTrue(cluster != null, "needs a cluster of its own");
        JsonNode tokens = system.get("/api/v1/backups/" + backupId + "/tokens");
        assertThat(tokens).as(tokens.toString()).hasSize(topology().nodeCount());

        // Pair each new node with a backed-up node of the same datacenter and rack.
        List<JsonNode> unpinned = new ArrayList<>();
        tokens.forEach(unpinned::add);
        List<CassandraNodeSpec> pinned = new ArrayList<>();
        for (CassandraNodeSpec node : topology().nodes()) {
            JsonNode source = unpinned.stream()
                    .filter(t -> t.path("datacenter").asString().equals(node.datacenter())
                            && t.path("rack").asString().equals(node.rack()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no backed-up node for " + node + " in " + tokens));
            unpinned.remove(source);
            pinned.add(
                    node.withExtraYaml(source.path("cassandraYaml").asString().replaceFirst("num_tokens: \\d+\n", "")));
        }
        replaceCluster(pinned);

        String operationId = restore(new RestoreRequested(backupId, List.of(keyspace), List.of(), "restore-system-it"));
        RestoreFinished finished = awaitFinished(operationId);

        assertThat(finished.outcome()).as(finished.toString()).isEqualTo(RestoreFinished.Outcome.COMPLETED);
        assertThat(kafka.of(operationId, RestorePlanned.class).get(0).nodes())
                .hasSize(topology().nodeCount())
                .allSatisfy(node -> {
                    assertThat(node.target().hostId()).isNotEqualTo(node.sourceHostId());
                    // Pinned to the same tokens: imported as they are, not streamed.
                    assertThat(node.method()).isEqualTo(RestoreMethod.IMPORT);
                });
        for (String table : before.keySet()) {
            assertThat(rows(keyspace + "." + table)).as(table).isEqualTo(before.get(table));
        }
    }

    /**
     * A cluster of another size, restored from the bucket alone: the four-node backup into two nodes, one per
     * datacenter. No node owns a backed-up node's tokens, so every backed-up node's files are streamed to their
     * replicas by Cassandra's bulk loader, two backed-up nodes onto each new node.
     */
    @Test
    @Order(14)
    void shouldStreamABackupIntoAClusterOfAnotherSize() throws Exception {
        assumeTrue(cluster != null && topology().nodeCount() == 4, "needs a four-node cluster of its own");
        Topology smaller = Topology.parse("dc1:1,dc2:1");
        replaceCluster(smaller.nodes());

        String operationId = restore(new RestoreRequested(backupId, List.of(keyspace), List.of(), "restore-system-it"));
        RestoreFinished finished = awaitFinished(operationId);

        assertThat(finished.outcome()).as(finished.toString()).isEqualTo(RestoreFinished.Outcome.COMPLETED);
        Map<String, String> backedUpDatacenters = manifest(backupId).nodes().stream()
                .collect(Collectors.toMap(BackupManifest.NodeEntry::hostId, BackupManifest.NodeEntry::datacenter));
        List<RestorePlanned.NodeMapping> plan =
                kafka.of(operationId, RestorePlanned.class).get(0).nodes();
        assertThat(plan).hasSize(topology().nodeCount()).allSatisfy(node -> {
            assertThat(node.method()).isEqualTo(RestoreMethod.STREAM);
            assertThat(node.target().datacenter()).isEqualTo(backedUpDatacenters.get(node.sourceHostId()));
        });
        assertThat(plan.stream().map(node -> node.target().hostId()).distinct()).hasSize(smaller.nodeCount());
        for (String table : before.keySet()) {
            assertThat(rows(keyspace + "." + table)).as(table).isEqualTo(before.get(table));
        }
    }

    /**
     * Stops the cluster and every service, as when a cluster is lost, and starts {@code nodes} as a brand-new cluster
     * with a fresh coordinator, agents and restorer on new Kafka topics: only the bucket is shared with the old one.
     */
    void replaceCluster(List<CassandraNodeSpec> nodes) throws Exception {
        String storagePrefix = system.storagePrefix;
        restorer.close();
        restorer = null;
        kafka.close();
        system.close();
        cluster.close();
        cluster = LocalCluster.start(SharedStack.get(), nodes, Files.createTempDirectory("ringvault-new-cluster-"));
        system = new RingvaultSystem(
                cluster, s3(), Files.createTempDirectory("ringvault-new-system-"), storagePrefix, 1, Map.of());
        system.start();
        kafka = new KafkaEvents(system.stack.kafkaBootstrapServers(), system.topicPrefix + ".events");
        restorer = startRestorer("restorer-" + system.topicPrefix);
        assertThat(system.get("/api/v1/backups").toString()).contains(backupId);
    }

    /** The rows of {@link #rows(String)} read in {@code datacenter}, without the prefix. */
    private static List<String> rowsOf(List<String> rows, String datacenter) {
        return rows.stream()
                .filter(row -> row.startsWith(datacenter + " "))
                .map(row -> row.substring(datacenter.length() + 1))
                .toList();
    }

    /** Waits for the operation to end, and asserts that it completed. */
    String awaitCompleted(String id) throws Exception {
        assertThat(id).isNotBlank();
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(system.get("/api/v1/operations/" + id)
                                .path("state")
                                .asString())
                        .isIn("COMPLETED", "FAILED"));
        JsonNode operation = system.get("/api/v1/operations/" + id);
        assertThat(operation.path("state").asString()).as(operation.toString()).isEqualTo("COMPLETED");
        return id;
    }

    BackupManifest manifest(String backup) throws Exception {
        try (ObjectStore store = system.objectStore()) {
            return RingvaultSystem.CODEC
                    .mapper()
                    .readValue(
                            store.getSmall(system.layout().backupManifest(backup))
                                    .orElseThrow(),
                            BackupManifest.class);
        }
    }
}
