package io.ringvault.agent.logical;

import io.ringvault.agent.snapshot.SnapshotFailedException;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.OperationId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directories the agent exports logical backups into ({@code <workDirectory>/logical/<backupId>/}), and the
 * exports running now, so that a cancel stops one: the export runs on a thread of its own, which a cancel interrupts,
 * while the caller (the commands listener) waits for it.
 */
public final class LogicalExports implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogicalExports.class);
    /** How long a cancelled export may take to notice the interrupt before its directory is removed anyway. */
    private static final long STOP_WAIT_SECONDS = 60;

    private final Path root;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "logical-export");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Future<?>> running = new ConcurrentHashMap<>();

    public LogicalExports(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** {@code <workDirectory>/logical}: every export directory is directly below it. */
    public Path root() {
        return root;
    }

    /** The directory of one backup's export. */
    public Path directory(String backupId) {
        if (!OperationId.isValid(backupId)) {
            throw new IllegalArgumentException("not a backup id: " + backupId);
        }
        return root.resolve(backupId);
    }

    /**
     * Runs {@code export} for {@code backupId} on a thread of its own and waits for it.
     *
     * @throws SnapshotFailedException {@code cancelled} when {@link #cancel} stopped it; what the export threw
     *     otherwise
     */
    public <T> T run(String backupId, Supplier<T> export) {
        CountDownLatch stopped = new CountDownLatch(1);
        Future<T> future = threads.submit(() -> {
            try {
                return export.get();
            } finally {
                stopped.countDown();
            }
        });
        running.put(backupId, future);
        try {
            return future.get();
        } catch (CancellationException e) {
            awaitStop(backupId, stopped);
            throw new SnapshotFailedException(FailureReason.CANCELLED, "the logical export was cancelled");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new SnapshotFailedException(FailureReason.CANCELLED, "the logical export was interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new SnapshotFailedException(
                    FailureReason.SNAPSHOT_FAILED, e.getCause().toString(), e.getCause());
        } finally {
            running.remove(backupId, future);
        }
    }

    /** Interrupts the export of {@code backupId} if one runs; true if one did. */
    public boolean cancel(String backupId) {
        Future<?> future = running.get(backupId);
        if (future == null) {
            return false;
        }
        LOG.info("logical export cancelled backupId={}", backupId);
        return future.cancel(true);
    }

    /** Removes the export directory of {@code backupId} and everything in it; nothing when there is none. */
    public void remove(String backupId) {
        Path directory = directory(backupId);
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new SnapshotFailedException(
                    FailureReason.SNAPSHOT_FAILED, "cannot remove the export directory " + directory + ": " + e);
        }
        LOG.info("logical export removed backupId={} directory={}", backupId, directory);
    }

    private static void awaitStop(String backupId, CountDownLatch stopped) {
        try {
            if (!stopped.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("cancelled logical export still running backupId={}", backupId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
