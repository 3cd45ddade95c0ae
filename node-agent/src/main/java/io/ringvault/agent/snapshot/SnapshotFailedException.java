package io.ringvault.agent.snapshot;

/**
 * A snapshot that cannot be taken, for a reason retrying will not change. The agent answers it with
 * {@code node.failed}, whose {@code reason} is {@link Reason#code()} and whose {@code detail} is this message: safe to
 * show, it names keyspaces, tables and paths but never a credential.
 */
public class SnapshotFailedException extends RuntimeException {
    /** Why a snapshot failed; the codes are stable and appear in {@code node.failed}. */
    public enum Reason {
        /** A system keyspace the agent never snapshots (their data is node-local or rebuilt by Cassandra). */
        KEYSPACE_NOT_ALLOWED("keyspace-not-allowed"),
        KEYSPACE_MISSING("keyspace-missing"),
        TABLE_MISSING("table-missing"),
        /** Cassandra refused or failed the snapshot, or the agent could not read it. */
        SNAPSHOT_FAILED("snapshot-failed"),
        /** A table in scope has no snapshot directory under the configured data directories. */
        SNAPSHOT_INCOMPLETE("snapshot-incomplete");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public SnapshotFailedException(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public SnapshotFailedException(Reason reason, String detail, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
