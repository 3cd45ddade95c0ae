package io.ringvault.logical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.datastax.oss.driver.api.core.metadata.schema.KeyspaceMetadata;
import com.datastax.oss.driver.api.core.metadata.token.Token;
import com.datastax.oss.driver.api.core.metadata.token.TokenRange;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.logical.export.ExportOptions;
import io.ringvault.logical.export.ExportResult;
import io.ringvault.logical.export.ExportedChunk;
import io.ringvault.logical.export.TableExporter;
import io.ringvault.logical.format.ChunkReader;
import io.ringvault.logical.format.ChunkRow;
import io.ringvault.logical.load.ImportOptions;
import io.ringvault.logical.load.ImportResult;
import io.ringvault.logical.load.TableImporter;
import io.ringvault.logical.schema.SchemaExport;
import io.ringvault.logical.schema.SchemaScript;
import io.ringvault.testkit.CassandraEndpoint;
import io.ringvault.testkit.LogicalDataset;
import io.ringvault.testkit.SharedStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The logical engine on the build's real Cassandra 5.0 node: a dataset with every CQL type, static columns, quoted
 * mixed-case names, TTLs, explicit write times and per-element write times of non-frozen collections and UDTs is
 * exported by token range, the keyspace dropped and recreated from the exported schema, the chunks imported, and every
 * cell compared with its write time and TTL, row for row. Also a rename, and rows Cassandra refuses.
 */
class LogicalBackupIT {
    private static final long BASE_TIMESTAMP = LogicalDataset.BASE_TIMESTAMP;
    private static final int ROWS = 400;

    private static CqlSession cql;

    @TempDir
    Path directory;

    @BeforeAll
    static void connect() {
        CassandraEndpoint cassandra = SharedStack.get().cassandra();
        cql = CqlSession.builder()
                .addContactPoint(cassandra.cql())
                .withLocalDatacenter(cassandra.datacenter())
                // Schema changes on a busy two-core machine take longer than the driver's default 2 s.
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                        .build())
                .build();
    }

    @AfterAll
    static void close() {
        if (cql != null) {
            cql.close();
        }
    }

    private static String newKeyspace() {
        return "logical_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** A new keyspace with a table {@code items (id int PRIMARY KEY, v text)} of {@code rows} rows; its name. */
    private static String itemsKeyspace(int rows) {
        String ks = newKeyspace();
        cql.execute(
                "CREATE KEYSPACE " + ks + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        cql.execute("CREATE TABLE " + ks + ".items (id int PRIMARY KEY, v text)");
        for (int id = 0; id < rows; id++) {
            cql.execute("INSERT INTO " + ks + ".items (id, v) VALUES (?, ?)", id, "v" + id);
        }
        return ks;
    }

    private static void createSchema(String ks) {
        LogicalDataset.create(cql, ks, "{'class': 'SimpleStrategy', 'replication_factor': 1}");
    }

    private static void loadData(String ks) throws Exception {
        LogicalDataset.load(cql, ks, ROWS);
    }

    private static Map<String, Map<String, Object>> snapshot(String ks, String table) {
        return LogicalDataset.rows(cql, ks, table, true);
    }

    private static void assertSameRows(
            Map<String, Map<String, Object>> actual, Map<String, Map<String, Object>> expected) {
        LogicalDataset.assertSameRows(actual, expected);
    }

    private List<Path> chunks(ExportResult result) {
        return result.chunks().stream().map(c -> c.summary().file()).toList();
    }

    @Test
    void shouldRestoreEveryCellWithItsWriteTimeAndTtlAfterTheKeyspaceIsDropped() throws Exception {
        String ks = newKeyspace();
        createSchema(ks);
        loadData(ks);
        KeyspaceMetadata before = cql.getMetadata().getKeyspace(ks).orElseThrow();
        List<String> schema = SchemaExport.statements(cql, before, table -> true);
        assertThat(schema)
                .anyMatch(statement -> statement.startsWith("CREATE TABLE " + ks + ".\"MyTable\"")
                        && statement.contains("AND incremental_backups = false")
                        && statement.contains("AND allow_auto_snapshot = false"))
                .anyMatch(statement -> statement.startsWith("CREATE INDEX my_sai")
                        || statement.startsWith("CREATE CUSTOM INDEX my_sai"));
        // Types in dependency order: zgeo, used by Address, comes first although named last.
        assertThat(schema.stream()
                        .filter(statement -> statement.startsWith("CREATE TYPE"))
                        .toList())
                .satisfies(types -> assertThat(types.get(0)).startsWith("CREATE TYPE " + ks + ".zgeo"));
        Map<String, Map<String, Object>> rowsBefore = snapshot(ks, "MyTable");
        Map<String, Map<String, Object>> countsBefore = snapshot(ks, "counts");
        assertThat(rowsBefore).hasSize(ROWS + 2);

        // Small chunks and pages: ranges roll to several chunk files (partitions hold 10 rows), read in parallel.
        TableExporter exporter = new TableExporter(
                cql,
                ExportOptions.defaults()
                        .withParallelism(3)
                        .withMaxRowsPerChunk(15)
                        .withPageSize(7));
        ExportResult exported = exporter.export(ks, "MyTable", directory.resolve("MyTable"));
        ExportResult exportedCounts = exporter.export(ks, "counts", directory.resolve("counts"));
        Path schemaFile = directory.resolve("schema.cql");
        SchemaExport.write(schemaFile, schema);

        assertThat(exported.rows()).isEqualTo(ROWS + 2);
        assertThat(exported.chunks().stream()
                        .map(ExportedChunk::rangeIndex)
                        .distinct()
                        .count())
                .as("some range rolled to a second chunk")
                .isLessThan(exported.chunks().size());
        Map<String, Path> chunkOfPartition = new LinkedHashMap<>();
        for (ExportedChunk chunk : exported.chunks()) {
            // A chunk rolls only between partitions: at most the limit plus the rest of one partition.
            assertThat(chunk.summary().rows()).isBetween(1L, 15L + 9L);
            assertThat(Files.size(chunk.summary().file()))
                    .isEqualTo(chunk.summary().bytes());
            try (ChunkReader reader = ChunkReader.open(chunk.summary().file())) {
                ChunkRow row;
                while ((row = reader.next()) != null) {
                    Path previous = chunkOfPartition.putIfAbsent(
                            LogicalDataset.hex(row.key().get(0)),
                            chunk.summary().file());
                    assertThat(previous)
                            .as("partition in one chunk")
                            .isIn(null, chunk.summary().file());
                }
            }
        }
        assertThat(chunkOfPartition).hasSize(ROWS / 10 + 2);
        assertThat(exportedCounts.rows()).isEqualTo(50);

        cql.execute("DROP KEYSPACE " + ks);
        SchemaScript.apply(cql, SchemaScript.parse(Files.readString(schemaFile)));
        KeyspaceMetadata after = cql.getMetadata().getKeyspace(ks).orElseThrow();
        assertThat(SchemaExport.statements(cql, after, table -> true)).isEqualTo(schema);
        assertThat(snapshot(ks, "MyTable")).isEmpty();

        TableImporter importer = new TableImporter(cql, ImportOptions.defaults().withMaxInFlight(32));
        ImportResult imported =
                importer.importChunks(chunks(exported), ks, "MyTable", directory.resolve("errors.jsonl"));
        ImportResult importedCounts =
                importer.importChunks(chunks(exportedCounts), ks, "counts", directory.resolve("errors.jsonl"));

        assertThat(imported.errors()).isZero();
        assertThat(imported.written()).isEqualTo(ROWS + 2);
        assertThat(importedCounts.written()).isEqualTo(50);
        assertThat(directory.resolve("errors.jsonl")).doesNotExist();
        assertSameRows(snapshot(ks, "MyTable"), rowsBefore);
        assertThat(snapshot(ks, "counts")).isEqualTo(countsBefore);

        // Bit-exact floats, spelled out: -0.0 and NaN survive as such.
        Row negativeZero = cql.execute("SELECT fl, dbl FROM " + ks + ".\"MyTable\" WHERE id = 0 AND \"Ck\" = 'ck-1'")
                .one();
        assertThat(Float.floatToRawIntBits(negativeZero.getFloat("fl"))).isEqualTo(0x80000000);
        assertThat(Double.doubleToRawLongBits(negativeZero.getDouble("dbl"))).isEqualTo(0x8000000000000000L);
        Row nan = cql.execute("SELECT fl, \"Col\" FROM " + ks + ".\"MyTable\" WHERE id = 0 AND \"Ck\" = 'ck-0'")
                .one();
        assertThat(Float.isNaN(nan.getFloat("fl"))).isTrue();
        assertThat(nan.getString("Col")).isEqualTo("updated");
        Row empty = cql.execute("SELECT \"Col\", fz_set FROM " + ks + ".\"MyTable\" WHERE id = 0 AND \"Ck\" = 'ck-5'")
                .one();
        assertThat(empty.getString("Col")).isEmpty();
        assertThat(empty.isNull("fz_set")).isTrue();
        Row emptySet = cql.execute("SELECT fz_set FROM " + ks + ".\"MyTable\" WHERE id = 0 AND \"Ck\" = 'ck-4'")
                .one();
        assertThat(emptySet.isNull("fz_set")).isFalse();
        assertThat(emptySet.getSet("fz_set", String.class)).isEmpty();
        cql.execute("DROP KEYSPACE " + ks);
    }

    @Test
    void shouldImportIntoAnotherKeyspaceAndTable() throws Exception {
        String ks = newKeyspace();
        createSchema(ks);
        loadData(ks);
        List<String> schema =
                SchemaExport.statements(cql.getMetadata().getKeyspace(ks).orElseThrow());
        Map<String, Map<String, Object>> rowsBefore = snapshot(ks, "MyTable");
        ExportResult exported = new TableExporter(cql, ExportOptions.defaults().withSplitsPerRange(4))
                .export(ks, "MyTable", directory.resolve("chunks"));

        String renamed = ks + "_renamed";
        // The schema under another keyspace and table name (the schema's own rename is a later step).
        List<String> renamedSchema = schema.stream()
                .map(s -> s.replace(ks + ".", renamed + ".")
                        .replace("KEYSPACE " + ks + " ", "KEYSPACE " + renamed + " ")
                        .replace("\"MyTable\"", "\"Renamed\""))
                .toList();
        SchemaScript.apply(cql, renamedSchema);
        ImportResult imported = new TableImporter(cql, ImportOptions.defaults())
                .importChunks(chunks(exported), renamed, "Renamed", directory.resolve("errors.jsonl"));

        assertThat(imported.written()).isEqualTo(ROWS + 2);
        assertSameRows(snapshot(renamed, "Renamed"), rowsBefore);
        cql.execute("DROP KEYSPACE " + ks);
        cql.execute("DROP KEYSPACE " + renamed);
    }

    @Test
    void shouldExportOnlyTheTokenRangesGiven() {
        String ks = itemsKeyspace(300);
        TokenMap tokens = cql.getMetadata().getTokenMap().orElseThrow();
        // A third of the ring, as an agent passes the ranges its node is a primary replica for.
        List<TokenRange> ranges = new ArrayList<>(tokens.getTokenRanges())
                .subList(0, tokens.getTokenRanges().size() / 3);
        long expected = 0;
        for (Row row : cql.execute("SELECT token(id) FROM " + ks + ".items")) {
            Token token = row.getToken(0);
            if (ranges.stream().anyMatch(range -> range.contains(token))) {
                expected++;
            }
        }

        ExportResult exported = new TableExporter(cql, ExportOptions.defaults().withMaxRowsPerSecond(2000))
                .export(ks, "items", ranges, directory.resolve("items"));

        assertThat(expected).isBetween(1L, 299L);
        assertThat(exported.rows()).isEqualTo(expected);
        assertThat(exported.chunks())
                .allSatisfy(chunk -> assertThat(chunk.range()).startsWith("("));
        cql.execute("DROP KEYSPACE " + ks);
    }

    @Test
    void shouldHandEachChunkToTheListenerOnceItsFileIsComplete() throws Exception {
        String ks = itemsKeyspace(500);
        // What each chunk file held when the listener got it: its rows read back, its size on disk.
        Map<Path, Long> rowsReadWhenAnnounced = new ConcurrentHashMap<>();
        Map<Path, Long> sizeWhenAnnounced = new ConcurrentHashMap<>();
        Set<String> listenerThreads = ConcurrentHashMap.newKeySet();
        Consumer<ExportedChunk> listener = chunk -> {
            Path file = chunk.summary().file();
            long rows = 0;
            try (ChunkReader reader = ChunkReader.open(file)) {
                while (reader.next() != null) {
                    rows++;
                }
                sizeWhenAnnounced.put(file, Files.size(file));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            assertThat(rowsReadWhenAnnounced.put(file, rows))
                    .as("announced once")
                    .isNull();
            listenerThreads.add(Thread.currentThread().getName());
        };

        ExportResult exported = new TableExporter(
                        cql, ExportOptions.defaults().withParallelism(4).withMaxRowsPerChunk(20), null, listener)
                .export(ks, "items", directory.resolve("items"));

        assertThat(exported.rows()).isEqualTo(500);
        assertThat(exported.chunks().size()).isGreaterThan(4);
        assertThat(rowsReadWhenAnnounced).hasSize(exported.chunks().size());
        for (ExportedChunk chunk : exported.chunks()) {
            Path file = chunk.summary().file();
            assertThat(rowsReadWhenAnnounced.get(file))
                    .as("rows of %s", file)
                    .isEqualTo(chunk.summary().rows());
            assertThat(sizeWhenAnnounced.get(file))
                    .as("size of %s", file)
                    .isEqualTo(chunk.summary().bytes());
        }
        assertThat(listenerThreads)
                .as("called from the range threads")
                .doesNotContain(Thread.currentThread().getName());
        cql.execute("DROP KEYSPACE " + ks);
    }

    @Test
    void shouldFailTheExportWhenTheListenerFails() {
        String ks = itemsKeyspace(50);

        assertThatThrownBy(() -> new TableExporter(cql, ExportOptions.defaults(), null, chunk -> {
                            throw new IllegalStateException("the announcement was refused");
                        })
                        .export(ks, "items", directory.resolve("items")))
                .isInstanceOf(LogicalException.class)
                .hasMessageContaining("the announcement was refused");
        cql.execute("DROP KEYSPACE " + ks);
    }

    @Test
    void shouldReportEachRowCassandraRefusesWithItsChunkAndRowNumber() throws Exception {
        String ks = newKeyspace();
        cql.execute(
                "CREATE KEYSPACE " + ks + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        cql.execute("CREATE TABLE " + ks + ".people (id int PRIMARY KEY, name text)");
        for (int id = 0; id < 100; id++) {
            // Every tenth name is not ASCII.
            cql.execute(
                    "INSERT INTO " + ks + ".people (id, name) VALUES (?, ?)",
                    id,
                    id % 10 == 3 ? "Zoë " + id : "Zoe " + id);
        }
        ExportResult exported =
                new TableExporter(cql, ExportOptions.defaults()).export(ks, "people", directory.resolve("people"));
        // The same table where the name is ASCII only: Cassandra refuses the ten rows with an "ë".
        cql.execute("CREATE TABLE " + ks + ".ascii_people (id int PRIMARY KEY, name ascii)");
        Path errorFile = directory.resolve("errors").resolve("people.jsonl");

        ImportResult imported = new TableImporter(cql, ImportOptions.defaults().withMaxErrors(10))
                .importChunks(chunks(exported), ks, "ascii_people", errorFile);

        assertThat(imported.rows()).isEqualTo(100);
        assertThat(imported.written()).isEqualTo(90);
        assertThat(imported.errors()).isEqualTo(10);
        assertThat(cql.execute("SELECT count(*) FROM " + ks + ".ascii_people")
                        .one()
                        .getLong(0))
                .isEqualTo(90);
        List<String> lines = Files.readAllLines(errorFile);
        assertThat(lines)
                .hasSize(10)
                .allSatisfy(line -> assertThat(line)
                        .contains("\"table\":\"" + ks + ".ascii_people\"")
                        .containsPattern("\"chunk\":\"[^\"]+\\.rvlg\"")
                        .containsPattern("\"row\":\\d+")
                        .containsIgnoringCase("ascii")
                        .contains("\"key\":[\"0x000000"));

        Path secondErrors = directory.resolve("errors").resolve("again.jsonl");
        cql.execute("TRUNCATE " + ks + ".ascii_people");
        assertThatThrownBy(() -> new TableImporter(cql, ImportOptions.defaults().withMaxErrors(3))
                        .importChunks(chunks(exported), ks, "ascii_people", secondErrors))
                .isInstanceOf(LogicalException.class)
                .hasMessageContaining("more than the 3 allowed")
                .hasMessageMatching("(?s).*first: table " + ks + "\\.ascii_people, chunk .*\\.rvlg, row \\d+: .*")
                .satisfies(e -> assertThat(((LogicalException) e).reason()).isEqualTo(FailureReason.IMPORT_FAILED));
        assertThat(Files.readAllLines(secondErrors)).hasSizeGreaterThan(3);
        cql.execute("DROP KEYSPACE " + ks);
    }

    @Test
    void shouldBatchRowsOfOnePartitionAndStillRejectOnlyTheRowsCassandraRefuses() throws Exception {
        String ks = newKeyspace();
        cql.execute(
                "CREATE KEYSPACE " + ks + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        cql.execute("CREATE TABLE " + ks + ".members (team int, id int, name text, PRIMARY KEY (team, id))");
        for (int team = 0; team < 10; team++) {
            for (int id = 0; id < 10; id++) {
                // One name per team is not ASCII, so that every partition's batch holds a row Cassandra refuses.
                cql.execute(
                        "INSERT INTO " + ks + ".members (team, id, name) VALUES (?, ?, ?) USING TIMESTAMP ? AND TTL ?",
                        team,
                        id,
                        id == 3 ? "Zoë " + team : "Zoe " + team + "-" + id,
                        BASE_TIMESTAMP + team * 10L + id,
                        id % 2 == 0 ? 0 : 86_400);
            }
        }
        ExportResult exported =
                new TableExporter(cql, ExportOptions.defaults()).export(ks, "members", directory.resolve("members"));
        cql.execute("CREATE TABLE " + ks + ".ascii_members (team int, id int, name ascii, PRIMARY KEY (team, id))");
        Path errorFile = directory.resolve("errors").resolve("members.jsonl");

        ImportResult imported = new TableImporter(cql, ImportOptions.defaults().withMaxErrors(10))
                .importChunks(chunks(exported), ks, "ascii_members", errorFile);

        assertThat(imported.rows()).isEqualTo(100);
        assertThat(imported.written()).isEqualTo(90);
        assertThat(imported.errors()).isEqualTo(10);
        assertThat(Files.readAllLines(errorFile))
                .hasSize(10)
                .allSatisfy(line -> assertThat(line).containsIgnoringCase("ascii"));
        Map<String, String> restored = new TreeMap<>();
        for (Row row : cql.execute("SELECT team, id, name, writetime(name), ttl(name) FROM " + ks + ".ascii_members")) {
            restored.put(
                    row.getInt("team") + "/" + row.getInt("id"),
                    row.getString("name") + " " + row.getLong(3) + " " + (row.isNull(4) ? "none" : "ttl"));
        }
        Map<String, String> expected = new TreeMap<>();
        for (int team = 0; team < 10; team++) {
            for (int id = 0; id < 10; id++) {
                if (id != 3) {
                    expected.put(
                            team + "/" + id,
                            "Zoe " + team + "-" + id + " " + (BASE_TIMESTAMP + team * 10L + id) + " "
                                    + (id % 2 == 0 ? "none" : "ttl"));
                }
            }
        }
        assertThat(restored).isEqualTo(expected);
        cql.execute("DROP KEYSPACE " + ks);
    }
}
