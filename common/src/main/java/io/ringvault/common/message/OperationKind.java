package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What an operation does. */
public enum OperationKind {
    @JsonProperty("backup")
    BACKUP,
    @JsonProperty("restore")
    RESTORE,
    /** A check of a backup in the object store: every object there, with its size (and, deep, its checksum). */
    @JsonProperty("verify")
    VERIFY,
    /** A delete of a backup from the object store: its manifests and the objects no other backup references. */
    @JsonProperty("delete")
    DELETE,
    /** A delete of the backups a retention policy no longer keeps: a set of deletes that share the work. */
    @JsonProperty("purge")
    PURGE,
    /**
     * A garbage collection of the object store: the objects no complete backup references, older than a grace period.
     */
    @JsonProperty("gc")
    GC,
    /** A copy of a backup to another object store, a named copy target: its objects, manifests and index entry. */
    @JsonProperty("copy")
    COPY
}
