package io.ringvault.common.backup;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.ringvault.common.message.NodeRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One node's part of a backup ({@code backups/<backupId>/nodes/<hostId>.json}): what a restore of that node needs.
 * Written by the coordinator once every file of the node is stored.
 *
 * @param backupId the backup
 * @param node the node, by host id, with its datacenter and rack
 * @param cassandraVersion the node's Cassandra version
 * @param tokens the tokens the node owned
 * @param schema CQL of the keyspaces, keyed by keyspace
 * @param files every file, with its object key, size and checksum
 * @param completedAt when the node's last file was stored
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NodeManifest(
        String backupId,
        NodeRef node,
        String cassandraVersion,
        List<String> tokens,
        Map<String, String> schema,
        List<File> files,
        Instant completedAt) {
    public NodeManifest {
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
        schema = io.ringvault.common.SortedMaps.copyOf(schema, "schema");
        files = files == null ? List.of() : List.copyOf(files);
    }

    /**
     * @param checksum {@code sha256:<hex>} of the object's bytes
     * @param reused true when this backup found the object already stored (differential)
     * @param rows in a logical backup, how many rows the file holds; absent for an SSTable
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record File(
            String keyspace,
            String table,
            String fileName,
            String objectKey,
            long size,
            String checksum,
            boolean reused,
            Long rows) {
        public File {
            if (rows != null && rows < 0) {
                throw new IllegalArgumentException("rows must not be negative: " + rows);
            }
        }

        /** A file of a snapshot backup (an SSTable component): no row count. */
        public File(
                String keyspace,
                String table,
                String fileName,
                String objectKey,
                long size,
                String checksum,
                boolean reused) {
            this(keyspace, table, fileName, objectKey, size, checksum, reused, null);
        }
    }
}
