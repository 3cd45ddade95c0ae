package io.ringvault.storage;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * A service instance's bandwidth, shared by all the files it streams at once (uploads, restores): a Resilience4j {@link RateLimiter} whose
 * permits are bytes, refilled every 100 ms. A stream takes permits for the bytes it has just read, so the reading
 * (and therefore the transfer) slows down to the limit.
 */
public final class Bandwidth {
    private static final Duration PERIOD = Duration.ofMillis(100);
    private static final Bandwidth UNLIMITED = new Bandwidth(null, 0);

    private final RateLimiter limiter;
    private final int perPeriod;

    private Bandwidth(RateLimiter limiter, int perPeriod) {
        this.limiter = limiter;
        this.perPeriod = perPeriod;
    }

    /** A limit of {@code bytesPerSecond}; 0 (or less) for none. */
    public static Bandwidth of(long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            return UNLIMITED;
        }
        int perPeriod = (int) Math.max(1, Math.min(Integer.MAX_VALUE, bytesPerSecond / (1000 / PERIOD.toMillis())));
        RateLimiter limiter = RateLimiter.of(
                "ringvault-bandwidth",
                RateLimiterConfig.custom()
                        .limitRefreshPeriod(PERIOD)
                        .limitForPeriod(perPeriod)
                        .timeoutDuration(Duration.ofMinutes(1))
                        .build());
        return new Bandwidth(limiter, perPeriod);
    }

    public boolean limited() {
        return limiter != null;
    }

    /** {@code in}, read no faster than the shared limit allows. */
    public InputStream throttle(InputStream in) {
        if (limiter == null) {
            return in;
        }
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    take(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    take(n);
                }
                return n;
            }
        };
    }

    private void take(int bytes) throws InterruptedIOException {
        int left = bytes;
        while (left > 0) {
            int chunk = Math.min(left, perPeriod);
            if (limiter.acquirePermission(chunk)) {
                left -= chunk;
            } else if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted while waiting for bandwidth");
            }
        }
    }
}
