package io.ringvault.restorer.restore;

import io.github.resilience4j.retry.Retry;
import io.ringvault.agentapi.AgentErrorReason;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.RestoreFinished;
import io.ringvault.common.message.RestorePhase;
import io.ringvault.common.message.RestorePlanned;
import io.ringvault.common.message.RestoreProgress;
import io.ringvault.common.message.StartRestore;
import io.ringvault.restorer.cluster.TargetCluster;
import io.ringvault.storage.Bandwidth;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.StorageException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one restore, start to end, in the calling thread: plan, schema, then one table after the other (all its target
 * nodes in parallel: check room, skip what is already staged, stream the rest with its checksum, truncate once if
 * asked, import), and the final event. Never throws for a failure of the restore itself: it becomes
 * {@code restore.finished} with a reason. Everything it does is safe to do again, so a restore stopped anywhere is
 * continued by running the same command again.
 */
public class RestoreService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreService.class);

    private final RestorePlanner planner;
    private final SchemaRestorer schema;
    private final TargetCluster cluster;
    private final ObjectStore store;
    private final NodeAgents agents;
    private final RestoreEvents events;
    private final CancelRegistry cancels;
    private final Retry retry;
    private final Bandwidth bandwidth;
    private final RestoreMetrics metrics;
    private final Duration progressInterval;
    private final LongSupplier nanoClock;
    private final ExecutorService nodes;
    private final ExecutorService files;
    private final int fileParallelism;
    private final ScheduledExecutorService ticker;
    private final Set<NodeTable> downloading = ConcurrentHashMap.newKeySet();

    public RestoreService(
            RestorePlanner planner,
            SchemaRestorer schema,
            TargetCluster cluster,
            ObjectStore store,
            NodeAgents agents,
            RestoreEvents events,
            CancelRegistry cancels,
            Retry retry,
            Bandwidth bandwidth,
            RestoreMetrics metrics,
            Duration progressInterval,
            int nodeParallelism,
            int fileParallelism) {
        this(
                planner,
                schema,
                cluster,
                store,
                agents,
                events,
                cancels,
                retry,
                bandwidth,
                metrics,
                progressInterval,
                nodeParallelism,
                fileParallelism,
                System::nanoTime);
    }

    /**
     * @param nanoClock times transfer rates and ETAs ({@code System::nanoTime} in the service; tests fix it, so that
     *     progress events are exact)
     */
    RestoreService(
            RestorePlanner planner,
            SchemaRestorer schema,
            TargetCluster cluster,
            ObjectStore store,
            NodeAgents agents,
            RestoreEvents events,
            CancelRegistry cancels,
            Retry retry,
            Bandwidth bandwidth,
            RestoreMetrics metrics,
            Duration progressInterval,
            int nodeParallelism,
            int fileParallelism,
            LongSupplier nanoClock) {
        this.planner = planner;
        this.schema = schema;
        this.cluster = cluster;
        this.store = store;
        this.agents = agents;
        this.events = events;
        this.cancels = cancels;
        this.retry = retry;
        this.bandwidth = bandwidth;
        this.metrics = metrics;
        this.progressInterval = progressInterval;
        this.nanoClock = nanoClock;
        this.nodes = Executors.newFixedThreadPool(nodeParallelism, daemon("restore-node"));
        this.fileParallelism = fileParallelism;
        // Its own pool: the node tasks wait for their files, and must not take the threads the files need.
        this.files = Executors.newFixedThreadPool(nodeParallelism * fileParallelism, daemon("restore-file"));
        this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("restore-progress"));
        long millis = Math.max(100, progressInterval.toMillis());
        ticker.scheduleAtFixedRate(this::publishDownloadProgress, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Runs the restore {@code operationId} and returns the {@code restore.finished} it published. */
    public RestoreFinished run(String operationId, StartRestore command) {
        List<String> imported = new ArrayList<>();
        RestorePlan plan = null;
        RestoreFinished finished;
        try {
            cancels.check(operationId);
            plan = planner.plan(command);
            RestorePlanned planned = plan.toEvent();
            events.planned(operationId, planned);
            logPlan(operationId, planned);
            schema.prepare(plan.tableNames(), plan.schema(), command.request().allowSchemaMismatch());
            for (RestorePlan.TablePlan table : plan.tables()) {
                cancels.check(operationId);
                restoreTable(operationId, plan, table, command.request().truncate());
                imported.add(table.name());
            }
            cleanUp(operationId, plan);
            finished = new RestoreFinished(RestoreFinished.Outcome.COMPLETED, imported, null, null);
            LOG.info("restore completed operationId={} tables={}", operationId, imported);
        } catch (RestoreCancelled e) {
            LOG.info("restore cancelled operationId={} reason={} imported={}", operationId, e.getMessage(), imported);
            cleanUp(operationId, plan);
            finished = new RestoreFinished(RestoreFinished.Outcome.CANCELLED, imported, "cancelled", e.getMessage());
        } catch (RestoreFailure e) {
            LOG.warn(
                    "restore failed operationId={} reason={} detail={} imported={}",
                    operationId,
                    e.reason().code(),
                    e.getMessage(),
                    imported);
            cleanUp(operationId, plan);
            finished = new RestoreFinished(
                    RestoreFinished.Outcome.FAILED, imported, e.reason().code(), e.getMessage());
        } catch (RuntimeException e) {
            // Cassandra unreachable during planning or schema, a bug: the restore ends with the error.
            LOG.warn("restore failed operationId={} error", operationId, e);
            cleanUp(operationId, plan);
            finished = new RestoreFinished(
                    RestoreFinished.Outcome.FAILED,
                    imported,
                    RestoreFailure.Reason.RESTORE_ERROR.code(),
                    "the restore stopped on an unexpected error: " + e);
        }
        events.finished(operationId, finished);
        metrics.restoreFinished(finished.outcome().name().toLowerCase(java.util.Locale.ROOT));
        return finished;
    }

    private void logPlan(String operationId, RestorePlanned planned) {
        LOG.info(
                "restore planned operationId={} backupId={} tables={} files={} bytes={}",
                operationId,
                planned.backupId(),
                planned.tables(),
                planned.filesTotal(),
                planned.bytesTotal());
        for (RestorePlanned.NodeMapping node : planned.nodes()) {
            LOG.info(
                    "restore node operationId={} source={} target={} address={} dc={} rack={} mappedBy={} files={}"
                            + " bytes={}",
                    operationId,
                    node.sourceHostId(),
                    node.target().hostId(),
                    node.target().address(),
                    node.target().datacenter(),
                    node.target().rack(),
                    node.mappedBy(),
                    node.files(),
                    node.bytes());
        }
    }

    /** One table on one node, while it is restored. */
    private final class NodeTable {
        final String operationId;
        final String backupId;
        final RestorePlan.TablePlan table;
        final RestorePlan.NodeFiles node;
        TransferProgress progress;
        List<NodeManifest.File> missing = List.of();
        boolean imported;

        NodeTable(String operationId, String backupId, RestorePlan.TablePlan table, RestorePlan.NodeFiles node) {
            this.operationId = operationId;
            this.backupId = backupId;
            this.table = table;
            this.node = node;
            this.progress = new TransferProgress(node.files().size(), node.bytes(), nanoClock);
        }

        NodeRef target() {
            return node.pair().target().ref();
        }

        String url() {
            return node.agentUrl();
        }

        void publish(RestorePhase phase, TransferProgress.Snapshot snapshot, String reason) {
            events.progress(
                    operationId,
                    new RestoreProgress(
                            target(),
                            table.keyspace(),
                            table.table(),
                            phase,
                            snapshot.filesDone(),
                            snapshot.filesTotal(),
                            snapshot.bytesDone(),
                            snapshot.bytesTotal(),
                            snapshot.bytesPerSecond(),
                            snapshot.etaSeconds(),
                            reason));
        }
    }

    private void restoreTable(String operationId, RestorePlan plan, RestorePlan.TablePlan table, boolean truncate) {
        LOG.info(
                "table planning operationId={} table={} nodes={} files={}",
                operationId,
                table.name(),
                table.nodes().size(),
                table.files());
        List<NodeTable> parts = new ArrayList<>();
        for (RestorePlan.NodeFiles node : table.nodes()) {
            NodeTable part = new NodeTable(operationId, plan.backup().backupId(), table, node);
            parts.add(part);
            part.publish(RestorePhase.PLANNING, part.progress.current(), null);
        }
        AtomicBoolean abort = new AtomicBoolean();
        onEveryNode(parts, abort, part -> inspect(part));
        boolean importedAnywhere = parts.stream().anyMatch(p -> p.imported);

        LOG.info(
                "table downloading operationId={} table={} files={} alreadyStaged={}",
                operationId,
                table.name(),
                parts.stream().mapToLong(p -> p.missing.size()).sum(),
                parts.stream()
                        .filter(p -> !p.imported)
                        .mapToLong(p -> p.node.files().size() - p.missing.size())
                        .sum());
        onEveryNode(parts, abort, part -> download(part, abort));

        cancels.check(operationId);
        if (truncate && !importedAnywhere) {
            LOG.info("table truncating operationId={} table={}", operationId, table.name());
            try {
                cluster.truncate(table.keyspace(), table.table());
            } catch (RuntimeException e) {
                throw new RestoreFailure(
                        RestoreFailure.Reason.TRUNCATE_FAILED,
                        "could not truncate " + table.name() + " before importing it: " + e.getMessage(),
                        null,
                        e);
            }
        }
        LOG.info("table importing operationId={} table={}", operationId, table.name());
        onEveryNode(parts, abort, this::importOn);
        LOG.info("table done operationId={} table={}", operationId, table.name());
    }

    /** Reads what the node already holds for the table, and checks that the rest fits. */
    private void inspect(NodeTable part) throws Exception {
        NodeAgents.TableStaging staging = call(
                part, () -> agents.staging(part.url(), part.operationId, part.table.keyspace(), part.table.table()));
        if (staging.imported()) {
            part.imported = true;
            part.progress.alreadyDone(part.node.files().size(), part.node.bytes());
            return;
        }
        Map<String, NodeAgents.StagedFile> staged = new HashMap<>();
        staging.files().forEach(f -> staged.put(f.fileName(), f));
        List<NodeManifest.File> missing = new ArrayList<>();
        long stagedFiles = 0;
        long stagedBytes = 0;
        for (NodeManifest.File file : part.node.files()) {
            NodeAgents.StagedFile there = staged.get(file.fileName());
            if (there != null && there.size() == file.size() && sha256Hex(file).equals(there.sha256())) {
                stagedFiles++;
                stagedBytes += file.size();
            } else {
                missing.add(file);
            }
        }
        part.missing = missing;
        part.progress.alreadyDone(stagedFiles, stagedBytes);
        if (stagedFiles > 0) {
            metrics.filesSkipped(stagedFiles);
            LOG.info(
                    "files already staged operationId={} table={} node={} files={} bytes={}",
                    part.operationId,
                    part.table.name(),
                    part.target().hostId(),
                    stagedFiles,
                    stagedBytes);
        }
        long needed = missing.stream().mapToLong(NodeManifest.File::size).sum();
        if (needed > 0) {
            NodeAgents.Space space = call(part, () -> agents.space(part.url(), part.operationId));
            if (needed > space.usableBytes()) {
                throw new RestoreFailure(
                        RestoreFailure.Reason.INSUFFICIENT_SPACE,
                        "node " + describe(part.target()) + " needs " + needed + " bytes to stage " + part.table.name()
                                + " and has " + space.usableBytes() + " bytes free in " + space.stagingDirectory(),
                        part.target(),
                        null);
            }
        }
    }

    private void download(NodeTable part, AtomicBoolean abort) throws Exception {
        if (part.imported) {
            return;
        }
        part.publish(RestorePhase.DOWNLOADING, part.progress.sample(), null);
        downloading.add(part);
        try {
            transferAll(part, abort);
        } finally {
            downloading.remove(part);
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
        String sha256 = sha256Hex(file);
        metrics.transferStarted(file.size());
        try {
            retry.executeCallable(() -> {
                long[] sent = {0};
                // Opened here, not inside the HTTP client, so that the store's own errors keep their class.
                try (InputStream object = store.get(file.objectKey(), 0)) {
                    InputStream body = new Counting(bandwidth.throttle(object), part, abort, sent);
                    agents.upload(
                            part.url(),
                            part.operationId,
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
                    throw e;
                }
            });
        } catch (AgentRefused e) {
            if (e.is(AgentErrorReason.CHECKSUM_MISMATCH)) {
                throw new RestoreFailure(
                        RestoreFailure.Reason.CHECKSUM_MISMATCH,
                        "file " + file.fileName() + " of table " + part.table.name() + " (object "
                                + file.objectKey() + " of backup " + part.backupId + ") "
                                + "does not match its checksum sha256:" + sha256 + " on node "
                                + describe(part.target()) + "; nothing of " + part.table.name()
                                + " was imported. Agent: " + e.getMessage(),
                        part.target(),
                        e);
            }
            throw agentFailure(part, e);
        } catch (StorageException e) {
            throw new RestoreFailure(
                    RestoreFailure.Reason.STORAGE_FAILED,
                    "could not read object " + file.objectKey() + " (" + part.table.name() + " " + file.fileName()
                            + "): " + e.getMessage(),
                    part.target(),
                    e);
        } catch (IOException e) {
            throw unreachable(part, e);
        } finally {
            metrics.transferEnded(file.size());
        }
    }

    private void importOn(NodeTable part) throws Exception {
        if (part.imported) {
            part.publish(RestorePhase.DONE, part.progress.current(), null);
            return;
        }
        if (part.node.files().isEmpty()) {
            // Nothing of this table was on the backed-up node: nothing to import (the agent would refuse it).
            part.publish(RestorePhase.DONE, part.progress.current(), null);
            return;
        }
        part.publish(RestorePhase.IMPORTING, part.progress.current(), null);
        try {
            NodeAgents.Imported result = call(
                    part,
                    () -> agents.importTable(part.url(), part.operationId, part.table.keyspace(), part.table.table()));
            LOG.info(
                    "table imported operationId={} table={} node={} files={} bytes={} alreadyImported={}",
                    part.operationId,
                    part.table.name(),
                    part.target().hostId(),
                    result.importedFiles(),
                    result.importedBytes(),
                    result.alreadyImported());
        } catch (AgentRefused e) {
            if (e.is(AgentErrorReason.IMPORT_FAILED) || e.is(AgentErrorReason.TABLE_MISSING)) {
                throw new RestoreFailure(
                        RestoreFailure.Reason.IMPORT_FAILED,
                        "node " + describe(part.target()) + " could not import " + part.table.name() + ": "
                                + e.getMessage(),
                        part.target(),
                        e);
            }
            throw agentFailure(part, e);
        }
        metrics.tableImported();
        part.publish(RestorePhase.DONE, part.progress.current(), null);
    }

    private interface NodeStep {
        void run(NodeTable part) throws Exception;
    }

    /**
     * Runs a step on every node of the table at once (bounded by the pool) and waits for all. The first failure stops
     * the others between files and chunks; the failed node's progress says why.
     */
    private void onEveryNode(List<NodeTable> parts, AtomicBoolean abort, NodeStep step) {
        List<Future<?>> futures = new ArrayList<>();
        for (NodeTable part : parts) {
            futures.add(nodes.submit(() -> {
                try {
                    step.run(part);
                } catch (RestoreFailure e) {
                    abort.set(true);
                    part.publish(
                            RestorePhase.FAILED,
                            part.progress.current(),
                            e.reason().code() + ": " + e.getMessage());
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
                        : new RestoreFailure(
                                RestoreFailure.Reason.RESTORE_ERROR, String.valueOf(e.getCause()), null, e.getCause());
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

    private void stopIfAsked(NodeTable part, AtomicBoolean abort) {
        cancels.check(part.operationId);
        if (abort.get()) {
            throw new TableAborted();
        }
    }

    /** Another node of the same table failed: this one stops too. */
    private static final class TableAborted extends RuntimeException {
        TableAborted() {
            super("stopped: another node of the table failed", null, false, false);
        }
    }

    /** An agent call with the retry policy; a cancelled operation stops the retries. */
    private <T> T call(NodeTable part, java.util.concurrent.Callable<T> call) throws Exception {
        try {
            return retry.executeCallable(() -> {
                cancels.check(part.operationId);
                return call.call();
            });
        } catch (AgentRefused e) {
            if (e.is(AgentErrorReason.INSUFFICIENT_SPACE)) {
                throw new RestoreFailure(
                        RestoreFailure.Reason.INSUFFICIENT_SPACE,
                        "node " + describe(part.target()) + " has no room left for " + part.table.name() + ": "
                                + e.getMessage(),
                        part.target(),
                        e);
            }
            if (e.is(AgentErrorReason.IMPORT_FAILED) || e.is(AgentErrorReason.TABLE_MISSING)) {
                throw e;
            }
            throw agentFailure(part, e);
        } catch (IOException e) {
            throw unreachable(part, e);
        }
    }

    private static RestoreFailure agentFailure(NodeTable part, AgentRefused e) {
        if (e.is(AgentErrorReason.INSUFFICIENT_SPACE)) {
            return new RestoreFailure(
                    RestoreFailure.Reason.INSUFFICIENT_SPACE,
                    "node " + describe(part.target()) + " has no room left for " + part.table.name() + ": "
                            + e.getMessage(),
                    part.target(),
                    e);
        }
        return new RestoreFailure(
                RestoreFailure.Reason.AGENT_FAILED,
                "the node agent of " + describe(part.target()) + " refused " + part.table.name() + ": "
                        + e.getMessage(),
                part.target(),
                e);
    }

    private static RestoreFailure unreachable(NodeTable part, IOException e) {
        return new RestoreFailure(
                RestoreFailure.Reason.AGENT_FAILED,
                "the node agent of " + describe(part.target()) + " at " + part.url() + " stayed unreachable for "
                        + part.table.name() + ": " + e,
                part.target(),
                e);
    }

    /** Removes the operation's staging on every target node; a node that cannot be reached is logged, not fatal. */
    private void cleanUp(String operationId, RestorePlan plan) {
        if (plan == null) {
            return;
        }
        for (Map.Entry<String, String> agent : plan.agentUrls().entrySet()) {
            try {
                retry.executeCallable(() -> {
                    agents.deleteStaging(agent.getValue(), operationId);
                    return null;
                });
            } catch (Exception e) {
                LOG.warn(
                        "staging not removed operationId={} node={} agent={} error={}",
                        operationId,
                        agent.getKey(),
                        agent.getValue(),
                        e.getMessage());
            }
        }
    }

    private void publishDownloadProgress() {
        for (NodeTable part : downloading) {
            try {
                part.publish(RestorePhase.DOWNLOADING, part.progress.sample(), null);
            } catch (RuntimeException e) {
                LOG.debug("progress not published operationId={} error={}", part.operationId, e.getMessage());
            }
        }
    }

    /** The manifest's {@code sha256:<hex>} as the agent wants it: 64 hex digits. */
    static String sha256Hex(NodeManifest.File file) {
        String checksum = file.checksum();
        if (checksum == null || !checksum.startsWith("sha256:") || checksum.length() != 7 + 64) {
            throw new RestoreFailure(
                    RestoreFailure.Reason.CHECKSUM_MISMATCH,
                    "file " + file.fileName() + " of " + file.keyspace() + "." + file.table() + " (object "
                            + file.objectKey() + ") has no SHA-256 in its node manifest: it cannot be verified");
        }
        return checksum.substring(7).toLowerCase(java.util.Locale.ROOT);
    }

    private static String describe(NodeRef node) {
        return node.hostId() + (node.address() == null ? "" : " (" + node.address() + ")");
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

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        nodes.shutdownNow();
        files.shutdownNow();
    }
}
