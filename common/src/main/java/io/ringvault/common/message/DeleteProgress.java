package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code io.ringvault.backup.delete.progress}: how far a delete is. Sent by the restorer on the events topic once it
 * knows which objects to delete, then every few seconds while it deletes them; every event also tells the coordinator
 * that the delete is alive.
 *
 * @param objectsDeleted objects deleted so far
 * @param objectsToDelete the backup's objects no other backup references: those the delete removes
 * @param bytesFreed the recorded sizes of the objects deleted so far
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeleteProgress(long objectsDeleted, long objectsToDelete, long bytesFreed) implements Event {
    public DeleteProgress {
        Names.requireNonNegative(objectsDeleted, "objectsDeleted");
        Names.requireNonNegative(objectsToDelete, "objectsToDelete");
        Names.requireNonNegative(bytesFreed, "bytesFreed");
    }
}
