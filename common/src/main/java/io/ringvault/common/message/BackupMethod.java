package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a backup reads the data: the SSTables of a snapshot, or every row through CQL. */
public enum BackupMethod {
    /** SSTables of a snapshot (or of {@code backups/} for an incremental backup), restored by import. The default. */
    @JsonProperty("snapshot")
    SNAPSHOT,
    /** The schema as CQL and every row through CQL, restored through CQL into a cluster of any size or version. */
    @JsonProperty("logical")
    LOGICAL
}
