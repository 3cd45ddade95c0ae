package io.ringvault.restorer.restore;

import io.github.resilience4j.retry.Retry;
import io.ringvault.common.failure.FailureReason;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agents' restore calls that carry no file (what is staged, room, import, clean-up) under the retry policy:
 * a cancel stops the retries, and what the agent refuses for good becomes the restore's failure.
 */
final class AgentCalls {
    private static final Logger LOG = LoggerFactory.getLogger(AgentCalls.class);

    private final NodeAgents agents;
    private final CancelRegistry cancels;
    private final Retry retry;

    AgentCalls(NodeAgents agents, CancelRegistry cancels, Retry retry) {
        this.agents = agents;
        this.cancels = cancels;
        this.retry = retry;
    }

    /** What the node holds of the part's table in the staging namespace {@code stagingId}. */
    NodeAgents.TableStaging staging(NodeTable part, String stagingId) throws Exception {
        return call(part, () -> agents.staging(part.url(), stagingId, part.table.keyspace(), part.table.table()));
    }

    /** Room on the node's staging file system. */
    NodeAgents.Space space(NodeTable part) throws Exception {
        return call(part, () -> agents.space(part.url(), part.operationId));
    }

    /**
     * Imports (or streams, as the source's method says) one backed-up node's files of the part's table on its node.
     *
     * @throws AgentRefused with {@code import-failed}, {@code table-missing} or {@code bulk-load-failed}, for the import
     *     step to explain
     */
    NodeAgents.Imported importTable(NodeTable part, RestorePlan.SourceFiles source) throws Exception {
        return call(
                part,
                () -> agents.importTable(
                        part.url(), source.stagingId(), part.table.keyspace(), part.table.table(), source.method()));
    }

    /**
     * Repairs {@code tables} of the part's keyspace on the part's node. A call that timed out is sent again under the
     * retry policy: the agent then waits for the repair it already runs rather than start another.
     *
     * @throws RestoreFailure {@code repair-failed} naming the node, whatever the agent answered or when it stayed
     *     unreachable
     * @throws RestoreCancelled when the restore is cancelled between attempts
     */
    NodeAgents.Repaired repair(NodeTable part, List<String> tables) {
        try {
            return retry.executeCallable(() -> {
                cancels.check(part.operationId);
                return agents.repair(part.url(), part.operationId, part.table.keyspace(), tables);
            });
        } catch (RestoreCancelled e) {
            throw e;
        } catch (AgentRefused | IOException e) {
            throw RestoreFailures.repairFailed(part, tables, e);
        } catch (Exception e) {
            throw RestoreFailures.unexpected(e);
        }
    }

    /**
     * Removes the operation's staging on every target node, each of its namespaces there; a node that cannot be
     * reached is logged, not fatal.
     */
    void removeStaging(String operationId, RestorePlan plan) {
        if (plan == null) {
            return;
        }
        for (Map.Entry<String, String> agent : plan.agentUrls().entrySet()) {
            for (String stagingId : plan.stagingIdsOn(agent.getKey())) {
                try {
                    retry.executeCallable(() -> {
                        agents.deleteStaging(agent.getValue(), stagingId);
                        return null;
                    });
                } catch (Exception e) {
                    LOG.warn(
                            "staging not removed operationId={} stagingId={} node={} agent={} error={}",
                            operationId,
                            stagingId,
                            agent.getKey(),
                            agent.getValue(),
                            e.getMessage());
                }
            }
        }
    }

    private <T> T call(NodeTable part, Callable<T> call) throws Exception {
        try {
            return retry.executeCallable(() -> {
                cancels.check(part.operationId);
                return call.call();
            });
        } catch (AgentRefused e) {
            if (e.is(FailureReason.INSUFFICIENT_SPACE)) {
                throw RestoreFailures.noRoom(part, e);
            }
            if (e.is(FailureReason.IMPORT_FAILED)
                    || e.is(FailureReason.TABLE_MISSING)
                    || e.is(FailureReason.BULK_LOAD_FAILED)) {
                throw e;
            }
            throw RestoreFailures.agentRefused(part, e);
        } catch (IOException e) {
            throw RestoreFailures.unreachable(part, e);
        }
    }
}
