package io.ringvault.restorer.restore;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.RestorePhase;
import io.ringvault.restorer.cluster.TargetCluster;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a table's restore, once every node has its files: {@code TRUNCATE} over CQL when asked (once,
 * cluster-wide, and never after any node imported the table in this operation), then the online import on each node
 * that has files of it.
 */
final class TableImporter {
    private static final Logger LOG = LoggerFactory.getLogger(TableImporter.class);

    private final TargetCluster cluster;
    private final AgentCalls calls;
    private final RestoreReporter reporter;
    private final RestoreMetrics metrics;

    TableImporter(TargetCluster cluster, AgentCalls calls, RestoreReporter reporter, RestoreMetrics metrics) {
        this.cluster = cluster;
        this.calls = calls;
        this.reporter = reporter;
        this.metrics = metrics;
    }

    /**
     * Truncates the table when the request asks for it, unless a node reported it imported: a resumed restore never
     * truncates rows an earlier attempt imported. The agents are never asked: theirs would run once per node.
     */
    void truncateIfAsked(String operationId, RestorePlan.TablePlan table, boolean truncate, List<NodeTable> parts) {
        boolean importedAnywhere = parts.stream().anyMatch(NodeTable::importedAny);
        if (!truncate || importedAnywhere) {
            return;
        }
        LOG.info("table truncating operationId={} table={}", operationId, table.name());
        try {
            cluster.truncate(table.keyspace(), table.table());
        } catch (RuntimeException e) {
            throw RestoreFailures.truncateFailed(table, e);
        }
    }

    /**
     * Imports (or streams) the table on the part's node, each backed-up node's files in turn, or only reports it done
     * when there is nothing left to do there.
     */
    void importOn(NodeTable part) throws Exception {
        if (part.importedAll()) {
            reporter.phase(part, RestorePhase.DONE);
            return;
        }
        if (part.node.files().isEmpty()) {
            // Nothing of this table was on the backed-up nodes: nothing to import (the agent would refuse it).
            reporter.phase(part, RestorePhase.DONE);
            return;
        }
        reporter.phase(part, RestorePhase.IMPORTING);
        for (RestorePlan.SourceFiles source : part.node.sources()) {
            if (source.files().isEmpty() || part.imported.contains(source.stagingId())) {
                continue;
            }
            try {
                NodeAgents.Imported result = calls.importTable(part, source);
                LOG.info(
                        "table imported operationId={} table={} node={} source={} method={} files={} bytes={}"
                                + " alreadyImported={}",
                        part.operationId,
                        part.table.name(),
                        part.target().hostId(),
                        source.pair().source().hostId(),
                        source.method(),
                        result.importedFiles(),
                        result.importedBytes(),
                        result.alreadyImported());
            } catch (AgentRefused e) {
                if (e.is(FailureReason.BULK_LOAD_FAILED)) {
                    throw RestoreFailures.streamFailed(part, source, e);
                }
                if (e.is(FailureReason.IMPORT_FAILED) || e.is(FailureReason.TABLE_MISSING)) {
                    throw RestoreFailures.importFailed(part, e);
                }
                throw RestoreFailures.agentRefused(part, e);
            }
            part.imported.add(source.stagingId());
            metrics.tableImported();
        }
        reporter.phase(part, RestorePhase.DONE);
    }
}
