package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ringvault.common.failure.FailureReason;
import java.util.List;

/**
 * {@code io.ringvault.restore.finished}: the restorer is done with a restore. Sent on the events topic; the coordinator
 * then ends the operation ({@code operation.completed}, {@code .failed} or {@code .cancelled}).
 *
 * @param outcome how it ended
 * @param importedTables the {@code keyspace.table} names imported on every target node; data of these stays even when
 *     the restore failed or was cancelled
 * @param reason why it did not complete, for example {@link FailureReason#CHECKSUM_MISMATCH}; defaults to
 *     {@link FailureReason#CANCELLED} for a cancelled restore and {@link FailureReason#RESTORE_ERROR} for a failed one
 * @param detail a human-readable explanation, safe to show; defaults to the reason's {@link FailureReason#message()}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RestoreFinished(Outcome outcome, List<String> importedTables, FailureReason reason, String detail)
        implements Event {
    public RestoreFinished {
        if (outcome == null) {
            throw new IllegalArgumentException("outcome is required");
        }
        importedTables = Names.listOrEmpty(importedTables, "importedTables");
        if (outcome != Outcome.COMPLETED) {
            // A writer that gives no reason still leaves a readable event.
            if (reason == null) {
                reason = outcome == Outcome.CANCELLED ? FailureReason.CANCELLED : FailureReason.RESTORE_ERROR;
            }
            detail = detail == null || detail.isBlank() ? reason.message() : detail;
        }
    }

    /** How a restore ended. */
    public enum Outcome {
        @JsonProperty("completed")
        COMPLETED,
        @JsonProperty("failed")
        FAILED,
        @JsonProperty("cancelled")
        CANCELLED
    }
}
