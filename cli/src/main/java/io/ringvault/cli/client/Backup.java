package io.ringvault.cli.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** A backup as {@code GET /api/v1/backups} lists it; its id is the id of the operation that took it. */
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
        Long bytesTransferred) {

    public Backup {
        keyspaces = keyspaces == null ? List.of() : List.copyOf(keyspaces);
        tables = tables == null ? List.of() : List.copyOf(tables);
        datacenters = datacenters == null ? List.of() : List.copyOf(datacenters);
    }
}
