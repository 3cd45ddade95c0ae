package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How much of a backup is uploaded. */
public enum BackupMode {
    /** Only files not already stored for the same node and table (same SSTable name and size). The default. */
    @JsonProperty("differential")
    DIFFERENTIAL,
    /** Every file, again. */
    @JsonProperty("full")
    FULL,
    /**
     * No snapshot: the SSTables Cassandra hard-linked into each table's {@code backups/} directory since the previous
     * backup ({@code incremental_backups: true}), on top of the complete backup it builds on. Its manifest lists the
     * files of that backup too, so it restores on its own.
     */
    @JsonProperty("incremental")
    INCREMENTAL;

    /** Whether a file already stored under the same key with the same size is reused rather than uploaded again. */
    public boolean reusesStoredFiles() {
        return this != FULL;
    }
}
