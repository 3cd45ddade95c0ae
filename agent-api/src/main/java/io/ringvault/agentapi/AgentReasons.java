package io.ringvault.agentapi;

import io.ringvault.common.failure.FailureReason;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The failure reasons the node agent refuses a request with, and the HTTP status each always comes with: the
 * {@code reason} of its {@code application/problem+json} answers ({@link AgentProblem}). What a reason means and
 * whether the same request, sent again unchanged, can succeed later is the reason's own ({@link FailureReason}); this
 * contract adds only which reasons the agent uses and their statuses. The OpenAPI document lists the same codes,
 * statuses and retry flags, in this order ({@code AgentApiDocumentTest}).
 *
 * <p>A new reason is added, an old one deprecated rather than removed; a client meets an answer whose reason it does
 * not know with {@link #ofAnswer(int, String)}, which judges it by its status.
 */
public final class AgentReasons {
    private static final Map<FailureReason, Integer> STATUSES = statuses();

    private AgentReasons() {}

    private static Map<FailureReason, Integer> statuses() {
        Map<FailureReason, Integer> statuses = new LinkedHashMap<>();
        // The token (answered with WWW-Authenticate: Bearer when missing).
        statuses.put(FailureReason.MISSING_TOKEN, 401);
        statuses.put(FailureReason.WRONG_TOKEN, 403);
        // Snapshot files.
        statuses.put(FailureReason.UNKNOWN_SNAPSHOT, 404);
        statuses.put(FailureReason.NOT_IN_SNAPSHOT, 404);
        statuses.put(FailureReason.UNKNOWN_DATA_DIRECTORY, 404);
        statuses.put(FailureReason.FILE_NOT_FOUND, 404);
        statuses.put(FailureReason.INVALID_PATH, 404);
        statuses.put(FailureReason.OUTSIDE_SNAPSHOT, 403);
        statuses.put(FailureReason.RANGE_NOT_SATISFIABLE, 416); // answered with Content-Range: bytes */<size>
        // Staging and import.
        statuses.put(FailureReason.INVALID_NAME, 400);
        statuses.put(FailureReason.NOT_SSTABLE_COMPONENT, 400);
        statuses.put(FailureReason.KEYSPACE_NOT_ALLOWED, 403);
        statuses.put(FailureReason.MISSING_CHECKSUM, 400);
        statuses.put(FailureReason.INVALID_CHECKSUM, 400);
        statuses.put(FailureReason.INCOMPLETE_BODY, 400);
        statuses.put(FailureReason.CHECKSUM_MISMATCH, 422);
        statuses.put(FailureReason.INSUFFICIENT_SPACE, 507);
        statuses.put(FailureReason.STAGING_BUSY, 409);
        statuses.put(FailureReason.ALREADY_IMPORTED, 409);
        statuses.put(FailureReason.TABLE_MISSING, 404);
        statuses.put(FailureReason.NOTHING_STAGED, 404);
        statuses.put(FailureReason.IMPORT_FAILED, 422);
        statuses.put(FailureReason.BULK_LOAD_FAILED, 422);
        // Repair after a restore.
        statuses.put(FailureReason.KEYSPACE_MISSING, 404);
        statuses.put(FailureReason.REPAIR_FAILED, 422);
        statuses.put(FailureReason.CASSANDRA_ERROR, 502);
        statuses.put(FailureReason.STAGING_ERROR, 500);
        return Collections.unmodifiableMap(statuses);
    }

    /** Every reason the agent answers with, in the order of the OpenAPI document. */
    public static List<FailureReason> all() {
        return List.copyOf(STATUSES.keySet());
    }

    /** Whether the agent answers with {@code reason}. */
    public static boolean declares(FailureReason reason) {
        return STATUSES.containsKey(reason);
    }

    /**
     * The HTTP status the agent answers {@code reason} with.
     *
     * @throws IllegalArgumentException for a reason the agent's contract does not declare: answering with one is a bug
     */
    public static int status(FailureReason reason) {
        Integer status = STATUSES.get(reason);
        if (status == null) {
            throw new IllegalArgumentException("reason '" + reason + "' is not declared by the node agent's API");
        }
        return status;
    }

    /**
     * The reason of an error answer, as a client takes it: the problem's {@code reason} when it is a code this version
     * knows; otherwise (a proxy's answer, the web framework's, a newer agent's) the status decides, so that a timeout
     * (408), throttling (429) and server errors (5xx) are retryable, except 507, which needs room made first.
     *
     * @param code the problem's {@code reason} as the agent wrote it, or null
     */
    public static FailureReason ofAnswer(int status, String code) {
        return FailureReason.ofCode(code).orElseGet(() -> ofStatus(status));
    }

    private static FailureReason ofStatus(int status) {
        if (status == 408) {
            return FailureReason.TIMEOUT;
        }
        if (status == 429) {
            return FailureReason.THROTTLED;
        }
        if (status == 507) {
            return FailureReason.INSUFFICIENT_SPACE;
        }
        if (status >= 500) {
            return FailureReason.SERVER_ERROR;
        }
        if (status == 401 || status == 403) {
            return FailureReason.ACCESS_DENIED;
        }
        return FailureReason.INVALID_REQUEST;
    }
}
