package io.ringvault.restorer.restore;

import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.RestoreFinished;
import io.ringvault.storage.StorageException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How what goes wrong becomes a restore's failure: the reason, and a detail that is safe to show and names what an
 * operator needs (node, table, file, object key, backup). Also how a restore that stopped becomes its
 * {@code restore.finished}.
 */
public final class RestoreFailures {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreFailures.class);

    private RestoreFailures() {}

    /**
     * The {@code restore.finished} of a restore that stopped on {@code stop}: {@code cancelled} for a cancel,
     * {@code failed} with the failure's reason, or {@code failed} with {@code restore-error} for anything else
     * (Cassandra unreachable during planning or schema, a bug). Logs it.
     */
    public static RestoreFinished stopped(String operationId, List<String> imported, RuntimeException stop) {
        if (stop instanceof RestoreCancelled) {
            LOG.info(
                    "restore cancelled operationId={} reason={} imported={}", operationId, stop.getMessage(), imported);
            return new RestoreFinished(
                    RestoreFinished.Outcome.CANCELLED, imported, FailureReason.CANCELLED, stop.getMessage());
        }
        if (stop instanceof RestoreFailure failure) {
            LOG.warn(
                    "restore failed operationId={} reason={} detail={} imported={}",
                    operationId,
                    failure.reason().code(),
                    failure.getMessage(),
                    imported);
            return new RestoreFinished(
                    RestoreFinished.Outcome.FAILED, imported, failure.reason(), failure.getMessage());
        }
        LOG.warn("restore failed operationId={} error", operationId, stop);
        return new RestoreFinished(
                RestoreFinished.Outcome.FAILED,
                imported,
                FailureReason.RESTORE_ERROR,
                "the restore stopped on an unexpected error: " + stop);
    }

    /** A node's step failed with something no step expected: the restore ends {@code restore-error}. */
    static RestoreFailure unexpected(Throwable cause) {
        return new RestoreFailure(FailureReason.RESTORE_ERROR, String.valueOf(cause), null, cause);
    }

    /** The agent refused for good (no retry left or none possible). */
    static RestoreFailure agentRefused(NodeTable part, AgentRefused e) {
        if (e.is(FailureReason.INSUFFICIENT_SPACE)) {
            return noRoom(part, e);
        }
        return new RestoreFailure(
                FailureReason.AGENT_FAILED,
                "the node agent of " + describe(part.target()) + " refused " + part.table.name() + ": "
                        + e.getMessage(),
                part.target(),
                e);
    }

    /** The agent refused a file for want of room ({@code insufficient-space}). */
    static RestoreFailure noRoom(NodeTable part, AgentRefused e) {
        return new RestoreFailure(
                FailureReason.INSUFFICIENT_SPACE,
                "node " + describe(part.target()) + " has no room left for " + part.table.name() + ": "
                        + e.getMessage(),
                part.target(),
                e);
    }

    /** What the node still needs of the table is more than its staging file system has free. */
    static RestoreFailure noRoom(NodeTable part, long needed, NodeAgents.Space space) {
        return new RestoreFailure(
                FailureReason.INSUFFICIENT_SPACE,
                "node " + describe(part.target()) + " needs " + needed + " bytes to stage " + part.table.name()
                        + " and has " + space.usableBytes() + " bytes free in " + space.stagingDirectory(),
                part.target(),
                null);
    }

    /** The agent stayed unreachable through the retries. */
    static RestoreFailure unreachable(NodeTable part, IOException e) {
        return new RestoreFailure(
                FailureReason.AGENT_FAILED,
                "the node agent of " + describe(part.target()) + " at " + part.url() + " stayed unreachable for "
                        + part.table.name() + ": " + e,
                part.target(),
                e);
    }

    /** The agent found the bytes of a file not to match the manifest's SHA-256: fatal for the table. */
    static RestoreFailure checksumMismatch(NodeTable part, NodeManifest.File file, String sha256, AgentRefused e) {
        return new RestoreFailure(
                FailureReason.CHECKSUM_MISMATCH,
                "file " + file.fileName() + " of table " + part.table.name() + " (object " + file.objectKey()
                        + " of backup " + part.backupId + ") " + "does not match its checksum sha256:" + sha256
                        + " on node " + describe(part.target()) + "; nothing of " + part.table.name()
                        + " was imported. Agent: " + e.getMessage(),
                part.target(),
                e);
    }

    /**
     * The store refused the object's content as altered (an encrypted object that fails authentication: changed, cut
     * short or another object's bytes): fatal for the table, as a SHA-256 mismatch on the node is.
     */
    static RestoreFailure corrupt(NodeTable part, NodeManifest.File file, StorageException e) {
        return new RestoreFailure(
                FailureReason.CHECKSUM_MISMATCH,
                "file " + file.fileName() + " of table " + part.table.name() + " (object " + file.objectKey()
                        + " of backup " + part.backupId + ") was refused as corrupt by the store; nothing of "
                        + part.table.name() + " was imported: " + e.getMessage(),
                part.target(),
                e);
    }

    /** The node manifest gives a file no SHA-256: it cannot be verified, so it is not sent. */
    static RestoreFailure noChecksum(NodeManifest.File file) {
        return new RestoreFailure(
                FailureReason.CHECKSUM_MISMATCH,
                "file " + file.fileName() + " of " + file.keyspace() + "." + file.table() + " (object "
                        + file.objectKey() + ") has no SHA-256 in its node manifest: it cannot be verified");
    }

    /** The object store could not give a file's object (missing, refused, or failing through the retries). */
    static RestoreFailure unreadable(NodeTable part, NodeManifest.File file, StorageException e) {
        return new RestoreFailure(
                FailureReason.STORAGE_FAILED,
                "could not read object " + file.objectKey() + " (" + part.table.name() + " " + file.fileName() + "): "
                        + e.getMessage(),
                part.target(),
                e);
    }

    /** Cassandra on the node refused the staged SSTables, or the table is missing there. */
    static RestoreFailure importFailed(NodeTable part, AgentRefused e) {
        return new RestoreFailure(
                FailureReason.IMPORT_FAILED,
                "node " + describe(part.target()) + " could not import " + part.table.name() + ": " + e.getMessage(),
                part.target(),
                e);
    }

    /** The agent's bulk loader could not stream a backed-up node's files of the table from the part's node. */
    static RestoreFailure streamFailed(NodeTable part, RestorePlan.SourceFiles source, AgentRefused e) {
        return new RestoreFailure(
                FailureReason.BULK_LOAD_FAILED,
                "node " + describe(part.target()) + " could not stream " + part.table.name() + " of backed-up node "
                        + source.pair().source().hostId() + " to its replicas: " + e.getMessage(),
                part.target(),
                e);
    }

    /**
     * The repair of a keyspace's restored tables failed on the part's node: the agent refused it ({@code repair-failed}
     * with Cassandra's messages, a missing keyspace or table) or stayed unreachable. The restore fails
     * {@code repair-failed}, naming the node; the data it loaded stays.
     */
    static RestoreFailure repairFailed(NodeTable part, List<String> tables, Exception e) {
        return new RestoreFailure(
                FailureReason.REPAIR_FAILED,
                "the repair of " + part.table.keyspace() + " " + tables + " on node " + describe(part.target())
                        + " failed (the restored data stays; repair it again with nodetool repair -full -pr): "
                        + (e instanceof AgentRefused
                                ? e.getMessage()
                                : "its node agent at " + part.url() + " stayed unreachable: " + e),
                part.target(),
                e);
    }

    static RestoreFailure truncateFailed(RestorePlan.TablePlan table, RuntimeException e) {
        return new RestoreFailure(
                FailureReason.TRUNCATE_FAILED,
                "could not truncate " + table.name() + " before importing it: " + e.getMessage(),
                null,
                e);
    }

    static String describe(NodeRef node) {
        return node.hostId() + (node.address() == null ? "" : " (" + node.address() + ")");
    }

    /** The manifest's {@code sha256:<hex>} as the agent wants it: 64 hex digits. */
    static String sha256Hex(NodeManifest.File file) {
        String checksum = file.checksum();
        if (checksum == null || !checksum.startsWith("sha256:") || checksum.length() != 7 + 64) {
            throw noChecksum(file);
        }
        return checksum.substring(7).toLowerCase(Locale.ROOT);
    }
}
