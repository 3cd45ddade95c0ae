package io.ringvault.logical.schema;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.logical.LogicalException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads a schema script back into statements, and runs statements against a cluster. */
public final class SchemaScript {
    /** Schema changes on a busy cluster take longer than the driver's default request timeout of 2 s. */
    private static final Duration DDL_TIMEOUT = Duration.ofSeconds(60);

    private SchemaScript() {}

    /**
     * The statements of a CQL script: split at each {@code ;} that is not inside a string, a quoted name, a
     * {@code $$} function body or a comment; comments and blank statements dropped.
     */
    public static List<String> parse(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            if (c == '\'' || c == '"') {
                int end = i + 1;
                while (end < n) {
                    if (script.charAt(end) == c) {
                        // A doubled quote escapes itself.
                        if (end + 1 < n && script.charAt(end + 1) == c) {
                            end += 2;
                            continue;
                        }
                        break;
                    }
                    end++;
                }
                current.append(script, i, Math.min(end + 1, n));
                i = end + 1;
            } else if (script.startsWith("$$", i)) {
                int end = script.indexOf("$$", i + 2);
                end = end < 0 ? n : end + 2;
                current.append(script, i, end);
                i = end;
            } else if (script.startsWith("--", i) || script.startsWith("//", i)) {
                int end = script.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (script.startsWith("/*", i)) {
                int end = script.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
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

    private static void add(List<String> statements, StringBuilder current) {
        String statement = current.toString().strip();
        if (!statement.isEmpty()) {
            statements.add(statement);
        }
        current.setLength(0);
    }

    /**
     * Runs each statement in order, waiting for schema agreement after each (the driver does after a schema change).
     *
     * @throws LogicalException {@link FailureReason#SCHEMA_FAILED} naming the statement (its number and first line)
     *     that Cassandra refused; the statements before it were applied
     */
    public static void apply(CqlSession session, List<String> statements) {
        for (int i = 0; i < statements.size(); i++) {
            String statement = statements.get(i);
            try {
                session.execute(SimpleStatement.newInstance(statement).setTimeout(DDL_TIMEOUT));
            } catch (DriverException e) {
                String firstLine = statement.lines().findFirst().orElse("");
                throw new LogicalException(
                        FailureReason.SCHEMA_FAILED,
                        "schema statement " + (i + 1) + " of " + statements.size() + " (" + firstLine + ") failed: "
                                + e.getMessage(),
                        e);
            }
        }
    }
}
