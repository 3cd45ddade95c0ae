package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code io.ringvault.file.ready}: one file of a snapshot is ready to upload. Sent by the node agent on the files topic,
 * keyed so that a node's files spread over partitions; consumed by the uploaders' consumer group.
 *
 * @param node the node that holds the file
 * @param keyspace the file's keyspace
 * @param table the file's table
 * @param tableId the table's id (the suffix of its data directory)
 * @param fileName the file's name inside the snapshot directory
 * @param size the file's size in bytes
 * @param mode differential or full
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FileReady(
        NodeRef node, String keyspace, String table, String tableId, String fileName, long size, BackupMode mode)
        implements Event {
    public FileReady {
        if (node == null) {
            throw new IllegalArgumentException("node is required");
        }
        Names.requireKeyspaces(java.util.List.of(Names.requireText(keyspace, "keyspace")), "keyspace");
        Names.requireKeyspaces(java.util.List.of(Names.requireText(table, "table")), "table");
        Names.requireText(fileName, "fileName");
        if (fileName.contains("/") || fileName.contains("\\") || fileName.equals("..")) {
            throw new IllegalArgumentException("fileName must be a plain file name: " + fileName);
        }
        Names.requireNonNegative(size, "size");
        mode = mode == null ? BackupMode.DIFFERENTIAL : mode;
    }
}
