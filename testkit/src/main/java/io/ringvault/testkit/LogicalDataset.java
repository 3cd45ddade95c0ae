package io.ringvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.data.CqlDuration;
import com.datastax.oss.driver.api.core.data.CqlVector;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.metadata.schema.KeyspaceMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.TupleType;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
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

/**
 * The data a logical backup must bring back exactly, shared by the logical engine's tests and the system tests: every
 * CQL type (UDTs, a UDT inside another, tuples, frozen and non-frozen collections, {@code duration}, {@code vector},
 * {@code blob}, {@code varint}, {@code decimal}, timestamps), static columns (one a list), quoted mixed-case names, NULL
 * beside the empty string and the empty collection, floats and doubles whose bits matter (NaN, -0.0, infinities),
 * explicit write times, TTLs, elements of non-frozen collections written later with their own write time and TTL (and
 * prepended), and a counter table; plus a secondary index and an SAI index a restore recreates. Compared cell by cell
 * with write times and TTLs ({@link #rows}, {@link #assertSameRows}).
 *
 * <p>Needs the Cassandra driver and AssertJ on the test classpath (testkit leaves both to its users).
 */
public final class LogicalDataset {
    /** Seconds a TTL may have run down between the reading before a backup and the one after its restore. */
    public static final int TTL_TOLERANCE = 300;

    /** The write time of the first row, in microseconds; row {@code r} is written at {@code BASE_TIMESTAMP + r}. */
    public static final long BASE_TIMESTAMP = 1_700_000_000_000_000L;

    /** The tables {@link #create} makes, in the order a restore lists them. */
    public static final List<String> TABLES = List.of("MyTable", "counts");

    private LogicalDataset() {}

    /**
     * Creates keyspace {@code ks} with {@code replication} (a CQL map), its types, {@link #TABLES} and their indexes.
     */
    public static void create(CqlSession cql, String ks, String replication) {
        cql.execute("CREATE KEYSPACE " + ks + " WITH replication = " + replication);
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

    /** Writes {@code rows} rows (ten a partition) into {@code MyTable}, two more of special shape, and the counters. */
    public static void load(CqlSession cql, String ks, int rows) throws Exception {
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
        for (int r = 0; r < rows; r++) {
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
                    // TTLs on a third of the rows, long enough to outlive a suite.
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

    /**
     * Every row of a table, its cells as hex bytes with their write time and TTL(s) when {@code withTimes}, keyed by
     * the primary key.
     */
    public static Map<String, Map<String, Object>> rows(CqlSession cql, String ks, String table, boolean withTimes) {
        TableMetadata metadata = cql.getMetadata()
                .getKeyspace(ks)
                .orElseThrow()
                .getTable(CqlIdentifier.fromInternal(table))
                .orElseThrow();
        List<String> selectors = new ArrayList<>();
        metadata.getColumns().values().forEach(column -> {
            String name = column.getName().asCql(true);
            selectors.add(name);
            if (withTimes
                    && !metadata.getPrimaryKey().contains(column)
                    && !column.getType().equals(DataTypes.COUNTER)) {
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
                if (withTimes && !column.getType().equals(DataTypes.COUNTER)) {
                    cells.put(column.getName().asInternal() + " writetime", String.valueOf(row.getObject(i++)));
                    cells.put(column.getName().asInternal() + " ttl", row.getObject(i++));
                }
            }
            rows.put(key.toString(), cells);
        }
        return rows;
    }

    /** A cell as the hex of its bytes, "null" for none: how {@link #rows} compares values. */
    public static String hex(ByteBuffer value) {
        if (value == null) {
            return "null";
        }
        byte[] bytes = new byte[value.remaining()];
        value.duplicate().get(bytes);
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    /** Equal cell for cell, write times exactly, TTLs at most {@link #TTL_TOLERANCE} seconds shorter. */
    public static void assertSameRows(
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
}
