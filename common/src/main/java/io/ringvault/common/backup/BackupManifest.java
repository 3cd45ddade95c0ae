package io.ringvault.common.backup;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.ringvault.common.message.BackupMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A complete backup ({@code backups/<backupId>/manifest.json}). Written by the coordinator last, after every node
 * manifest: its presence is what makes the backup complete. A failed backup never has one.
 *
 * @param schemaVersion the manifest format version
 * @param schema CQL of the keyspaces, keyed by keyspace (from the first node; all nodes share one schema)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupManifest(
        int schemaVersion,
        String backupId,
        String cluster,
        BackupMode mode,
        List<String> keyspaces,
        List<String> tables,
        List<String> datacenters,
        Instant startedAt,
        Instant completedAt,
        Map<String, String> schema,
        List<NodeEntry> nodes) {
    public static final int SCHEMA_VERSION = 1;

    public BackupManifest {
        keyspaces = keyspaces == null ? List.of() : List.copyOf(keyspaces);
        tables = tables == null ? List.of() : List.copyOf(tables);
        datacenters = datacenters == null ? List.of() : List.copyOf(datacenters);
        schema = io.ringvault.common.SortedMaps.copyOf(schema, "schema");
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }

    /** One node of the backup and where its manifest is. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NodeEntry(
            String hostId,
            String address,
            String datacenter,
            String rack,
            String manifestKey,
            long files,
            long bytes) {}
}
