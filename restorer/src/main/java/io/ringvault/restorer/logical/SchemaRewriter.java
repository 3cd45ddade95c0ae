package io.ringvault.restorer.logical;

import io.ringvault.restorer.cluster.CqlNames;
import io.ringvault.restorer.restore.CqlSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The schema a logical restore creates, keyspace by keyspace of the target, from the backup's CQL with the renames
 * applied: a renamed keyspace's {@code CREATE KEYSPACE}, types, functions and aggregates move to the new keyspace; a
 * renamed table's {@code CREATE TABLE}, its indexes and views move to its new keyspace and name. An index or a view of
 * a table renamed by its own rename is renamed too ({@code <new table>_<old name>}): index and view names are unique
 * within a keyspace, and the original may still exist beside the copy.
 */
public final class SchemaRewriter {
    private static final String ID = "(\"(?:[^\"]|\"\")+\"|[A-Za-z0-9_]+)";
    private static final Pattern KEYSPACE =
            Pattern.compile("(?is)\\s*CREATE\\s+KEYSPACE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?" + ID);
    private static final Pattern QUALIFIED =
            Pattern.compile("(?is)\\s*CREATE\\s+(?:TYPE|TABLE|MATERIALIZED\\s+VIEW|(?:OR\\s+REPLACE\\s+)?FUNCTION|"
                    + "(?:OR\\s+REPLACE\\s+)?AGGREGATE)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?" + ID + "\\s*\\.\\s*" + ID);
    private static final Pattern INDEX = Pattern.compile("(?is)\\s*CREATE\\s+(?:CUSTOM\\s+)?INDEX\\s+"
            + "(?:IF\\s+NOT\\s+EXISTS\\s+)?(?:(?!ON\\s)" + ID + "\\s+)?ON\\s+" + ID + "\\s*\\.\\s*" + ID);
    private static final Pattern VIEW_BASE = Pattern.compile("(?is)\\bFROM\\s+" + ID + "\\s*\\.\\s*" + ID);

    private SchemaRewriter() {}

    /**
     * The target schema.
     *
     * @param schema the backup's schema: source keyspace → CQL script
     * @param sources the {@code keyspace.table} names the restore covers
     * @return target keyspace → its statements, in an order that executes (keyspace, types, functions, tables each
     *     with its indexes, views), without their {@code ;}
     */
    public static Map<String, List<CqlSchema.Statement>> rewrite(
            Map<String, String> schema, Set<String> sources, TableRenames renames) {
        // Which target keyspaces each source keyspace feeds: its types and functions go to each of them.
        Map<String, Set<String>> targetsOf = new TreeMap<>();
        for (String source : sources) {
            targetsOf
                    .computeIfAbsent(TableRenames.keyspaceOf(source), k -> new TreeSet<>())
                    .add(TableRenames.keyspaceOf(renames.target(source)));
        }
        Map<String, CqlSchema.Statement> keyspaces = new TreeMap<>();
        Map<String, List<CqlSchema.Statement>> types = new LinkedHashMap<>();
        Map<String, List<CqlSchema.Statement>> tables = new LinkedHashMap<>();
        Map<String, List<CqlSchema.Statement>> views = new LinkedHashMap<>();
        for (Map.Entry<String, Set<String>> entry : targetsOf.entrySet()) {
            String sourceKeyspace = entry.getKey();
            List<CqlSchema.Statement> backupStatements = CqlSchema.parseAll(schema.getOrDefault(sourceKeyspace, ""));
            Set<String> typeNames = new TreeSet<>();
            backupStatements.stream()
                    .filter(st -> st.kind() == CqlSchema.Kind.TYPE)
                    .forEach(st -> typeNames.add(st.name()));
            for (CqlSchema.Statement statement : backupStatements) {
                switch (statement.kind()) {
                    case KEYSPACE -> {
                        for (String target : entry.getValue()) {
                            // The keyspace of the same name defines the target's options when the backup has it.
                            if (!keyspaces.containsKey(target) || target.equals(sourceKeyspace)) {
                                keyspaces.put(target, keyspace(statement, target));
                            }
                        }
                    }
                    case TYPE, FUNCTION, AGGREGATE -> {
                        for (String target : entry.getValue()) {
                            types.computeIfAbsent(target, k -> new ArrayList<>())
                                    .add(requalify(
                                            qualified(statement, target, statement.name()),
                                            sourceKeyspace,
                                            target,
                                            typeNames));
                        }
                    }
                    case TABLE -> {
                        String source = sourceKeyspace + "." + statement.name();
                        if (sources.contains(source)) {
                            String target = renames.target(source);
                            String keyspace = TableRenames.keyspaceOf(target);
                            tables.computeIfAbsent(keyspace, k -> new ArrayList<>())
                                    .add(requalify(
                                            qualified(statement, keyspace, TableRenames.tableOf(target)),
                                            sourceKeyspace,
                                            keyspace,
                                            typeNames));
                        }
                    }
                    case INDEX -> {
                        String source = sourceKeyspace + "." + statement.table();
                        if (sources.contains(source)) {
                            String target = renames.target(source);
                            tables.computeIfAbsent(TableRenames.keyspaceOf(target), k -> new ArrayList<>())
                                    .add(index(statement, target, renames.tableRenamed(source)));
                        }
                    }
                    case VIEW -> {
                        String source = sourceKeyspace + "." + statement.table();
                        if (sources.contains(source)) {
                            String target = renames.target(source);
                            views.computeIfAbsent(TableRenames.keyspaceOf(target), k -> new ArrayList<>())
                                    .add(view(statement, target, renames.tableRenamed(source)));
                        }
                    }
                    default -> {
                        // Anything else a DESCRIBE may print is not part of what a restore recreates.
                    }
                }
            }
        }
        Set<String> targets = new TreeSet<>();
        targetsOf.values().forEach(targets::addAll);
        Map<String, List<CqlSchema.Statement>> result = new LinkedHashMap<>();
        for (String target : targets) {
            List<CqlSchema.Statement> statements = new ArrayList<>();
            if (keyspaces.containsKey(target)) {
                statements.add(keyspaces.get(target));
            }
            statements.addAll(types.getOrDefault(target, List.of()));
            statements.addAll(tables.getOrDefault(target, List.of()));
            statements.addAll(views.getOrDefault(target, List.of()));
            result.put(target, statements);
        }
        return result;
    }

    /** The statements as one script, as {@code SchemaRestorer} reads a keyspace's schema. */
    public static String script(List<CqlSchema.Statement> statements) {
        StringBuilder script = new StringBuilder();
        for (CqlSchema.Statement statement : statements) {
            script.append(statement.cql()).append(";\n\n");
        }
        return script.toString();
    }

    static CqlSchema.Statement keyspace(CqlSchema.Statement statement, String target) {
        if (target.equals(statement.keyspace())) {
            return statement;
        }
        Matcher m = KEYSPACE.matcher(statement.cql());
        if (!m.lookingAt()) {
            return statement;
        }
        return CqlSchema.parse(replace(statement.cql(), new int[][] {{m.start(1), m.end(1)}}, List.of(target)));
    }

    /** A {@code CREATE TYPE|TABLE|VIEW|FUNCTION|AGGREGATE ks.name} moved to {@code keyspace.name}. */
    static CqlSchema.Statement qualified(CqlSchema.Statement statement, String keyspace, String name) {
        if (keyspace.equals(statement.keyspace()) && name.equals(statement.name())) {
            return statement;
        }
        Matcher m = QUALIFIED.matcher(statement.cql());
        if (!m.lookingAt()) {
            return statement;
        }
        return CqlSchema.parse(replace(
                statement.cql(),
                new int[][] {{m.start(1), m.end(1)}, {m.start(2), m.end(2)}},
                List.of(keyspace, name)));
    }

    static CqlSchema.Statement index(CqlSchema.Statement statement, String target, boolean tableRenamed) {
        String keyspace = TableRenames.keyspaceOf(target);
        String table = TableRenames.tableOf(target);
        if (keyspace.equals(statement.keyspace()) && table.equals(statement.table())) {
            return statement;
        }
        Matcher m = INDEX.matcher(statement.cql());
        if (!m.lookingAt()) {
            return statement;
        }
        List<int[]> spans = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (m.group(1) != null && tableRenamed) {
            spans.add(new int[] {m.start(1), m.end(1)});
            names.add(table + "_" + statement.name());
        }
        spans.add(new int[] {m.start(2), m.end(2)});
        names.add(keyspace);
        spans.add(new int[] {m.start(3), m.end(3)});
        names.add(table);
        return CqlSchema.parse(replace(statement.cql(), spans.toArray(new int[0][]), names));
    }

    static CqlSchema.Statement view(CqlSchema.Statement statement, String baseTarget, boolean tableRenamed) {
        String keyspace = TableRenames.keyspaceOf(baseTarget);
        String base = TableRenames.tableOf(baseTarget);
        if (keyspace.equals(statement.keyspace()) && base.equals(statement.table())) {
            return statement;
        }
        Matcher head = QUALIFIED.matcher(statement.cql());
        Matcher from = VIEW_BASE.matcher(statement.cql());
        if (!head.lookingAt() || !from.find(head.end())) {
            return statement;
        }
        String name = tableRenamed ? base + "_" + statement.name() : statement.name();
        return CqlSchema.parse(replace(
                statement.cql(),
                new int[][] {
                    {head.start(1), head.end(1)}, {head.start(2), head.end(2)},
                    {from.start(1), from.end(1)}, {from.start(2), from.end(2)}
                },
                List.of(keyspace, name, keyspace, base)));
    }

    /**
     * The statement with each reference to a user type of {@code from} ({@code from.address}, as the driver writes a
     * type used by a column or a field) pointing at {@code to} instead: Cassandra refuses a type of another keyspace.
     * String literals and {@code $$} bodies are left as they are.
     */
    static CqlSchema.Statement requalify(CqlSchema.Statement statement, String from, String to, Set<String> types) {
        if (from.equals(to) || types.isEmpty()) {
            return statement;
        }
        String keyspace = "(?:\"" + Pattern.quote(from.replace("\"", "\"\"")) + "\""
                + (from.equals(from.toLowerCase(java.util.Locale.ROOT)) ? "|(?i:" + Pattern.quote(from) + ")" : "")
                + ")";
        Pattern reference = Pattern.compile("(?<![A-Za-z0-9_\"])" + keyspace + "\\s*\\.\\s*" + ID);
        String cql = statement.cql();
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < cql.length()) {
            int literal = nextLiteral(cql, i);
            String code = cql.substring(i, literal);
            Matcher m = reference.matcher(code);
            StringBuilder replaced = new StringBuilder();
            while (m.find()) {
                String type = m.group(1);
                String internal = type.startsWith("\"")
                        ? type.substring(1, type.length() - 1).replace("\"\"", "\"")
                        : type.toLowerCase(java.util.Locale.ROOT);
                String replacement = types.contains(internal) ? CqlNames.quote(to) + "." + type : m.group();
                m.appendReplacement(replaced, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(replaced);
            out.append(replaced);
            if (literal >= cql.length()) {
                break;
            }
            int end = literalEnd(cql, literal);
            out.append(cql, literal, end);
            i = end;
        }
        String rewritten = out.toString();
        return rewritten.equals(cql) ? statement : CqlSchema.parse(rewritten);
    }

    /** Where the next string literal or {@code $$} body starts at or after {@code from}; the length if none. */
    private static int nextLiteral(String cql, int from) {
        for (int i = from; i < cql.length(); i++) {
            if (cql.charAt(i) == '\'' || cql.startsWith("$$", i)) {
                return i;
            }
        }
        return cql.length();
    }

    /** Just after the literal or body that starts at {@code start}. */
    private static int literalEnd(String cql, int start) {
        if (cql.startsWith("$$", start)) {
            int close = cql.indexOf("$$", start + 2);
            return close < 0 ? cql.length() : close + 2;
        }
        int i = start + 1;
        while (i < cql.length()) {
            if (cql.charAt(i) == '\'') {
                if (i + 1 < cql.length() && cql.charAt(i + 1) == '\'') {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return cql.length();
    }

    /** {@code cql} with each span (in order, not overlapping) replaced by the quoted name at the same position. */
    private static String replace(String cql, int[][] spans, List<String> names) {
        StringBuilder out = new StringBuilder(cql);
        for (int i = spans.length - 1; i >= 0; i--) {
            out.replace(spans[i][0], spans[i][1], CqlNames.quote(names.get(i)));
        }
        return out.toString();
    }
}
