package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code io.ringvault.backup.gc.progress}: how far a garbage collection is. Sent by the restorer on the events topic when
 * it starts, then every few seconds while it reads the manifests, lists the store and deletes; every event also tells
 * the coordinator that the collection is alive.
 *
 * @param objectsListed objects of the cluster's part of the store listed so far
 * @param objectsDeleted objects deleted so far (in a dry run: that would be deleted)
 * @param bytesFreed the sizes of the objects deleted so far (in a dry run: that would be freed)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GcProgress(long objectsListed, long objectsDeleted, long bytesFreed) implements Event {
    public GcProgress {
        Names.requireNonNegative(objectsListed, "objectsListed");
        Names.requireNonNegative(objectsDeleted, "objectsDeleted");
        Names.requireNonNegative(bytesFreed, "bytesFreed");
    }
}
