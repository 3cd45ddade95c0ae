package io.ringvault.agentapi;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Why the node agent refused a request: the stable {@code reason} of its {@code application/problem+json} answer
 * ({@link AgentProblem}), with the HTTP status it always comes with and whether the same request, sent again unchanged,
 * can succeed later. Codes never change meaning; a new reason is added, an old one is deprecated rather than removed,
 * and a client meets a code it does not know with {@link #retryableStatus(int)}. The OpenAPI document lists the same
 * codes, statuses and retry flags ({@code AgentApiDocumentTest}).
 */
public enum AgentErrorReason {
    /** No {@code Authorization: Bearer} header (answered with {@code WWW-Authenticate: Bearer}). */
    MISSING_TOKEN("missing-token", 401, false),
    /** A bearer token that is not the agent's. */
    WRONG_TOKEN("wrong-token", 403, false),

    /** A backup id this agent holds no complete snapshot for (another tool's snapshot, or one already cleared). */
    UNKNOWN_SNAPSHOT("unknown-snapshot", 404, false),
    /** A table outside the snapshot's scope. */
    NOT_IN_SNAPSHOT("not-in-snapshot", 404, false),
    /** A data directory index that the node does not have. */
    UNKNOWN_DATA_DIRECTORY("unknown-data-directory", 404, false),
    /** No such file in the snapshot. */
    FILE_NOT_FOUND("file-not-found", 404, false),
    /** A path segment that is not a Cassandra name of its kind. */
    INVALID_PATH("invalid-path", 404, false),
    /** The path leads outside the snapshot directory (a symbolic link below the data directory). */
    OUTSIDE_SNAPSHOT("outside-snapshot", 403, false),
    /** A {@code Range} that is not one range of bytes inside the file (answered with {@code Content-Range}). */
    RANGE_NOT_SATISFIABLE("range-not-satisfiable", 416, false),

    /** Restore: a path segment that is not a plain name of its kind; the detail names the segment. */
    INVALID_NAME("invalid-name", 400, false),
    /** Restore: a plain file name that is not an SSTable component ({@code manifest.json}, {@code schema.cql}). */
    NOT_SSTABLE_COMPONENT("not-sstable-component", 400, false),
    /** Restore into a system keyspace. */
    KEYSPACE_NOT_ALLOWED("keyspace-not-allowed", 403, false),
    /** An upload without {@link AgentHeaders#SHA256}. */
    MISSING_CHECKSUM("missing-checksum", 400, false),
    /** A {@link AgentHeaders#SHA256} that is not 64 hex digits. */
    INVALID_CHECKSUM("invalid-checksum", 400, false),
    /**
     * A body shorter than its {@code Content-Length}, or broken off; nothing was staged. Sending it again needs the body
     * again from its source, so it is not retried as it is.
     */
    INCOMPLETE_BODY("incomplete-body", 400, false),
    /** The body's SHA-256 is not the announced one; nothing was staged. */
    CHECKSUM_MISMATCH("checksum-mismatch", 422, false),
    /** {@code Content-Length} above the usable space of the staging file system; room must be made first. */
    INSUFFICIENT_SPACE("insufficient-space", 507, false),
    /** A concurrent request on the same file, table or operation is running: try again. */
    STAGING_BUSY("staging-busy", 409, true),
    /** An upload for a table already imported in this operation. */
    ALREADY_IMPORTED("already-imported", 409, false),
    /** An import into a table Cassandra does not have; the detail is {@code keyspace.table}. */
    TABLE_MISSING("table-missing", 404, false),
    /** An import with nothing staged for the table; the table is left alone. */
    NOTHING_STAGED("nothing-staged", 404, false),
    /** Cassandra refused the staged SSTables (its {@code system.log} says why); they stay staged. */
    IMPORT_FAILED("import-failed", 422, false),
    /** Cassandra was unreachable over JMX or CQL, or failed the call. */
    CASSANDRA_ERROR("cassandra-error", 502, true),
    /** The agent could not read or write its staging directory. */
    STAGING_ERROR("staging-error", 500, true);

    private static final Map<String, AgentErrorReason> BY_CODE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(AgentErrorReason::code, Function.identity()));

    private final String code;
    private final int status;
    private final boolean retryable;

    AgentErrorReason(String code, int status, boolean retryable) {
        this.code = code;
        this.status = status;
        this.retryable = retryable;
    }

    /** The {@code reason} of the problem answer, for example {@code staging-busy}. */
    public String code() {
        return code;
    }

    /** The HTTP status the agent answers this reason with. */
    public int status() {
        return status;
    }

    /** Whether the same request, sent again unchanged, can succeed later. */
    public boolean retryable() {
        return retryable;
    }

    /** The reason of a code, or empty for a code this version does not know (or none). */
    public static Optional<AgentErrorReason> ofCode(String code) {
        return Optional.ofNullable(code == null ? null : BY_CODE.get(code));
    }

    /**
     * Whether an error answer without a known reason (a proxy's, the web framework's, a newer agent's) is worth
     * another attempt: a timeout (408), throttling (429) and server errors (5xx) are, except 507 (no room).
     */
    public static boolean retryableStatus(int status) {
        return status == 408 || status == 429 || (status >= 500 && status != 507);
    }
}
