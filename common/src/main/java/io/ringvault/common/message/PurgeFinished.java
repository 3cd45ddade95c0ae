package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ringvault.common.failure.FailureReason;
import java.time.Instant;
import java.util.List;

/**
 * {@code io.ringvault.backup.purge.finished}: the restorer is done with a purge. Sent on the events topic; the
 * coordinator then ends the operation: {@code operation.completed} when the purge ran to the end,
 * {@code operation.failed} with this event's reason when it could not (the object store failed; the backups are off
 * the index, and a delete of each finishes the job). For a dry run every figure is what the purge would delete.
 *
 * @param outcome whether the purge ran to the end ({@code completed}) or not ({@code failed})
 * @param dryRun true when nothing was deleted: the figures are what the purge would delete and free
 * @param backups each backup of the purge with the objects that go with it
 * @param objectsDeleted the objects deleted, of every backup (an object already gone counts as deleted)
 * @param objectsKept the objects of the backups kept because a remaining backup references them
 * @param bytesFreed the recorded sizes of the objects deleted
 * @param manifestsDeleted the node manifests and backup manifests deleted
 * @param reason why the purge did not run to the end; only with outcome {@code failed}, where it defaults to
 *     {@link FailureReason#STORAGE_FAILED}
 * @param detail a human-readable explanation, safe to show; defaults to the reason's message
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PurgeFinished(
        Outcome outcome,
        boolean dryRun,
        List<Purged> backups,
        long objectsDeleted,
        long objectsKept,
        long bytesFreed,
        long manifestsDeleted,
        FailureReason reason,
        String detail)
        implements Event {
    public PurgeFinished {
        if (outcome == null) {
            throw new IllegalArgumentException("outcome is required");
        }
        backups = Names.listOrEmpty(backups, "backups");
        Names.requireNonNegative(objectsDeleted, "objectsDeleted");
        Names.requireNonNegative(objectsKept, "objectsKept");
        Names.requireNonNegative(bytesFreed, "bytesFreed");
        Names.requireNonNegative(manifestsDeleted, "manifestsDeleted");
        if (outcome == Outcome.FAILED) {
            if (reason == null) {
                reason = FailureReason.STORAGE_FAILED;
            }
            detail = detail == null || detail.isBlank() ? reason.message() : detail;
        }
    }

    /**
     * One backup of a purge. An object several backups of the purge share counts with the oldest of them.
     *
     * @param backupId the backup
     * @param completedAt when it completed
     * @param objectsDeleted its objects deleted (would be, in a dry run)
     * @param bytesFreed their recorded sizes
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Purged(String backupId, Instant completedAt, long objectsDeleted, long bytesFreed) {
        public Purged {
            Names.requireId(backupId, "backupId");
            if (completedAt == null) {
                throw new IllegalArgumentException("completedAt is required");
            }
            Names.requireNonNegative(objectsDeleted, "objectsDeleted");
            Names.requireNonNegative(bytesFreed, "bytesFreed");
        }
    }

    /** How a purge ended. */
    public enum Outcome {
        /** Every unreferenced object and every manifest of the backups is gone (a dry run: was counted). */
        @JsonProperty("completed")
        COMPLETED,
        /** The purge stopped before the end; {@code reason} says why. */
        @JsonProperty("failed")
        FAILED
    }
}
