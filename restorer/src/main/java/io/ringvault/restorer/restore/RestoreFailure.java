package io.ringvault.restorer.restore;

import io.ringvault.common.message.NodeRef;

/**
 * A restore cannot go on, for a reason a retry would not change: the restore finishes {@code failed} with
 * {@link #reason()} and the message as its detail (safe to show: names tables, files, nodes and sizes, never a secret).
 */
public class RestoreFailure extends RuntimeException {
    /** The stable reasons a restore fails with, as they appear in {@code restore.finished} and progress events. */
    public enum Reason {
        UNKNOWN_BACKUP("unknown-backup"),
        UNKNOWN_TABLE("unknown-table"),
        NODE_COUNT_MISMATCH("node-count-mismatch"),
        NODE_MAPPING_FAILED("node-mapping-failed"),
        AGENT_UNKNOWN("agent-unknown"),
        SCHEMA_MISMATCH("schema-mismatch"),
        SCHEMA_FAILED("schema-failed"),
        INSUFFICIENT_SPACE("insufficient-space"),
        CHECKSUM_MISMATCH("checksum-mismatch"),
        TRUNCATE_FAILED("truncate-failed"),
        IMPORT_FAILED("import-failed"),
        AGENT_FAILED("agent-failed"),
        STORAGE_FAILED("storage-failed"),
        RESTORE_ERROR("restore-error");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;
    private final NodeRef node;

    public RestoreFailure(Reason reason, String detail) {
        this(reason, detail, null, null);
    }

    public RestoreFailure(Reason reason, String detail, NodeRef node, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
        this.node = node;
    }

    public Reason reason() {
        return reason;
    }

    /** The node it happened on, when it is one node's failure. */
    public NodeRef node() {
        return node;
    }
}
