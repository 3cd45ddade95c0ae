package io.ringvault.agent.restore;

/**
 * A restore request the agent does not carry out, with a stable {@link Reason} the restorer sees in the problem answer
 * and a message safe to show (names, paths, checksums; never a credential).
 */
public class RestoreException extends RuntimeException {
    /** Why; the codes are stable and appear as {@code reason} in problem answers. */
    public enum Reason {
        /** A path segment that is not a plain name of the expected shape. */
        INVALID_NAME("invalid-name"),
        /** A file name that is a plain name but not an SSTable component (for example {@code manifest.json}). */
        NOT_SSTABLE_COMPONENT("not-sstable-component"),
        /** A system keyspace whose SSTables are never restored (the same list the snapshots refuse). */
        KEYSPACE_NOT_ALLOWED("keyspace-not-allowed"),
        MISSING_CHECKSUM("missing-checksum"),
        INVALID_CHECKSUM("invalid-checksum"),
        /** The body ended before {@code Content-Length} bytes, or could not be read to its end. */
        INCOMPLETE_BODY("incomplete-body"),
        /** The SHA-256 of the body is not the one the request announced; nothing was staged. */
        CHECKSUM_MISMATCH("checksum-mismatch"),
        /** {@code Content-Length} is more than the usable space of the staging file system. */
        INSUFFICIENT_SPACE("insufficient-space"),
        /** The same file is being uploaded, the table is being imported, or the operation's staging is being removed. */
        STAGING_BUSY("staging-busy"),
        /** The table was already imported for this operation: no more files are staged for it. */
        ALREADY_IMPORTED("already-imported"),
        /** The table does not exist on the node (the restorer creates the schema before importing). */
        TABLE_MISSING("table-missing"),
        /** Nothing is staged for the table: there is nothing to import, and the table is left as it is. */
        NOTHING_STAGED("nothing-staged"),
        /** Cassandra verified the staged SSTables and refused them; they stay staged. */
        IMPORT_FAILED("import-failed"),
        /** Cassandra was unreachable over JMX or CQL, or failed the call. */
        CASSANDRA_ERROR("cassandra-error"),
        /** The agent could not read or write its staging directory. */
        STAGING_ERROR("staging-error");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public RestoreException(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public RestoreException(Reason reason, String detail, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
