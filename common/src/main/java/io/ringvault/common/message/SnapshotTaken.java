package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * {@code io.ringvault.node.snapshot.taken}: a node agent took its snapshot and has announced every file of it with
 * {@link FileReady}. Sent by the node agent on the events topic; the coordinator now knows how many files to wait for.
 *
 * @param node the node
 * @param fileCount how many files the snapshot has (and how many {@link FileReady} were sent)
 * @param totalBytes their total size
 * @param cassandraVersion the node's Cassandra release version
 * @param tokens the tokens the node owns
 * @param schema the CQL ({@code DESCRIBE KEYSPACE}) of the keyspaces in the snapshot, keyed by keyspace
 * @param incremental true when the node shipped the SSTables of its {@code backups/} directories (an incremental
 *     backup); false when it took a snapshot
 * @param note why an incremental backup took a snapshot on this node, or that incremental backups were switched on;
 *     absent otherwise
 * @param rows in a logical backup, the rows this node exported, keyed by {@code "keyspace.table"} (every table in
 *     scope, 0 for none); absent for a snapshot
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SnapshotTaken(
        NodeRef node,
        long fileCount,
        long totalBytes,
        String cassandraVersion,
        List<String> tokens,
        Map<String, String> schema,
        Boolean incremental,
        String note,
        Map<String, Long> rows)
        implements Event {
    public SnapshotTaken {
        rows = io.ringvault.common.SortedMaps.rowCountsOrNull(rows, "rows");
        // Written only when true: a snapshot reads exactly as before the field existed.
        incremental = Boolean.TRUE.equals(incremental) ? Boolean.TRUE : null;
        if (node == null) {
            throw new IllegalArgumentException("node is required");
        }
        Names.requireNonNegative(fileCount, "fileCount");
        Names.requireNonNegative(totalBytes, "totalBytes");
        tokens = Names.listOrEmpty(tokens, "tokens");
        schema = io.ringvault.common.SortedMaps.copyOf(schema, "schema");
    }

    /** A snapshot or incremental backup's node (no rows). */
    public SnapshotTaken(
            NodeRef node,
            long fileCount,
            long totalBytes,
            String cassandraVersion,
            List<String> tokens,
            Map<String, String> schema,
            Boolean incremental,
            String note) {
        this(node, fileCount, totalBytes, cassandraVersion, tokens, schema, incremental, note, null);
    }

    /** A snapshot, without incremental backups involved. */
    public SnapshotTaken(
            NodeRef node,
            long fileCount,
            long totalBytes,
            String cassandraVersion,
            List<String> tokens,
            Map<String, String> schema) {
        this(node, fileCount, totalBytes, cassandraVersion, tokens, schema, null, null);
    }
}
