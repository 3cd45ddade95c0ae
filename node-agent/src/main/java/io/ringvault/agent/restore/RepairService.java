package io.ringvault.agent.restore;

import io.ringvault.agent.node.LocalTables;
import io.ringvault.common.failure.FailureReason;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The repair a restore asks for once its tables are loaded: a full repair of tables of one keyspace on this node's
 * primary ranges ({@link TableRepair}), after checking that the names are names and that Cassandra has the keyspace and
 * tables (a clear {@code keyspace-missing} or {@code table-missing} rather than Cassandra's error).
 *
 * <p>The same keyspace and tables asked again for the same operation while their repair runs (a restorer that retried
 * a call that timed out) wait for that repair instead of starting a second one.
 */
public class RepairService {
    private static final Logger LOG = LoggerFactory.getLogger(RepairService.class);

    /** What a repair gives back: Cassandra's outcome and how long it took. */
    public record Result(String keyspace, List<String> tables, TableRepair.Outcome outcome, Duration took) {}

    private final LocalTables tables;
    private final TableRepair repair;
    private final Duration timeout;
    private final Map<String, CompletableFuture<Result>> running = new ConcurrentHashMap<>();

    /** @param timeout how long one repair may take before it is reported {@code repair-failed} */
    public RepairService(LocalTables tables, TableRepair repair, Duration timeout) {
        this.tables = tables;
        this.repair = repair;
        this.timeout = timeout;
    }

    /**
     * Repairs {@code tableNames} of {@code keyspace} (every table when empty) for the operation, and returns when it is
     * over.
     *
     * @throws RestoreException {@code invalid-name}, {@code keyspace-not-allowed}, {@code keyspace-missing},
     *     {@code table-missing}, {@code repair-failed} or {@code cassandra-error}
     */
    public Result repair(String operationId, String keyspace, List<String> tableNames) {
        List<String> names = tableNames == null ? List.of() : tableNames;
        // StagedTable checks the id and every name as the staging does, and refuses system keyspaces.
        StagedTable.operationId(operationId);
        new StagedTable(operationId, keyspace, "t");
        List<String> checked = names.stream()
                .map(table -> new StagedTable(operationId, keyspace, table).table())
                .distinct()
                .sorted()
                .toList();
        if (!tables.keyspaceExists(keyspace)) {
            throw new RestoreException(
                    FailureReason.KEYSPACE_MISSING, "keyspace " + keyspace + " does not exist on this node");
        }
        for (String table : checked) {
            if (!tables.tableExists(keyspace, table)) {
                throw new RestoreException(
                        FailureReason.TABLE_MISSING,
                        "table " + keyspace + "." + table + " does not exist on this node");
            }
        }
        String key = operationId + "/" + keyspace + "/" + String.join(",", checked);
        CompletableFuture<Result> mine = new CompletableFuture<>();
        CompletableFuture<Result> current = running.putIfAbsent(key, mine);
        if (current != null) {
            LOG.info(
                    "repair already running, waiting for it operationId={} keyspace={} tables={}",
                    operationId,
                    keyspace,
                    checked);
            return await(current);
        }
        try {
            mine.complete(run(operationId, keyspace, checked));
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
        } finally {
            running.remove(key, mine);
        }
        return await(mine);
    }

    private Result run(String operationId, String keyspace, List<String> checked) {
        LOG.info(
                "repair starting operationId={} keyspace={} tables={} timeout={}",
                operationId,
                keyspace,
                checked.isEmpty() ? "all" : checked,
                timeout);
        long start = System.nanoTime();
        try {
            TableRepair.Outcome outcome = repair.repair(keyspace, checked, timeout);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            LOG.info(
                    "repair completed operationId={} keyspace={} tables={} command={} seconds={} messages={}",
                    operationId,
                    keyspace,
                    checked.isEmpty() ? "all" : checked,
                    outcome.command(),
                    took.toSeconds(),
                    outcome.messages());
            return new Result(keyspace, checked, outcome, took);
        } catch (RestoreException e) {
            LOG.warn(
                    "repair failed operationId={} keyspace={} tables={} reason={} detail={}",
                    operationId,
                    keyspace,
                    checked.isEmpty() ? "all" : checked,
                    e.reason(),
                    e.getMessage());
            throw e;
        }
    }

    private static Result await(CompletableFuture<Result> repair) {
        try {
            return repair.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestoreException(FailureReason.REPAIR_FAILED, "the agent stopped waiting for the repair");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
