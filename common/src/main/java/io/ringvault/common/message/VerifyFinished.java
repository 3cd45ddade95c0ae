package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ringvault.common.failure.FailureReason;
import java.util.List;

/**
 * {@code io.ringvault.backup.verify.finished}: the restorer is done verifying a backup. Sent on the events topic; the
 * coordinator then ends the operation: {@code operation.completed} when the verify ran to the end and found no problem,
 * {@code operation.failed} with {@link FailureReason#BACKUP_CORRUPT} when it found problems, and
 * {@code operation.failed} with this event's reason when it could not run to the end (the object store failed).
 *
 * @param outcome whether the verify ran to the end ({@code completed}, whatever it found) or not ({@code failed})
 * @param deep whether every object was read again and its checksum compared
 * @param objectsChecked objects checked
 * @param objectsTotal objects the node manifests list
 * @param bytesChecked the recorded sizes of the objects checked
 * @param problemCount every problem found; more than {@code problems} holds when there were more than it lists
 * @param problems the problems found, at most {@link #MAX_LISTED}, each naming the node, table and object
 * @param reason why the verify did not run to the end, for example {@link FailureReason#STORAGE_FAILED}; only with
 *     outcome {@code failed}, where it defaults to {@link FailureReason#STORAGE_FAILED}
 * @param detail a human-readable explanation, safe to show; defaults to the reason's message
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VerifyFinished(
        Outcome outcome,
        Boolean deep,
        long objectsChecked,
        long objectsTotal,
        long bytesChecked,
        long problemCount,
        List<Problem> problems,
        FailureReason reason,
        String detail)
        implements Event {
    /**
     * Problems listed in one event. Kafka refuses records above 1 MB by default: a backup whose every object is gone
     * still gets its event, with the count of all problems and the first ones.
     */
    public static final int MAX_LISTED = 1_000;

    public VerifyFinished {
        if (outcome == null) {
            throw new IllegalArgumentException("outcome is required");
        }
        deep = Boolean.TRUE.equals(deep) ? Boolean.TRUE : null;
        Names.requireNonNegative(objectsChecked, "objectsChecked");
        Names.requireNonNegative(objectsTotal, "objectsTotal");
        Names.requireNonNegative(bytesChecked, "bytesChecked");
        problems = Names.listOrEmpty(problems, "problems");
        if (problems.size() > MAX_LISTED) {
            throw new IllegalArgumentException("problems lists at most " + MAX_LISTED + ", not " + problems.size());
        }
        if (problemCount < problems.size()) {
            throw new IllegalArgumentException(
                    "problemCount " + problemCount + " is less than the " + problems.size() + " problems listed");
        }
        if (outcome == Outcome.FAILED) {
            if (reason == null) {
                reason = FailureReason.STORAGE_FAILED;
            }
            detail = detail == null || detail.isBlank() ? reason.message() : detail;
        }
    }

    /** Whether the backup was found whole: the verify ran to the end and found no problem. */
    public boolean intact() {
        return outcome == Outcome.COMPLETED && problemCount == 0;
    }

    /** How a verify ended. */
    public enum Outcome {
        /** Every object was checked; {@code problems} says what is wrong, if anything. */
        @JsonProperty("completed")
        COMPLETED,
        /** The verify could not check every object; {@code reason} says why. */
        @JsonProperty("failed")
        FAILED
    }

    /** What is wrong with an object of the backup. */
    public enum ProblemKind {
        /** The object is not in the store. */
        @JsonProperty("missing")
        MISSING,
        /** The object has another size than its node manifest records. */
        @JsonProperty("size-mismatch")
        SIZE_MISMATCH,
        /** The object's SHA-256 (read again by a deep verify) is not the one its node manifest records. */
        @JsonProperty("checksum-mismatch")
        CHECKSUM_MISMATCH,
        /** A manifest the backup needs (the backup manifest, or a node manifest it lists) is not in the store. */
        @JsonProperty("manifest-missing")
        MANIFEST_MISSING,
        /** A manifest is in the store but cannot be read as one. */
        @JsonProperty("manifest-unreadable")
        MANIFEST_UNREADABLE
    }

    /**
     * One problem of the backup.
     *
     * @param kind what is wrong; required
     * @param objectKey the object (for a manifest problem, the manifest's key); required
     * @param node the backed-up node the object belongs to; absent for the backup manifest
     * @param keyspace the table's keyspace; absent for a manifest
     * @param table the table; absent for a manifest
     * @param expectedSize the size the node manifest records; with {@code size-mismatch} and {@code checksum-mismatch}
     * @param actualSize the size in the store; with {@code size-mismatch}
     * @param expectedChecksum {@code sha256:<hex>} the node manifest records; with {@code checksum-mismatch}
     * @param actualChecksum {@code sha256:<hex>} of the bytes read again; with {@code checksum-mismatch}
     * @param detail a sentence naming the problem, safe to show
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Problem(
            ProblemKind kind,
            String objectKey,
            NodeRef node,
            String keyspace,
            String table,
            Long expectedSize,
            Long actualSize,
            String expectedChecksum,
            String actualChecksum,
            String detail) {
        public Problem {
            if (kind == null) {
                throw new IllegalArgumentException("kind is required");
            }
            Names.requireText(objectKey, "objectKey");
        }
    }
}
