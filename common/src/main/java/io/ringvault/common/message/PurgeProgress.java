package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code io.ringvault.backup.purge.progress}: how far a purge is. Sent by the restorer on the events topic once it
 * knows which objects to delete, then every few seconds while it deletes them; every event also tells the coordinator
 * that the purge is alive. A dry run sends one, with what it would delete.
 *
 * @param dryRun true when nothing is deleted: the counts are what the purge would delete
 * @param backups the backups the purge deletes
 * @param objectsDeleted objects deleted so far
 * @param objectsToDelete the objects of the backups no remaining backup references: those the purge removes
 * @param bytesFreed the recorded sizes of the objects deleted so far
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PurgeProgress(boolean dryRun, long backups, long objectsDeleted, long objectsToDelete, long bytesFreed)
        implements Event {
    public PurgeProgress {
        Names.requireNonNegative(backups, "backups");
        Names.requireNonNegative(objectsDeleted, "objectsDeleted");
        Names.requireNonNegative(objectsToDelete, "objectsToDelete");
        Names.requireNonNegative(bytesFreed, "bytesFreed");
    }
}
