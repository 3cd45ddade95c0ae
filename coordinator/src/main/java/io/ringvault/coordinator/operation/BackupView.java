package io.ringvault.coordinator.operation;

import io.ringvault.common.backup.BackupIndex;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.BackupRequested;
import java.time.Instant;
import java.util.List;

/**
 * A backup as {@code GET /api/v1/backups} lists it. Its id is the id of the operation that took it.
 *
 * @param bytesTransferred bytes actually uploaded; absent for a backup known only from the object store's index
 */
public record BackupView(
        String id,
        OperationStatus state,
        List<String> keyspaces,
        List<String> tables,
        List<String> datacenters,
        BackupMode mode,
        Instant acceptedAt,
        Instant finishedAt,
        int nodes,
        long files,
        long bytes,
        Long bytesTransferred) {

    static BackupView of(OperationView operation) {
        BackupRequested request = (BackupRequested) operation.request();
        return new BackupView(
                operation.id(),
                operation.state(),
                request.keyspaces(),
                request.tables(),
                request.datacenters(),
                request.mode(),
                operation.acceptedAt(),
                operation.finishedAt(),
                operation.nodes().size(),
                operation.progress().filesDone(),
                operation.progress().bytesDone(),
                operation.progress().bytesTransferred());
    }

    /** A complete backup the event log does not know, as the object store's index describes it. */
    public static BackupView of(BackupIndex.Entry entry) {
        return new BackupView(
                entry.backupId(),
                OperationStatus.COMPLETED,
                entry.keyspaces(),
                entry.tables(),
                entry.datacenters(),
                entry.mode(),
                entry.startedAt(),
                entry.completedAt(),
                entry.nodes(),
                entry.files(),
                entry.bytes(),
                null);
    }
}
