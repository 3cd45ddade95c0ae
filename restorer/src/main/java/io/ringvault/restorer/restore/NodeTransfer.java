package io.ringvault.restorer.restore;

import io.github.resilience4j.retry.Retry;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.storage.Bandwidth;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.StorageException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends a node the files of a table it still needs ({@link NodeTable#missing}): each streamed from the object store
 * into the agent's staging area, which checks its SHA-256 while writing it. Never a whole file in memory. A transfer
 * that fails starts its file again from the first byte (the agent discarded the partial file), and its bytes are taken
 * back from the progress.
 */
final class NodeTransfer implements AutoCloseable {
    private final ObjectStore store;
    private final NodeAgents agents;
    private final CancelRegistry cancels;
    private final Retry retry;
    private final Bandwidth bandwidth;
    private final RestoreMetrics metrics;
    private final RestoreReporter reporter;
    private final int fileParallelism;
    private final ExecutorService files;

    NodeTransfer(
            ObjectStore store,
            NodeAgents agents,
            CancelRegistry cancels,
            Retry retry,
            Bandwidth bandwidth,
            RestoreMetrics metrics,
            RestoreReporter reporter,
            int nodeParallelism,
            int fileParallelism) {
        this.store = store;
        this.agents = agents;
        this.cancels = cancels;
        this.retry = retry;
        this.bandwidth = bandwidth;
        this.metrics = metrics;
        this.reporter = reporter;
        this.fileParallelism = fileParallelism;
        // Its own pool: the node tasks wait for their files, and must not take the threads the files need.
        this.files =
                Executors.newFixedThreadPool(nodeParallelism * fileParallelism, DaemonThreads.named("restore-file"));
    }

    /**
     * Sends the node what it is missing of the table, publishing download progress meanwhile; nothing for a table the
     * node already imported. Stops between chunks once {@code abort} is set (another node of the table failed).
     */
    void download(NodeTable part, AtomicBoolean abort) throws Exception {
        if (part.importedAll()) {
            return;
        }
        reporter.downloadStarted(part);
        try {
            transferAll(part, abort);
        } finally {
            reporter.downloadEnded(part);
        }
    }

    /**
     * Sends a node's missing files of the table with up to {@code fileParallelism} transfers at once, largest first, so
     * that the many small components of a table overlap instead of paying their round trips one after another. The
     * first failure stops the others between chunks; it is the one thrown, once every transfer has stopped.
     */
    private void transferAll(NodeTable part, AtomicBoolean abort) throws Exception {
        ConcurrentLinkedQueue<NodeManifest.File> queue = new ConcurrentLinkedQueue<>(part.missing.stream()
                .sorted(Comparator.comparingLong(NodeManifest.File::size).reversed())
                .toList());
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < Math.min(fileParallelism, queue.size()); i++) {
            workers.add(files.submit(() -> {
                try {
                    for (NodeManifest.File file = queue.poll(); file != null; file = queue.poll()) {
                        stopIfAsked(part, abort);
                        transfer(part, file, abort);
                        part.progress.fileDone();
                        metrics.fileDownloaded(file.size());
                    }
                } catch (Exception e) {
                    abort.set(true);
                    throw e;
                }
                return null;
            }));
        }
        Exception first = null;
        for (Future<?> worker : workers) {
            try {
                worker.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abort.set(true);
                workers.forEach(w -> w.cancel(true));
                first = first == null ? new RestoreCancelled("the restorer is stopping") : first;
            } catch (ExecutionException e) {
                Exception cause = e.getCause() instanceof Exception exception ? exception : e;
                // The worker that failed first explains; the others only stopped because of it.
                if (first == null || (first instanceof TableAborted && !(cause instanceof TableAborted))) {
                    first = cause;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void transfer(NodeTable part, NodeManifest.File file, AtomicBoolean abort) throws Exception {
        String sha256 = RestoreFailures.sha256Hex(file);
        metrics.transferStarted(file.size());
        try {
            retry.executeCallable(() -> {
                long[] sent = {0};
                // Opened here, not inside the HTTP client, so that the store's own errors keep their class.
                try (InputStream object = store.get(file.objectKey(), 0)) {
                    InputStream body = new Counting(bandwidth.throttle(object), part, abort, sent);
                    agents.upload(
                            part.url(),
                            part.node.stagingIdOf(file),
                            part.table.keyspace(),
                            part.table.table(),
                            file.fileName(),
                            sha256,
                            file.size(),
                            () -> body);
                    return null;
                } catch (IOException | RuntimeException e) {
                    part.progress.bytes(-sent[0]);
                    stopIfAsked(part, abort);
                    // A failure of the store while the HTTP client read the object comes back inside the client's
                    // IOException: the store's own, classified, is the one to act on (a corrupt object must not read
                    // as an unreachable agent, nor be retried).
                    StorageException fromStore = storeFailureIn(e);
                    if (fromStore != null) {
                        throw fromStore;
                    }
                    throw e;
                }
            });
        } catch (AgentRefused e) {
            if (e.is(FailureReason.CHECKSUM_MISMATCH)) {
                throw RestoreFailures.checksumMismatch(part, file, sha256, e);
            }
            throw RestoreFailures.agentRefused(part, e);
        } catch (StorageException e) {
            if (e.reason() == FailureReason.CHECKSUM_MISMATCH) {
                throw RestoreFailures.corrupt(part, file, e);
            }
            throw RestoreFailures.unreadable(part, file, e);
        } catch (IOException e) {
            throw RestoreFailures.unreachable(part, e);
        } finally {
            metrics.transferEnded(file.size());
        }
    }

    /** The store's failure among {@code e} and its causes, if any. */
    private static StorageException storeFailureIn(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StorageException storage) {
                return storage;
            }
        }
        return null;
    }

    private void stopIfAsked(NodeTable part, AtomicBoolean abort) {
        cancels.check(part.operationId);
        if (abort.get()) {
            throw new TableAborted();
        }
    }

    /** Counts streamed bytes into the progress, and stops the stream when the operation is cancelled. */
    private final class Counting extends FilterInputStream {
        private final NodeTable part;
        private final AtomicBoolean abort;
        private final long[] sent;

        Counting(InputStream in, NodeTable part, AtomicBoolean abort, long[] sent) {
            super(in);
            this.part = part;
            this.abort = abort;
            this.sent = sent;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (cancels.reason(part.operationId).isPresent() || abort.get()) {
                throw new IOException("transfer stopped: the restore was cancelled or failed on another node");
            }
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                sent[0] += n;
                part.progress.bytes(n);
            }
            return n;
        }
    }

    @Override
    public void close() {
        files.shutdownNow();
    }
}
