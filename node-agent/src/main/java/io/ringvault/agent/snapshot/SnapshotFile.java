package io.ringvault.agent.snapshot;

import java.nio.file.Path;

/**
 * One file of a snapshot on disk: {@code <dataDirectory>/<keyspace>/<tableDirectory>/snapshots/<tag>/<fileName>}.
 *
 * @param dataDirectory index of the data directory in {@code ringvault.agent.data-directories}
 * @param keyspace the keyspace
 * @param table the table (or materialized view)
 * @param tableId the table id, as in the directory name (32 hex digits)
 * @param tableDirectory {@code <table>-<tableId>}
 * @param fileName the file's name in the snapshot directory
 * @param size its size in bytes
 * @param path its absolute path
 * @param rows for a logical backup's file, how many rows it holds; null for a snapshot's file
 */
public record SnapshotFile(
        int dataDirectory,
        String keyspace,
        String table,
        String tableId,
        String tableDirectory,
        String fileName,
        long size,
        Path path,
        Long rows) {

    /** A snapshot's file. */
    public SnapshotFile(
            int dataDirectory,
            String keyspace,
            String table,
            String tableId,
            String tableDirectory,
            String fileName,
            long size,
            Path path) {
        this(dataDirectory, keyspace, table, tableId, tableDirectory, fileName, size, path, null);
    }
}
