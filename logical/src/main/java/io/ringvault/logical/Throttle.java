package io.ringvault.logical;

/**
 * A rows-per-second ceiling shared by every thread of an export or import, so that production traffic keeps the
 * cluster: callers take permits before reading or writing, and wait when they are ahead of the rate. Zero or less
 * means no limit.
 */
public final class Throttle {
    private final double permitsPerNano;
    private long nextFreeNanos = System.nanoTime();

    public Throttle(double permitsPerSecond) {
        this.permitsPerNano = permitsPerSecond <= 0 ? 0 : permitsPerSecond / 1e9;
    }

    /** Waits until {@code permits} more are within the rate. */
    public void acquire(int permits) throws InterruptedException {
        if (permitsPerNano == 0 || permits <= 0) {
            return;
        }
        long waitNanos;
        synchronized (this) {
            long now = System.nanoTime();
            // No credit for idle time beyond one second: a pause must not allow a burst afterwards.
            long start = Math.max(nextFreeNanos, now - 1_000_000_000L);
            nextFreeNanos = start + (long) (permits / permitsPerNano);
            waitNanos = start - now;
        }
        if (waitNanos > 0) {
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
    }

    public boolean unlimited() {
        return permitsPerNano == 0;
    }
}
