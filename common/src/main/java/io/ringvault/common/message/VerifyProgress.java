package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code io.ringvault.backup.verify.progress}: how far a verify is. Sent by the restorer on the events topic every few
 * seconds while it checks the backup's objects (and once when it has read the manifests); the coordinator folds it, and
 * {@code ringvault backups verify} and {@code ringvault operations watch} show it. Every event also tells the
 * coordinator that the verify is alive.
 *
 * @param objectsChecked objects checked so far
 * @param objectsTotal objects the node manifests list
 * @param bytesChecked the recorded sizes of the objects checked so far (for a deep verify: bytes read again)
 * @param bytesTotal the recorded sizes of every object
 * @param problemCount problems found so far
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VerifyProgress(
        long objectsChecked, long objectsTotal, long bytesChecked, long bytesTotal, long problemCount)
        implements Event {
    public VerifyProgress {
        Names.requireNonNegative(objectsChecked, "objectsChecked");
        Names.requireNonNegative(objectsTotal, "objectsTotal");
        Names.requireNonNegative(bytesChecked, "bytesChecked");
        Names.requireNonNegative(bytesTotal, "bytesTotal");
        Names.requireNonNegative(problemCount, "problemCount");
    }
}
