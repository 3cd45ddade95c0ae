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
    /** Imported. */
    @JsonProperty("done")
    DONE,
    /** Failed; {@code reason} says why. Nothing of a failed table's download is imported. */
    @JsonProperty("failed")
    FAILED
}
