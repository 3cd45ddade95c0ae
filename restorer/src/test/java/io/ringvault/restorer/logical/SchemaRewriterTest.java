package io.ringvault.restorer.logical;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.restorer.restore.CqlSchema;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchemaRewriterTest {
    static final String SHOP = """
            CREATE KEYSPACE shop WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': '3'} AND durable_writes = true;
            CREATE TYPE shop.address (street text, city text);
            CREATE TYPE shop.customer_info (name text, home frozen<address>);
            CREATE TABLE shop.orders (
                id uuid PRIMARY KEY,
                customer frozen<customer_info>,
                "Total" decimal
            ) WITH comment = 'shop.orders; the orders';
            CREATE INDEX orders_total_idx ON shop.orders ("Total");
            CREATE CUSTOM INDEX orders_sai ON shop.orders (customer) USING 'StorageAttachedIndex';
            CREATE MATERIALIZED VIEW shop.orders_by_total AS
                SELECT * FROM shop.orders
                WHERE "Total" IS NOT NULL AND id IS NOT NULL
                PRIMARY KEY ("Total", id);
            CREATE TABLE shop."Mixed" (id int PRIMARY KEY);
            """;

    @Test
    void shouldKeepTheBackupsStatementsWithoutRenames() {
        Map<String, List<CqlSchema.Statement>> schema = SchemaRewriter.rewrite(
                Map.of("shop", SHOP), Set.of("shop.orders", "shop.Mixed"), new TableRenames(null, null));

        assertThat(schema).containsOnlyKeys("shop");
        List<String> backup = CqlSchema.split(SHOP);
        // The same statements, views last: they need every table of the keyspace restored first.
        assertThat(schema.get("shop"))
                .extracting(CqlSchema.Statement::cql)
                .containsExactly(
                        backup.get(0),
                        backup.get(1),
                        backup.get(2),
                        backup.get(3),
                        backup.get(4),
                        backup.get(5),
                        backup.get(7),
                        backup.get(6));
    }

    @Test
    void shouldMoveEveryStatementOfARenamedKeyspace() {
        Map<String, List<CqlSchema.Statement>> schema = SchemaRewriter.rewrite(
                Map.of("shop", SHOP),
                Set.of("shop.orders", "shop.Mixed"),
                new TableRenames(null, Map.of("shop", "shop2")));

        assertThat(schema).containsOnlyKeys("shop2");
        List<CqlSchema.Statement> statements = schema.get("shop2");
        assertThat(statements)
                .extracting(CqlSchema.Statement::kind, CqlSchema.Statement::keyspace, CqlSchema.Statement::name)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(CqlSchema.Kind.KEYSPACE, "shop2", "shop2"),
                        org.assertj.core.groups.Tuple.tuple(CqlSchema.Kind.TYPE, "shop2", "address"),
                        org.assertj.core.groups.Tuple.tuple(CqlSchema.Kind.TYPE, "shop2", "customer_info"),
                        org.assertj.core.groups.Tuple.tuple(CqlSchema.Kind.TABLE, "shop2", "orders"),
                        org.assertj.core.groups.Tuple.tuple(CqlSchema.Kind.INDEX, "shop2", "orders_total_idx"),
                        org.assertj.core.groups.Tuple.tuple(CqlSchema.Kind.INDEX, "shop2", "orders_sai"),
                        org.assertj.core.groups.Tuple.tuple(CqlSchema.Kind.TABLE, "shop2", "Mixed"),
                        org.assertj.core.groups.Tuple.tuple(CqlSchema.Kind.VIEW, "shop2", "orders_by_total"));
        assertThat(statements.get(0).cql())
                .startsWith("CREATE KEYSPACE \"shop2\" WITH replication = {'class': 'NetworkTopologyStrategy'");
        // Only the names move: a literal that mentions the old keyspace stays as it was.
        assertThat(statements.get(3).cql())
                .startsWith("CREATE TABLE \"shop2\".\"orders\" (")
                .contains("comment = 'shop.orders; the orders'");
        assertThat(statements.get(4).cql())
                .isEqualTo("CREATE INDEX orders_total_idx ON \"shop2\".\"orders\" (\"Total\")");
        assertThat(statements.get(6).cql()).isEqualTo("CREATE TABLE \"shop2\".\"Mixed\" (id int PRIMARY KEY)");
        assertThat(statements.get(7).cql())
                .startsWith("CREATE MATERIALIZED VIEW \"shop2\".\"orders_by_total\" AS")
                .contains("SELECT * FROM \"shop2\".\"orders\"");
        assertThat(statements.get(7).table()).isEqualTo("orders");
    }

    @Test
    void shouldRenameATableWithItsIndexesAndViewsInItsOwnKeyspace() {
        Map<String, List<CqlSchema.Statement>> schema = SchemaRewriter.rewrite(
                Map.of("shop", SHOP),
                Set.of("shop.orders"),
                new TableRenames(Map.of("shop.orders", "shop.orders_copy"), null));

        List<CqlSchema.Statement> statements = schema.get("shop");
        assertThat(statements)
                .filteredOn(s -> s.kind() == CqlSchema.Kind.TABLE)
                .extracting(CqlSchema.Statement::name)
                .containsExactly("orders_copy");
        // Index and view names are unique in a keyspace, and the original table may keep its own.
        assertThat(statements)
                .filteredOn(s -> s.kind() == CqlSchema.Kind.INDEX || s.kind() == CqlSchema.Kind.VIEW)
                .extracting(CqlSchema.Statement::name, CqlSchema.Statement::table)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("orders_copy_orders_total_idx", "orders_copy"),
                        org.assertj.core.groups.Tuple.tuple("orders_copy_orders_sai", "orders_copy"),
                        org.assertj.core.groups.Tuple.tuple("orders_copy_orders_by_total", "orders_copy"));
        // The types the table uses come along; the unrenamed table stays out of scope.
        assertThat(statements).filteredOn(s -> s.kind() == CqlSchema.Kind.TYPE).hasSize(2);
    }

    @Test
    void shouldCreateTheKeyspaceATableIsRenamedIntoFromItsSourceKeyspace() {
        Map<String, List<CqlSchema.Statement>> schema = SchemaRewriter.rewrite(
                Map.of("shop", SHOP),
                Set.of("shop.orders", "shop.Mixed"),
                new TableRenames(Map.of("shop.orders", "archive.orders_2026"), null));

        assertThat(schema).containsOnlyKeys("archive", "shop");
        assertThat(schema.get("archive"))
                .extracting(CqlSchema.Statement::kind, CqlSchema.Statement::keyspace, CqlSchema.Statement::name)
                .startsWith(
                        org.assertj.core.groups.Tuple.tuple(CqlSchema.Kind.KEYSPACE, "archive", "archive"),
                        org.assertj.core.groups.Tuple.tuple(CqlSchema.Kind.TYPE, "archive", "address"),
                        org.assertj.core.groups.Tuple.tuple(CqlSchema.Kind.TYPE, "archive", "customer_info"),
                        org.assertj.core.groups.Tuple.tuple(CqlSchema.Kind.TABLE, "archive", "orders_2026"));
        assertThat(schema.get("shop"))
                .filteredOn(s -> s.kind() == CqlSchema.Kind.TABLE)
                .extracting(CqlSchema.Statement::name)
                .containsExactly("Mixed");
    }

    @Test
    void shouldPointTypeReferencesAtTheTargetKeyspace() {
        // The driver's describe writes a user type used by a column or a field with its keyspace.
        String schema = """
                CREATE KEYSPACE shop WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '1'};
                CREATE TYPE shop.zgeo (lat double, lon double);
                CREATE TYPE shop."Address" (street text, location frozen<shop.zgeo>);
                CREATE TABLE shop.orders (
                    id int PRIMARY KEY,
                    home frozen<shop."Address">,
                    homes map<text, frozen<"shop"."Address">>,
                    note text
                ) WITH comment = 'frozen<shop.zgeo> stays in a literal';
                """;

        Map<String, List<CqlSchema.Statement>> rewritten = SchemaRewriter.rewrite(
                Map.of("shop", schema),
                Set.of("shop.orders"),
                new TableRenames(Map.of("shop.orders", "copy.o2"), null));

        List<String> statements =
                rewritten.get("copy").stream().map(CqlSchema.Statement::cql).toList();
        assertThat(statements.get(2))
                .isEqualTo("CREATE TYPE \"copy\".\"Address\" (street text, location frozen<\"copy\".zgeo>)");
        assertThat(statements.get(3))
                .contains("home frozen<\"copy\".\"Address\">")
                .contains("homes map<text, frozen<\"copy\".\"Address\">>")
                .contains("comment = 'frozen<shop.zgeo> stays in a literal'")
                .startsWith("CREATE TABLE \"copy\".\"o2\" (");
    }
}
