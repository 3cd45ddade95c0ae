package io.ringvault.uploader.upload;

import io.github.resilience4j.core.IntervalFunction;
import io.ringvault.common.failure.Failures;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A download that survives a dropped connection: when a read fails (or the body ends before {@code size} bytes, or no
 * byte arrives for {@code idleTimeout}), it reopens the file from the byte it got to with a Range request and goes on,
 * up to {@code maxResumes} times per stream. Whoever reads it sees one unbroken stream, so an upload in progress is
 * not restarted.
 *
 * <p>The JDK HTTP client has no read timeout for a body; a watchdog closes a stream whose read has been blocked longer
 * than {@code idleTimeout}, which wakes the reader with an IOException and so leads to a resume.
 */
final class ResumingInputStream extends InputStream {
    private static final Logger LOG = LoggerFactory.getLogger(ResumingInputStream.class);

    /** Opens the file at an offset. */
    interface Opener {
        InputStream open(long offset) throws SourceException;
    }

    private final Opener opener;
    private final String what;
    private final long size;
    private final int maxResumes;
    private final IntervalFunction backoff;
    private final long idleTimeoutNanos;
    private final ScheduledFuture<?> watch;

    private volatile InputStream current;
    private volatile long readingSince;
    private volatile boolean stalled;
    /** Closed by its owner, maybe from another thread while a read waits (a cancelled backup): never resumed then. */
    private volatile boolean closed;

    private long position;
    private int resumes;

    ResumingInputStream(
            Opener opener,
            String what,
            long size,
            int maxResumes,
            IntervalFunction backoff,
            Duration idleTimeout,
            ScheduledExecutorService watchdog)
            throws SourceException {
        this.opener = opener;
        this.what = what;
        this.size = size;
        this.maxResumes = maxResumes;
        this.backoff = backoff;
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.current = opener.open(0);
        long period = Math.max(100, Math.min(1000, idleTimeout.toMillis() / 2));
        this.watch = watchdog.scheduleAtFixedRate(this::checkIdle, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (true) {
            readingSince = Math.max(1, System.nanoTime());
            IOException failure;
            try {
                int n = current.read(buffer, offset, length);
                if (n > 0) {
                    position += n;
                    return n;
                }
                if (n < 0 && position >= size) {
                    return -1;
                }
                failure = new IOException("the body ended after " + position + " of " + size + " bytes");
            } catch (SourceException e) {
                if (!e.reason().retryable()) {
                    throw e;
                }
                failure = e;
            } catch (IOException e) {
                failure = e;
            } finally {
                readingSince = 0;
            }
            if (closed) {
                throw new IOException("the download of " + what + " was closed", failure);
            }
            if (stalled) {
                stalled = false;
                failure = new IOException("no bytes for " + Duration.ofNanos(idleTimeoutNanos), failure);
            }
            resume(failure);
        }
    }

    private void resume(IOException failure) throws IOException {
        closeQuietly(current);
        if (resumes >= maxResumes) {
            // Every failure that led here was retryable: the whole transfer may be tried again.
            throw new SourceException(
                    Failures.reasonOf(failure),
                    "downloading " + what + " failed after " + position + " of " + size + " bytes and " + resumes
                            + " resumed attempts: " + causes(failure),
                    failure);
        }
        resumes++;
        LOG.warn(
                "download interrupted, resuming uri={} offset={} attempt={} error={}",
                what,
                position,
                resumes,
                causes(failure));
        try {
            pause(backoff.apply(resumes));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while resuming " + what);
        }
        if (closed) {
            throw new IOException("the download of " + what + " was closed", failure);
        }
        InputStream reopened = opener.open(position);
        current = reopened;
        if (closed) {
            // Closed while reopening: close() may have closed the previous stream only.
            closeQuietly(reopened);
            throw new IOException("the download of " + what + " was closed", failure);
        }
    }

    /** Waits before a resume; {@link #close()} ends the wait. */
    private synchronized void pause(long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (long left = millis; !closed && left > 0; left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())) {
            wait(left);
        }
    }

    /** The messages of a failure and its causes: "closed: EOF reached while reading". */
    private static String causes(Throwable failure) {
        StringBuilder text = new StringBuilder(String.valueOf(failure.getMessage()));
        for (Throwable cause = failure.getCause();
                cause != null && cause != cause.getCause();
                cause = cause.getCause()) {
            text.append(": ").append(cause.getMessage());
        }
        return text.toString();
    }

    private void checkIdle() {
        long since = readingSince;
        if (since != 0 && System.nanoTime() - since > idleTimeoutNanos) {
            stalled = true;
            closeQuietly(current);
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        watch.cancel(false);
        current.close();
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // The stream is being replaced or abandoned.
        }
    }
}
