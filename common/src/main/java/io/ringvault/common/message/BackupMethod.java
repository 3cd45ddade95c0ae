package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a backup was taken, as its manifest says ({@code BackupManifest.method}): absent for a snapshot backup, which
 * every manifest written before logical backups is.
 */
public enum BackupMethod {
    /** Each node's SSTables, from a snapshot; restored through the node agents. */
    @JsonProperty("snapshot")
    SNAPSHOT,
    /**
     * The schema as CQL and every row exported through CQL into chunk files; restored through CQL by the restorer, into
     * a cluster of any size or Cassandra version.
     */
    @JsonProperty("logical")
    LOGICAL
}
