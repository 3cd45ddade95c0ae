package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * {@code io.ringvault.node.snapshot.command}: take a snapshot tagged {@code backupId} of these keyspaces or tables, and
 * announce each of its files with {@link FileReady}. Sent by the coordinator on the commands topic; acted on by the node
 * agents whose host id is in {@code nodes}.
 *
 * @param backupId the snapshot tag and backup id (the operation id)
 * @param keyspaces keyspaces to snapshot
 * @param tables optional {@code "keyspace.table"} names limiting the snapshot
 * @param mode differential or full, passed on to the uploaders through {@link FileReady}
 * @param nodes the nodes that must take the snapshot
 * @param snapshotNodes in an incremental backup, the host ids of the nodes that take a snapshot instead, because the
 *     backup it builds on does not hold them
 * @param enableIncrementalBackups a node whose incremental backups are off switches them on over JMX; in an incremental
 *     backup it then takes a snapshot instead of failing with {@code incremental-backups-disabled}
 * @param flush false when an incremental backup ships only what Cassandra flushed by itself; written only when false
 * @param method {@code logical}: no snapshot; each node exports the rows of the token ranges it is the primary replica
 *     for (among the nodes in {@code nodes}) through CQL into chunk files, and announces those. Absent for a snapshot
 * @param format for a logical backup, {@code csv} for CSV files; absent for the native chunk format. Only with method
 *     logical
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TakeSnapshot(
        String backupId,
        List<String> keyspaces,
        List<String> tables,
        BackupMode mode,
        List<NodeRef> nodes,
        List<String> snapshotNodes,
        Boolean enableIncrementalBackups,
        Boolean flush,
        BackupMethod method,
        LogicalFormat format)
        implements Command {
    public TakeSnapshot {
        // Written only when set: a snapshot command reads exactly as before these fields existed.
        method = BackupMethod.writtenOnlyWhenLogical(method);
        format = BackupMethod.formatOf(method, format);
        if (method == BackupMethod.LOGICAL && mode == BackupMode.INCREMENTAL) {
            throw new IllegalArgumentException(
                    "mode incremental is not for method logical: a logical backup is always full");
        }
        flush = Boolean.FALSE.equals(flush) ? Boolean.FALSE : null;
        // Written only when set: a snapshot backup's command reads exactly as before these fields existed.
        snapshotNodes = snapshotNodes == null || snapshotNodes.isEmpty()
                ? null
                : Names.listOrEmpty(snapshotNodes, "snapshotNodes");
        enableIncrementalBackups = Boolean.TRUE.equals(enableIncrementalBackups) ? Boolean.TRUE : null;
        Names.requireId(backupId, "backupId");
        keyspaces = Names.listOrEmpty(keyspaces, "keyspaces");
        tables = Names.listOrEmpty(tables, "tables");
        nodes = Names.listOrEmpty(nodes, "nodes");
        mode = mode == null ? BackupMode.DIFFERENTIAL : mode;
        Names.requireKeyspaces(keyspaces, "keyspaces");
        Names.requireTables(tables, "tables");
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("nodes is required: a snapshot command names its nodes");
        }
    }

    /** A snapshot backup's command. */
    public TakeSnapshot(
            String backupId, List<String> keyspaces, List<String> tables, BackupMode mode, List<NodeRef> nodes) {
        this(backupId, keyspaces, tables, mode, nodes, null, null, null);
    }

    /** An incremental backup's command that flushes first. */
    public TakeSnapshot(
            String backupId,
            List<String> keyspaces,
            List<String> tables,
            BackupMode mode,
            List<NodeRef> nodes,
            List<String> snapshotNodes,
            Boolean enableIncrementalBackups) {
        this(backupId, keyspaces, tables, mode, nodes, snapshotNodes, enableIncrementalBackups, null);
    }

    /** A snapshot or incremental backup's command (the method and format absent). */
    public TakeSnapshot(
            String backupId,
            List<String> keyspaces,
            List<String> tables,
            BackupMode mode,
            List<NodeRef> nodes,
            List<String> snapshotNodes,
            Boolean enableIncrementalBackups,
            Boolean flush) {
        this(backupId, keyspaces, tables, mode, nodes, snapshotNodes, enableIncrementalBackups, flush, null, null);
    }

    /** A logical backup's command: every node in {@code nodes} exports its primary ranges in {@code format}. */
    public static TakeSnapshot logical(
            String backupId, List<String> keyspaces, List<String> tables, List<NodeRef> nodes, LogicalFormat format) {
        return new TakeSnapshot(
                backupId, keyspaces, tables, BackupMode.FULL, nodes, null, null, null, BackupMethod.LOGICAL, format);
    }

    /** Whether the nodes export rows through CQL rather than take a snapshot. */
    public boolean logicalBackup() {
        return method == BackupMethod.LOGICAL;
    }

    /** The format of a logical backup's files (native when absent). */
    public LogicalFormat logicalFormat() {
        return format == null ? LogicalFormat.NATIVE : format;
    }

    /** Whether an incremental backup flushes the tables before it links {@code backups/}. */
    public boolean flushes() {
        return !Boolean.FALSE.equals(flush);
    }

    /** Whether a node whose incremental backups are off switches them on. */
    public boolean enablesIncrementalBackups() {
        return Boolean.TRUE.equals(enableIncrementalBackups);
    }

    /** Whether {@code hostId} ships its {@code backups/} directories rather than taking a snapshot. */
    public boolean incrementalOn(String hostId) {
        return mode == BackupMode.INCREMENTAL
                && !logicalBackup()
                && (snapshotNodes == null || !snapshotNodes.contains(hostId));
    }
}
