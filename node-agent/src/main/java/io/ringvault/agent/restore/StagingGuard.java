package io.ringvault.agent.restore;

import io.ringvault.common.failure.FailureReason;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Keeps concurrent requests about the same staged files apart: one upload per file at a time, no upload while its table
 * is imported, no import while one of its files is uploaded, and nothing in an operation while its staging is removed.
 * A request that would collide is refused at once ({@code staging-busy}) rather than queued: the restorer retries.
 */
final class StagingGuard {
    private final Set<String> uploadingFiles = new HashSet<>();
    private final Map<String, Integer> uploadsPerTable = new HashMap<>();
    private final Set<String> importingTables = new HashSet<>();
    private final Map<String, Integer> activePerOperation = new HashMap<>();
    private final Set<String> removedOperations = new HashSet<>();

    /** Held while it is open; closing it lets the next request in. */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    synchronized Permit upload(StagedTable table, String fileName) {
        String tableKey = key(table);
        String fileKey = tableKey + "/" + fileName;
        refuseIfRemoved(table.operationId());
        if (importingTables.contains(tableKey)) {
            throw busy(table.qualifiedName() + " is being imported");
        }
        if (!uploadingFiles.add(fileKey)) {
            throw busy(fileName + " of " + table.qualifiedName() + " is being uploaded by another request");
        }
        uploadsPerTable.merge(tableKey, 1, Integer::sum);
        activePerOperation.merge(table.operationId(), 1, Integer::sum);
        return () -> {
            synchronized (this) {
                uploadingFiles.remove(fileKey);
                uploadsPerTable.computeIfPresent(tableKey, (k, n) -> n == 1 ? null : n - 1);
                activePerOperation.computeIfPresent(table.operationId(), (k, n) -> n == 1 ? null : n - 1);
            }
        };
    }

    synchronized Permit importing(StagedTable table) {
        String tableKey = key(table);
        refuseIfRemoved(table.operationId());
        if (uploadsPerTable.containsKey(tableKey)) {
            throw busy("files of " + table.qualifiedName() + " are being uploaded");
        }
        if (!importingTables.add(tableKey)) {
            throw busy(table.qualifiedName() + " is being imported by another request");
        }
        activePerOperation.merge(table.operationId(), 1, Integer::sum);
        return () -> {
            synchronized (this) {
                importingTables.remove(tableKey);
                activePerOperation.computeIfPresent(table.operationId(), (k, n) -> n == 1 ? null : n - 1);
            }
        };
    }

    synchronized Permit removal(String operationId) {
        refuseIfRemoved(operationId);
        if (activePerOperation.containsKey(operationId)) {
            throw busy("operation " + operationId + " has uploads or imports in progress");
        }
        removedOperations.add(operationId);
        return () -> {
            synchronized (this) {
                removedOperations.remove(operationId);
            }
        };
    }

    private void refuseIfRemoved(String operationId) {
        if (removedOperations.contains(operationId)) {
            throw busy("the staging of operation " + operationId + " is being removed");
        }
    }

    private static String key(StagedTable table) {
        return table.operationId() + "/" + table.keyspace() + "/" + table.table();
    }

    private static RestoreException busy(String detail) {
        return new RestoreException(FailureReason.STAGING_BUSY, detail + "; try again later");
    }
}
