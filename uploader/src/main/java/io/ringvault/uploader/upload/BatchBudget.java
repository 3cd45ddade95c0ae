package io.ringvault.uploader.upload;

/**
 * Where a batch of {@code file.ready} records ends. The records of one poll are taken in order while the bytes their
 * files announce stay within the budget; the first file that would pass it ends the batch, and it and every record
 * after it are handed back for the next poll. A batch always takes its first file, however large, so a file larger
 * than the budget still gets uploaded. A record that carries no file to store (sent to the dead-letter topic, or of a
 * cancelled backup) belongs to the batch and costs nothing.
 *
 * <p>Why bytes: a batch waits for its slowest file and then commits, so many small files should share one batch, while
 * a few large ones must not hold the consumer past {@code max.poll.interval.ms}. One budget per poll; not thread-safe.
 */
public final class BatchBudget {
    private final long maxBytes;
    private long bytes;
    private int files;
    private int taken;
    private boolean ended;

    /** @param maxBytes the bytes the files of one batch may announce together; positive */
    public BatchBudget(long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("a batch budget must be positive, not " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /**
     * Offers the next record's file. Once a file did not fit, the batch has ended and no later one is taken either:
     * the records handed back start at that file, so taking a later one would have it delivered twice.
     *
     * @param size the bytes the file announces
     * @return true when the file belongs to this batch, false when the batch ends before it
     */
    public boolean take(long size) {
        if (ended || (files > 0 && bytes + size > maxBytes)) {
            ended = true;
            return false;
        }
        bytes += size;
        files++;
        taken++;
        return true;
    }

    /**
     * Counts a record without a file to store (dead-lettered, or of a cancelled backup): it belongs to the batch.
     *
     * @throws IllegalStateException once the batch has ended: that record belongs to the next poll, which would
     *     handle it a second time
     */
    public void takeWithoutFile() {
        if (ended) {
            throw new IllegalStateException("the batch has ended: the record belongs to the next poll");
        }
        taken++;
    }

    /** The records taken: the index from which the rest of the poll is handed back. */
    public int taken() {
        return taken;
    }

    /** The files taken, records without a file left out. */
    public int files() {
        return files;
    }

    /** The bytes the files taken announce. */
    public long bytes() {
        return bytes;
    }

    /** Whether the batch ends before the last of the poll's {@code polled} records, leaving some for the next poll. */
    public boolean cut(int polled) {
        return taken < polled;
    }
}
