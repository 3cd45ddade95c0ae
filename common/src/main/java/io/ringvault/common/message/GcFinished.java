package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ringvault.common.failure.FailureReason;
import java.util.List;

/**
 * {@code io.ringvault.backup.gc.finished}: the restorer is done collecting the garbage of the store. Sent on the events
 * topic; the coordinator then ends the operation: {@code operation.completed} when the collection ran to the end,
 * {@code operation.failed} with this event's reason when it could not (a manifest could not be read, and then nothing
 * was deleted, or the object store failed; a new gc continues the job).
 *
 * @param outcome whether the collection ran to the end ({@code completed}) or not ({@code failed})
 * @param dryRun whether this was a dry run: then nothing was deleted, and the counts say what would have been
 * @param objectsListed the objects of the cluster's part of the store listed
 * @param objectsReferenced of those, the objects a complete backup references (its manifests, the files its node
 *     manifests list) and the index
 * @param objectsKeptYoung of those, the unreferenced objects kept because they were last modified at or after the
 *     cutoff
 * @param objectsDeleted the unreferenced objects deleted (in a dry run: that would be deleted); one already gone counts
 *     as deleted
 * @param bytesFreed their sizes
 * @param deletedKeys the keys of the first {@value #MAX_KEYS} objects deleted (or that would be), in the order they were
 *     listed; {@code objectsDeleted} says how many there were in all
 * @param reason why the collection did not run to the end; only with outcome {@code failed}, where it defaults to
 *     {@link FailureReason#STORAGE_FAILED}
 * @param detail a human-readable explanation, safe to show; defaults to the reason's message
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GcFinished(
        Outcome outcome,
        boolean dryRun,
        long objectsListed,
        long objectsReferenced,
        long objectsKeptYoung,
        long objectsDeleted,
        long bytesFreed,
        List<String> deletedKeys,
        FailureReason reason,
        String detail)
        implements Event {
    /** The most keys {@code deletedKeys} names. */
    public static final int MAX_KEYS = 1000;

    public GcFinished {
        if (outcome == null) {
            throw new IllegalArgumentException("outcome is required");
        }
        Names.requireNonNegative(objectsListed, "objectsListed");
        Names.requireNonNegative(objectsReferenced, "objectsReferenced");
        Names.requireNonNegative(objectsKeptYoung, "objectsKeptYoung");
        Names.requireNonNegative(objectsDeleted, "objectsDeleted");
        Names.requireNonNegative(bytesFreed, "bytesFreed");
        deletedKeys = Names.listOrEmpty(deletedKeys, "deletedKeys");
        if (deletedKeys.size() > MAX_KEYS) {
            throw new IllegalArgumentException("deletedKeys names at most " + MAX_KEYS + " keys");
        }
        if (outcome == Outcome.FAILED) {
            if (reason == null) {
                reason = FailureReason.STORAGE_FAILED;
            }
            detail = detail == null || detail.isBlank() ? reason.message() : detail;
        }
    }

    /** How a collection ended. */
    public enum Outcome {
        /** Every unreferenced object older than the cutoff is gone (or, in a dry run, was found). */
        @JsonProperty("completed")
        COMPLETED,
        /** The collection stopped before the end; {@code reason} says why. */
        @JsonProperty("failed")
        FAILED
    }
}
