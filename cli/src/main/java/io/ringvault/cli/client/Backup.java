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
        String source) {

    /** How the backup reads the data, as {@code backups list} shows it: {@code snapshot}, {@code logical}, {@code logical csv}. */
    public String methodLabel() {
        if (method == null || method.equals("snapshot")) {
            return "snapshot";
        }
        return format == null || format.equals("native") ? method : method + " " + format;
    }

    public Backup {
        keyspaces = keyspaces == null ? List.of() : List.copyOf(keyspaces);
        tables = tables == null ? List.of() : List.copyOf(tables);
        datacenters = datacenters == null ? List.of() : List.copyOf(datacenters);
        missingNodes = missingNodes == null ? List.of() : List.copyOf(missingNodes);
        uncoveredRanges = uncoveredRanges == null ? List.of() : List.copyOf(uncoveredRanges);
        // A coordinator from before partial backups does not say: its backups are whole.
        partial = partial != null && partial;
    }
}
