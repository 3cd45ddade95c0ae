package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code io.ringvault.restore.finished}: the restorer is done with a restore. Sent on the events topic; the coordinator
 * then ends the operation ({@code operation.completed}, {@code .failed} or {@code .cancelled}).
 *
 * @param outcome how it ended
 * @param importedTables the {@code keyspace.table} names imported on every target node; data of these stays even when
 *     the restore failed or was cancelled
 * @param reason a stable reason when it did not complete, for example {@code checksum-mismatch}; defaults to the
 *     outcome
 * @param detail a human-readable explanation, safe to show
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RestoreFinished(Outcome outcome, List<String> importedTables, String reason, String detail)
        implements Event {
    public RestoreFinished {
        if (outcome == null) {
            throw new IllegalArgumentException("outcome is required");
        }
        importedTables = Names.listOrEmpty(importedTables, "importedTables");
        if (outcome != Outcome.COMPLETED) {
            // A writer that gives no reason still leaves a readable event.
            reason = reason == null || reason.isBlank() ? outcome.name().toLowerCase() : reason;
            detail = detail == null || detail.isBlank() ? "the restore " + reason : detail;
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
