package io.ringvault.common.failure;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Why something failed: the one list of failure reasons of ringvault. Every failure event ({@code node.failed},
 * {@code operation.failed}, {@code request.rejected}, a failed {@code restore.progress} or {@code restore.finished}),
 * every {@code application/problem+json} answer (the coordinator's REST API, the node agent's HTTP API), every
 * dead-lettered record and every classified exception carries one.
 *
 * <p>Each reason has:
 *
 * <ul>
 *   <li>a {@linkplain #code() code}: stable, kebab-case, what is written on the wire and in the JSON Schemas. A code
 *       never changes meaning; a reason that is no longer used is {@code @Deprecated}, never removed, so that the event
 *       log (kept forever) stays readable;
 *   <li>whether it is {@linkplain #retryable() retryable}: the same call, tried again unchanged a little later, can
 *       succeed because the cause is transient (a timeout, throttling, a server error, a busy or unreachable peer).
 *       This flag is the only thing that decides a retry anywhere in ringvault (see {@link Failures#retryable});
 *   <li>a {@linkplain #message() message}: a short summary safe to show anyone, with no names, secrets or exception
 *       text. It titles problem answers and stands in for a detail when there is none.
 * </ul>
 *
 * <p>The schemas of the events that carry a reason enumerate exactly these codes, in this order
 * ({@code FailureReasonTest}); {@code docs/messages.md} lists them with their meaning.
 */
public enum FailureReason {
    // --- a message that cannot be read (the codec, and the listeners that check what they read) ---

    /** Not JSON, or not a JSON object. */
    MALFORMED_JSON("malformed-json", false, "the message is not a JSON object"),
    /** A required CloudEvents attribute is absent, blank, or an object or array. */
    MISSING_ATTRIBUTE("missing-attribute", false, "a required CloudEvents attribute is missing"),
    UNSUPPORTED_SPECVERSION("unsupported-specversion", false, "only CloudEvents 1.0 is supported"),
    UNSUPPORTED_CONTENT_TYPE("unsupported-content-type", false, "only application/json data is supported"),
    UNKNOWN_TYPE("unknown-type", false, "the message type is not a ringvault message type"),
    INVALID_TIME("invalid-time", false, "the time is not an RFC 3339 timestamp"),
    /** No data, or data that does not satisfy its type (a missing field, a bad name, an unknown enum value). */
    INVALID_DATA("invalid-data", false, "the data does not satisfy its type"),
    /** A valid message of another type on the requests topic. */
    NOT_A_REQUEST("not-a-request", false, "the message is not a request"),
    /** A valid message of another type on the files topic. */
    NOT_A_FILE_READY("not-a-file-ready", false, "the message is not a file.ready"),
    /** A {@code file.ready} whose subject is not a usable backup id. */
    INVALID_SUBJECT("invalid-subject", false, "the subject is not a valid operation id"),

    // --- a request the coordinator refuses ---

    /** A request id that cannot be an operation id. */
    INVALID_ID("invalid-id", false, "the request id cannot be an operation id"),
    UNKNOWN_KEYSPACE("unknown-keyspace", false, "the keyspace does not exist"),
    /** A table the cluster (for a backup) or the backup (for a restore) does not have. */
    UNKNOWN_TABLE("unknown-table", false, "the table does not exist"),
    UNKNOWN_DATACENTER("unknown-datacenter", false, "the datacenter does not exist in the cluster"),
    NO_NODES("no-nodes", false, "no node of the cluster is in scope"),
    /** A node in scope of a backup is down: the backup would be incomplete. */
    NODE_DOWN("node-down", false, "a node in scope is down"),
    /** A backup neither the event log nor the object store knows. */
    UNKNOWN_BACKUP("unknown-backup", false, "the backup does not exist"),
    BACKUP_NOT_COMPLETE("backup-not-complete", false, "the backup did not complete"),
    NOT_IN_BACKUP("not-in-backup", false, "the keyspace or table is not in the backup"),
    /**
     * The backup and the cluster have different numbers of nodes where a restore cannot cope with it. The restorer
     * streams into a datacenter of another size ({@link #BULK_LOAD_FAILED} when that fails) rather than refuse it.
     */
    NODE_COUNT_MISMATCH("node-count-mismatch", false, "the backup and the cluster have different numbers of nodes"),
    /** A restore scoped to a datacenter whose nodes the backup does not hold. */
    DATACENTER_NOT_IN_BACKUP("datacenter-not-in-backup", false, "the datacenter is not in the backup"),
    /**
     * A restore that would truncate tables replicated to datacenters outside its scope: TRUNCATE is cluster-wide, so
     * it would delete the rows of datacenters the restore does not write back.
     */
    TRUNCATE_OUTSIDE_SCOPE(
            "truncate-outside-scope", false, "truncating would delete rows of datacenters outside the restore"),
    UNKNOWN_OPERATION("unknown-operation", false, "the operation does not exist"),
    /** A cancel of an operation that already ended. */
    OPERATION_OVER("operation-over", false, "the operation already ended"),
    /**
     * A delete of a backup while a backup runs: the running backup may reuse (and its manifest reference) objects the
     * delete would remove. Also a backup, or another delete, while a delete runs; a purge while a backup, a delete or
     * another purge runs; a backup or a delete while a purge runs.
     */
    BACKUP_IN_PROGRESS("backup-in-progress", false, "a backup or a delete of a backup is running"),
    /** A delete of a backup a running restore or verify reads from; the detail names the operation. */
    BACKUP_IN_USE("backup-in-use", false, "a running operation reads the backup"),
    /** A restore, verify or delete of a backup that was deleted, or is being deleted. */
    BACKUP_DELETED("backup-deleted", false, "the backup was deleted"),
    /** A retention policy with no rule, a count out of range or a `maxAge` that is not a positive ISO-8601 duration; the detail names the field. */
    INVALID_RETENTION("invalid-retention", false, "a retention policy is empty or a value is out of range"),
    /**
     * An incremental backup with no complete backup of the same keyspaces, tables and datacenters to build on, or
     * whose {@code buildsOn} names a backup that is not complete, of another scope, or partial.
     */
    NO_BASE_BACKUP("no-base-backup", false, "there is no complete backup of the same scope to build on"),
    /**
     * A restore {@code until} a time before the backup it names was taken: neither it nor any incremental backup built
     * on it holds that point in time.
     */
    NO_POINT_IN_TIME("no-point-in-time", false, "no backup of the chain was taken at or before that time"),
    /** A purge when neither the request, the cluster nor the schedule sets a retention policy. */
    NO_RETENTION_POLICY("no-retention-policy", false, "no retention policy applies"),
    /** A backup, delete or purge while a garbage collection runs, or a second collection. */
    GC_IN_PROGRESS("gc-in-progress", false, "a garbage collection is running"),
    /** A garbage collection whose `gracePeriod` is not a non-negative ISO-8601 duration. */
    INVALID_GRACE_PERIOD("invalid-grace-period", false, "the grace period is not a non-negative ISO-8601 duration"),
    /** A schedule whose cron expression does not parse; the detail says why. */
    INVALID_CRON("invalid-cron", false, "the cron expression is not valid"),
    /** A schedule whose time zone is not an IANA zone id such as `Europe/Paris`. */
    INVALID_TIME_ZONE("invalid-time-zone", false, "the time zone is not a known zone id"),
    /** A schedule created under the name of one that exists. */
    SCHEDULE_EXISTS("schedule-exists", false, "a schedule of that name exists"),
    /** A read, pause, resume or delete of a schedule that does not exist; 404 over REST. */
    UNKNOWN_SCHEDULE("unknown-schedule", false, "the schedule does not exist"),
    /** A copy to a target that is not one of the coordinator's {@code ringvault.storage.targets}; the detail names them. */
    UNKNOWN_TARGET("unknown-target", false, "no copy target of that name is configured"),
    /** The coordinator cannot read the cluster's metadata right now. */
    CLUSTER_UNAVAILABLE("cluster-unavailable", true, "the Cassandra cluster cannot be reached"),
    /** A service's listener gave a record up after its retries; the record went to the dead-letter topic. */
    PROCESSING_FAILED("processing-failed", false, "the record could not be processed"),

    // --- how an operation ends ---

    /** A node or worker was not heard from in time, or a call was not answered in time. */
    TIMEOUT("timeout", true, "an answer did not come in time"),
    /** The operation failed because nodes failed; each node's reason is in {@code nodeFailures}. */
    NODE_FAILED("node-failed", false, "one or more nodes failed"),
    /** The coordinator could not write a backup's manifests or index: no manifest claims the backup complete. */
    MANIFEST_WRITE_FAILED("manifest-write-failed", false, "the backup manifests could not be written"),
    CANCELLED("cancelled", false, "the operation was cancelled"),

    // --- a snapshot the node agent cannot take ---

    /** A system keyspace, never snapshotted nor restored (node-local or rebuilt by Cassandra). */
    KEYSPACE_NOT_ALLOWED("keyspace-not-allowed", false, "system keyspaces are not backed up or restored"),
    KEYSPACE_MISSING("keyspace-missing", false, "the keyspace does not exist on the node"),
    /** A table the node does not have (a snapshot's scope, or an import). */
    TABLE_MISSING("table-missing", false, "the table does not exist on the node"),
    /** Cassandra refused or failed the snapshot, or the agent could not read it. */
    SNAPSHOT_FAILED("snapshot-failed", false, "the snapshot could not be taken"),
    /** A table in scope has no snapshot directory under the configured data directories. */
    SNAPSHOT_INCOMPLETE("snapshot-incomplete", false, "the snapshot is missing tables in scope"),
    /**
     * An incremental backup on a node whose incremental backups are off ({@code incremental_backups: false}): its
     * {@code backups/} directories do not hold what was written since the previous backup. The request may ask to
     * switch them on ({@code enableIncrementalBackups}).
     */
    INCREMENTAL_BACKUPS_DISABLED("incremental-backups-disabled", false, "incremental backups are off on the node"),

    // --- the coordinator's REST API refuses a caller (docs/security.md); only in answers, never in events ---

    /** No bearer token, or one that is unknown, expired, or not signed by the configured issuer: HTTP 401. */
    UNAUTHENTICATED("unauthenticated", false, "a valid bearer token is required"),
    /** The caller is authenticated but its role does not allow the request: HTTP 403, naming the role needed. */
    FORBIDDEN("forbidden", false, "the caller's role does not allow the request"),

    // --- the node agent's HTTP API refuses a request (statuses: agent-api's AgentReasons) ---

    MISSING_TOKEN("missing-token", false, "a bearer token is required"),
    WRONG_TOKEN("wrong-token", false, "the bearer token is not accepted"),
    /** A backup id the agent holds no complete snapshot for. */
    UNKNOWN_SNAPSHOT("unknown-snapshot", false, "the agent holds no such snapshot"),
    NOT_IN_SNAPSHOT("not-in-snapshot", false, "the table is not in the snapshot"),
    UNKNOWN_DATA_DIRECTORY("unknown-data-directory", false, "the node has no such data directory"),
    FILE_NOT_FOUND("file-not-found", false, "the file does not exist"),
    INVALID_PATH("invalid-path", false, "a path segment is not a Cassandra name"),
    /** The path leads outside the snapshot directory (a symbolic link). */
    OUTSIDE_SNAPSHOT("outside-snapshot", false, "the path leads outside the snapshot"),
    RANGE_NOT_SATISFIABLE("range-not-satisfiable", false, "the range is not inside the file"),
    INVALID_NAME("invalid-name", false, "a name is not a plain name of its kind"),
    NOT_SSTABLE_COMPONENT("not-sstable-component", false, "the file is not an SSTable component"),
    MISSING_CHECKSUM("missing-checksum", false, "the SHA-256 of the body is required"),
    INVALID_CHECKSUM("invalid-checksum", false, "the SHA-256 is not 64 hex digits"),
    /** A body shorter than announced, or broken off: sending it again needs the body again from its source. */
    INCOMPLETE_BODY("incomplete-body", false, "the body ended before its announced length"),
    /** Content whose SHA-256 is not the expected one: the agent's staging, a restore, the object store. */
    CHECKSUM_MISMATCH("checksum-mismatch", false, "the content does not match its checksum"),
    /** No room on the staging file system; room must be made first. */
    INSUFFICIENT_SPACE("insufficient-space", false, "there is not enough space"),
    /** A concurrent request on the same file, table or operation is running. */
    STAGING_BUSY("staging-busy", true, "the staging area is busy with another request"),
    ALREADY_IMPORTED("already-imported", false, "the table was already imported"),
    NOTHING_STAGED("nothing-staged", false, "nothing is staged for the table"),
    /** Cassandra refused the staged SSTables (or a restore's import failed). */
    IMPORT_FAILED("import-failed", false, "the import of the table failed"),
    /**
     * Cassandra's bulk loader ({@code sstableloader}), run by the node agent to stream a table's staged SSTables to
     * their replicas, failed: it exited with an error or did not end in time, or none is configured on the node.
     */
    BULK_LOAD_FAILED("bulk-load-failed", false, "the bulk loader could not stream the table"),
    /** Cassandra was unreachable over JMX or CQL, or failed the call. */
    CASSANDRA_ERROR("cassandra-error", true, "Cassandra could not be reached or failed the call"),
    STAGING_ERROR("staging-error", true, "the staging directory could not be read or written"),

    // --- uploads ---

    /** A file could not be stored; retries, where they could help, are exhausted. */
    UPLOAD_FAILED("upload-failed", false, "the file could not be stored"),
    /** A snapshot file of another size than announced: it changed, which an SSTable component never does. */
    FILE_CHANGED("file-changed", false, "the file changed while it was read"),

    // --- restores ---

    NODE_MAPPING_FAILED("node-mapping-failed", false, "the backed-up nodes could not be mapped to the cluster's"),
    /** No node agent URL is known for a target node. */
    AGENT_UNKNOWN("agent-unknown", false, "the node agent of a node is not known"),
    SCHEMA_MISMATCH("schema-mismatch", false, "an existing table's schema differs from the backup's"),
    SCHEMA_FAILED("schema-failed", false, "the schema could not be restored"),
    TRUNCATE_FAILED("truncate-failed", false, "the table could not be truncated"),
    /**
     * The repair a restore asked for after its import failed on a node: Cassandra failed it, or it did not finish in
     * time. The restored data stays; the repair can be run again by hand ({@code nodetool repair -full -pr}).
     */
    REPAIR_FAILED("repair-failed", false, "the repair of the restored tables failed"),
    /** A node agent refused, or could not be reached, after the retries that could help. */
    AGENT_FAILED("agent-failed", false, "a node agent failed"),
    /** The object store failed after the retries that could help. */
    STORAGE_FAILED("storage-failed", false, "the object store failed"),
    /** The restore failed on something not classified otherwise. */
    RESTORE_ERROR("restore-error", false, "the restore failed"),

    // --- verifies ---

    /**
     * A verify of a backup found objects (or manifests) missing, of another size, or with another checksum than the
     * manifests record; {@code backup.verify.finished} names each.
     */
    BACKUP_CORRUPT("backup-corrupt", false, "the backup has missing or corrupt objects"),

    // --- object stores and connections ---

    /** Access denied: bad or expired credentials, or no permission. */
    ACCESS_DENIED("access-denied", false, "access was denied"),
    OBJECT_NOT_FOUND("object-not-found", false, "the object does not exist"),
    /** Content shorter or longer than the size announced. */
    SIZE_MISMATCH("size-mismatch", false, "the content does not have the size announced"),
    /** A request the other side cannot take: a bad key, an invalid setting, an unexpected 4xx. */
    INVALID_REQUEST("invalid-request", false, "the request was refused as invalid"),
    THROTTLED("throttled", true, "the service asked to slow down"),
    /** A 5xx, or a server-side failure of a store. */
    SERVER_ERROR("server-error", true, "the service failed"),
    /** A connection refused, reset or broken off, or another I/O failure. */
    IO_ERROR("io-error", true, "a connection or an I/O operation failed"),
    /** An answer that cannot be used (a body that is not the expected document). */
    INVALID_ANSWER("invalid-answer", false, "the answer could not be used"),
    /** A partial answer that does not hold the range of bytes asked for. */
    RANGE_MISMATCH("range-mismatch", true, "the answer does not hold the range asked for"),
    /** A failure nothing classified: a bug, or a case not foreseen. */
    INTERNAL_ERROR("internal-error", false, "an unexpected error occurred");

    private static final Map<String, FailureReason> BY_CODE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(FailureReason::code, Function.identity()));

    private final String code;
    private final boolean retryable;
    private final String message;

    FailureReason(String code, boolean retryable, String message) {
        this.code = code;
        this.retryable = retryable;
        this.message = message;
    }

    /** The stable code, as written on the wire: {@code checksum-mismatch}. */
    @JsonValue
    public String code() {
        return code;
    }

    /** Whether the same call, tried again unchanged a little later, can succeed. */
    public boolean retryable() {
        return retryable;
    }

    /** A short summary, safe to show: no names, no secrets, no exception text. */
    public String message() {
        return message;
    }

    /** The reason of a code, or empty for a code this version does not know (or none). */
    public static Optional<FailureReason> ofCode(String code) {
        return Optional.ofNullable(code == null ? null : BY_CODE.get(code));
    }

    /**
     * The reason of a code, as readers of the contract take it: an unknown code is invalid data, like any unknown enum
     * value.
     *
     * @throws IllegalArgumentException for a code this version does not know
     */
    @JsonCreator
    public static FailureReason fromCode(String code) {
        return ofCode(code)
                .orElseThrow(() -> new IllegalArgumentException("reason '" + code + "' is not a known failure reason"));
    }

    /** The code, so that logs and messages built by concatenation show what the wire shows. */
    @Override
    public String toString() {
        return code;
    }
}
