package io.ringvault.logical.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.type.codec.TypeCodec;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.logical.LogicalException;
import io.ringvault.logical.load.ImportOptions;
import io.ringvault.logical.schema.SchemaScript;
import io.ringvault.testkit.CassandraEndpoint;
import io.ringvault.testkit.SharedStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CSV on the build's real Cassandra: files written by cqlsh 6.2.2's {@code COPY TO} (fixtures under
 * {@code src/test/resources/cqlsh}, see the README there) loaded with their {@code DESCRIBE} schema and compared, value
 * for value, with the rows their {@code source.cql} inserts; a table exported by {@link CsvExporter} and loaded back
 * by {@link CsvImporter}; and malformed records reported and kept. No cqlsh needed.
 */
class CsvIT {
    private static final Path FIXTURES = Path.of("src/test/resources/cqlsh");
    private static final String FIXTURE_KEYSPACE = "cqlsh_src";

    private static CqlSession cql;

    @TempDir
    Path directory;

    @BeforeAll
    static void connect() {
        CassandraEndpoint cassandra = SharedStack.get().cassandra();
        cql = CqlSession.builder()
                .addContactPoint(cassandra.cql())
                .withLocalDatacenter(cassandra.datacenter())
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
        return "csv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** A fixture with the keyspace renamed, so that each test has its own. */
    private Path fixture(String name, String keyspace) throws Exception {
        Path renamed = directory.resolve(keyspace + "-" + name);
        Files.writeString(renamed, Files.readString(FIXTURES.resolve(name)).replace(FIXTURE_KEYSPACE, keyspace));
        return renamed;
    }

    /** The source rows: the fixture's schema and inserts, in a keyspace of their own. */
    private String loadSource() throws Exception {
        String source = newKeyspace();
        SchemaScript.apply(cql, SchemaScript.parse(Files.readString(fixture("source.cql", source))));
        return source;
    }

    /** Every row of a table by primary key, every value in CQL literal form, so that tables of two keyspaces compare. */
    private static Map<String, Map<String, String>> rows(String keyspace, String table, List<String> key) {
        Map<String, Map<String, String>> rows = new TreeMap<>();
        for (Row row : cql.execute("SELECT * FROM " + keyspace + ".\"" + table + "\"")) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < row.getColumnDefinitions().size(); i++) {
                ColumnDefinition column = row.getColumnDefinitions().get(i);
                @SuppressWarnings("unchecked")
                TypeCodec<Object> codec =
                        (TypeCodec<Object>) row.codecRegistry().codecFor(column.getType());
                // isNull first: the driver decodes a null collection as an empty one, and a frozen empty one is a
                // value.
                values.put(column.getName().asInternal(), row.isNull(i) ? "NULL" : codec.format(row.getObject(i)));
            }
            rows.put(key.stream().map(values::get).toList().toString(), values);
        }
        return rows;
    }

    @Test
    void shouldLoadCqlshCopyToFilesWithTheirDescribeSchemaValueForValue() throws Exception {
        String source = loadSource();
        String target = newKeyspace();
        CsvImporter.applySchema(cql, fixture("schema.cql", target));
        Path errors = directory.resolve("errors.jsonl");
        CsvImportResult result = new CsvImporter(cql, CsvOptions.defaults(), ImportOptions.defaults())
                .importFiles(List.of(FIXTURES.resolve("every_type.csv")), target, "every_type", errors);

        assertThat(result.errors()).isZero();
        assertThat(errors).doesNotExist();
        Map<String, Map<String, String>> expected = rows(source, "every_type", List.of("id", "ck"));
        assertThat(result.rows()).isEqualTo(expected.size());
        assertThat(result.written()).isEqualTo(expected.size());
        assertThat(rows(target, "every_type", List.of("id", "ck"))).isEqualTo(expected);
    }

    @Test
    void shouldLoadAHeaderlessFileWithCqlshsDefaultNullMarkerAndKeepTheRowItCannotLoad() throws Exception {
        String source = loadSource();
        String target = newKeyspace();
        CsvImporter.applySchema(cql, fixture("schema.cql", target));
        Path errors = directory.resolve("errors.jsonl");
        // cqlsh's default NULL is the empty text: an empty text comes back null, and an empty clustering key cannot.
        CsvImportResult result = new CsvImporter(
                        cql,
                        CsvOptions.defaults().withHeader(false).withNullMarker(""),
                        ImportOptions.defaults().withMaxErrors(1))
                .importFiles(List.of(FIXTURES.resolve("every_type_noheader.csv")), target, "every_type", errors);

        assertThat(result.errors()).isEqualTo(1);
        assertThat(Files.readAllLines(errors))
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .contains("\"table\":\"" + target + ".every_type\"")
                        .contains("every_type_noheader.csv")
                        .contains("clustering column is null")
                        .contains("\"record\":\"6,,"));
        Map<String, Map<String, String>> expected = rows(source, "every_type", List.of("id", "ck"));
        expected.remove("[6, '']");
        expected.get("[3, 'nulls and empties']").put("t", "NULL");
        assertThat(rows(target, "every_type", List.of("id", "ck"))).isEqualTo(expected);
    }

    @Test
    void shouldExportAsCsvAndImportBackEqual() throws Exception {
        String source = loadSource();
        cql.execute("CREATE TABLE " + source + ".\"Mixed\" (id int, \"Ck\" text, \"Val\" list<frozen<tuple<timestamp, "
                + "blob, text>>>, s text static, PRIMARY KEY (id, \"Ck\"))");
        cql.execute("CREATE TABLE " + source + ".counts (id int PRIMARY KEY, c counter, d counter)");
        for (int i = 0; i < 2500; i++) {
            cql.execute("INSERT INTO " + source + ".\"Mixed\" (id, \"Ck\", \"Val\", s) VALUES (" + (i % 50) + ", 'r" + i
                    + "', [('2024-01-0" + (1 + i % 9) + " 10:00:00.123+0000', 0x" + String.format("%04x", i)
                    + ", 'it''s, \"" + i + "\"\n\\')], 'static " + (i % 50) + "')");
        }
        // A partition with a static cell and no row: read back with null clustering values.
        cql.execute("INSERT INTO " + source + ".\"Mixed\" (id, s) VALUES (999, 'static only')");
        cql.execute("UPDATE " + source + ".counts SET c = c + 5, d = d - 3 WHERE id = 1");
        cql.execute("UPDATE " + source + ".counts SET c = c + 7 WHERE id = 2");
        String target = newKeyspace();
        CsvImporter.applySchema(cql, fixture("schema.cql", target));
        cql.execute("CREATE TABLE " + target + ".\"Mixed\" (id int, \"Ck\" text, \"Val\" list<frozen<tuple<timestamp, "
                + "blob, text>>>, s text static, PRIMARY KEY (id, \"Ck\"))");
        cql.execute("CREATE TABLE " + target + ".counts (id int PRIMARY KEY, c counter, d counter)");

        CsvExporter exporter =
                new CsvExporter(cql, CsvOptions.defaults(), com.datastax.oss.driver.api.core.ConsistencyLevel.ONE);
        CsvImporter importer = new CsvImporter(cql, CsvOptions.defaults(), ImportOptions.defaults());
        Map<String, List<String>> keys =
                Map.of("every_type", List.of("id", "ck"), "Mixed", List.of("id", "Ck"), "counts", List.of("id"));
        for (Map.Entry<String, List<String>> table : keys.entrySet()) {
            Path file = directory.resolve(table.getKey() + ".csv");
            CsvExportResult exported = exporter.export(source, table.getKey(), file);
            Map<String, Map<String, String>> expected = rows(source, table.getKey(), table.getValue());
            assertThat(exported.rows()).isEqualTo(expected.size());
            CsvImportResult imported = importer.importFiles(
                    List.of(file), target, table.getKey(), directory.resolve(table.getKey() + ".errors"));
            assertThat(imported.errors()).as(table.getKey()).isZero();
            assertThat(rows(target, table.getKey(), table.getValue()))
                    .as(table.getKey())
                    .isEqualTo(expected);
        }
        // The header names the columns as Cassandra stores them, and the file opens as cqlsh's does.
        assertThat(Files.readAllLines(directory.resolve("Mixed.csv")).get(0))
                .startsWith("id,Ck,")
                .contains("Val");
        assertThat(Files.readString(directory.resolve("every_type.csv")))
                .startsWith(
                        Files.readAllLines(FIXTURES.resolve("every_type.csv")).get(0) + "\r\n");
    }

    @Test
    void shouldReportEveryMalformedRecordWithItsFileAndLineAndFailPastMaxErrors() throws Exception {
        String target = newKeyspace();
        CsvImporter.applySchema(cql, fixture("schema.cql", target));
        Path csv = directory.resolve("bad.csv");
        Files.writeString(
                csv,
                "id,ck,i,bo,l\r\n"
                        + "1,good,5,True,['a']\r\n"
                        + "2,bad int,5x,True,<null>\r\n"
                        + "3,too,many,fields,here,!\r\n"
                        + "4,bad list,1,False,['a'\r\n"
                        + "5,good too,<null>,False,\"['x, y', 'z']\"\r\n"
                        + "<null>,null key,1,True,<null>\r\n"
                        + "7,\"never closed,1,True,[]\r\n");
        Path errors = directory.resolve("bad.errors");
        CsvImportResult result = new CsvImporter(
                        cql, CsvOptions.defaults(), ImportOptions.defaults().withMaxErrors(5))
                .importFiles(List.of(csv), target, "every_type", errors);

        assertThat(result.rows()).isEqualTo(7);
        assertThat(result.written()).isEqualTo(2);
        assertThat(result.errors()).isEqualTo(5);
        List<String> rejected = Files.readAllLines(errors);
        assertThat(rejected).hasSize(5);
        assertThat(rejected.get(0)).contains("\"line\":3").contains("column i").contains("5x");
        assertThat(rejected.get(1)).contains("\"line\":4").contains("6 fields where 5 columns are expected");
        assertThat(rejected.get(2)).contains("\"line\":5").contains("column l");
        assertThat(rejected.get(3)).contains("\"line\":7").contains("partition key");
        assertThat(rejected.get(4)).contains("\"line\":8").contains("not closed");
        assertThat(rows(target, "every_type", List.of("id", "ck")).get("[5, 'good too']"))
                .containsEntry("l", "['x, y','z']")
                .containsEntry("i", "NULL");

        assertThatThrownBy(() -> new CsvImporter(
                                cql,
                                CsvOptions.defaults(),
                                ImportOptions.defaults().withMaxErrors(1))
                        .importFiles(List.of(csv), target, "every_type", directory.resolve("bad2.errors")))
                .isInstanceOf(LogicalException.class)
                .satisfies(e -> assertThat(((LogicalException) e).reason()).isEqualTo(FailureReason.IMPORT_FAILED))
                .hasMessageContaining("file " + csv + ", line 3");
    }

    @Test
    void shouldNameTheSchemaStatementThatFails() throws Exception {
        Path schema = directory.resolve("bad-schema.cql");
        String keyspace = newKeyspace();
        Files.writeString(
                schema,
                "WARNING: cqlsh was built against 5.0.0, but this server is 5.0.9.\n\n"
                        + "CREATE KEYSPACE " + keyspace
                        + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '1'};\n"
                        + "CREATE TABLE " + keyspace + ".t (id int PRIMARY KEY, v nosuchtype);\n");
        assertThatThrownBy(() -> CsvImporter.applySchema(cql, schema))
                .isInstanceOf(LogicalException.class)
                .satisfies(e -> assertThat(((LogicalException) e).reason()).isEqualTo(FailureReason.SCHEMA_FAILED))
                .hasMessageContaining("statement 2 of 2");
    }
}
