package io.ringvault.coordinator.operation;

import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.BackupRequested;
import java.time.Instant;
import java.util.List;

/** A backup as {@code GET /api/v1/backups} lists it. Its id is the id of the operation that took it. */
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
        long bytesTransferred) {

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
}
