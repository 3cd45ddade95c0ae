package io.ringvault.common.backup;

import java.util.Objects;

/**
 * Where everything of a backup lives in the object store. A backup is self-describing: with only the bucket, its
 * index, manifests and files can be found.
 *
 * <pre>
 * [prefix/]cluster/index.json                                    the backup index: one read lists every backup
 * [prefix/]cluster/backups/(backupId)/manifest.json              written last: the completion marker
 * [prefix/]cluster/backups/(backupId)/nodes/(hostId).json        one node manifest per node
 * [prefix/]cluster/nodes/(hostId)/(keyspace)/(table-tableId)/(file)   SSTable files, shared between backups
 * [prefix/]cluster/nodes/(hostId)/(keyspace)/(table-tableId)/snapshots/(backupId)/(manifest.json|schema.cql)
 * [prefix/]cluster/nodes/(hostId)/(keyspace)/(table-tableId)/snapshots/(backupId)/data-(n)/(manifest.json|schema.cql)
 * [prefix/]cluster/nodes/(hostId)/(keyspace)/(table-tableId)/snapshots/(backupId)/(RRRRR-SSSS.rvlg|table.csv)
 *                                                                  a logical backup's chunk or CSV files
 * [prefix/]cluster/backups/(backupId)/schema.cql                 a CSV logical backup's schema, for cqlsh -f
 * [prefix/]cluster/backups/(backupId)/files/(keyspace)/(table)/(file)  the files of an import (ringvault import)
 * </pre>
 *
 * Files are keyed by node host id and table directory, not by backup, so a differential backup reuses the objects of
 * earlier backups that have the same name and size.
 */
public record ObjectLayout(String prefix, String cluster) {
    public ObjectLayout {
        prefix = prefix == null ? "" : trimSlashes(prefix);
        for (String segment : prefix.split("/")) {
            if (segment.equals("..") || segment.equals(".") || (segment.isEmpty() && !prefix.isEmpty())) {
                throw new IllegalArgumentException("prefix must be plain path segments: '" + prefix + "'");
            }
        }
        Objects.requireNonNull(cluster, "cluster");
        if (cluster.isBlank() || cluster.contains("/") || cluster.contains("..")) {
            throw new IllegalArgumentException("cluster must be a plain name: '" + cluster + "'");
        }
    }

    public String index() {
        return root() + "index.json";
    }

    public String backupManifest(String backupId) {
        return root() + "backups/" + backupId + "/manifest.json";
    }

    public String nodeManifest(String backupId, String hostId) {
        return root() + "backups/" + backupId + "/nodes/" + hostId + ".json";
    }

    /** The CQL script of a logical backup in CSV ({@code cqlsh -f} loads it), beside its manifest. */
    public String schemaScript(String backupId) {
        return root() + "backups/" + backupId + "/schema.cql";
    }

    /**
     * Where the restores of a logical backup keep their records (the files each restore imported, for resuming it, and
     * the rows it rejected), beside the backup's manifests; a delete of the backup removes them with it.
     */
    public String restoreRecords(String backupId) {
        return root() + "backups/" + backupId + "/restores/";
    }

    /**
     * The key of a file uploaded by {@code ringvault import} (a cqlsh {@code COPY TO} CSV file): kept with its backup,
     * since no node wrote it and no other backup shares it.
     */
    public String importedFile(String backupId, String keyspace, String table, String fileName) {
        return root() + "backups/" + backupId + "/files/" + keyspace + "/" + table + "/" + fileName;
    }

    public String nodeFile(String hostId, String keyspace, String tableDirectory, String fileName) {
        return tableFiles(hostId, keyspace, tableDirectory) + fileName;
    }

    /**
     * The directory (a prefix ending with {@code /}) that holds the SSTable files of one table of one node, shared by
     * all its backups: what a differential backup lists to learn which files are already stored.
     */
    public String tableFiles(String hostId, String keyspace, String tableDirectory) {
        return root() + "nodes/" + hostId + "/" + keyspace + "/" + tableDirectory + "/";
    }

    /**
     * The key of a snapshot file. SSTable components never change once written, so they are shared between backups
     * ({@link #nodeFile}); Cassandra's snapshot {@code manifest.json} and {@code schema.cql} differ per snapshot, so
     * they are kept per backup. With JBOD Cassandra writes them into the snapshot directory of every data directory
     * that holds the table, so those of data directory {@code n > 0} go under {@code data-n/}.
     */
    public String snapshotFile(
            String hostId,
            String keyspace,
            String tableDirectory,
            String backupId,
            int dataDirectory,
            String fileName) {
        if (isPerSnapshot(fileName)) {
            return root() + "nodes/" + hostId + "/" + keyspace + "/" + tableDirectory + "/snapshots/" + backupId + "/"
                    + (dataDirectory == 0 ? "" : "data-" + dataDirectory + "/") + fileName;
        }
        return nodeFile(hostId, keyspace, tableDirectory, fileName);
    }

    /**
     * True for the files written per backup rather than per SSTable, never reused by a differential backup: Cassandra's
     * snapshot {@code manifest.json} and {@code schema.cql}, and a logical backup's files.
     */
    public static boolean isPerSnapshot(String fileName) {
        return fileName.equals("manifest.json") || fileName.equals("schema.cql") || isLogicalFile(fileName);
    }

    /** True for a logical backup's files: chunk files ({@code .rvlg}) and CSV files ({@code .csv}). */
    public static boolean isLogicalFile(String fileName) {
        return fileName.endsWith(".rvlg") || fileName.endsWith(".csv");
    }

    private String root() {
        return (prefix.isEmpty() ? "" : prefix + "/") + cluster + "/";
    }

    private static String trimSlashes(String value) {
        String trimmed = value.strip();
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
