package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code io.ringvault.backup.copy.progress}: how far a copy is. Sent by the restorer on the events topic once it has
 * read the manifests and every few seconds while it copies the backup's objects; the coordinator folds it, and
 * {@code ringvault backups copy --watch} and {@code ringvault operations watch} show it. Every event also tells the
 * coordinator that the copy is alive.
 *
 * @param objectsCopied objects written to the target so far
 * @param objectsSkipped objects already in the target with the same SHA-256, so not written again (a copy run again)
 * @param objectsTotal objects the node manifests list
 * @param bytesCopied the sizes of the objects written so far
 * @param bytesSkipped the sizes of the objects skipped so far
 * @param bytesTotal the sizes of every object
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CopyProgress(
        long objectsCopied,
        long objectsSkipped,
        long objectsTotal,
        long bytesCopied,
        long bytesSkipped,
        long bytesTotal)
        implements Event {
    public CopyProgress {
        Names.requireNonNegative(objectsCopied, "objectsCopied");
        Names.requireNonNegative(objectsSkipped, "objectsSkipped");
        Names.requireNonNegative(objectsTotal, "objectsTotal");
        Names.requireNonNegative(bytesCopied, "bytesCopied");
        Names.requireNonNegative(bytesSkipped, "bytesSkipped");
        Names.requireNonNegative(bytesTotal, "bytesTotal");
    }

    /** Objects done: written or skipped. */
    public long objectsDone() {
        return objectsCopied + objectsSkipped;
    }

    /** Bytes done: written or skipped. */
    public long bytesDone() {
        return bytesCopied + bytesSkipped;
    }
}
