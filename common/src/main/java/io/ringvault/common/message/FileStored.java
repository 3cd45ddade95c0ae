package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code io.ringvault.file.stored}: a file of a backup is in the object store. Sent by an uploader on the events topic;
 * the coordinator counts them per node.
 *
 * @param node the node the file came from
 * @param keyspace the file's keyspace
 * @param table the file's table
 * @param fileName the file's name
 * @param objectKey where it is stored
 * @param size its size in bytes
 * @param checksum its checksum, as {@code algorithm:hex}
 * @param reused true when an identical object was already stored and nothing was uploaded
 * @param rows in a logical backup, how many rows the file holds (from {@link FileReady}); absent otherwise. The
 *     coordinator records it in the node manifest
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FileStored(
        NodeRef node,
        String keyspace,
        String table,
        String fileName,
        String objectKey,
        long size,
        String checksum,
        boolean reused,
        Long rows)
        implements Event {
    public FileStored {
        if (rows != null && rows < 0) {
            throw new IllegalArgumentException("rows must not be negative: " + rows);
        }
        if (node == null) {
            throw new IllegalArgumentException("node is required");
        }
        Names.requireText(fileName, "fileName");
        Names.requireText(objectKey, "objectKey");
        Names.requireNonNegative(size, "size");
    }

    /** A snapshot's file: no row count. */
    public FileStored(
            NodeRef node,
            String keyspace,
            String table,
            String fileName,
            String objectKey,
            long size,
            String checksum,
            boolean reused) {
        this(node, keyspace, table, fileName, objectKey, size, checksum, reused, null);
    }
}
