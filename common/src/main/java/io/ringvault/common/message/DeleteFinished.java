package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ringvault.common.failure.FailureReason;

/**
 * {@code io.ringvault.backup.delete.finished}: the restorer is done deleting a backup. Sent on the events topic; the
 * coordinator then ends the operation: {@code operation.completed} when the delete ran to the end, {@code
 * operation.failed} with this event's reason when it could not (the object store failed; a new delete of the same
 * backup finishes the job).
 *
 * @param outcome whether the delete ran to the end ({@code completed}) or not ({@code failed})
 * @param objectsDeleted the backup's objects deleted (an object already gone counts as deleted)
 * @param objectsKept the backup's objects kept because another backup references them
 * @param bytesFreed the recorded sizes of the objects deleted
 * @param manifestsDeleted the node manifests and the backup manifest deleted
 * @param reason why the delete did not run to the end; only with outcome {@code failed}, where it defaults to
 *     {@link FailureReason#STORAGE_FAILED}
 * @param detail a human-readable explanation, safe to show; defaults to the reason's message
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeleteFinished(
        Outcome outcome,
        long objectsDeleted,
        long objectsKept,
        long bytesFreed,
        long manifestsDeleted,
        FailureReason reason,
        String detail)
        implements Event {
    public DeleteFinished {
        if (outcome == null) {
            throw new IllegalArgumentException("outcome is required");
        }
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

    /** How a delete ended. */
    public enum Outcome {
        /** Every unreferenced object and every manifest of the backup is gone. */
        @JsonProperty("completed")
        COMPLETED,
        /** The delete stopped before the end; {@code reason} says why. */
        @JsonProperty("failed")
        FAILED
    }
}
