package io.ringvault.restorer.restore;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.RestoreFinished;
import io.ringvault.common.message.RestorePhase;
import io.ringvault.common.message.RestorePlanned;
import io.ringvault.common.message.RestoreProgress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a restore tells the world as it goes: {@code restore.planned} (and the plan in the log), each node's phase of
 * each table, the progress of the downloads under way every {@code progressInterval} (rate and ETA), the tables being
 * repaired again every interval (a repair says nothing until it is over, and the coordinator fails a node it has not
 * heard from in its {@code node-timeout}), and
 * {@code restore.finished} with its metric.
 */
final class RestoreReporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreReporter.class);

    private final RestoreEvents events;
    private final RestoreMetrics metrics;
    private final ScheduledExecutorService ticker;
    private final Set<NodeTable> downloading = ConcurrentHashMap.newKeySet();
    private final Set<NodeTable> repairing = ConcurrentHashMap.newKeySet();

    RestoreReporter(RestoreEvents events, RestoreMetrics metrics, Duration progressInterval) {
        this.events = events;
        this.metrics = metrics;
        this.ticker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("restore-progress"));
        long millis = Math.max(100, progressInterval.toMillis());
        ticker.scheduleAtFixedRate(this::publishDownloadProgress, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Publishes the plan, before anything changes, and logs it node by node. */
    void planned(String operationId, RestorePlanned planned) {
        events.planned(operationId, planned);
        LOG.info(
                "restore planned operationId={} backupId={} dryRun={} tables={} files={} bytes={}",
                operationId,
                planned.backupId(),
                planned.dryRun() != null,
                planned.tables(),
                planned.filesTotal(),
                planned.bytesTotal());
        for (RestorePlanned.NodeMapping node : planned.nodes()) {
            LOG.info(
                    "restore node operationId={} source={} target={} address={} dc={} rack={} mappedBy={} method={}"
                            + " files={} bytes={}",
                    operationId,
                    node.sourceHostId(),
                    node.target().hostId(),
                    node.target().address(),
                    node.target().datacenter(),
                    node.target().rack(),
                    node.mappedBy(),
                    node.method(),
                    node.files(),
                    node.bytes());
        }
    }

    /** The node entered {@code phase} for the table; files and bytes as they stand, without a rate. */
    void phase(NodeTable part, RestorePhase phase) {
        publish(part, phase, part.progress.current(), null, null);
    }

    /** The node failed the table; the progress event says why. */
    void failed(NodeTable part, RestoreFailure failure) {
        publish(part, RestorePhase.FAILED, part.progress.current(), failure.reason(), failure.getMessage());
    }

    /** The node starts downloading the table: one event now, then one every interval until {@link #downloadEnded}. */
    void downloadStarted(NodeTable part) {
        publish(part, RestorePhase.DOWNLOADING, part.progress.sample(), null, null);
        downloading.add(part);
    }

    void downloadEnded(NodeTable part) {
        downloading.remove(part);
    }

    /**
     * The node's agent starts repairing these tables (one keyspace, one node): {@code repairing} now, then again every
     * interval until {@link #repairEnded}.
     */
    void repairStarted(List<NodeTable> parts) {
        for (NodeTable part : parts) {
            phase(part, RestorePhase.REPAIRING);
        }
        repairing.addAll(parts);
    }

    void repairEnded(List<NodeTable> parts) {
        parts.forEach(repairing::remove);
    }

    /** Publishes the restore's end and counts it. */
    void finished(String operationId, RestoreFinished finished) {
        events.finished(operationId, finished);
        metrics.restoreFinished(finished.outcome().name().toLowerCase(Locale.ROOT));
    }

    private void publishDownloadProgress() {
        for (NodeTable part : downloading) {
            try {
                publish(part, RestorePhase.DOWNLOADING, part.progress.sample(), null, null);
            } catch (RuntimeException e) {
                LOG.debug("progress not published operationId={} error={}", part.operationId, e.getMessage());
            }
        }
        for (NodeTable part : repairing) {
            try {
                publish(part, RestorePhase.REPAIRING, part.progress.current(), null, null);
            } catch (RuntimeException e) {
                LOG.debug("progress not published operationId={} error={}", part.operationId, e.getMessage());
            }
        }
    }

    private void publish(
            NodeTable part,
            RestorePhase phase,
            TransferProgress.Snapshot snapshot,
            FailureReason reason,
            String detail) {
        events.progress(
                part.operationId,
                new RestoreProgress(
                        part.target(),
                        part.table.keyspace(),
                        part.table.table(),
                        phase,
                        snapshot.filesDone(),
                        snapshot.filesTotal(),
                        snapshot.bytesDone(),
                        snapshot.bytesTotal(),
                        snapshot.bytesPerSecond(),
                        snapshot.etaSeconds(),
                        reason,
                        detail));
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
