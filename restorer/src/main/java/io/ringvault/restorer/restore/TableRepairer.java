package io.ringvault.restorer.restore;

import io.ringvault.common.message.RestorePhase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The repair a request asks for ({@code repair}), once every table is loaded on every node: on each target node in
 * turn, for each keyspace in name order, the node's agent runs a full repair of the keyspace's restored tables on the
 * node's primary ranges. Primary ranges on every node of the ring cover it once; one node at a time, because a repair
 * works every replica of the ranges it repairs, and several at once would put the whole cluster under that load.
 *
 * <p>Each table of the keyspace on the node reports {@code repairing}, then {@code done}; a repair that fails reports
 * {@code failed} with {@code repair-failed} for each of them and ends the restore with it, naming the node. The data
 * stays loaded: the restore does not undo an import for a repair that failed.
 */
final class TableRepairer {
    private static final Logger LOG = LoggerFactory.getLogger(TableRepairer.class);

    private final AgentCalls calls;
    private final RestoreReporter reporter;
    private final CancelRegistry cancels;

    TableRepairer(AgentCalls calls, RestoreReporter reporter, CancelRegistry cancels) {
        this.calls = calls;
        this.reporter = reporter;
        this.cancels = cancels;
    }

    /**
     * Repairs what {@code parts} restored: their tables, keyspace by keyspace, node after node.
     *
     * @throws RestoreFailure {@code repair-failed} naming the node whose repair failed
     * @throws RestoreCancelled when the restore is cancelled (between repairs: a repair under way goes on)
     */
    void repair(String operationId, List<NodeTable> parts) {
        Map<String, Map<String, List<NodeTable>>> byNode = new LinkedHashMap<>();
        for (NodeTable part : parts) {
            byNode.computeIfAbsent(part.target().hostId(), node -> new TreeMap<>())
                    .computeIfAbsent(part.table.keyspace(), keyspace -> new ArrayList<>())
                    .add(part);
        }
        LOG.info("restore repairing operationId={} nodes={}", operationId, byNode.keySet());
        for (Map<String, List<NodeTable>> keyspaces : byNode.values()) {
            for (List<NodeTable> keyspace : keyspaces.values()) {
                cancels.check(operationId);
                repairOn(keyspace);
            }
        }
    }

    /** One keyspace's restored tables on one node. */
    private void repairOn(List<NodeTable> parts) {
        NodeTable first = parts.get(0);
        List<String> tables = parts.stream()
                .map(part -> part.table.table())
                .distinct()
                .sorted()
                .toList();
        LOG.info(
                "repair starting operationId={} node={} keyspace={} tables={}",
                first.operationId,
                first.target().hostId(),
                first.table.keyspace(),
                tables);
        reporter.repairStarted(parts);
        NodeAgents.Repaired repaired;
        try {
            repaired = calls.repair(first, tables);
        } catch (RestoreFailure failure) {
            reporter.repairEnded(parts);
            parts.forEach(part -> reporter.failed(part, failure));
            throw failure;
        } catch (RuntimeException e) {
            reporter.repairEnded(parts);
            throw e;
        }
        reporter.repairEnded(parts);
        parts.forEach(part -> reporter.phase(part, RestorePhase.DONE));
        LOG.info(
                "repair done operationId={} node={} keyspace={} tables={} command={} seconds={}",
                first.operationId,
                first.target().hostId(),
                first.table.keyspace(),
                tables,
                repaired.command(),
                repaired.seconds());
    }
}
