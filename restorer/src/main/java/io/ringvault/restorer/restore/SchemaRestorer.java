package io.ringvault.restorer.restore;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.restorer.cluster.TargetCluster;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the cluster's schema ready for the tables of a restore, from the backup's {@code DESCRIBE KEYSPACE} text: a
 * missing keyspace is created with its types, functions and aggregates; a missing table with the types it may use and
 * its indexes; an existing table must have the backup's columns, types, primary key and clustering order, unless the
 * request allows a mismatch. Materialized views are never created (see DESIGN.md).
 */
public class SchemaRestorer {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaRestorer.class);

    private final TargetCluster cluster;

    public SchemaRestorer(TargetCluster cluster) {
        this.cluster = cluster;
    }

    /** What was done, for the log. */
    public record Changes(List<String> created, List<String> mismatchesAllowed) {}

    /**
     * @param tables {@code keyspace.table} names in the restore
     * @param schema keyspace → the backup's CQL
     * @throws RestoreFailure {@code schema-mismatch} naming the table, or {@code schema-failed} when Cassandra refused
     *     a statement
     */
    public Changes prepare(List<String> tables, Map<String, String> schema, boolean allowMismatch) {
        Map<String, List<String>> byKeyspace = new LinkedHashMap<>();
        for (String name : tables) {
            byKeyspace
                    .computeIfAbsent(name.substring(0, name.indexOf('.')), k -> new ArrayList<>())
                    .add(name.substring(name.indexOf('.') + 1));
        }
        List<String> created = new ArrayList<>();
        List<String> allowed = new ArrayList<>();
        for (Map.Entry<String, List<String>> entry : byKeyspace.entrySet()) {
            String keyspace = entry.getKey();
            List<CqlSchema.Statement> statements = CqlSchema.parseAll(schema.getOrDefault(keyspace, ""));
            if (!cluster.keyspaceExists(keyspace)) {
                CqlSchema.Statement create = statements.stream()
                        .filter(s -> s.kind() == CqlSchema.Kind.KEYSPACE)
                        .findFirst()
                        .orElseThrow(() -> new RestoreFailure(
                                FailureReason.SCHEMA_FAILED,
                                "keyspace " + keyspace + " does not exist and the backup holds no CREATE KEYSPACE"
                                        + " for it"));
                execute(create, keyspace);
                created.add("keyspace " + keyspace);
                for (CqlSchema.Statement statement : statements) {
                    if (statement.kind() == CqlSchema.Kind.FUNCTION || statement.kind() == CqlSchema.Kind.AGGREGATE) {
                        execute(statement, keyspace);
                    }
                }
            }
            Set<String> existingTables = cluster.tables(keyspace);
            for (String table : entry.getValue()) {
                String name = keyspace + "." + table;
                CqlSchema.Statement backupTable = statements.stream()
                        .filter(s -> s.kind() == CqlSchema.Kind.TABLE && table.equals(s.name()))
                        .findFirst()
                        .orElse(null);
                if (existingTables.contains(table)) {
                    if (backupTable == null) {
                        continue;
                    }
                    String expected = CqlSchema.comparableDefinition(backupTable.cql());
                    String actual = cluster.describeTable(keyspace, table)
                            .map(CqlSchema::comparableDefinition)
                            .orElse("");
                    if (!expected.equals(actual)) {
                        if (!allowMismatch) {
                            throw new RestoreFailure(
                                    FailureReason.SCHEMA_MISMATCH,
                                    "table " + name + " exists with another definition than in the backup: backup ("
                                            + expected + "), cluster (" + actual + "); drop it, or restore with "
                                            + "allowSchemaMismatch");
                        }
                        LOG.warn("schema mismatch allowed table={} backup=({}) cluster=({})", name, expected, actual);
                        allowed.add(name);
                    }
                    continue;
                }
                if (backupTable == null) {
                    throw new RestoreFailure(
                            FailureReason.SCHEMA_FAILED,
                            "table " + name + " does not exist and the backup holds no CREATE TABLE for it");
                }
                Set<String> types = cluster.types(keyspace);
                for (CqlSchema.Statement statement : statements) {
                    // DESCRIBE prints types in dependency order; creating the missing ones is enough for any table.
                    if (statement.kind() == CqlSchema.Kind.TYPE && !types.contains(statement.name())) {
                        execute(statement, keyspace);
                        created.add("type " + keyspace + "." + statement.name());
                    }
                }
                execute(backupTable, name);
                created.add("table " + name);
                for (CqlSchema.Statement statement : statements) {
                    if (statement.kind() == CqlSchema.Kind.INDEX && table.equals(statement.table())) {
                        execute(statement, name);
                        created.add("index " + keyspace + "." + statement.name());
                    }
                }
            }
        }
        if (!created.isEmpty()) {
            LOG.info("schema created {}", created);
        }
        return new Changes(created, allowed);
    }

    private void execute(CqlSchema.Statement statement, String what) {
        try {
            cluster.executeDdl(statement.ifNotExists());
        } catch (RuntimeException e) {
            throw new RestoreFailure(
                    FailureReason.SCHEMA_FAILED,
                    "Cassandra refused the backup's schema for " + what + ": " + e.getMessage() + " (statement: "
                            + statement.cql() + ")",
                    null,
                    e);
        }
    }
}
