package io.ringvault.coordinator.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.coordinator.request.RequestRejectedException;
import io.ringvault.logical.schema.SchemaScript;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CqlshSchemaTest {
    /** {@code cqlsh 6.2.2 -e 'DESCRIBE KEYSPACE cqlsh_src'} against Cassandra 5.0.9, byte for byte. */
    static final Path CQLSH_DESCRIBE = Path.of("../logical/src/test/resources/cqlsh/schema.cql");

    @Test
    void shouldReadTheKeyspaceTypeAndTableOfCqlshDescribeOutput() throws Exception {
        CqlshSchema schema = CqlshSchema.parse(Files.readString(CQLSH_DESCRIBE));

        assertThat(schema.scripts()).containsOnlyKeys("cqlsh_src");
        assertThat(schema.tables()).containsOnlyKeys("cqlsh_src.every_type");
        // COPY TO's order (its header in the fixture), not DESCRIBE's, which puts collections and non-frozen types
        // last.
        assertThat(String.join(",", schema.tables().get("cqlsh_src.every_type")))
                .isEqualTo(Files.readAllLines(CQLSH_DESCRIBE.resolveSibling("every_type.csv"))
                        .get(0));
        assertThat(schema.views()).isEmpty();
        String script = schema.scripts().get("cqlsh_src");
        assertThat(SchemaScript.parse(script))
                .hasSize(3)
                .satisfiesExactly(
                        s -> assertThat(s).startsWith("CREATE KEYSPACE cqlsh_src WITH replication"),
                        s -> assertThat(s).startsWith("CREATE TYPE cqlsh_src.point"),
                        s -> assertThat(s)
                                .startsWith("CREATE TABLE cqlsh_src.every_type")
                                .contains("AND speculative_retry = '99p'"));
    }

    @Test
    void shouldLeaveOutTheWarningOfAnotherCqlshVersionAndComments() {
        CqlshSchema schema = CqlshSchema.parse("WARNING: cqlsh was built against 5.0.0, but this server is 5.0.9."
                + "  All features may not work!\n\n"
                + "-- a comment; with a semicolon\n"
                + "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '1'};\n"
                + "/* block; comment */\n"
                + "CREATE TABLE ks.t (k int PRIMARY KEY, v text) WITH comment = 'a; b';\n");

        assertThat(schema.tables()).containsEntry("ks.t", java.util.List.of("k", "v"));
        assertThat(schema.scripts().get("ks")).doesNotContain("WARNING").doesNotContain("comment;");
        assertThat(SchemaScript.parse(schema.scripts().get("ks"))).hasSize(2);
    }

    @Test
    void shouldKeepQuotedNamesAndTellIndexesAndViewsApart() {
        CqlshSchema schema = CqlshSchema.parse("""
                CREATE KEYSPACE "Shop" WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '1'};
                CREATE TABLE "Shop"."Orders" (
                    "Id" int,
                    day date,
                    "Total, with tax" decimal,
                    tags frozen<map<text, tuple<int, text>>>,
                    PRIMARY KEY (("Id", day))
                ) WITH comment = '';
                CREATE INDEX orders_total ON "Shop"."Orders" ("Total, with tax");
                CREATE MATERIALIZED VIEW "Shop".by_day AS
                    SELECT * FROM "Shop"."Orders" WHERE day IS NOT NULL AND "Id" IS NOT NULL
                    PRIMARY KEY (day, "Id");
                """);

        assertThat(schema.tables())
                .containsOnlyKeys("Shop.Orders")
                .containsEntry("Shop.Orders", java.util.List.of("Id", "day", "Total, with tax", "tags"));
        assertThat(schema.views()).containsExactly("Shop.by_day");
        assertThat(SchemaScript.parse(schema.scripts().get("Shop"))).hasSize(4);
        assertThat(CqlshSchema.qualifiedInternal("\"Shop\".\"Orders\"")).isEqualTo("Shop.Orders");
        assertThat(CqlshSchema.qualifiedInternal("Shop.Orders")).isEqualTo("shop.orders");
        assertThat(CqlshSchema.qualifiedInternal("orders")).isNull();
    }

    @Test
    void shouldNameAStatementWithoutAKeyspace() {
        assertThatThrownBy(() -> CqlshSchema.parse(
                        "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};\n"
                                + "CREATE TABLE t (k int PRIMARY KEY);"))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessageContaining("schema statement 2 of 2 (CREATE TABLE t (k int PRIMARY KEY))")
                .extracting(e -> ((RequestRejectedException) e).reason())
                .isEqualTo(FailureReason.INVALID_DATA);
        assertThatThrownBy(() -> CqlshSchema.parse("  \n-- nothing\n"))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessageContaining("holds no CQL statement");
    }
}
