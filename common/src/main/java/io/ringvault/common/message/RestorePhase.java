package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where the restore of one table on one node stands. */
public enum RestorePhase {
    /** Reading the manifests, mapping nodes, checking schema and free space. */
    @JsonProperty("planning")
    PLANNING,
    /** Streaming the table's files into the node's staging area, each verified against its checksum. */
    @JsonProperty("downloading")
    DOWNLOADING,
    /** The node agent imports the staged files online. */
    @JsonProperty("importing")
    IMPORTING,
    /**
     * Loaded on every node, and the request asked for a repair: the node's agent runs a full repair of the keyspace's
     * restored tables on the node's primary ranges. Each table of the keyspace on that node reports it, then
     * {@code done}, or {@code failed} with {@code repair-failed}. Only after {@code done}, and only with a repair.
     */
    @JsonProperty("repairing")
    REPAIRING,
    /** Imported (and repaired, when the request asked for it). */
    @JsonProperty("done")
    DONE,
    /** Failed; {@code reason} says why. Nothing of a failed table's download is imported. */
    @JsonProperty("failed")
    FAILED
}
