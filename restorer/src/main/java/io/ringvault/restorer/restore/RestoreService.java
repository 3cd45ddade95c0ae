package io.ringvault.restorer.restore;

import io.github.resilience4j.retry.Retry;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.RestoreFinished;
import io.ringvault.common.message.RestorePhase;
import io.ringvault.common.message.StartRestore;
import io.ringvault.restorer.cluster.TargetCluster;
import io.ringvault.restorer.logical.LogicalRestorer;
import io.ringvault.storage.Bandwidth;
import io.ringvault.storage.ObjectStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one restore, start to end, in the calling thread: plan, schema, then one table after the other (all its target
 * nodes in parallel: check room, skip what is already staged, stream the rest with its checksum, truncate once if
 * asked, import or stream each backed-up node's files as the plan says), and the final event. A dry run stops after
 * the plan: {@code restore.planned} with {@code dryRun}, then {@code restore.finished} completed with nothing imported.
 * A request with {@code repair} has every target node repair the restored tables once all are loaded
 * ({@link TableRepairer}). Never throws for a failure of the restore itself: it becomes
 * {@code restore.finished} with a reason. Everything it does is safe to do again, so a restore stopped anywhere is
 * continued by running the same command again.
 *
 * <p>This class sequences the steps; each is its own class: {@link StagingInspector} (what a node already holds),
 * {@link NodeTransfer} (the files it still needs), {@link TableImporter} (truncate and import), {@link NodeSteps} (a
 * step on every node of a table), {@link RestoreReporter} (events and metrics), {@link RestoreFailures} (reasons and
 * details).
 */
public class RestoreService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreService.class);

    private final RestorePlanner planner;
    private final SchemaRestorer schema;
    private final CancelRegistry cancels;
    private final LongSupplier nanoClock;
    private final RestoreReporter reporter;
    private final AgentCalls calls;
    private final StagingInspector inspector;
    private final NodeTransfer transfer;
    private final TableImporter importer;
    private final NodeSteps steps;
    private final TableRepairer repairer;
    /** Restores logical backups; null where none is configured (then they are refused). */
    private final LogicalRestorer logical;

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
            int fileParallelism,
            LogicalRestorer logical) {
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
                System::nanoTime,
                logical);
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
                nanoClock,
                null);
    }

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
            LongSupplier nanoClock,
            LogicalRestorer logical) {
        this.logical = logical;
        this.planner = planner;
        this.schema = schema;
        this.cancels = cancels;
        this.nanoClock = nanoClock;
        this.reporter = new RestoreReporter(events, metrics, progressInterval);
        this.calls = new AgentCalls(agents, cancels, retry);
        this.inspector = new StagingInspector(calls, metrics);
        this.transfer = new NodeTransfer(
                store, agents, cancels, retry, bandwidth, metrics, reporter, nodeParallelism, fileParallelism);
        this.importer = new TableImporter(cluster, calls, reporter, metrics);
        this.steps = new NodeSteps(reporter, nodeParallelism);
        this.repairer = new TableRepairer(calls, reporter, cancels);
    }

    /** Runs the restore {@code operationId} and returns the {@code restore.finished} it published. */
    public RestoreFinished run(String operationId, StartRestore command) {
        List<String> imported = new ArrayList<>();
        RestorePlan plan = null;
        RestoreFinished finished;
        try {
            cancels.check(operationId);
            BackupManifest backup = planner.backup(command);
            if (backup.logicalBackup()) {
                if (logical == null) {
                    throw new RestoreFailure(
                            FailureReason.INVALID_REQUEST,
                            "backup " + backup.backupId() + " is a logical backup, and this restorer restores none");
                }
                // Through CQL, in this restorer: no agent, no staging (see LogicalRestorer).
                return logical.run(
                        operationId,
                        command.request(),
                        backup,
                        planner.nodeManifests(backup),
                        planner.backupDirectory(command));
            }
            if (command.request().renaming() || command.request().maxErrors() != null) {
                throw new RestoreFailure(
                        FailureReason.INVALID_REQUEST,
                        "backup " + backup.backupId() + " is a snapshot backup: renames and maxErrors apply to logical"
                                + " backups only");
            }
            plan = planner.plan(operationId, command);
            reporter.planned(operationId, plan.toEvent());
            if (plan.dryRun()) {
                // The plan is the whole answer: no schema, no staging, nothing to clean up.
                finished = new RestoreFinished(RestoreFinished.Outcome.COMPLETED, List.of(), null, null);
                LOG.info(
                        "restore dry run planned, nothing changed operationId={} tables={}",
                        operationId,
                        plan.tableNames());
                reporter.finished(operationId, finished);
                return finished;
            }
            schema.prepare(plan.tableNames(), plan.schema(), command.request().allowSchemaMismatch());
            List<NodeTable> loaded = new ArrayList<>();
            for (RestorePlan.TablePlan table : plan.tables()) {
                cancels.check(operationId);
                loaded.addAll(
                        restoreTable(operationId, plan, table, command.request().truncate()));
                imported.add(table.name());
            }
            calls.removeStaging(operationId, plan);
            if (plan.repair()) {
                // Every table is loaded on every node: the repair compares each range once, with all its data.
                repairer.repair(operationId, loaded);
            }
            finished = new RestoreFinished(RestoreFinished.Outcome.COMPLETED, imported, null, null);
            LOG.info("restore completed operationId={} tables={}", operationId, imported);
        } catch (RuntimeException e) {
            // A cancel, a failure with its reason, or anything else (Cassandra unreachable during planning or schema,
            // a bug): the restore ends with it, and the staging areas are cleared.
            finished = RestoreFailures.stopped(operationId, imported, e);
            calls.removeStaging(operationId, plan);
        }
        reporter.finished(operationId, finished);
        return finished;
    }

    /** One table on all its target nodes: inspect, download, truncate once if asked, import. Returns its parts. */
    private List<NodeTable> restoreTable(
            String operationId, RestorePlan plan, RestorePlan.TablePlan table, boolean truncate) {
        LOG.info(
                "table planning operationId={} table={} nodes={} files={}",
                operationId,
                table.name(),
                table.nodes().size(),
                table.files());
        List<NodeTable> parts = new ArrayList<>();
        for (RestorePlan.NodeFiles node : table.nodes()) {
            NodeTable part = new NodeTable(operationId, plan.backup().backupId(), table, node, nanoClock);
            parts.add(part);
            reporter.phase(part, RestorePhase.PLANNING);
        }
        AtomicBoolean abort = new AtomicBoolean();
        steps.onEveryNode(parts, abort, inspector::inspect);

        LOG.info(
                "table downloading operationId={} table={} files={} alreadyStaged={}",
                operationId,
                table.name(),
                parts.stream().mapToLong(p -> p.missing.size()).sum(),
                parts.stream()
                        .filter(p -> !p.importedAll())
                        .mapToLong(p -> p.node.files().size() - p.missing.size())
                        .sum());
        steps.onEveryNode(parts, abort, part -> transfer.download(part, abort));

        cancels.check(operationId);
        importer.truncateIfAsked(operationId, table, truncate, parts);
        LOG.info("table importing operationId={} table={}", operationId, table.name());
        steps.onEveryNode(parts, abort, importer::importOn);
        LOG.info("table done operationId={} table={}", operationId, table.name());
        return parts;
    }

    @Override
    public void close() {
        reporter.close();
        steps.close();
        transfer.close();
    }
}
