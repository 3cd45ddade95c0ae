package io.ringvault.coordinator.imports;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.coordinator.request.RequestRejectedException;
import io.ringvault.logical.schema.SchemaScript;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A schema script as {@code cqlsh -e 'DESCRIBE KEYSPACE ks'} (or {@code DESCRIBE SCHEMA}) writes it, read into what an
 * import needs: the script of each keyspace, its tables with their columns in {@code COPY TO}'s order (partition key,
 * clustering columns, then the others by name), and its materialized views. Names are Cassandra's internal ones: an unquoted name in lower
 * case, a quoted one as written.
 *
 * @param scripts keyspace → its statements, each ending with {@code ;}, in the script's order
 * @param tables {@code "keyspace.table"} → its columns, in {@code COPY TO}'s order
 * @param views the {@code "keyspace.view"} names of the materialized views
 */
public record CqlshSchema(Map<String, String> scripts, Map<String, List<String>> tables, Set<String> views) {
    private static final String NAME = "(\"(?:[^\"]|\"\")+\"|[A-Za-z0-9_]+)";
    private static final String QUALIFIED = NAME + "\\s*\\.\\s*" + NAME;
    private static final Pattern CREATE_KEYSPACE =
            Pattern.compile("(?is)^CREATE\\s+KEYSPACE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?" + NAME + "\\s.*");
    private static final Pattern CREATE_TABLE = Pattern.compile(
            "(?is)^CREATE\\s+(?:TABLE|COLUMNFAMILY)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?" + QUALIFIED + "\\s*\\((.*)");
    private static final Pattern CREATE_VIEW = Pattern.compile(
            "(?is)^CREATE\\s+MATERIALIZED\\s+VIEW\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?" + QUALIFIED + "\\s.*");
    /** Types, functions and aggregates: named {@code keyspace.name}. */
    private static final Pattern CREATE_QUALIFIED = Pattern.compile(
            "(?is)^CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:TYPE|FUNCTION|AGGREGATE)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?"
                    + QUALIFIED + ".*");
    /** Indexes name their table: {@code CREATE [CUSTOM] INDEX [name] ON keyspace.table (…)}. */
    private static final Pattern CREATE_INDEX =
            Pattern.compile("(?is)^CREATE\\s+(?:CUSTOM\\s+)?INDEX\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(?:" + NAME
                    + "\\s+)?ON\\s+" + QUALIFIED + ".*");

    public CqlshSchema {
        scripts = Map.copyOf(scripts);
        tables = Map.copyOf(tables);
        views = Set.copyOf(views);
    }

    /**
     * Reads {@code script}. The {@code WARNING:} line a cqlsh of another version than the server's prints first is left
     * out, as are comments.
     *
     * @throws RequestRejectedException {@link FailureReason#INVALID_DATA} for a script with no statement, a statement
     *     that names no keyspace, or a table whose columns cannot be read; the message names the statement
     */
    public static CqlshSchema parse(String script) {
        String cql = script.lines().filter(line -> !line.startsWith("WARNING:")).collect(Collectors.joining("\n"));
        List<String> statements = SchemaScript.parse(cql);
        if (statements.isEmpty()) {
            throw invalid("the schema file holds no CQL statement (expected the output of cqlsh DESCRIBE KEYSPACE)");
        }
        Map<String, List<String>> byKeyspace = new LinkedHashMap<>();
        Map<String, List<String>> tables = new TreeMap<>();
        Set<String> views = new TreeSet<>();
        for (int i = 0; i < statements.size(); i++) {
            String statement = statements.get(i);
            String keyspace;
            Matcher m;
            if ((m = CREATE_KEYSPACE.matcher(statement)).matches()) {
                keyspace = internal(m.group(1));
            } else if ((m = CREATE_TABLE.matcher(statement)).matches()) {
                keyspace = internal(m.group(1));
                String table = keyspace + "." + internal(m.group(2));
                tables.put(table, columns(m.group(3), table));
            } else if ((m = CREATE_VIEW.matcher(statement)).matches()) {
                keyspace = internal(m.group(1));
                views.add(keyspace + "." + internal(m.group(2)));
            } else if ((m = CREATE_QUALIFIED.matcher(statement)).matches()) {
                keyspace = internal(m.group(1));
            } else if ((m = CREATE_INDEX.matcher(statement)).matches()) {
                keyspace = internal(m.group(2));
            } else {
                throw invalid("schema statement " + (i + 1) + " of " + statements.size() + " ("
                        + firstLine(statement) + ") is not one cqlsh DESCRIBE writes: expected CREATE KEYSPACE, TYPE,"
                        + " TABLE, INDEX, MATERIALIZED VIEW, FUNCTION or AGGREGATE with a keyspace-qualified name");
            }
            byKeyspace.computeIfAbsent(keyspace, k -> new ArrayList<>()).add(statement + ";");
        }
        Map<String, String> scripts = new TreeMap<>();
        byKeyspace.forEach((keyspace, list) -> scripts.put(keyspace, String.join("\n\n", list)));
        return new CqlshSchema(scripts, tables, views);
    }

    /** The keyspace of a {@code "keyspace.table"} name this schema holds. */
    static String keyspaceOf(String qualifiedTable) {
        return splitQualified(qualifiedTable)[0];
    }

    /**
     * A {@code keyspace.table} name as an operator writes it in CQL ({@code ks.t}, {@code "Ks"."T"}), as the internal
     * {@code "keyspace.table"} this schema is keyed by; null when it is not such a name.
     */
    static String qualifiedInternal(String cqlName) {
        Matcher m = Pattern.compile("^\\s*" + QUALIFIED + "\\s*$").matcher(cqlName);
        return m.matches() ? internal(m.group(1)) + "." + internal(m.group(2)) : null;
    }

    private static String[] splitQualified(String qualified) {
        int dot = qualified.indexOf('.');
        return new String[] {qualified.substring(0, dot), qualified.substring(dot + 1)};
    }

    /**
     * The column names in the body of a {@code CREATE TABLE} (what follows its opening parenthesis), in {@code COPY
     * TO}'s order: the partition key, the clustering columns, then the others by name. (Not {@code DESCRIBE}'s order,
     * which puts collections and non-frozen user types after the other columns.)
     */
    private static List<String> columns(String body, String table) {
        List<String> names = new ArrayList<>();
        List<String> primaryKey = new ArrayList<>();
        for (String definition : topLevelItems(body)) {
            String item = definition.strip();
            if (item.isEmpty()) {
                continue;
            }
            if (item.regionMatches(true, 0, "PRIMARY KEY", 0, "PRIMARY KEY".length())) {
                primaryKey = primaryKey(item.substring("PRIMARY KEY".length()).strip(), table);
                continue;
            }
            Matcher name = Pattern.compile("^" + NAME + "\\s").matcher(item);
            if (!name.find()) {
                throw invalid("cannot read the columns of table " + table + " at '" + firstLine(item) + "'");
            }
            String column = internal(name.group(1));
            names.add(column);
            if (Pattern.compile("(?is).*\\sPRIMARY\\s+KEY\\s*$").matcher(item).matches()) {
                primaryKey = List.of(column);
            }
        }
        if (names.isEmpty() || primaryKey.isEmpty() || !names.containsAll(primaryKey)) {
            throw invalid("cannot read the columns and primary key of table " + table + " in the schema file");
        }
        List<String> ordered = new ArrayList<>(primaryKey);
        names.stream().filter(n -> !ordered.contains(n)).sorted().forEach(ordered::add);
        return ordered;
    }

    /** The columns of {@code ((a, b), c)} or {@code (a, c)}: partition key, then clustering columns. */
    private static List<String> primaryKey(String clause, String table) {
        if (!clause.startsWith("(")) {
            throw invalid("cannot read the primary key of table " + table + ": '" + clause + "'");
        }
        List<String> columns = new ArrayList<>();
        for (String item : topLevelItems(clause.substring(1))) {
            String key = item.strip();
            if (key.startsWith("(")) {
                topLevelItems(key.substring(1)).forEach(k -> columns.add(internal(k.strip())));
            } else if (!key.isEmpty()) {
                columns.add(internal(key));
            }
        }
        return columns;
    }

    /** The comma-separated items of a parenthesised list, up to its closing parenthesis, minding nesting and quotes. */
    private static List<String> topLevelItems(String body) {
        List<String> items = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '"' || c == '\'') {
                int end = body.indexOf(c, i + 1);
                end = end < 0 ? body.length() - 1 : end;
                current.append(body, i, end + 1);
                i = end;
                continue;
            }
            if (c == '(' || c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            } else if (c == ')') {
                if (depth == 0) {
                    items.add(current.toString());
                    return items;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                items.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        items.add(current.toString());
        return items;
    }

    private static String internal(String name) {
        if (name.startsWith("\"")) {
            return name.substring(1, name.length() - 1).replace("\"\"", "\"");
        }
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    private static String firstLine(String statement) {
        return statement.lines().findFirst().orElse("").strip();
    }

    private static RequestRejectedException invalid(String detail) {
        return RequestRejectedException.invalid(FailureReason.INVALID_DATA, detail);
    }
}
