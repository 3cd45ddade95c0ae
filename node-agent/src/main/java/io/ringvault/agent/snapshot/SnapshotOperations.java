package io.ringvault.agent.snapshot;

import java.util.List;

/** Cassandra's snapshot operations on the local node ({@code StorageServiceMBean} over JMX in production). */
public interface SnapshotOperations {
    /**
     * Takes a snapshot tagged {@code tag} of {@code entities}, all keyspaces ({@code ks}) or all tables
     * ({@code ks.table}): Cassandra takes one kind per call. Cassandra flushes the memtables first.
     *
     * @throws SnapshotOperationException when Cassandra refuses (for example the tag already exists) or is unreachable
     */
    void takeSnapshot(String tag, List<String> entities);

    /** Clears the snapshot tagged {@code tag} in every keyspace; nothing happens if there is none. */
    void clearSnapshot(String tag);

    /** Cassandra's release version, read over JMX: proves the connection works. */
    String releaseVersion();

    /** Whether Cassandra hard-links each flushed SSTable into its table's {@code backups/} directory. */
    boolean incrementalBackupsEnabled();

    /**
     * Switches incremental backups on until Cassandra restarts ({@code incremental_backups} in {@code cassandra.yaml}
     * keeps them on across restarts).
     */
    void enableIncrementalBackups();

    /**
     * Flushes the memtables of {@code tables} of {@code keyspace} (every table when empty) and waits for the SSTables:
     * with incremental backups on, each is hard-linked into {@code backups/} by the time this returns.
     */
    void flush(String keyspace, List<String> tables);
}
