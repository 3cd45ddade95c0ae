package io.ringvault.restorer.restore;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the CQL of {@code DESCRIBE KEYSPACE} as a backup holds it: splits it into statements (string literals, quoted
 * identifiers, {@code $$} bodies and comments respected), tells what each creates, and reduces a {@code CREATE TABLE}
 * to what decides whether SSTables fit the table (columns, types, primary key, clustering order).
 */
public final class CqlSchema {
    private CqlSchema() {}

    /** What a statement creates. */
    public enum Kind {
        KEYSPACE,
        TYPE,
        TABLE,
        INDEX,
        VIEW,
        FUNCTION,
        AGGREGATE,
        OTHER
    }

    /**
     * One statement of a keyspace's schema.
     *
     * @param kind what it creates
     * @param keyspace the keyspace (internal name), when the statement names one
     * @param name the created object's name (internal); null for an index without a name
     * @param table for an index or a view, the table it is built on; for a table, its own name
     * @param cql the statement, without its {@code ;}
     */
    public record Statement(Kind kind, String keyspace, String name, String table, String cql) {
        /** The statement with {@code IF NOT EXISTS}, so creating something that appeared meanwhile is no error. */
        public String ifNotExists() {
            Matcher m = CREATE_PREFIX.matcher(cql);
            if (!m.lookingAt()
                    || m.group(3) != null
                    || kind == Kind.OTHER
                    || m.group(2).toUpperCase(Locale.ROOT).startsWith("OR")) {
                return cql;
            }
            return cql.substring(0, m.end(2)) + " IF NOT EXISTS" + cql.substring(m.end(2));
        }
    }

    private static final String ID = "(\"(?:[^\"]|\"\")+\"|[A-Za-z0-9_]+)";
    private static final Pattern CREATE_PREFIX = Pattern.compile(
            "(?is)\\s*(CREATE)\\s+(KEYSPACE|TYPE|TABLE|CUSTOM\\s+INDEX|INDEX|MATERIALIZED\\s+VIEW|"
                    + "OR\\s+REPLACE\\s+FUNCTION|FUNCTION|OR\\s+REPLACE\\s+AGGREGATE|AGGREGATE)(\\s+IF\\s+NOT\\s+EXISTS)?");
    private static final Pattern KEYSPACE =
            Pattern.compile("(?is)\\s*CREATE\\s+KEYSPACE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?" + ID);
    private static final Pattern QUALIFIED =
            Pattern.compile("(?is)\\s*CREATE\\s+(TYPE|TABLE|MATERIALIZED\\s+VIEW|(?:OR\\s+REPLACE\\s+)?FUNCTION|"
                    + "(?:OR\\s+REPLACE\\s+)?AGGREGATE)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?" + ID + "\\s*\\.\\s*" + ID);
    private static final Pattern INDEX = Pattern.compile("(?is)\\s*CREATE\\s+(?:CUSTOM\\s+)?INDEX\\s+"
            + "(?:IF\\s+NOT\\s+EXISTS\\s+)?(?:(?!ON\\s)" + ID + "\\s+)?ON\\s+" + ID + "\\s*\\.\\s*" + ID);
    private static final Pattern VIEW_BASE = Pattern.compile("(?is)\\bFROM\\s+" + ID + "\\s*\\.\\s*" + ID);

    /** The statements of a schema text, in order, without their terminating {@code ;} and without comments. */
    public static List<String> split(String text) {
        List<String> statements = new ArrayList<>();
        if (text == null) {
            return statements;
        }
        StringBuilder current = new StringBuilder();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                int end = closing(text, i, c);
                current.append(text, i, end);
                i = end;
            } else if (c == '$' && i + 1 < n && text.charAt(i + 1) == '$') {
                int close = text.indexOf("$$", i + 2);
                int end = close < 0 ? n : close + 2;
                current.append(text, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int close = text.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
                current.append(' ');
            } else if ((c == '-' && i + 1 < n && text.charAt(i + 1) == '-')
                    || (c == '/' && i + 1 < n && text.charAt(i + 1) == '/')) {
                int close = text.indexOf('\n', i);
                i = close < 0 ? n : close + 1;
                current.append(' ');
            } else if (c == ';') {
                add(statements, current);
                i++;
            } else {
                current.append(c);
                i++;
            }
        }
        add(statements, current);
        return statements;
    }

    /** Every statement of a schema text, parsed. */
    public static List<Statement> parseAll(String text) {
        return split(text).stream().map(CqlSchema::parse).toList();
    }

    public static Statement parse(String cql) {
        Matcher keyspace = KEYSPACE.matcher(cql);
        if (keyspace.lookingAt()) {
            String name = internal(keyspace.group(1));
            return new Statement(Kind.KEYSPACE, name, name, null, cql);
        }
        Matcher index = INDEX.matcher(cql);
        if (index.lookingAt()) {
            String name = index.group(1) == null ? null : internal(index.group(1));
            return new Statement(Kind.INDEX, internal(index.group(2)), name, internal(index.group(3)), cql);
        }
        Matcher qualified = QUALIFIED.matcher(cql);
        if (qualified.lookingAt()) {
            String what = qualified.group(1).toUpperCase(Locale.ROOT);
            String ks = internal(qualified.group(2));
            String name = internal(qualified.group(3));
            if (what.equals("TYPE")) {
                return new Statement(Kind.TYPE, ks, name, null, cql);
            }
            if (what.equals("TABLE")) {
                return new Statement(Kind.TABLE, ks, name, name, cql);
            }
            if (what.startsWith("MATERIALIZED")) {
                Matcher base = VIEW_BASE.matcher(cql);
                return new Statement(Kind.VIEW, ks, name, base.find() ? internal(base.group(2)) : null, cql);
            }
            return new Statement(what.endsWith("AGGREGATE") ? Kind.AGGREGATE : Kind.FUNCTION, ks, name, null, cql);
        }
        return new Statement(Kind.OTHER, null, null, null, cql);
    }

    /**
     * What decides whether a table's SSTables fit another table: the column list with types and the primary key (the
     * text between the parentheses of {@code CREATE TABLE}), and the clustering order, whitespace normalised. Table
     * options (compaction, caching, comments…) are left out: they do not change how SSTables are read.
     */
    public static String tableDefinition(String createTable) {
        int open = createTable.indexOf('(');
        if (open < 0) {
            return normalize(createTable);
        }
        int close = matching(createTable, open);
        String columns = createTable.substring(open + 1, close);
        String rest = createTable.substring(close + 1);
        Matcher clustering =
                Pattern.compile("(?is)CLUSTERING\\s+ORDER\\s+BY\\s*\\(").matcher(rest);
        String order = "";
        if (clustering.find()) {
            int start = clustering.end() - 1;
            order = rest.substring(start + 1, matching(rest, start));
        }
        return normalize(columns) + (order.isEmpty() ? "" : " | CLUSTERING ORDER BY (" + normalize(order) + ")");
    }

    /**
     * {@link #tableDefinition} in a form that does not depend on who wrote the statement (Cassandra's
     * {@code DESCRIBE}, or the driver's {@code describe} that logical backups hold): the columns sorted by name, a
     * column's inline {@code PRIMARY KEY} written as the key clause, and user types without their keyspace (a table
     * can only use the types of its own keyspace). Two tables with the same columns, types, key and clustering order
     * have the same form.
     */
    public static String comparableDefinition(String createTable) {
        int open = createTable.indexOf('(');
        if (open < 0) {
            return normalize(createTable);
        }
        int close = matching(createTable, open);
        String body = createTable.substring(open + 1, close);
        String rest = createTable.substring(close + 1);
        List<String> columns = new ArrayList<>();
        String key = "";
        for (String entry : topLevel(body)) {
            String item = normalize(entry);
            if (item.isEmpty()) {
                continue;
            }
            if (item.toUpperCase(Locale.ROOT).startsWith("PRIMARY KEY")) {
                key = "PRIMARY KEY" + normalize(item.substring("PRIMARY KEY".length()));
                continue;
            }
            Matcher inline = INLINE_KEY.matcher(item);
            if (inline.find()) {
                item = item.substring(0, inline.start());
                key = "PRIMARY KEY(" + item.substring(0, item.indexOf(' ')) + ")";
            }
            columns.add(UNQUALIFIED.matcher(item).replaceAll(""));
        }
        columns.sort(null);
        Matcher clustering =
                Pattern.compile("(?is)CLUSTERING\\s+ORDER\\s+BY\\s*\\(").matcher(rest);
        String order = "";
        if (clustering.find()) {
            int start = clustering.end() - 1;
            order = rest.substring(start + 1, matching(rest, start));
        }
        // Ascending is the default: Cassandra's DESCRIBE writes it, the driver's describe leaves it out.
        boolean descending = order.toUpperCase(Locale.ROOT).contains("DESC");
        return String.join(", ", columns) + ", " + key
                + (descending ? " | CLUSTERING ORDER BY (" + normalize(order) + ")" : "");
    }

    private static final Pattern INLINE_KEY = Pattern.compile("(?i)\\s+PRIMARY\\s+KEY$");
    /** A keyspace qualifier inside a type: {@code ks.} or {@code "Ks".} before a type name. */
    private static final Pattern UNQUALIFIED = Pattern.compile("(?<=[<\\s,])" + ID + "\\s*\\.\\s*(?=[\"A-Za-z0-9_])");

    /** The parts of {@code text} between its top-level commas (outside parentheses, angle brackets and literals). */
    private static List<String> topLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                i = closing(text, i, c);
                continue;
            }
            if (c == '(' || c == '<') {
                depth++;
            } else if (c == ')' || c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
            i++;
        }
        parts.add(text.substring(start));
        return parts;
    }

    /** A CQL identifier as written ({@code "Quoted"} or {@code unquoted}) to its internal name. */
    static String internal(String identifier) {
        if (identifier.length() >= 2 && identifier.startsWith("\"") && identifier.endsWith("\"")) {
            return identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"");
        }
        return identifier.toLowerCase(Locale.ROOT);
    }

    static String normalize(String cql) {
        return cql.strip()
                .replaceAll("\\s+", " ")
                .replaceAll(" ?([(),<>]) ?", "$1")
                .replace(",", ", ");
    }

    private static void add(List<String> statements, StringBuilder current) {
        String statement = current.toString().strip();
        if (!statement.isEmpty()) {
            statements.add(statement);
        }
        current.setLength(0);
    }

    /** The index just after the quote that closes the literal opened at {@code start} (doubled quotes escape). */
    private static int closing(String text, int start, char quote) {
        int i = start + 1;
        while (i < text.length()) {
            if (text.charAt(i) == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return text.length();
    }

    /** The index of the parenthesis that closes the one at {@code open}, skipping literals and nested pairs. */
    private static int matching(String text, int open) {
        int depth = 0;
        int i = open;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                i = closing(text, i, c);
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
            i++;
        }
        return text.length();
    }
}
