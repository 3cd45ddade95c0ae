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
 * @param dataDirectory which of the node's {@code data_file_directories} (0-based) holds the file (JBOD)
 * @param tableDirectory the table's directory name, {@code <table>-<tableId>}
 * @param agentUrl the base URL of the node agent that serves the file
 *     ({@code GET <agentUrl>/api/v1/snapshots/<backupId>/files/<dataDirectory>/<keyspace>/<tableDirectory>/<fileName>})
 * @param localPath the file's absolute path on the node, for uploaders that may read the data directory directly
 * @param rows in a logical backup, how many rows the file holds; absent for a snapshot's file. The uploader carries it
 *     into {@link FileStored}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FileReady(
        NodeRef node,
        String keyspace,
        String table,
        String tableId,
        String fileName,
        long size,
        BackupMode mode,
        Integer dataDirectory,
        String tableDirectory,
        String agentUrl,
        String localPath,
        Long rows)
        implements Event {
    public FileReady {
        if (rows != null && rows < 0) {
            throw new IllegalArgumentException("rows must not be negative: " + rows);
        }
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
        dataDirectory = dataDirectory == null ? 0 : dataDirectory;
        if (dataDirectory < 0) {
            throw new IllegalArgumentException("dataDirectory must not be negative: " + dataDirectory);
        }
        if (fileName.equals(".") || fileName.isBlank()) {
            throw new IllegalArgumentException("fileName must be a plain file name: '" + fileName + "'");
        }
        if (tableDirectory != null
                && (tableDirectory.isBlank()
                        || tableDirectory.equals(".")
                        || tableDirectory.contains("/")
                        || tableDirectory.contains("\\")
                        || tableDirectory.contains(".."))) {
            throw new IllegalArgumentException("tableDirectory must be a plain directory name: " + tableDirectory);
        }
    }

    /** A snapshot's file: no row count. */
    public FileReady(
            NodeRef node,
            String keyspace,
            String table,
            String tableId,
            String fileName,
            long size,
            BackupMode mode,
            Integer dataDirectory,
            String tableDirectory,
            String agentUrl,
            String localPath) {
        this(
                node,
                keyspace,
                table,
                tableId,
                fileName,
                size,
                mode,
                dataDirectory,
                tableDirectory,
                agentUrl,
                localPath,
                null);
    }
}
