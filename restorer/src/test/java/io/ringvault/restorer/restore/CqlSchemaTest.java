package io.ringvault.restorer.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CqlSchemaTest {
    static final String SCHEMA = """
            CREATE KEYSPACE shop WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '1'}  AND durable_writes = true;

            CREATE TYPE shop.address (
                street text,
                city text
            );

            /*
            Warning: a comment Cassandra may print; it has a ; inside
            */
            CREATE TABLE shop.orders (
                customer_id uuid,
                order_id timeuuid,
                "Total" decimal,
                tags frozen<map<text, frozen<list<int>>>>,
                PRIMARY KEY ((customer_id), order_id)
            ) WITH CLUSTERING ORDER BY (order_id DESC)
                AND comment = 'orders; all of them, it''s true'
                AND compaction = {'class': 'org.apache.cassandra.db.compaction.UnifiedCompactionStrategy'};

            CREATE INDEX orders_total_idx ON shop.orders ("Total");

            CREATE CUSTOM INDEX orders_sai ON shop.orders (order_id) USING 'StorageAttachedIndex';

            CREATE FUNCTION shop.twice(v int) RETURNS NULL ON NULL INPUT RETURNS int LANGUAGE java AS $$ return v * 2; $$;

            CREATE MATERIALIZED VIEW shop.by_customer AS
                SELECT * FROM shop.orders
                WHERE customer_id IS NOT NULL AND order_id IS NOT NULL
                PRIMARY KEY (order_id, customer_id);

            CREATE TABLE shop."Mixed_Case" (
                id int PRIMARY KEY
            )""";

    @Test
    void shouldSplitStatementsRespectingLiteralsBodiesAndComments() {
        List<String> statements = CqlSchema.split(SCHEMA);

        assertThat(statements).hasSize(8);
        assertThat(statements.get(2))
                .contains("'orders; all of them, it''s true'")
                .doesNotContain("Warning");
        assertThat(statements.get(5)).endsWith("$$ return v * 2; $$");
        assertThat(statements).noneMatch(s -> s.endsWith(";"));
    }

    @Test
    void shouldTellWhatEachStatementCreates() {
        List<CqlSchema.Statement> statements = CqlSchema.parseAll(SCHEMA);

        assertThat(statements)
                .extracting(CqlSchema.Statement::kind)
                .containsExactly(
                        CqlSchema.Kind.KEYSPACE,
                        CqlSchema.Kind.TYPE,
                        CqlSchema.Kind.TABLE,
                        CqlSchema.Kind.INDEX,
                        CqlSchema.Kind.INDEX,
                        CqlSchema.Kind.FUNCTION,
                        CqlSchema.Kind.VIEW,
                        CqlSchema.Kind.TABLE);
        assertThat(statements.get(1).name()).isEqualTo("address");
        assertThat(statements.get(2).name()).isEqualTo("orders");
        assertThat(statements.get(3).table()).isEqualTo("orders");
        assertThat(statements.get(3).name()).isEqualTo("orders_total_idx");
        assertThat(statements.get(4).table()).isEqualTo("orders");
        assertThat(statements.get(6).name()).isEqualTo("by_customer");
        assertThat(statements.get(6).table()).isEqualTo("orders");
        assertThat(statements.get(7).name()).isEqualTo("Mixed_Case");
        assertThat(statements).allSatisfy(s -> assertThat(s.keyspace()).isEqualTo("shop"));
    }

    @Test
    void shouldAddIfNotExists() {
        List<CqlSchema.Statement> statements = CqlSchema.parseAll(SCHEMA);

        assertThat(statements.get(0).ifNotExists()).startsWith("CREATE KEYSPACE IF NOT EXISTS shop WITH");
        assertThat(statements.get(2).ifNotExists()).startsWith("CREATE TABLE IF NOT EXISTS shop.orders (");
        assertThat(statements.get(4).ifNotExists()).startsWith("CREATE CUSTOM INDEX IF NOT EXISTS orders_sai ON");
        assertThat(CqlSchema.parse("CREATE TABLE IF NOT EXISTS a.b (id int PRIMARY KEY)")
                        .ifNotExists())
                .isEqualTo("CREATE TABLE IF NOT EXISTS a.b (id int PRIMARY KEY)");
    }

    @Test
    void shouldCompareTablesByColumnsKeyAndClusteringOrderOnly() {
        String backup = CqlSchema.split(SCHEMA).get(2);
        String sameWithOtherOptions = """
                CREATE TABLE shop.orders (
                  customer_id uuid,
                    order_id timeuuid,
                    "Total" decimal,
                    tags frozen<map<text,frozen<list<int>>>>,
                    PRIMARY KEY ((customer_id), order_id)
                ) WITH CLUSTERING ORDER BY (order_id DESC)
                    AND gc_grace_seconds = 3600""";
        String otherOrder = backup.replace("order_id DESC", "order_id ASC");
        String otherType = backup.replace("\"Total\" decimal", "\"Total\" double");

        assertThat(CqlSchema.tableDefinition(sameWithOtherOptions)).isEqualTo(CqlSchema.tableDefinition(backup));
        assertThat(CqlSchema.tableDefinition(otherOrder)).isNotEqualTo(CqlSchema.tableDefinition(backup));
        assertThat(CqlSchema.tableDefinition(otherType)).isNotEqualTo(CqlSchema.tableDefinition(backup));
        assertThat(CqlSchema.tableDefinition(backup)).contains("CLUSTERING ORDER BY (order_id DESC)");
    }

    @Test
    void shouldCompareTableDefinitionsWhoeverWroteThem() {
        // The driver's describe (a logical backup) and Cassandra's DESCRIBE order columns and qualify types otherwise.
        String driver = """
                CREATE TABLE ks."MyTable" (
                    id int,
                    "Ck" text,
                    addr frozen<ks."Address">,
                    m map<text, frozen<"ks"."Address">>,
                    s text static,
                    PRIMARY KEY (id, "Ck")
                ) WITH CLUSTERING ORDER BY ("Ck" DESC) AND comment = 'x'""";
        String server = """
                CREATE TABLE ks."MyTable" (
                    id int,
                    "Ck" text,
                    s text static,
                    addr frozen<"Address">,
                    m map<text, frozen<"Address">>,
                    PRIMARY KEY (id, "Ck")
                ) WITH CLUSTERING ORDER BY ("Ck" DESC)""";
        String otherType = server.replace("m map<text, frozen<\"Address\">>", "m map<text, text>");

        assertThat(CqlSchema.comparableDefinition(driver)).isEqualTo(CqlSchema.comparableDefinition(server));
        assertThat(CqlSchema.comparableDefinition(otherType)).isNotEqualTo(CqlSchema.comparableDefinition(server));
        assertThat(
                        CqlSchema.comparableDefinition(
                                "CREATE TABLE ks.c (id int, k text, n counter, PRIMARY KEY (id, k)) WITH CLUSTERING ORDER BY (k ASC)"))
                .isEqualTo(CqlSchema.comparableDefinition(
                        "CREATE TABLE ks.c (id int, k text, n counter, PRIMARY KEY (id, k))"));
        assertThat(CqlSchema.comparableDefinition("CREATE TABLE ks.t (id int PRIMARY KEY, v text)"))
                .isEqualTo(CqlSchema.comparableDefinition("CREATE TABLE ks.t (v text, id int, PRIMARY KEY (id))"));
    }
}
