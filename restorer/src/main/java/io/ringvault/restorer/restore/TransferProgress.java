package io.ringvault.restorer.restore;

import java.util.function.LongSupplier;

/**
 * The download of one table to one node: files and bytes done of the total, the rate over the last interval and the
 * time left at that rate. Bytes count as they stream, and are taken back when a transfer fails and starts again.
 */
public final class TransferProgress {
    private final long filesTotal;
    private final long bytesTotal;
    private final LongSupplier nanoClock;
    private long filesDone;
    private long bytesDone;
    private long lastBytes;
    private long lastNanos;

    public TransferProgress(long filesTotal, long bytesTotal, LongSupplier nanoClock) {
        this.filesTotal = filesTotal;
        this.bytesTotal = bytesTotal;
        this.nanoClock = nanoClock;
        this.lastNanos = nanoClock.getAsLong();
    }

    /** What a progress event shows. Rate and ETA are null when unknown (no interval measured yet, nothing moving). */
    public record Snapshot(
            long filesDone, long filesTotal, long bytesDone, long bytesTotal, Long bytesPerSecond, Long etaSeconds) {}

    /** Files found already staged: done without a transfer, and not part of the rate. */
    public synchronized void alreadyDone(long files, long bytes) {
        filesDone += files;
        bytesDone += bytes;
        lastBytes += bytes;
    }

    public synchronized void bytes(long delta) {
        bytesDone += delta;
    }

    public synchronized void fileDone() {
        filesDone++;
    }

    /** The current state, without starting a new rate interval. */
    public synchronized Snapshot current() {
        return new Snapshot(filesDone, filesTotal, clamp(bytesDone), bytesTotal, null, null);
    }

    /** The current state with the rate since the previous sample, which starts a new interval. */
    public synchronized Snapshot sample() {
        long now = nanoClock.getAsLong();
        long elapsed = now - lastNanos;
        Long rate = null;
        Long eta = null;
        long remaining = Math.max(0, bytesTotal - bytesDone);
        if (elapsed > 0) {
            long moved = Math.max(0, bytesDone - lastBytes);
            rate = (long) (moved * 1_000_000_000.0 / elapsed);
            if (remaining == 0) {
                eta = 0L;
            } else if (rate > 0) {
                eta = (long) Math.ceil((double) remaining / rate);
            }
        }
        lastNanos = now;
        lastBytes = bytesDone;
        return new Snapshot(filesDone, filesTotal, clamp(bytesDone), bytesTotal, rate, eta);
    }

    private static long clamp(long bytes) {
        return Math.max(0, bytes);
    }
}
