package io.ringvault.logical.schema;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.schema.AggregateMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.FunctionMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.IndexMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.KeyspaceMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.ViewMetadata;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.ListType;
import com.datastax.oss.driver.api.core.type.MapType;
import com.datastax.oss.driver.api.core.type.SetType;
import com.datastax.oss.driver.api.core.type.TupleType;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import com.datastax.oss.driver.api.core.type.VectorType;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.logical.LogicalException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A keyspace's schema as executable CQL, from the driver's metadata, one statement per element, in an order that
 * executes: the keyspace, its user types (a type after every type it uses), functions and aggregates, tables each
 * followed by its indexes, then materialized views (after their base tables).
 *
 * <p>The driver's {@code describe} writes each statement; user types are sorted here rather than trusting the order of
 * the driver's map, since a type used by another must be created first.
 */
public final class SchemaExport {
    private SchemaExport() {}

    /** The statements that recreate the whole keyspace. */
    public static List<String> statements(KeyspaceMetadata keyspace) {
        return statements(keyspace, table -> true);
    }

    /**
     * The statements that recreate the keyspace with the tables {@code tables} accepts, with the table options of
     * Cassandra 5.0 that the driver's {@code describe} does not write ({@code allow_auto_snapshot},
     * {@code incremental_backups}, {@code memtable}, {@code cdc}) read from {@code system_schema.tables} and added
     * where they differ from their defaults (so that the script still runs on an older Cassandra when they do not).
     */
    public static List<String> statements(CqlSession session, KeyspaceMetadata keyspace, Predicate<String> tables) {
        Map<String, String> extraOptions =
                extraTableOptions(session, keyspace.getName().asInternal());
        Set<String> tableStatements = new LinkedHashSet<>();
        for (TableMetadata table : keyspace.getTables().values()) {
            String extra = extraOptions.get(table.getName().asInternal());
            if (extra != null) {
                tableStatements.add(table.describe(true).strip());
            }
        }
        return statements(keyspace, tables).stream()
                .map(statement -> {
                    if (!tableStatements.contains(statement)) {
                        return statement;
                    }
                    for (TableMetadata table : keyspace.getTables().values()) {
                        if (table.describe(true).strip().equals(statement)) {
                            String extra = extraOptions.get(table.getName().asInternal());
                            String body = statement.endsWith(";")
                                    ? statement.substring(0, statement.length() - 1)
                                    : statement;
                            return body + extra + ";";
                        }
                    }
                    return statement;
                })
                .toList();
    }

    private static Map<String, String> extraTableOptions(CqlSession session, String keyspace) {
        Map<String, String> extras = new LinkedHashMap<>();
        ResultSet rows;
        try {
            rows = session.execute(SimpleStatement.newInstance(
                    "SELECT table_name, allow_auto_snapshot, incremental_backups, memtable, cdc FROM "
                            + "system_schema.tables WHERE keyspace_name = ?",
                    keyspace));
        } catch (InvalidQueryException e) {
            // A Cassandra before 5.0 has not these options.
            return extras;
        }
        for (Row row : rows) {
            StringBuilder extra = new StringBuilder();
            if (!row.isNull("allow_auto_snapshot") && !row.getBoolean("allow_auto_snapshot")) {
                extra.append("\n    AND allow_auto_snapshot = false");
            }
            if (!row.isNull("incremental_backups") && !row.getBoolean("incremental_backups")) {
                extra.append("\n    AND incremental_backups = false");
            }
            String memtable = row.getString("memtable");
            if (memtable != null && !memtable.isEmpty() && !memtable.equals("default")) {
                extra.append("\n    AND memtable = '")
                        .append(memtable.replace("'", "''"))
                        .append('\'');
            }
            if (!row.isNull("cdc") && row.getBoolean("cdc")) {
                extra.append("\n    AND cdc = true");
            }
            if (!extra.isEmpty()) {
                extras.put(row.getString("table_name"), extra.toString());
            }
        }
        return extras;
    }

    /**
     * The statements that recreate the keyspace with the tables {@code tables} accepts (names as Cassandra stores them),
     * their indexes and the views on them. Every user type is kept: a type costs nothing and one may be wanted later.
     */
    public static List<String> statements(KeyspaceMetadata keyspace, Predicate<String> tables) {
        List<String> statements = new ArrayList<>();
        statements.add(keyspace.describe(true));
        for (UserDefinedType type : typesInDependencyOrder(keyspace)) {
            statements.add(type.describe(true));
        }
        keyspace.getFunctions().values().stream()
                .sorted(Comparator.comparing(f -> f.getSignature().toString()))
                .map((FunctionMetadata f) -> f.describe(true))
                .forEach(statements::add);
        keyspace.getAggregates().values().stream()
                .sorted(Comparator.comparing(a -> a.getSignature().toString()))
                .map((AggregateMetadata a) -> a.describe(true))
                .forEach(statements::add);
        for (TableMetadata table : sortedByName(keyspace.getTables())) {
            if (!tables.test(table.getName().asInternal())) {
                continue;
            }
            statements.add(table.describe(true));
            for (IndexMetadata index : sortedByName(table.getIndexes())) {
                statements.add(index.describe(true));
            }
        }
        for (ViewMetadata view : sortedByName(keyspace.getViews())) {
            if (tables.test(view.getBaseTable().asInternal())) {
                statements.add(describeView(view));
            }
        }
        return statements.stream().map(String::strip).toList();
    }

    /**
     * A view's {@code CREATE MATERIALIZED VIEW}. The driver's {@code describe} leaves out the view's clustering order
     * (its table {@code describe} writes it), so a view with a descending clustering column would come back ascending:
     * the order is written here, the first of the view's options.
     */
    static String describeView(ViewMetadata view) {
        String described = view.describe(true).strip();
        if (view.getClusteringColumns().isEmpty()) {
            return described;
        }
        StringBuilder order = new StringBuilder("CLUSTERING ORDER BY (");
        view.getClusteringColumns()
                .forEach((column, direction) -> order.append(order.charAt(order.length() - 1) == '(' ? "" : ", ")
                        .append(column.getName().asCql(true))
                        .append(' ')
                        .append(direction.name()));
        return withClusteringOrder(described, order.append(')').toString());
    }

    /** {@code described} (a view's statement, ending in {@code ;}) with {@code order} first among its options. */
    static String withClusteringOrder(String described, String order) {
        int key = described.lastIndexOf("PRIMARY KEY (");
        int with = key < 0 ? -1 : described.indexOf("WITH ", key);
        if (with < 0) {
            String body = described.endsWith(";") ? described.substring(0, described.length() - 1) : described;
            return body + "\n    WITH " + order + ";";
        }
        return described.substring(0, with) + "WITH " + order + "\n    AND "
                + described.substring(with + "WITH ".length());
    }

    private static <T> List<T> sortedByName(Map<CqlIdentifier, T> elements) {
        return elements.entrySet().stream()
                .sorted(Comparator.comparing(e -> e.getKey().asInternal()))
                .map(Map.Entry::getValue)
                .toList();
    }

    /** The keyspace's user types, each after the types it uses (by name otherwise, so the output is stable). */
    static List<UserDefinedType> typesInDependencyOrder(KeyspaceMetadata keyspace) {
        Map<CqlIdentifier, UserDefinedType> byName = new LinkedHashMap<>();
        for (UserDefinedType type : sortedByName(keyspace.getUserDefinedTypes())) {
            byName.put(type.getName(), type);
        }
        Set<CqlIdentifier> done = new LinkedHashSet<>();
        List<UserDefinedType> ordered = new ArrayList<>();
        for (UserDefinedType type : byName.values()) {
            visit(type, byName, done, new LinkedHashSet<>(), ordered);
        }
        return ordered;
    }

    private static void visit(
            UserDefinedType type,
            Map<CqlIdentifier, UserDefinedType> byName,
            Set<CqlIdentifier> done,
            Set<CqlIdentifier> visiting,
            List<UserDefinedType> ordered) {
        if (done.contains(type.getName())) {
            return;
        }
        if (!visiting.add(type.getName())) {
            throw new LogicalException(
                    FailureReason.SCHEMA_FAILED, "user types refer to each other in a cycle through " + type.getName());
        }
        Set<CqlIdentifier> used = new LinkedHashSet<>();
        for (DataType field : type.getFieldTypes()) {
            collectTypes(field, used);
        }
        for (CqlIdentifier name : used) {
            UserDefinedType dependency = byName.get(name);
            if (dependency != null && !name.equals(type.getName())) {
                visit(dependency, byName, done, visiting, ordered);
            }
        }
        visiting.remove(type.getName());
        done.add(type.getName());
        ordered.add(type);
    }

    private static void collectTypes(DataType type, Set<CqlIdentifier> used) {
        if (type instanceof UserDefinedType udt) {
            used.add(udt.getName());
        } else if (type instanceof ListType list) {
            collectTypes(list.getElementType(), used);
        } else if (type instanceof SetType set) {
            collectTypes(set.getElementType(), used);
        } else if (type instanceof MapType map) {
            collectTypes(map.getKeyType(), used);
            collectTypes(map.getValueType(), used);
        } else if (type instanceof TupleType tuple) {
            tuple.getComponentTypes().forEach(component -> collectTypes(component, used));
        } else if (type instanceof VectorType vector) {
            collectTypes(vector.getElementType(), used);
        }
    }

    /** The statements as one script that {@code cqlsh -f} runs, and {@link SchemaScript#parse} reads back. */
    public static String script(List<String> statements) {
        StringBuilder script = new StringBuilder();
        for (String statement : statements) {
            script.append(statement.endsWith(";") ? statement : statement + ";").append("\n\n");
        }
        return script.toString();
    }

    public static void write(Path file, List<String> statements) {
        try {
            Files.writeString(file, script(statements), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LogicalException(FailureReason.STAGING_ERROR, "cannot write " + file, e);
        }
    }
}
