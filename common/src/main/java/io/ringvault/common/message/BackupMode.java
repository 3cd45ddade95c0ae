package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How much of a backup is uploaded. */
public enum BackupMode {
    /** Only files not already stored for the same node and table (same SSTable name and size). The default. */
    @JsonProperty("differential")
    DIFFERENTIAL,
    /** Every file, again. */
    @JsonProperty("full")
    FULL
}
