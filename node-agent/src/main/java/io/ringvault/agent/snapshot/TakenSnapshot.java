package io.ringvault.agent.snapshot;

import io.ringvault.agent.node.NodeState;
import java.util.List;
import java.util.Map;

/**
 * A complete snapshot of this node, ready to announce.
 *
 * @param backupId the snapshot tag
 * @param node the node's state when the snapshot was taken
 * @param files every file of the snapshot
 * @param schema per keyspace, the CQL of {@code DESCRIBE KEYSPACE}
 * @param incremental true when the files are those of the {@code backups/} directories, not a snapshot's
 * @param note why an incremental backup took a snapshot here, or that incremental backups were switched on; null
 *     otherwise
 * @param rows for a logical backup's export, the rows exported per {@code "keyspace.table"}; null otherwise
 * @param filesAnnounced true when every file was announced already, one by one while a logical export wrote them:
 *     only {@code node.snapshot.taken} is left to send
 */
public record TakenSnapshot(
        String backupId,
        NodeState node,
        List<SnapshotFile> files,
        Map<String, String> schema,
        boolean incremental,
        String note,
        Map<String, Long> rows,
        boolean filesAnnounced) {
    public TakenSnapshot {
        files = List.copyOf(files);
        schema = Map.copyOf(schema);
        rows = rows == null ? null : Map.copyOf(rows);
    }

    /** A snapshot or the files of {@code backups/}. */
    public TakenSnapshot(
            String backupId,
            NodeState node,
            List<SnapshotFile> files,
            Map<String, String> schema,
            boolean incremental,
            String note) {
        this(backupId, node, files, schema, incremental, note, null, false);
    }

    public long totalBytes() {
        return files.stream().mapToLong(SnapshotFile::size).sum();
    }

    /** A snapshot, without incremental backups involved. */
    public TakenSnapshot(String backupId, NodeState node, List<SnapshotFile> files, Map<String, String> schema) {
        this(backupId, node, files, schema, false, null);
    }
}
