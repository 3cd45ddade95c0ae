package io.ringvault.restorer.restore;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one step of a table's restore on all its target nodes at once ({@code nodeParallelism} at most) and waits for
 * all. The first failure stops the others between files and chunks, the failed node's progress says why, and the
 * failure thrown is the one that explains: a real one before a node that merely stopped because another failed.
 */
final class NodeSteps implements AutoCloseable {
    /** One step on one node. */
    interface Step {
        void run(NodeTable part) throws Exception;
    }

    private final RestoreReporter reporter;
    private final ExecutorService nodes;

    NodeSteps(RestoreReporter reporter, int nodeParallelism) {
        this.reporter = reporter;
        this.nodes = Executors.newFixedThreadPool(nodeParallelism, DaemonThreads.named("restore-node"));
    }

    /**
     * @param abort the table's flag: set by the first failure, read by the others between files and chunks
     * @throws RestoreCancelled when the restore is cancelled, or the restorer interrupted while it waits
     * @throws RestoreFailure the failure of a node
     */
    void onEveryNode(List<NodeTable> parts, AtomicBoolean abort, Step step) {
        List<Future<?>> futures = new ArrayList<>();
        for (NodeTable part : parts) {
            futures.add(nodes.submit(() -> {
                try {
                    step.run(part);
                } catch (RestoreFailure e) {
                    abort.set(true);
                    reporter.failed(part, e);
                    throw e;
                } catch (Exception e) {
                    abort.set(true);
                    throw e;
                }
                return null;
            }));
        }
        RuntimeException first = null;
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abort.set(true);
                first = first == null ? new RestoreCancelled("the restorer is stopping") : first;
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException runtime
                        ? runtime
                        : RestoreFailures.unexpected(e.getCause());
                first = significant(first, cause);
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** The failure to report: a real one before a node that merely stopped because another failed. */
    private static RuntimeException significant(RuntimeException current, RuntimeException candidate) {
        return current == null || current instanceof TableAborted ? candidate : current;
    }

    @Override
    public void close() {
        nodes.shutdownNow();
    }
}
