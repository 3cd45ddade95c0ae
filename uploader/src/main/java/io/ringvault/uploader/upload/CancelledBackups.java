package io.ringvault.uploader.upload;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The backups this uploader has been told are cancelled, and the transfers in flight for them. The one place that
 * answers "is this backup cancelled?": {@link FileUploader} asks before a lookup or an upload starts and once it is
 * done, and a cancel aborts the backup's transfers in flight at once ({@link #guard}).
 *
 * <p>Why a memory and not a check at the moment of the cancel: {@code file.ready} and the cancel travel on different
 * topics, so a file's record may be read after its backup's cancel (the node agent was still announcing files, or the
 * uploaders lag behind the files topic). The cancel is remembered so that such a record is dropped too.
 *
 * <p>Bounded: a cancel is remembered for {@code rememberFor} from the time it was sent, and at most {@code capacity}
 * of them (the oldest go first). Thread-safe.
 */
public final class CancelledBackups {
    private final int capacity;
    private final Duration rememberFor;
    private final Clock clock;
    /** By backup id, in the order they were heard of (about the order they were sent). */
    private final LinkedHashMap<String, Cancel> cancelled = new LinkedHashMap<>();
    /** The transfers reading a backup's file right now, by backup id. */
    private final Map<String, Set<Guarded>> inFlight = new HashMap<>();

    private final CountDownLatch caughtUp = new CountDownLatch(1);

    private record Cancel(String reason, Instant at) {}

    /**
     * @param capacity the cancels remembered at most
     * @param rememberFor how long after it was sent a cancel is remembered
     */
    public CancelledBackups(int capacity, Duration rememberFor, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, not " + capacity);
        }
        if (rememberFor.isNegative() || rememberFor.isZero()) {
            throw new IllegalArgumentException("rememberFor must be positive, not " + rememberFor);
        }
        this.capacity = capacity;
        this.rememberFor = rememberFor;
        this.clock = clock;
    }

    /**
     * Backup {@code backupId} was cancelled at {@code at}: its files are dropped from now on, and its transfers in
     * flight are aborted. A cancel heard again keeps its first time; one older than {@code rememberFor} is ignored.
     *
     * @return how many transfers in flight were aborted
     */
    public int cancel(String backupId, String reason, Instant at) {
        List<Guarded> aborted;
        synchronized (this) {
            if (expired(at)) {
                return 0;
            }
            cancelled.putIfAbsent(backupId, new Cancel(reason == null || reason.isBlank() ? "cancelled" : reason, at));
            forgetOld();
            Set<Guarded> transfers = inFlight.remove(backupId);
            aborted = transfers == null ? List.of() : new ArrayList<>(transfers);
        }
        // Outside the lock: closing a download may take a moment, and the transfers deregister themselves.
        aborted.forEach(Guarded::abort);
        return aborted.size();
    }

    /** Why {@code backupId} was cancelled, or empty when it was not (or so long ago that it was forgotten). */
    public synchronized Optional<String> reason(String backupId) {
        Cancel cancel = cancelled.get(backupId);
        if (cancel == null) {
            return Optional.empty();
        }
        if (expired(cancel.at())) {
            cancelled.remove(backupId);
            return Optional.empty();
        }
        return Optional.of(cancel.reason());
    }

    public boolean isCancelled(String backupId) {
        return reason(backupId).isPresent();
    }

    /**
     * Throws {@link UploadCancelled} when {@code backupId} is cancelled.
     *
     * @param inFlight whether the file's upload has started, for {@link UploadCancelled#inFlight()}
     */
    void check(String backupId, boolean inFlight) {
        Optional<String> reason = reason(backupId);
        if (reason.isPresent()) {
            throw new UploadCancelled(backupId, reason.get(), inFlight);
        }
    }

    /** The cancels remembered now. */
    public synchronized int size() {
        return cancelled.size();
    }

    /**
     * {@code in}, a file of backup {@code backupId} being transferred, failing with a {@link TransferCancelled} from
     * the moment its backup is cancelled: the read under way is woken by closing {@code in}, and every later read
     * fails, so the store abandons the object. Closing the stream ends its watch.
     *
     * @throws TransferCancelled when the backup is already cancelled ({@code in} is closed)
     */
    InputStream guard(String backupId, InputStream in) throws TransferCancelled {
        Guarded guarded = new Guarded(backupId, in);
        synchronized (this) {
            if (reason(backupId).isEmpty()) {
                inFlight.computeIfAbsent(backupId, id -> new HashSet<>()).add(guarded);
                return guarded;
            }
        }
        guarded.abort();
        throw new TransferCancelled(backupId, null);
    }

    /** The transfers in flight now, all backups together. */
    synchronized int inFlight() {
        return inFlight.values().stream().mapToInt(Set::size).sum();
    }

    private synchronized void done(Guarded guarded) {
        Set<Guarded> transfers = inFlight.get(guarded.backupId);
        if (transfers != null && transfers.remove(guarded) && transfers.isEmpty()) {
            inFlight.remove(guarded.backupId);
        }
    }

    /**
     * Every cancel sent before this instance started is known: the cancels it had to catch up with (its reader starts
     * {@code rememberFor} back on the commands topic) have been read.
     */
    public void caughtUp() {
        caughtUp.countDown();
    }

    /** Waits up to {@code timeout} for {@link #caughtUp()}; true once it happened. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private boolean expired(Instant at) {
        return at.plus(rememberFor).isBefore(clock.instant());
    }

    /** Lets go of the cancels past the bound or too old, oldest first. */
    private void forgetOld() {
        Iterator<Cancel> eldest = cancelled.values().iterator();
        while (eldest.hasNext()) {
            Cancel cancel = eldest.next();
            if (cancelled.size() > capacity || expired(cancel.at())) {
                eldest.remove();
            } else {
                break;
            }
        }
    }

    /** A transfer's stream, watched for its backup's cancel. */
    private final class Guarded extends FilterInputStream {
        private final String backupId;
        private volatile boolean aborted;

        Guarded(String backupId, InputStream in) {
            super(in);
            this.backupId = backupId;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            failIfAborted(null);
            int n;
            try {
                n = in.read(buffer, offset, length);
            } catch (IOException | RuntimeException e) {
                // Closed under the reader by the cancel: the cancel is the cause to report, not the closed stream.
                failIfAborted(e);
                throw e;
            }
            // Bytes read after the cancel are not handed on.
            failIfAborted(null);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            failIfAborted(null);
            return in.skip(n);
        }

        private void failIfAborted(Throwable cause) throws TransferCancelled {
            if (aborted) {
                throw new TransferCancelled(backupId, cause);
            }
        }

        void abort() {
            aborted = true;
            try {
                in.close();
            } catch (IOException | RuntimeException e) {
                // Abandoned: whatever closing says, the transfer is over.
            }
        }

        @Override
        public void close() throws IOException {
            done(this);
            in.close();
        }
    }
}
