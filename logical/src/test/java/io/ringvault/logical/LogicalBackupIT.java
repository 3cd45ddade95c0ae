package io.ringvault.logical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.data.CqlDuration;
import com.datastax.oss.driver.api.core.data.CqlVector;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.datastax.oss.driver.api.core.metadata.schema.KeyspaceMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.metadata.token.Token;
import com.datastax.oss.driver.api.core.metadata.token.TokenRange;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.TupleType;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import com.datastax.oss.driver.api.core.uuid.Uuids;
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
import io.ringvault.testkit.SharedStack;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HexFormat;
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
    /** Seconds a TTL may have run down between the snapshot before the export and the one after the import. */
    private static final int TTL_TOLERANCE = 120;

    private static final long BASE_TIMESTAMP = 1_700_000_000_000_000L;
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

    private static void createSchema(String ks) {
        cql.execute(
                "CREATE KEYSPACE " + ks + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        // Created in an order the dependency sort must keep: the type used by another first here, but named last.
        cql.execute("CREATE TYPE " + ks + ".zgeo (lat double, lon double)");
        cql.execute("CREATE TYPE " + ks + ".\"Address\" (street text, \"Zip\" int, location frozen<zgeo>, "
                + "tags frozen<set<text>>)");
        cql.execute("CREATE TYPE " + ks + ".note (title text, score int)");
        cql.execute("CREATE TABLE " + ks + ".\"MyTable\" ("
                + "id int, \"Ck\" text, "
                + "\"Col\" text, s text static, s_list list<int> static, "
                + "a ascii, bi bigint, b blob, bo boolean, da date, de decimal, dbl double, du duration, fl float, "
                + "ine inet, i int, si smallint, ti time, ts timestamp, tu timeuuid, tiny tinyint, u uuid, vi varint, "
                + "tup tuple<int, text, frozen<list<int>>>, "
                + "fz_list frozen<list<int>>, fz_set frozen<set<text>>, fz_map frozen<map<text, int>>, "
                + "l list<text>, st set<int>, m map<text, frozen<\"Address\">>, "
                + "addr frozen<\"Address\">, n note, v vector<float, 3>, "
                + "PRIMARY KEY (id, \"Ck\")) WITH CLUSTERING ORDER BY (\"Ck\" DESC) AND comment = 'every type' "
                // Options of Cassandra 5.0 that the driver's describe leaves out.
                + "AND incremental_backups = false AND allow_auto_snapshot = false");
        cql.execute("CREATE INDEX my_i ON " + ks + ".\"MyTable\" (i)");
        cql.execute("CREATE INDEX my_sai ON " + ks + ".\"MyTable\" (bi) USING 'sai'");
        cql.execute("CREATE TABLE " + ks + ".counts (id int, k text, c1 counter, \"C2\" counter, PRIMARY KEY (id, k))");
    }

    private static void loadData(String ks) throws Exception {
        KeyspaceMetadata keyspace = cql.getMetadata().getKeyspace(ks).orElseThrow();
        UserDefinedType address = keyspace.getUserDefinedType(CqlIdentifier.fromInternal("Address"))
                .orElseThrow();
        UserDefinedType geo = keyspace.getUserDefinedType("zgeo").orElseThrow();
        UserDefinedType note = keyspace.getUserDefinedType("note").orElseThrow();
        TupleType tuple = DataTypes.tupleOf(DataTypes.INT, DataTypes.TEXT, DataTypes.frozenListOf(DataTypes.INT));
        PreparedStatement insert = cql.prepare("INSERT INTO " + ks + ".\"MyTable\" (id, \"Ck\", \"Col\", s, s_list, a, "
                + "bi, b, bo, da, de, dbl, du, fl, ine, i, si, ti, ts, tu, tiny, u, vi, tup, fz_list, fz_set, fz_map, "
                + "l, st, m, addr, n, v) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TIMESTAMP ? AND TTL ?");
        float[] floats = {Float.NaN, -0.0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, 1.1f};
        double[] doubles = {Double.NaN, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 0.1
        };
        for (int r = 0; r < ROWS; r++) {
            UdtValue home = address.newValue()
                    .setString("street", "rue " + r)
                    .setInt(CqlIdentifier.fromInternal("Zip"), 75000 + r)
                    .setUdtValue(
                            "location",
                            geo.newValue().setDouble("lat", 48.85 + r).setDouble("lon", -0.0))
                    .setSet("tags", Set.of("t" + r % 3), String.class);
            TupleValue tup = tuple.newValue(r, "tuple " + r, List.of(r, -r));
            BoundStatementBuilder row =
                    insert.boundStatementBuilder().setInt(0, r / 10).setString(1, "ck-" + r);
            // The empty string, a null, and plain values.
            switch (r % 5) {
                case 0 -> row.setString(2, "");
                case 1 -> row.setToNull(2);
                default -> row.setString(2, "Col é ü 漢 " + r);
            }
            row.setString(3, "static " + r / 10)
                    .setList(4, List.of(r, r + 1), Integer.class)
                    .setString(5, r % 7 == 0 ? "" : "ascii " + r)
                    .setLong(6, Long.MIN_VALUE + r)
                    .setByteBuffer(7, r % 6 == 0 ? ByteBuffer.allocate(0) : ByteBuffer.wrap(("blob" + r).getBytes()))
                    .setBoolean(8, r % 2 == 0)
                    .setLocalDate(9, LocalDate.of(1, 1, 1).plusDays(r * 1000L))
                    .setBigDecimal(
                            10, new BigDecimal("123456789012345678901234567890.000000000000123").scaleByPowerOfTen(-r))
                    .setDouble(11, doubles[r % doubles.length])
                    .setCqlDuration(
                            12,
                            CqlDuration.newInstance(
                                    r % 2 == 0 ? r : -r,
                                    r % 2 == 0 ? 2 * r : -r,
                                    (r % 2 == 0 ? 1 : -1) * 1_000_000_007L * r))
                    .setFloat(13, floats[r % floats.length])
                    .setInetAddress(
                            14,
                            InetAddress.getByAddress(
                                    r % 2 == 0
                                            ? new byte[] {10, 0, (byte) r, 1}
                                            : new byte[] {
                                                0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) r
                                            }))
                    .setInt(15, r * 31)
                    .setShort(16, (short) (Short.MIN_VALUE + r))
                    .setLocalTime(17, LocalTime.ofNanoOfDay(86_399_999_999_999L - r))
                    .setInstant(18, Instant.ofEpochMilli(1_700_000_000_123L + r))
                    .setUuid(19, Uuids.timeBased())
                    .setByte(20, (byte) (r - 128))
                    .setUuid(21, UUID.randomUUID())
                    .setBigInteger(22, BigInteger.TWO.pow(100 + r).negate())
                    .setTupleValue(23, tup);
            // An empty frozen collection is a value, distinct from a null one.
            switch (r % 4) {
                case 0 -> row.setList(24, List.of(), Integer.class).setSet(25, Set.of(), String.class);
                case 1 -> row.setToNull(24).setToNull(25);
                default -> row.setList(24, List.of(3, 1, 2), Integer.class).setSet(25, Set.of("x", "y"), String.class);
            }
            row.setMap(26, Map.of("k" + r, r), String.class, Integer.class)
                    .setList(27, List.of("b", "a", "b"), String.class)
                    .setSet(28, new java.util.HashSet<>(List.of(r, -r, 7)), Integer.class)
                    .setMap(29, Map.of("home", home), String.class, UdtValue.class)
                    .setUdtValue(30, home)
                    .setUdtValue(
                            31, note.newValue().setString("title", "note " + r).setInt("score", r))
                    .setVector(32, CqlVector.newInstance(1.5f, floats[r % floats.length], (float) -r), Float.class)
                    .setLong(33, BASE_TIMESTAMP + r)
                    // TTLs on a third of the rows.
                    .setInt(34, r % 3 == 0 ? 86_400 + r : 0);
            cql.execute(row.build());
            if (r % 6 == 0) {
                // Elements of non-frozen collections and UDT fields written later, with another TTL.
                cql.execute("UPDATE " + ks + ".\"MyTable\" USING TIMESTAMP " + (BASE_TIMESTAMP + 5000 + r)
                        + " AND TTL 50000 SET l = l + ['late'], st = st + {999}, m['late'] = {street: 'late'}, "
                        + "n.score = 7, s_list = s_list + [42] WHERE id = " + r / 10 + " AND \"Ck\" = 'ck-" + r + "'");
                cql.execute("UPDATE " + ks + ".\"MyTable\" USING TIMESTAMP " + (BASE_TIMESTAMP + 9000 + r)
                        + " SET l = ['first'] + l, \"Col\" = 'updated' WHERE id = " + r / 10 + " AND \"Ck\" = 'ck-" + r
                        + "'");
            }
        }
        // A partition with a static cell and no row; a row with its primary key only.
        cql.execute("INSERT INTO " + ks + ".\"MyTable\" (id, s) VALUES (1000, 'static only') USING TIMESTAMP "
                + BASE_TIMESTAMP);
        cql.execute("INSERT INTO " + ks + ".\"MyTable\" (id, \"Ck\") VALUES (2000, 'key only') USING TIMESTAMP "
                + BASE_TIMESTAMP);
        for (int r = 0; r < 50; r++) {
            cql.execute("UPDATE " + ks + ".counts SET c1 = c1 + " + r + ", \"C2\" = \"C2\" - " + (3L * r)
                    + " WHERE id = " + r % 5 + " AND k = 'k" + r + "'");
        }
    }

    /** Every row of a table, its cells as hex bytes with their write time and TTL(s), keyed by the primary key. */
    private static Map<String, Map<String, Object>> snapshot(String ks, String table) {
        TableMetadata metadata = cql.getMetadata()
                .getKeyspace(ks)
                .orElseThrow()
                .getTable(CqlIdentifier.fromInternal(table))
                .orElseThrow();
        List<String> selectors = new ArrayList<>();
        List<String> names = new ArrayList<>();
        metadata.getColumns().values().forEach(column -> {
            String name = column.getName().asCql(true);
            names.add(column.getName().asInternal());
            selectors.add(name);
            if (!metadata.getPrimaryKey().contains(column) && !column.getType().equals(DataTypes.COUNTER)) {
                selectors.add("writetime(" + name + ")");
                selectors.add("ttl(" + name + ")");
            }
        });
        Map<String, Map<String, Object>> rows = new TreeMap<>();
        for (Row row : cql.execute("SELECT " + String.join(", ", selectors) + " FROM " + ks + "."
                + CqlIdentifier.fromInternal(table).asCql(true))) {
            Map<String, Object> cells = new LinkedHashMap<>();
            int i = 0;
            StringBuilder key = new StringBuilder();
            for (var column : metadata.getColumns().values()) {
                String value = hex(row.getBytesUnsafe(i++));
                if (metadata.getPrimaryKey().contains(column)) {
                    key.append(value).append('/');
                    continue;
                }
                cells.put(column.getName().asInternal(), value);
                if (!column.getType().equals(DataTypes.COUNTER)) {
                    cells.put(column.getName().asInternal() + " writetime", String.valueOf(row.getObject(i++)));
                    cells.put(column.getName().asInternal() + " ttl", row.getObject(i++));
                }
            }
            rows.put(key.toString(), cells);
        }
        return rows;
    }

    private static String hex(ByteBuffer value) {
        if (value == null) {
            return "null";
        }
        byte[] bytes = new byte[value.remaining()];
        value.duplicate().get(bytes);
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    /** Equal cell for cell, write times exactly, TTLs at most {@link #TTL_TOLERANCE} seconds shorter. */
    private static void assertSameRows(
            Map<String, Map<String, Object>> actual, Map<String, Map<String, Object>> expected) {
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        for (String key : expected.keySet()) {
            Map<String, Object> want = expected.get(key);
            Map<String, Object> got = actual.get(key);
            for (Map.Entry<String, Object> cell : want.entrySet()) {
                String where = "row " + key + " cell " + cell.getKey();
                if (cell.getKey().endsWith(" ttl")) {
                    assertTtl(where, got.get(cell.getKey()), cell.getValue());
                } else {
                    assertThat(got.get(cell.getKey())).as(where).isEqualTo(cell.getValue());
                }
            }
        }
    }

    private static void assertTtl(String where, Object actual, Object expected) {
        if (expected == null || actual == null) {
            assertThat(actual).as(where).isEqualTo(expected);
        } else if (expected instanceof List<?> wantList) {
            assertThat(actual).as(where).isInstanceOf(List.class);
            List<?> gotList = (List<?>) actual;
            assertThat(gotList).as(where).hasSameSizeAs(wantList);
            for (int i = 0; i < wantList.size(); i++) {
                assertTtl(where + " element " + i, gotList.get(i), wantList.get(i));
            }
        } else {
            int want = (Integer) expected;
            assertThat((Integer) actual).as(where).isBetween(want - TTL_TOLERANCE, want);
        }
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
                            hex(row.key().get(0)), chunk.summary().file());
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
        String ks = newKeyspace();
        cql.execute(
                "CREATE KEYSPACE " + ks + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        cql.execute("CREATE TABLE " + ks + ".items (id int PRIMARY KEY, v text)");
        for (int id = 0; id < 300; id++) {
            cql.execute("INSERT INTO " + ks + ".items (id, v) VALUES (?, ?)", id, "v" + id);
        }
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
        String ks = newKeyspace();
        cql.execute(
                "CREATE KEYSPACE " + ks + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        cql.execute("CREATE TABLE " + ks + ".items (id int PRIMARY KEY, v text)");
        for (int id = 0; id < 500; id++) {
            cql.execute("INSERT INTO " + ks + ".items (id, v) VALUES (?, ?)", id, "v" + id);
        }
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
        String ks = newKeyspace();
        cql.execute(
                "CREATE KEYSPACE " + ks + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        cql.execute("CREATE TABLE " + ks + ".items (id int PRIMARY KEY, v text)");
        for (int id = 0; id < 50; id++) {
            cql.execute("INSERT INTO " + ks + ".items (id, v) VALUES (?, ?)", id, "v" + id);
        }

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
