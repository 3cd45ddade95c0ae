package io.ringvault.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.ringvault.agent.AgentHarness.Response;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The node agent's restore side on the real stack: the test plays the restorer. It backs a table up by hand (a JMX
 * snapshot whose SSTables it copies aside), empties or changes the table, streams the files into the agent's staging
 * area with their SHA-256, asks for the import, and compares the rows read back over CQL with the rows backed up.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RestoreStagingIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SHA256 = "X-Ringvault-Sha256";
    private static final String TABLE = "readings";
    private static AgentHarness harness;

    @Value("${local.server.port}")
    int port;

    private String keyspace;
    private String operationId;

    @DynamicPropertySource
    static void agentProperties(DynamicPropertyRegistry registry) {
        harness = new AgentHarness("restore-it-" + UUID.randomUUID().toString().substring(0, 8));
        harness.properties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @AfterAll
    static void closeHarness() {
        harness.close();
    }

    @BeforeEach
    void names() {
        keyspace = "restore_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        operationId = "restore-" + UUID.randomUUID();
    }

    @Test
    void shouldRestoreTheBackedUpRowsFromStagedFiles() throws Exception {
        createTable();
        List<String> backedUp = rows();
        List<Path> files = backUpTable();
        assertThat(files).anyMatch(f -> f.getFileName().toString().endsWith("-Data.db"));
        harness.cql().execute("TRUNCATE " + keyspace + "." + TABLE);
        assertThat(rows()).isEmpty();

        Map<String, Object> expected = new LinkedHashMap<>();
        for (Path file : files) {
            Response put = upload(file, sha256(file));
            assertThat(put.status()).as(file.getFileName().toString()).isEqualTo(201);
            JsonNode staged = json(put);
            assertThat(staged.get("fileName").asString())
                    .isEqualTo(file.getFileName().toString());
            assertThat(staged.get("size").asLong()).isEqualTo(Files.size(file));
            assertThat(staged.get("sha256").asString()).isEqualTo(sha256(file));
            assertThat(staged.get("alreadyStaged").asBoolean()).isFalse();
            expected.put(file.getFileName().toString(), Files.size(file) + ":" + sha256(file));
        }
        // The same file again (a resumed restorer that did not list first): kept, not rewritten.
        Response again = upload(files.get(0), sha256(files.get(0)));
        assertThat(again.status()).isEqualTo(200);
        assertThat(json(again).get("alreadyStaged").asBoolean()).isTrue();

        JsonNode listing = json(harness.get(stagingUrl(TABLE), harness.bearer()));
        assertThat(listing.get("imported").asBoolean()).isFalse();
        Map<String, Object> listed = new LinkedHashMap<>();
        for (JsonNode file : listing.get("files")) {
            listed.put(
                    file.get("fileName").asString(),
                    file.get("size").asLong() + ":" + file.get("sha256").asString());
        }
        assertThat(listed).isEqualTo(expected);
        // The files sit on the data directory's file system, in the documented place.
        Path tableStaging = stagingRoot().resolve(operationId).resolve(keyspace).resolve(TABLE);
        assertThat(Files.getFileStore(tableStaging))
                .isEqualTo(Files.getFileStore(harness.dataDirectories().get(0)));
        try (Stream<Path> staged = Files.list(tableStaging)) {
            assertThat(staged.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrderElementsOf(expected.keySet());
        }

        Response imported = importTable(TABLE, null);

        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        JsonNode result = json(imported);
        assertThat(result.get("keyspace").asString()).isEqualTo(keyspace);
        assertThat(result.get("table").asString()).isEqualTo(TABLE);
        assertThat(result.get("importedFiles").asInt()).isEqualTo(files.size());
        assertThat(result.get("importedBytes").asLong()).isEqualTo(totalSize(files));
        assertThat(result.get("alreadyImported").asBoolean()).isFalse();
        assertThat(result.get("truncated").asBoolean()).isFalse();
        assertThat(rows()).isEqualTo(backedUp);
        // Moved, not copied: nothing of the table is left in the staging area.
        assertThat(tableStaging).doesNotExist();

        Response second = importTable(TABLE, "{\"truncate\": false}");
        assertThat(second.status()).isEqualTo(200);
        assertThat(json(second).get("alreadyImported").asBoolean()).isTrue();
        assertThat(json(second).get("importedFiles").asInt()).isEqualTo(files.size());
        assertThat(rows()).isEqualTo(backedUp);
        JsonNode afterImport = json(harness.get(stagingUrl(TABLE), harness.bearer()));
        assertThat(afterImport.get("imported").asBoolean()).isTrue();
        assertThat(afterImport.get("files")).isEmpty();
        // And no more files for an imported table.
        Response late = upload(files.get(0), sha256(files.get(0)));
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.text()).contains("already-imported");

        assertThat(delete().status()).isEqualTo(204);
    }

    @Test
    void shouldTruncateBeforeImportingWhenAsked() throws Exception {
        createTable();
        List<String> backedUp = rows();
        List<Path> files = backUpTable();
        // After the backup: new rows, changed rows, deleted rows. Only TRUNCATE takes all of them away.
        harness.cql()
                .execute("INSERT INTO " + keyspace + "." + TABLE + " (sensor, at, seq, value) VALUES ('new', "
                        + Instant.now().toEpochMilli() + ", 1, 1.5)");
        harness.cql()
                .execute(
                        "UPDATE " + keyspace + "." + TABLE
                                + " SET note = 'changed after the backup' WHERE sensor = 's-1' AND at = 1700000000000 AND seq = 0");
        harness.cql().execute("DELETE FROM " + keyspace + "." + TABLE + " WHERE sensor = 's-2'");
        assertThat(rows()).isNotEqualTo(backedUp);
        for (Path file : files) {
            assertThat(upload(file, sha256(file)).status()).isEqualTo(201);
        }

        Response imported = importTable(TABLE, "{\"truncate\": true}");

        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        assertThat(json(imported).get("truncated").asBoolean()).isTrue();
        assertThat(rows()).isEqualTo(backedUp);
        delete();
    }

    @Test
    void shouldRefuseAFileWhoseChecksumDiffersAndStageNothing() throws Exception {
        createTable();
        Path file = backUpTable().stream()
                .filter(f -> f.getFileName().toString().endsWith("-Data.db"))
                .findFirst()
                .orElseThrow();
        String wrong = sha256("not the file".getBytes(StandardCharsets.UTF_8));

        Response refused = upload(file, wrong);

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        JsonNode problem = json(refused);
        assertThat(problem.get("reason").asString()).isEqualTo("checksum-mismatch");
        assertThat(problem.get("detail").asString())
                .contains(file.getFileName().toString())
                .contains(wrong)
                .contains(sha256(file));
        assertThat(json(harness.get(stagingUrl(TABLE), harness.bearer())).get("files"))
                .isEmpty();
        assertThat(filesUnder(stagingRoot().resolve(operationId))).isEmpty();
        delete();
    }

    @Test
    void shouldRefuseRequestsWithoutTheToken() throws Exception {
        createTable();
        Path file = backUpTable().get(0);
        String wrongToken = "not-the-token-" + UUID.randomUUID();
        List<Map<String, String>> refusedHeaders =
                List.of(Map.of(), Map.of("Authorization", "Bearer " + wrongToken), Map.of("Authorization", "Basic x"));

        for (Map<String, String> auth : refusedHeaders) {
            Map<String, String> headers = new HashMap<>(auth);
            headers.put(SHA256, sha256(file));
            headers.put("Content-Type", "application/octet-stream");
            List<Response> responses = List.of(
                    harness.send("PUT", fileUrl(TABLE, file), headers, BodyPublishers.ofFile(file)),
                    harness.get(stagingUrl(TABLE), auth),
                    harness.get(base() + "/space", auth),
                    harness.send("POST", stagingUrl(TABLE) + "/import", auth, BodyPublishers.noBody()),
                    harness.send("DELETE", base() + "/staging", auth, BodyPublishers.noBody()));
            for (Response response : responses) {
                int expected = auth.containsKey("Authorization")
                                && auth.get("Authorization").startsWith("Bearer")
                        ? 403
                        : 401;
                assertThat(response.status()).as(auth.toString()).isEqualTo(expected);
                assertThat(response.contentType()).startsWith("application/problem+json");
                assertThat(response.text())
                        .contains(expected == 401 ? "missing-token" : "wrong-token")
                        .doesNotContain(wrongToken)
                        .doesNotContain(harness.token);
            }
        }
        assertThat(filesUnder(stagingRoot().resolve(operationId))).isEmpty();
    }

    @Test
    void shouldRefuseNamesThatAreNotPlainNamesOrNotSSTableComponents() throws Exception {
        createTable();
        Path data = backUpTable().stream()
                .filter(f -> f.getFileName().toString().endsWith("-Data.db"))
                .findFirst()
                .orElseThrow();
        byte[] manifest = "{\"files\":[]}".getBytes(StandardCharsets.UTF_8);

        Response manifestPut = harness.send(
                "PUT",
                stagingUrl(TABLE) + "/manifest.json",
                uploadHeaders(sha256(manifest)),
                BodyPublishers.ofByteArray(manifest));
        assertThat(manifestPut.status()).isEqualTo(400);
        assertThat(json(manifestPut).get("reason").asString()).isEqualTo("not-sstable-component");
        assertThat(json(manifestPut).get("detail").asString()).contains("manifest.json");

        // Names with '..' that reach the agent: 400 naming the segment.
        Map<String, String> segments = Map.of(
                "operationId", "http://127.0.0.1:" + port + "/api/v1/restores/op..1/staging/" + keyspace + "/" + TABLE,
                "keyspace", base() + "/staging/ks..x/" + TABLE,
                "table", base() + "/staging/" + keyspace + "/t..x",
                "fileName", stagingUrl(TABLE) + "/nb-1..-big-Data.db");
        for (Map.Entry<String, String> segment : segments.entrySet()) {
            String url = segment.getKey().equals("fileName")
                    ? segment.getValue()
                    : segment.getValue() + "/" + data.getFileName();
            Response refused = harness.send("PUT", url, uploadHeaders(sha256(data)), BodyPublishers.ofFile(data));
            assertThat(refused.status()).as(url).isEqualTo(400);
            assertThat(json(refused).get("reason").asString()).as(url).isEqualTo("invalid-name");
            assertThat(json(refused).get("detail").asString()).as(url).contains(segment.getKey());
        }

        // Traversals. Encoded separators: Tomcat answers 400. An encoded '..' reaches the agent: 400 invalid-name.
        // A literal '../' is resolved by URL rules in Tomcat before routing: no endpoint, 404.
        Map<String, Integer> traversals = Map.of(
                stagingUrl(TABLE) + "/..%2F..%2F..%2Fescaped-Data.db", 400,
                stagingUrl(TABLE) + "/%2e%2e", 400,
                stagingUrl(TABLE) + "/%2Ftmp%2Fescaped-Data.db", 400,
                base() + "/staging/" + keyspace + "/..%2F..%2F" + TABLE + "/" + data.getFileName(), 400,
                base() + "/staging/%2e%2e/" + TABLE + "/" + data.getFileName(), 400,
                base() + "/staging/" + keyspace + "/" + TABLE + "/../../../../" + data.getFileName(), 404);
        for (Map.Entry<String, Integer> traversal : traversals.entrySet()) {
            Response refused =
                    harness.send("PUT", traversal.getKey(), uploadHeaders(sha256(data)), BodyPublishers.ofFile(data));
            assertThat(refused.status()).as(traversal.getKey()).isEqualTo(traversal.getValue());
        }
        assertThat(filesUnder(stagingRoot()))
                .noneMatch(p -> p.getFileName().toString().contains("escaped"));
        assertThat(filesUnder(stagingRoot().resolve(operationId))).isEmpty();
    }

    @Test
    void shouldAnswer404ForATableThatDoesNotExist() throws Exception {
        createTable();
        Path data = backUpTable().get(0);
        assertThat(upload("missing_table", data, sha256(data)).status()).isEqualTo(201);

        Response missing = importTable("missing_table", null);

        assertThat(missing.status()).isEqualTo(404);
        assertThat(json(missing).get("reason").asString()).isEqualTo("table-missing");
        assertThat(json(missing).get("detail").asString()).contains(keyspace + ".missing_table");
        // Nothing staged for an existing table: nothing to do, and the table is left alone (no truncate).
        List<String> before = rows();
        Response nothing = importTable(TABLE, "{\"truncate\": true}");
        assertThat(nothing.status()).isEqualTo(404);
        assertThat(json(nothing).get("reason").asString()).isEqualTo("nothing-staged");
        assertThat(rows()).isEqualTo(before).isNotEmpty();
        delete();
    }

    @Test
    void shouldReportTheUsableSpaceOfTheStagingFileSystem() throws Exception {
        createTable();
        Path data = backUpTable().get(0);
        upload(data, sha256(data));

        Response space = harness.get(base() + "/space", harness.bearer());

        assertThat(space.status()).isEqualTo(200);
        JsonNode body = json(space);
        assertThat(body.get("usableBytes").asLong()).isPositive();
        assertThat(body.get("stagedBytes").asLong()).isEqualTo(Files.size(data));
        assertThat(Path.of(body.get("stagingDirectory").asString()))
                .isEqualTo(stagingRoot().resolve(operationId));
        delete();
    }

    @Test
    void shouldRemoveTheOperationsStagingIdempotently() throws Exception {
        createTable();
        Path data = backUpTable().get(0);
        assertThat(upload(data, sha256(data)).status()).isEqualTo(201);
        assertThat(stagingRoot().resolve(operationId)).exists();

        assertThat(delete().status()).isEqualTo(204);
        assertThat(stagingRoot().resolve(operationId)).doesNotExist();
        assertThat(delete().status()).isEqualTo(204);
        assertThat(json(harness.get(stagingUrl(TABLE), harness.bearer())).get("files"))
                .isEmpty();
    }

    // ---- the table and its backup

    /** A table with clustering, collections, blobs, nulls, a deleted row and two SSTables. */
    private void createTable() {
        harness.cql()
                .execute("CREATE KEYSPACE " + keyspace
                        + " WITH replication = {'class':'SimpleStrategy','replication_factor':1}");
        harness.cql()
                .execute(
                        "CREATE TABLE " + keyspace + "." + TABLE + " (sensor text, at timestamp, seq int, value double,"
                                + " note text, tags set<text>, attrs map<text, int>, payload blob, id uuid, ok boolean,"
                                + " PRIMARY KEY ((sensor), at, seq))");
        PreparedStatement insert = harness.cql()
                .prepare("INSERT INTO " + keyspace + "." + TABLE
                        + " (sensor, at, seq, value, note, tags, attrs, payload, id, ok)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insertRows(insert, 0, 3);
        // A first SSTable, so the backup has more than one.
        flush();
        insertRows(insert, 3, 6);
        harness.cql()
                .execute("DELETE FROM " + keyspace + "." + TABLE
                        + " WHERE sensor = 's-4' AND at = 1700000060000 AND seq = 1");
    }

    private void insertRows(PreparedStatement insert, int fromSensor, int toSensor) {
        for (int sensor = fromSensor; sensor < toSensor; sensor++) {
            for (int i = 0; i < 20; i++) {
                byte[] payload = new byte[i * 13];
                for (int b = 0; b < payload.length; b++) {
                    payload[b] = (byte) (sensor * 7 + b);
                }
                harness.cql()
                        .execute(insert.bind(
                                "s-" + sensor,
                                Instant.ofEpochMilli(1_700_000_000_000L + i * 60_000L),
                                i % 3,
                                sensor * 1000.25 + i / 3.0,
                                i % 4 == 0 ? null : "note " + sensor + "/" + i + " é✓",
                                i % 5 == 0 ? Set.of() : Set.of("t" + (i % 3), "sensor-" + sensor),
                                Map.of("i", i, "sensor", sensor),
                                ByteBuffer.wrap(payload),
                                UUID.nameUUIDFromBytes(("row-" + sensor + "-" + i).getBytes(StandardCharsets.UTF_8)),
                                i % 2 == 0));
            }
        }
    }

    /** Every row, formatted, sorted: the table's content to compare. */
    private List<String> rows() {
        List<String> rows = new ArrayList<>();
        for (Row row : harness.cql().execute("SELECT * FROM " + keyspace + "." + TABLE)) {
            rows.add(row.getFormattedContents());
        }
        rows.sort(String::compareTo);
        return rows;
    }

    private void flush() {
        String tag = "flush-" + UUID.randomUUID();
        try {
            harness.jmxSnapshot(tag, keyspace);
            harness.jmxClearSnapshot(tag);
        } catch (Exception e) {
            throw new IllegalStateException("cannot flush " + keyspace, e);
        }
    }

    /**
     * Backs the table up as the uploaders would: a snapshot (which flushes first) whose SSTable components are copied
     * aside (manifest.json and schema.cql are not restored as files), then the snapshot is cleared.
     */
    private List<Path> backUpTable() throws Exception {
        String tag = "backup-" + UUID.randomUUID();
        harness.jmxSnapshot(tag, keyspace);
        Path aside = Files.createTempDirectory("ringvault-restore-it-");
        List<Path> files = new ArrayList<>();
        try {
            List<Path> snapshots = harness.snapshotDirectories(tag).stream()
                    .filter(p ->
                            p.getParent().getParent().getFileName().toString().startsWith(TABLE + "-"))
                    .toList();
            assertThat(snapshots).hasSize(1);
            try (Stream<Path> entries = Files.list(snapshots.get(0))) {
                for (Path file : entries.sorted().toList()) {
                    String name = file.getFileName().toString();
                    if (Files.isRegularFile(file) && !name.equals("manifest.json") && !name.equals("schema.cql")) {
                        files.add(Files.copy(file, aside.resolve(name)));
                    }
                }
            }
        } finally {
            harness.jmxClearSnapshot(tag);
        }
        return files;
    }

    // ---- HTTP

    private String base() {
        return "http://127.0.0.1:" + port + "/api/v1/restores/" + operationId;
    }

    private String stagingUrl(String table) {
        return base() + "/staging/" + keyspace + "/" + table;
    }

    private String fileUrl(String table, Path file) {
        return stagingUrl(table) + "/" + file.getFileName();
    }

    private Response upload(Path file, String sha256) throws Exception {
        return upload(TABLE, file, sha256);
    }

    private Response upload(String table, Path file, String sha256) throws Exception {
        return harness.send("PUT", fileUrl(table, file), uploadHeaders(sha256), BodyPublishers.ofFile(file));
    }

    private Map<String, String> uploadHeaders(String sha256) {
        Map<String, String> headers = new HashMap<>(harness.bearer());
        headers.put(SHA256, sha256);
        headers.put("Content-Type", "application/octet-stream");
        return headers;
    }

    private Response importTable(String table, String body) throws Exception {
        Map<String, String> headers = new HashMap<>(harness.bearer());
        BodyPublisher publisher = BodyPublishers.noBody();
        if (body != null) {
            headers.put("Content-Type", "application/json");
            publisher = BodyPublishers.ofString(body);
        }
        return harness.send("POST", stagingUrl(table) + "/import", headers, publisher);
    }

    private Response delete() throws Exception {
        return harness.send("DELETE", base() + "/staging", harness.bearer(), BodyPublishers.noBody());
    }

    private static JsonNode json(Response response) {
        return JSON.readTree(response.body());
    }

    // ---- disk

    /** The default staging directory: beside the first data directory. */
    private static Path stagingRoot() {
        return harness.dataDirectories()
                .get(0)
                .toAbsolutePath()
                .normalize()
                .getParent()
                .resolve("ringvault-staging");
    }

    private static List<Path> filesUnder(Path directory) throws Exception {
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.filter(Files::isRegularFile).toList();
        }
    }

    private static long totalSize(List<Path> files) throws Exception {
        long total = 0;
        for (Path file : files) {
            total += Files.size(file);
        }
        return total;
    }

    private static String sha256(Path file) throws Exception {
        return sha256(Files.readAllBytes(file));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
