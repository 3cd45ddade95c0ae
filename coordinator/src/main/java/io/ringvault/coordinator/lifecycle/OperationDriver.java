package io.ringvault.coordinator.lifecycle;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.ClearSnapshot;
import io.ringvault.common.message.CopyFinished;
import io.ringvault.common.message.DeleteFinished;
import io.ringvault.common.message.GcFinished;
import io.ringvault.common.message.NodeFailed;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.OperationCancelled;
import io.ringvault.common.message.OperationCompleted;
import io.ringvault.common.message.OperationFailed;
import io.ringvault.common.message.OperationKind;
import io.ringvault.common.message.PurgeFinished;
import io.ringvault.common.message.RestoreFinished;
import io.ringvault.common.message.VerifyFinished;
import io.ringvault.coordinator.catalog.BackupCatalog;
import io.ringvault.coordinator.operation.EventSink;
import io.ringvault.coordinator.operation.Operation;
import io.ringvault.coordinator.operation.OperationLog;
import io.ringvault.coordinator.operation.OperationView;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves operations forward: completes a backup once every node's files are stored, fails an operation when a node
 * fails or stays silent past the timeout. Only the coordinator instance that owns an operation's partition of the
 * events topic drives it, so two coordinators never both decide for the same operation.
 *
 * <p>Evaluations run on the driver's own thread ({@link #evaluateSoon}), never on the thread that folds the log: ending
 * a backup writes its manifests to the object store, which must not hold up the fold.
 *
 * <p>An operation's end is published with {@link EventSink#publish}, which throws when Kafka does not acknowledge it.
 * The decision is then undone and taken again, from the folded state, by the next {@link #sweepTimeouts sweep}: nothing
 * else would look at the operation again, since no new event comes for an operation that waits on the coordinator.
 */
public class OperationDriver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OperationDriver.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(15);

    private final OperationLog log;
    private final EventSink publisher;
    private final Clock clock;
    private final Duration nodeTimeout;
    private final BackupCatalog catalog;
    /**
     * Operations whose end this instance decided, so that an evaluation queued meanwhile does not end them twice. An id
     * is added before the terminal events are published and removed again when publishing them throws (the decision is
     * undone). The sweep forgets the ids whose terminal event the log has folded: the operation's state says it is over.
     */
    private final Set<String> decided = ConcurrentHashMap.newKeySet();

    private final Map<String, CancelledBy> cancelRequests = new ConcurrentHashMap<>();
    /** Operations waiting for an evaluation: changes that pile up while one runs are looked at once. */
    private final Set<String> queued = ConcurrentHashMap.newKeySet();

    private final ExecutorService driving = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "operation-driver");
        thread.setDaemon(true);
        return thread;
    });

    public OperationDriver(
            OperationLog log, EventSink publisher, Clock clock, Duration nodeTimeout, BackupCatalog catalog) {
        this.catalog = catalog;
        this.log = log;
        this.publisher = publisher;
        this.clock = clock;
        this.nodeTimeout = nodeTimeout;
    }

    /** Has the driver's thread decide soon whether the operation is over; call it after one of its events was folded. */
    public void evaluateSoon(String operationId) {
        if (!queued.add(operationId)) {
            return;
        }
        try {
            driving.execute(() -> {
                // Taken off first: a change folded while this evaluation runs gets one of its own.
                queued.remove(operationId);
                try {
                    evaluate(operationId);
                } catch (RuntimeException e) {
                    LOG.error("evaluating an operation failed operationId={}", operationId, e);
                }
            });
        } catch (RejectedExecutionException e) {
            // Shutting down: the instance that owns the operation next evaluates it from the log.
            queued.remove(operationId);
        }
    }

    /**
     * Runs on a schedule: queues an evaluation of every active operation this instance owns. That evaluation fails the
     * operations whose nodes have been silent for longer than the timeout, and takes again every decision whose
     * publishing failed. So a decision is retried once per sweep, for as long as Kafka does not acknowledge it.
     */
    public void sweepTimeouts(Predicate<String> owns) {
        decided.removeIf(id -> log.operation(id)
                .map(operation -> operation.status().isTerminal())
                .orElse(true));
        log.forEachActive(operation -> {
            if (owns.test(operation.id())) {
                evaluateSoon(operation.id());
            }
        });
    }

    private void evaluate(String operationId) {
        log.operation(operationId).ifPresent(this::evaluate);
    }

    /**
     * Lets the evaluation under way finish (an interrupted manifest write would fail a backup that is complete), then
     * stops.
     */
    @Override
    public void close() {
        driving.shutdown();
        try {
            if (!driving.awaitTermination(CLOSE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("an operation was still being evaluated after {}; stopping anyway", CLOSE_TIMEOUT);
                driving.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            driving.shutdownNow();
        }
    }

    private void evaluate(Operation operation) {
        if (operation.status().isTerminal() || decided.contains(operation.id())) {
            return;
        }
        switch (operation.kind()) {
            case VERIFY -> {
                evaluateStoreOperation(operation, operation.verifyFinished(), this::finishVerify, "the verify", "");
                return;
            }
            case DELETE -> {
                evaluateStoreOperation(
                        operation,
                        operation.deleteFinished(),
                        this::finishDelete,
                        "the delete",
                        "; a new delete of the backup finishes the job");
                return;
            }
            case PURGE -> {
                evaluateStoreOperation(
                        operation,
                        operation.purgeFinished(),
                        this::finishPurge,
                        "the purge",
                        "; the backups it chose are off the index, and a delete of each finishes the job");
                return;
            }
            case COPY -> {
                evaluateStoreOperation(
                        operation,
                        operation.copyFinished(),
                        this::finishCopy,
                        "the copy",
                        "; a new copy of the backup skips what this one wrote");
                return;
            }
            case GC -> {
                evaluateStoreOperation(
                        operation,
                        operation.gcFinished(),
                        this::finishGc,
                        "the garbage collection",
                        "; a new gc continues the job");
                return;
            }
            default -> {}
        }
        if (operation.kind() == OperationKind.RESTORE) {
            // The restorer decides when a restore is over (it knows what was imported); timeouts stay ours.
            Optional<RestoreFinished> finished = operation.restoreFinished();
            if (finished.isPresent()) {
                end(operation, () -> finishRestore(operation, finished.get()));
                return;
            }
        } else {
            Map<String, String> failedNodes = operation.failedNodes();
            if (!failedNodes.isEmpty()) {
                end(
                        operation,
                        () -> fail(
                                operation,
                                FailureReason.NODE_FAILED,
                                failedNodes.size() + " node(s) failed: " + describe(failedNodes),
                                failedNodes));
                return;
            }
            if (operation.allNodesDone()) {
                end(operation, () -> complete(operation));
                return;
            }
        }
        List<NodeRef> silent = operation.silentNodes(clock.instant(), nodeTimeout);
        if (!silent.isEmpty()) {
            end(operation, () -> timeOut(operation, silent));
        }
    }

    /**
     * Problems fail the operation ({@code backup-corrupt}): a backup that cannot be restored whole must not read as
     * completed in {@code ringvault operations}, nor to a system that only follows the terminal events. The detail names
     * the first few; the report ({@code backup.verify.finished}, and the operation's view) names every one.
     */
    private void finishVerify(Operation operation, VerifyFinished finished) {
        String backupId = operation.accepted().verify().backupId();
        if (finished.outcome() == VerifyFinished.Outcome.FAILED) {
            fail(
                    operation,
                    finished.reason(),
                    "the verify of backup " + backupId + " could not check every object (" + finished.objectsChecked()
                            + " of " + finished.objectsTotal() + " checked): " + finished.detail(),
                    Map.of());
            return;
        }
        if (finished.problemCount() > 0) {
            String first = finished.problems().stream()
                    .limit(3)
                    .map(problem ->
                            problem.detail() != null ? problem.detail() : problem.kind() + " " + problem.objectKey())
                    .collect(Collectors.joining("; "));
            fail(
                    operation,
                    FailureReason.BACKUP_CORRUPT,
                    "backup " + backupId + " has " + finished.problemCount() + " problem(s) in "
                            + finished.objectsTotal() + " object(s): " + first
                            + (finished.problemCount() > 3 ? "; …" : ""),
                    Map.of());
            return;
        }
        publisher.publish(
                operation.id(),
                new OperationCompleted(OperationKind.VERIFY, 0, finished.objectsChecked(), finished.bytesChecked(), 0));
        LOG.info(
                "verify completed operationId={} backupId={} objects={} bytes={} deep={}",
                operation.id(),
                backupId,
                finished.objectsChecked(),
                finished.bytesChecked(),
                Boolean.TRUE.equals(finished.deep()));
    }

    /**
     * A copy that could not run to the end fails with its reason (a corrupt source object: {@code checksum-mismatch},
     * naming it); the target holds no backup manifest then, so it does not list the backup, and a new copy skips what
     * this one wrote. A completed one counts the objects done (copied or skipped) as files, their sizes as bytes, and
     * the bytes written to the target as transferred.
     */
    private void finishCopy(Operation operation, CopyFinished finished) {
        String backupId = operation.accepted().copy().backupId();
        if (finished.outcome() == CopyFinished.Outcome.FAILED) {
            fail(
                    operation,
                    finished.reason(),
                    "the copy of backup " + backupId + " to " + finished.target() + " stopped ("
                            + (finished.objectsCopied() + finished.objectsSkipped()) + " of "
                            + finished.objectsTotal() + " object(s) there): " + finished.detail()
                            + "; a new copy skips what this one wrote",
                    Map.of());
            return;
        }
        publisher.publish(
                operation.id(),
                new OperationCompleted(
                        OperationKind.COPY,
                        0,
                        finished.objectsCopied() + finished.objectsSkipped(),
                        finished.bytesTotal(),
                        finished.bytesCopied()));
        LOG.info(
                "copy completed operationId={} backupId={} target={} copied={} skipped={} bytesCopied={}",
                operation.id(),
                backupId,
                finished.target(),
                finished.objectsCopied(),
                finished.objectsSkipped(),
                finished.bytesCopied());
    }

    /**
     * A delete that could not run to the end fails with its reason; the backup is already off the index, and a new
     * delete of it finishes the job. A completed one counts the objects deleted as files and the bytes freed as bytes.
     */
    private void finishDelete(Operation operation, DeleteFinished finished) {
        String backupId = operation.accepted().delete().backupId();
        if (finished.outcome() == DeleteFinished.Outcome.FAILED) {
            fail(
                    operation,
                    finished.reason(),
                    "the delete of backup " + backupId + " stopped (" + finished.objectsDeleted()
                            + " object(s) deleted): " + finished.detail() + "; a new delete of the backup finishes the"
                            + " job",
                    Map.of());
            return;
        }
        publisher.publish(
                operation.id(),
                new OperationCompleted(OperationKind.DELETE, 0, finished.objectsDeleted(), finished.bytesFreed(), 0));
        LOG.info(
                "delete completed operationId={} backupId={} objectsDeleted={} objectsKept={} bytesFreed={}",
                operation.id(),
                backupId,
                finished.objectsDeleted(),
                finished.objectsKept(),
                finished.bytesFreed());
    }

    /**
     * A purge that could not run to the end fails with its reason; its backups are already off the index, and a delete
     * of each finishes the job. A completed one counts the objects deleted as files and the bytes freed as bytes; a dry
     * run deleted nothing, so it counts none (its report says what it would have freed).
     */
    private void finishPurge(Operation operation, PurgeFinished finished) {
        if (finished.outcome() == PurgeFinished.Outcome.FAILED) {
            fail(
                    operation,
                    finished.reason(),
                    "the purge stopped (" + finished.objectsDeleted() + " object(s) deleted): " + finished.detail()
                            + (finished.dryRun()
                                    ? "; nothing was deleted"
                                    : "; its backups are off the index, and a delete of each finishes the job"),
                    Map.of());
            return;
        }
        long files = finished.dryRun() ? 0 : finished.objectsDeleted();
        long bytes = finished.dryRun() ? 0 : finished.bytesFreed();
        publisher.publish(operation.id(), new OperationCompleted(OperationKind.PURGE, 0, files, bytes, 0));
        LOG.info(
                "purge completed operationId={} dryRun={} backups={} objectsDeleted={} objectsKept={} bytesFreed={}",
                operation.id(),
                finished.dryRun(),
                finished.backups().size(),
                finished.objectsDeleted(),
                finished.objectsKept(),
                finished.bytesFreed());
    }

    /**
     * A collection that could not run to the end fails with its reason (a new gc continues the job). A completed one
     * counts the objects deleted as files and the bytes freed as bytes (in a dry run, those it would have deleted).
     */
    private void finishGc(Operation operation, GcFinished finished) {
        if (finished.outcome() == GcFinished.Outcome.FAILED) {
            fail(
                    operation,
                    finished.reason(),
                    "the garbage collection stopped (" + finished.objectsDeleted() + " object(s) deleted): "
                            + finished.detail() + "; a new gc continues the job",
                    Map.of());
            return;
        }
        publisher.publish(
                operation.id(),
                new OperationCompleted(OperationKind.GC, 0, finished.objectsDeleted(), finished.bytesFreed(), 0));
        LOG.info(
                "gc completed operationId={} dryRun={} objectsListed={} objectsReferenced={} objectsKeptYoung={}"
                        + " objectsDeleted={} bytesFreed={}",
                operation.id(),
                finished.dryRun(),
                finished.objectsListed(),
                finished.objectsReferenced(),
                finished.objectsKeptYoung(),
                finished.objectsDeleted(),
                finished.bytesFreed());
    }

    /**
     * A verify, delete, purge or gc runs on no node: the restorer's report ends it, and silence is measured from its
     * last event (a restorer sends progress every few seconds while it works).
     *
     * @param what the operation as a timeout names it
     * @param howToContinue what a timeout adds: how the operator finishes the job
     */
    private <T> void evaluateStoreOperation(
            Operation operation,
            Optional<T> finished,
            java.util.function.BiConsumer<Operation, T> finish,
            String what,
            String howToContinue) {
        if (finished.isPresent()) {
            end(operation, () -> finish.accept(operation, finished.get()));
            return;
        }
        if (operation.updatedAt().plus(nodeTimeout).isBefore(clock.instant())) {
            end(
                    operation,
                    () -> fail(
                            operation,
                            FailureReason.TIMEOUT,
                            "no restorer reported on " + what + " within "
                                    + nodeTimeout.toString().substring(2).toLowerCase() + howToContinue,
                            Map.of()));
        }
    }

    /** Decides the operation's end once; if publishing it throws, the decision is undone for the next sweep. */
    private void end(Operation operation, Runnable publishEnd) {
        if (!decided.add(operation.id())) {
            return;
        }
        try {
            publishEnd.run();
        } catch (RuntimeException e) {
            decided.remove(operation.id());
            LOG.warn(
                    "publishing the end of an operation failed; the next sweep decides again operationId={} error={}",
                    operation.id(),
                    e.toString());
        }
    }

    private void timeOut(Operation operation, List<NodeRef> silent) {
        Map<String, String> failures = new LinkedHashMap<>(operation.failedNodes());
        String worker = operation.kind() == OperationKind.BACKUP ? "node agent" : "restorer";
        for (NodeRef node : silent) {
            String detail = "the " + worker + " of node " + node.hostId() + " (" + node.address() + ", "
                    + node.datacenter() + ") did not answer within "
                    + nodeTimeout.toString().substring(2).toLowerCase();
            failures.put(node.hostId(), "timeout: " + detail);
            publisher.publish(operation.id(), new NodeFailed(node, FailureReason.TIMEOUT, detail, "coordinator"));
        }
        fail(
                operation,
                FailureReason.TIMEOUT,
                silent.size() + " node(s) stopped answering: " + describe(failures),
                failures);
    }

    private void complete(Operation operation) {
        OperationView view = operation.view(clock.instant());
        try {
            // Written again when this decision is retried, which is safe: the documents replace the same keys with the
            // same bytes (built only from the folded state, maps sorted), and the index entry is replaced by backup id
            // (BackupIndex.with), not added twice.
            catalog.publish(
                    operation.id(),
                    operation.accepted().backup(),
                    operation.partial(),
                    operation.acceptedAt(),
                    operation.updatedAt(),
                    operation.nodeManifests(operation.updatedAt()),
                    operation.rows());
        } catch (RuntimeException e) {
            // No backup manifest: nothing claims the backup is complete.
            fail(
                    operation,
                    FailureReason.MANIFEST_WRITE_FAILED,
                    "the backup's manifests could not be written: " + e.getMessage(),
                    Map.of());
            return;
        }
        // Completed: the agents may also remove the backups/ links this backup holds.
        publisher.publish(operation.id(), new ClearSnapshot(operation.id(), operation.nodeRefs(), true));
        publisher.publish(
                operation.id(),
                new OperationCompleted(
                        operation.kind(),
                        view.nodes().size(),
                        view.progress().filesDone(),
                        view.progress().bytesDone(),
                        view.progress().bytesTransferred()));
        LOG.info(
                "operation completed operationId={} files={} bytes={}",
                operation.id(),
                view.progress().filesDone(),
                view.progress().bytesDone());
    }

    private void finishRestore(Operation operation, RestoreFinished finished) {
        OperationView view = operation.view(clock.instant());
        switch (finished.outcome()) {
            case COMPLETED -> {
                publisher.publish(
                        operation.id(),
                        new OperationCompleted(
                                OperationKind.RESTORE,
                                view.nodes().size(),
                                view.progress().filesDone(),
                                view.progress().bytesDone(),
                                view.progress().bytesTransferred()));
                LOG.info(
                        "restore completed operationId={} tables={} bytes={}",
                        operation.id(),
                        finished.importedTables(),
                        view.progress().bytesDone());
            }
            case FAILED -> {
                String imported = finished.importedTables().isEmpty()
                        ? "nothing was imported"
                        : "imported before the failure (their data stays): " + finished.importedTables();
                publisher.publish(
                        operation.id(),
                        new OperationFailed(
                                finished.reason(), finished.detail() + "; " + imported, operation.failedNodes()));
                LOG.warn(
                        "restore failed operationId={} reason={} detail={}",
                        operation.id(),
                        finished.reason(),
                        finished.detail());
            }
            case CANCELLED -> {
                CancelledBy who = cancelRequests.getOrDefault(operation.id(), new CancelledBy(null, null));
                publisher.publish(
                        operation.id(),
                        new OperationCancelled(who.requestedBy(), who.requestSource(), finished.importedTables()));
                LOG.info("restore cancelled operationId={} imported={}", operation.id(), finished.importedTables());
            }
        }
        // Only once published: a retried decision still names who cancelled.
        cancelRequests.remove(operation.id());
    }

    /**
     * Remembers who cancelled a restore until the restorer confirms it stopped, to name them in {@code
     * operation.cancelled}. Kept in memory only: after a restart the event names nobody, the audit trail still has
     * the cancel request.
     */
    public void restoreCancelRequested(String operationId, String requestedBy, String requestSource) {
        cancelRequests.put(operationId, new CancelledBy(requestedBy, requestSource));
    }

    private record CancelledBy(String requestedBy, String requestSource) {}

    private void fail(Operation operation, FailureReason reason, String detail, Map<String, String> nodeFailures) {
        if (operation.kind() == OperationKind.BACKUP) {
            // A failed backup must not leave snapshots behind on the nodes.
            clearSnapshot(operation);
        }
        publisher.publish(operation.id(), new OperationFailed(reason, detail, nodeFailures));
        // A restore that times out while a cancel waits for the restorer: nobody will ask for the name any more.
        cancelRequests.remove(operation.id());
        LOG.warn("operation failed operationId={} reason={} detail={}", operation.id(), reason, detail);
    }

    private void clearSnapshot(Operation operation) {
        // Sent again when a decision is retried: the node agent clears by tag, and a tag already cleared is a no-op.
        publisher.publish(operation.id(), new ClearSnapshot(operation.id(), operation.nodeRefs()));
    }

    private static String describe(Map<String, String> failures) {
        return String.join(
                "; ",
                failures.entrySet().stream()
                        // Timeout reasons already name their node; an agent's own reason may not.
                        .map(e -> e.getValue().contains(e.getKey()) ? e.getValue() : e.getKey() + ": " + e.getValue())
                        .toList());
    }
}
