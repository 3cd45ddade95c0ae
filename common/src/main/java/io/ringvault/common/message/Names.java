package io.ringvault.common.message;

import java.util.List;
import java.util.regex.Pattern;

/** Shared validation of the names that appear in payloads. Errors name the field and the bad value. */
final class Names {
    /** Cassandra keyspace and table names as ringvault accepts them: unquoted identifiers. */
    static final Pattern CQL_IDENTIFIER = Pattern.compile("[A-Za-z0-9_]{1,48}");

    /** Schedule names: a plain name that fits in a URL path and an event key. */
    static final Pattern SCHEDULE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private Names() {}

    /** A schedule's name: 1-64 letters, digits, '_' or '-', starting with a letter or digit. */
    static String requireScheduleName(String value, String field) {
        requireText(value, field);
        if (!SCHEDULE_NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " '" + value
                    + "' must be a plain name: 1-64 letters, digits, '_' or '-', starting with a letter or digit");
        }
        return value;
    }

    /** An absent list reads as empty; a null inside a list is an error naming the field. */
    static <T> List<T> listOrEmpty(List<T> values, String field) {
        if (values == null) {
            return List.of();
        }
        if (values.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException(field + " must not contain null");
        }
        return List.copyOf(values);
    }

    static String requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    /** Operation and backup ids: {@link OperationId}'s rule. */
    static String requireId(String value, String field) {
        requireText(value, field);
        return OperationId.require(value, field);
    }

    static void requireKeyspaces(List<String> keyspaces, String field) {
        for (String keyspace : keyspaces) {
            if (keyspace == null || !CQL_IDENTIFIER.matcher(keyspace).matches()) {
                throw new IllegalArgumentException(
                        field + " contains '" + keyspace + "', which is not a keyspace name");
            }
        }
    }

    static void requireTables(List<String> tables, String field) {
        for (String table : tables) {
            String[] parts = table == null ? new String[0] : table.split("\\.", -1);
            if (parts.length != 2
                    || !CQL_IDENTIFIER.matcher(parts[0]).matches()
                    || !CQL_IDENTIFIER.matcher(parts[1]).matches()) {
                throw new IllegalArgumentException(
                        field + " contains '" + table + "': tables are written \"keyspace.table\"");
            }
        }
    }

    static long requireNonNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative: " + value);
        }
        return value;
    }
}
