package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ringvault.common.failure.FailureReason;

/**
 * {@code io.ringvault.backup.copy.finished}: the restorer is done copying a backup to a copy target. Sent on the events
 * topic; the coordinator then ends the operation: {@code operation.completed} when every object, the manifests and the
 * target's index entry are written, {@code operation.failed} with this event's reason when the copy stopped before
 * (a source object that does not match its recorded SHA-256 fails with {@link FailureReason#CHECKSUM_MISMATCH} naming
 * it; a store that kept failing with {@link FailureReason#STORAGE_FAILED}). A failed copy wrote no backup manifest to
 * the target, so the target does not list the backup; a new copy skips what the failed one wrote.
 *
 * @param outcome whether the copy ran to the end ({@code completed}) or not ({@code failed})
 * @param target the name of the copy target
 * @param objectsCopied objects written to the target
 * @param objectsSkipped objects already in the target with the same SHA-256, not written again
 * @param objectsTotal objects the node manifests list
 * @param bytesCopied the sizes of the objects written
 * @param bytesSkipped the sizes of the objects skipped
 * @param bytesTotal the sizes of every object
 * @param reason why the copy did not run to the end; only with outcome {@code failed}, where it defaults to
 *     {@link FailureReason#STORAGE_FAILED}
 * @param detail a human-readable explanation, safe to show, naming the object that failed; defaults to the reason's
 *     message
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CopyFinished(
        Outcome outcome,
        String target,
        long objectsCopied,
        long objectsSkipped,
        long objectsTotal,
        long bytesCopied,
        long bytesSkipped,
        long bytesTotal,
        FailureReason reason,
        String detail)
        implements Event {
    public CopyFinished {
        if (outcome == null) {
            throw new IllegalArgumentException("outcome is required");
        }
        Names.requireScheduleName(target, "target");
        Names.requireNonNegative(objectsCopied, "objectsCopied");
        Names.requireNonNegative(objectsSkipped, "objectsSkipped");
        Names.requireNonNegative(objectsTotal, "objectsTotal");
        Names.requireNonNegative(bytesCopied, "bytesCopied");
        Names.requireNonNegative(bytesSkipped, "bytesSkipped");
        Names.requireNonNegative(bytesTotal, "bytesTotal");
        if (outcome == Outcome.FAILED) {
            if (reason == null) {
                reason = FailureReason.STORAGE_FAILED;
            }
            detail = detail == null || detail.isBlank() ? reason.message() : detail;
        }
    }

    /** How a copy ended. */
    public enum Outcome {
        /** Every object, the manifests and the target's index entry are written: the target lists the backup. */
        @JsonProperty("completed")
        COMPLETED,
        /** The copy stopped before the end; {@code reason} says why. */
        @JsonProperty("failed")
        FAILED
    }
}
