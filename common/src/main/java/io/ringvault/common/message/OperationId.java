package io.ringvault.common.message;

import java.util.regex.Pattern;

/**
 * The one rule for operation ids (and backup ids, which are the ids of backup operations): 1 to 128 characters of
 * letters, digits, {@code .}, {@code _}, {@code :} and {@code -}, the first a letter or a digit. Ids end up in object
 * keys, file names on the nodes and URLs, so they stay within this safe alphabet. Every place that checks an id (the
 * payloads' compact constructors, the coordinator's requests, the listeners, the node agent's file paths) asks here.
 *
 * <p>A request's CloudEvent {@code id} becomes its operation id, so a request whose id breaks this rule is rejected.
 */
public final class OperationId {
    /** The longest id, in characters. */
    public static final int MAX_LENGTH = 128;

    /** The rule in words, for error messages. */
    public static final String RULE = "1-128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit";

    private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0," + (MAX_LENGTH - 1) + "}");

    private OperationId() {}

    /** Whether {@code id} is a valid operation id; {@code null} is not. */
    public static boolean isValid(String id) {
        return id != null && PATTERN.matcher(id).matches();
    }

    /**
     * {@code id}, when it is valid.
     *
     * @param field what the id is, for the message (for example {@code backupId})
     * @throws IllegalArgumentException naming {@code field} and the bad value
     */
    public static String require(String id, String field) {
        if (!isValid(id)) {
            throw new IllegalArgumentException(field + " '" + id + "' must be " + RULE);
        }
        return id;
    }
}
