package io.ringvault.restorer.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.restorer.cluster.TargetCluster;
import io.ringvault.restorer.cluster.TargetNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SchemaRestorerTest {
    /** A cluster that records DDL and learns the tables and types it creates. */
    static final class FakeCluster implements TargetCluster {
        final List<String> ddl = new ArrayList<>();
        final Set<String> keyspaces = new TreeSet<>();
        final Map<String, String> tables = new HashMap<>();
        final Set<String> types = new TreeSet<>();

        @Override
        public List<TargetNode> nodes() {
            return List.of();
        }

        @Override
        public boolean keyspaceExists(String keyspace) {
            return keyspaces.contains(keyspace);
        }

        @Override
        public Set<String> tables(String keyspace) {
            Set<String> names = new TreeSet<>();
            tables.keySet().stream()
                    .filter(t -> t.startsWith(keyspace + "."))
                    .forEach(t -> names.add(t.substring(keyspace.length() + 1)));
            return names;
        }

        @Override
        public Set<String> types(String keyspace) {
            return types;
        }

        @Override
        public Optional<String> describeTable(String keyspace, String table) {
            return Optional.ofNullable(tables.get(keyspace + "." + table));
        }

        @Override
        public void executeDdl(String statement) {
            ddl.add(statement);
            CqlSchema.Statement parsed = CqlSchema.parse(statement);
            switch (parsed.kind()) {
                case KEYSPACE -> keyspaces.add(parsed.keyspace());
                case TYPE -> types.add(parsed.name());
                case TABLE -> tables.put(parsed.keyspace() + "." + parsed.name(), statement);
                default -> {}
            }
        }

        @Override
        public void truncate(String keyspace, String table) {}
    }

    final FakeCluster cluster = new FakeCluster();
    final SchemaRestorer restorer = new SchemaRestorer(cluster);
    final Map<String, String> schema = Map.of("shop", CqlSchemaTest.SCHEMA);

    @Test
    void shouldCreateAMissingKeyspaceWithTypesFunctionsAndOnlyTheRestoredTables() {
        restorer.prepare(List.of("shop.orders"), schema, false);

        List<String> expected = List.of(
                "CREATE KEYSPACE IF NOT EXISTS shop WITH",
                "CREATE FUNCTION IF NOT EXISTS shop.twice(",
                "CREATE TYPE IF NOT EXISTS shop.address (",
                "CREATE TABLE IF NOT EXISTS shop.orders (",
                "CREATE INDEX IF NOT EXISTS orders_total_idx ON",
                "CREATE CUSTOM INDEX IF NOT EXISTS orders_sai ON");
        assertThat(cluster.ddl).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(cluster.ddl.get(i)).startsWith(expected.get(i));
        }
        assertThat(cluster.ddl).noneMatch(s -> s.contains("MATERIALIZED VIEW") || s.contains("Mixed_Case"));
    }

    @Test
    void shouldAcceptAnExistingTableWithTheSameDefinition() {
        cluster.keyspaces.add("shop");
        cluster.tables.put("shop.orders", CqlSchema.split(CqlSchemaTest.SCHEMA).get(2) + " AND gc_grace_seconds = 1");

        SchemaRestorer.Changes changes = restorer.prepare(List.of("shop.orders"), schema, false);

        assertThat(cluster.ddl).isEmpty();
        assertThat(changes.created()).isEmpty();
    }

    @Test
    void shouldRefuseAnExistingTableWithAnotherDefinitionUnlessAllowed() {
        cluster.keyspaces.add("shop");
        cluster.tables.put(
                "shop.orders",
                CqlSchema.split(CqlSchemaTest.SCHEMA).get(2).replace("\"Total\" decimal", "\"Total\" text"));

        assertThatThrownBy(() -> restorer.prepare(List.of("shop.orders"), schema, false))
                .isInstanceOfSatisfying(RestoreFailure.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.SCHEMA_MISMATCH);
                    assertThat(e.getMessage()).contains("shop.orders", "\"Total\" text", "\"Total\" decimal");
                });
        assertThat(restorer.prepare(List.of("shop.orders"), schema, true).mismatchesAllowed())
                .containsExactly("shop.orders");
        assertThat(cluster.ddl).isEmpty();
    }

    @Test
    void shouldCreateAMissingTableAndOnlyTheMissingTypes() {
        cluster.keyspaces.add("shop");
        cluster.types.add("address");

        restorer.prepare(List.of("shop.Mixed_Case"), schema, false);

        assertThat(cluster.ddl)
                .containsExactly("CREATE TABLE IF NOT EXISTS shop.\"Mixed_Case\" (\n    id int PRIMARY KEY\n)");
    }
}
