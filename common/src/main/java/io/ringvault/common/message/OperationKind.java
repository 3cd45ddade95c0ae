package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What an operation does. */
public enum OperationKind {
    @JsonProperty("backup")
    BACKUP,
    @JsonProperty("restore")
    RESTORE
}
