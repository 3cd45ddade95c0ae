package io.ringvault.cli.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A backup as {@code GET /api/v1/backups} lists it; its id is the id of the operation that took it. {@code partial}:
 * nodes were down and the backup covers the others ({@code missingNodes}, {@code uncoveredRanges}). {@code buildsOn}: the
 * backup an incremental backup builds on.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Backup(
        String id,
        String state,
        List<String> keyspaces,
        List<String> tables,
        List<String> datacenters,
        String mode,
        String acceptedAt,
        String finishedAt,
        int nodes,
        long files,
        long bytes,
        Long bytesTransferred,
        Boolean partial,
        List<NodeRef> missingNodes,
        List<PartialBackup.KeyspaceRanges> uncoveredRanges,
        String schedule,
        Long uniqueBytes,
        String buildsOn,
        String method,
        String format,
        java.util.Map<String, Long> rows,
        String source) {

    public Backup {
        keyspaces = keyspaces == null ? List.of() : List.copyOf(keyspaces);
        tables = tables == null ? List.of() : List.copyOf(tables);
        datacenters = datacenters == null ? List.of() : List.copyOf(datacenters);
        missingNodes = missingNodes == null ? List.of() : List.copyOf(missingNodes);
        uncoveredRanges = uncoveredRanges == null ? List.of() : List.copyOf(uncoveredRanges);
        // A coordinator from before partial backups does not say: its backups are whole.
        partial = partial != null && partial;
        // A coordinator from before logical backups does not say: its backups are snapshots.
        method = method == null ? "snapshot" : method;
        rows = rows == null ? null : new java.util.TreeMap<>(rows);
    }

    /** {@code snapshot}, {@code logical}, or {@code logical csv}: the METHOD column. */
    public String methodLabel() {
        return "logical".equals(method) && "csv".equals(format) ? "logical csv" : method;
    }
}
