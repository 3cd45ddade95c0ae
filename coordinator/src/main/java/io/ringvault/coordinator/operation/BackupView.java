package io.ringvault.coordinator.operation;

import io.ringvault.common.backup.BackupIndex;
import io.ringvault.common.message.BackupMethod;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.BackupRequested;
import io.ringvault.common.message.LogicalFormat;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.PartialBackup;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A backup as {@code GET /api/v1/backups} lists it. Its id is the id of the operation that took it.
 *
 * @param datacenters the datacenters the backup covers: those of its nodes (an index entry written before this was so:
 *     the datacenters as requested, empty meaning every one)
 * @param bytesTransferred bytes actually uploaded; absent for a backup known only from the object store's index
 * @param partial true when nodes in scope were down and the backup covers the others ({@code allowPartial})
 * @param missingNodes the nodes a partial backup lacks; empty otherwise, and in a list of backups known only from the
 *     index (the backup's own view reads them from its manifest)
 * @param uncoveredRanges per keyspace, the token ranges no node of a partial backup holds; empty otherwise
 * @param schedule the schedule whose firing took the backup; null for a backup asked for directly
 * @param uniqueBytes the bytes of the objects no other complete backup lists: what deleting this one frees; null
 *     until the backup is complete and its manifests have been read
 * @param buildsOn for an incremental backup, the backup it builds on; null otherwise
 * @param method {@code snapshot} or {@code logical}
 * @param format for a logical backup, {@code native} or {@code csv}; null for a snapshot backup
 * @param rows for a logical backup, the rows exported per {@code "keyspace.table"} as far as the nodes have reported
 *     (from the manifest for a backup only the index knows); null for a snapshot backup
 * @param source {@code import} for a backup made by {@code ringvault import} from a cqlsh backup; null for one
 *     ringvault took
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
        Long bytesTransferred,
        boolean partial,
        List<NodeRef> missingNodes,
        List<PartialBackup.KeyspaceRanges> uncoveredRanges,
        String schedule,
        Long uniqueBytes,
        String buildsOn,
        BackupMethod method,
        LogicalFormat format,
        Map<String, Long> rows,
        String source) {

    public BackupView {
        method = method == null ? BackupMethod.SNAPSHOT : method;
        if (method == BackupMethod.LOGICAL) {
            format = format == null ? LogicalFormat.NATIVE : format;
            rows = rows == null ? Map.of() : new TreeMap<>(rows);
        } else {
            format = null;
            rows = null;
        }
    }

    static BackupView of(OperationView operation) {
        BackupRequested request = (BackupRequested) operation.request();
        PartialBackup partial = operation.partial();
        return new BackupView(
                operation.id(),
                operation.state(),
                request.keyspaces(),
                request.tables(),
                // The datacenters of the nodes taking part: what the backup covers, whatever was asked.
                operation.datacenters().stream()
                        .filter(datacenter -> datacenter.nodes() > 0)
                        .map(DatacenterView::name)
                        .toList(),
                request.mode(),
                operation.acceptedAt(),
                operation.finishedAt(),
                operation.nodes().size(),
                operation.progress().filesDone(),
                operation.progress().bytesDone(),
                operation.progress().bytesTransferred(),
                partial != null,
                partial == null ? List.of() : partial.missingNodes(),
                partial == null ? List.of() : partial.uncoveredRanges(),
                request.schedule(),
                null,
                request.buildsOn(),
                request.method(),
                request.format(),
                operation.rows(),
                null);
    }

    /**
     * This backup with what the object store says of it: what deleting it frees, and the schedule its index entry
     * names when the event log does not say.
     */
    public BackupView withUsage(Long uniqueBytes, String scheduleFromIndex) {
        return new BackupView(
                id,
                state,
                keyspaces,
                tables,
                datacenters,
                mode,
                acceptedAt,
                finishedAt,
                nodes,
                files,
                bytes,
                bytesTransferred,
                partial,
                missingNodes,
                uncoveredRanges,
                schedule != null ? schedule : scheduleFromIndex,
                uniqueBytes,
                buildsOn,
                method,
                format,
                rows,
                source);
    }

    /** This backup with the rows per table its manifest records (a logical backup only the index knows). */
    public BackupView withRows(Map<String, Long> manifestRows) {
        return new BackupView(
                id,
                state,
                keyspaces,
                tables,
                datacenters,
                mode,
                acceptedAt,
                finishedAt,
                nodes,
                files,
                bytes,
                bytesTransferred,
                partial,
                missingNodes,
                uncoveredRanges,
                schedule,
                uniqueBytes,
                buildsOn,
                method,
                format,
                manifestRows,
                source);
    }

    /** A complete backup the event log does not know, as the object store's index describes it. */
    public static BackupView of(BackupIndex.Entry entry) {
        return of(entry, null);
    }

    /**
     * A complete backup the event log does not know, as the object store's index describes it, with what its manifest
     * says a partial backup lacks ({@code partial} null: nothing, or not read).
     */
    public static BackupView of(BackupIndex.Entry entry, PartialBackup partial) {
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
                null,
                entry.partial() || partial != null,
                partial == null ? List.of() : partial.missingNodes(),
                partial == null ? List.of() : partial.uncoveredRanges(),
                entry.schedule(),
                null,
                entry.buildsOn(),
                entry.method(),
                entry.format(),
                null,
                entry.source());
    }
}
