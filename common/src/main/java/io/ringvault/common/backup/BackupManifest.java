package io.ringvault.common.backup;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.ringvault.common.message.BackupMethod;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.LogicalFormat;
import io.ringvault.common.message.PartialBackup;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A complete backup ({@code backups/<backupId>/manifest.json}). Written by the coordinator last, after every node
 * manifest: its presence is what makes the backup complete. A failed backup never has one.
 *
 * @param schemaVersion the manifest format version
 * @param datacenters the datacenters the backup covers: those of its nodes. Manifests written before this was so hold
 *     the datacenters as requested, where empty meant every datacenter
 * @param schema CQL of the keyspaces, keyed by keyspace (from the first node; all nodes share one schema)
 * @param nodes every node the backup holds
 * @param partial what a partial backup lacks (nodes that were down, token ranges no backed-up replica holds); absent
 *     (null) for a backup of every node in its scope
 * @param schedule the name of the schedule whose firing took the backup; absent for a backup asked for directly
 * @param buildsOn for an incremental backup, the complete backup it builds on; absent otherwise
 * @param chain for an incremental backup, the backups it builds on, oldest (the snapshot backup) first, ending with
 *     {@code buildsOn}; empty otherwise. Informational: the node manifests of an incremental backup list every file of
 *     its chain, so it restores, verifies and survives the deletion of the backups it builds on by itself
 * @param encryptionKeyId with client-side encryption ({@code ringvault.storage.encryption}), the id of the key
 *     encryption key the backup's new objects and its manifests were encrypted under: the key a restore needs. Files
 *     reused from earlier backups keep the key they were stored under (their backups' manifests name it; every object's
 *     header does too). Absent (null) for a backup stored unencrypted
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
        List<NodeEntry> nodes,
        PartialBackup partial,
        String schedule,
        String buildsOn,
        List<String> chain,
        String encryptionKeyId,
        BackupMethod method,
        LogicalFormat format,
        Map<String, Long> rows,
        String csvNull,
        String source) {
    public static final int SCHEMA_VERSION = 1;

    /** What {@link #source} says of a backup made by {@code ringvault import} from an operator's files. */
    public static final String SOURCE_IMPORT = "import";

    public BackupManifest {
        // The logical fields are written only when set: a snapshot backup's manifest reads as before they existed.
        method = method == BackupMethod.SNAPSHOT ? null : method;
        format = format == LogicalFormat.NATIVE ? null : format;
        if (format != null && method != BackupMethod.LOGICAL) {
            throw new IllegalArgumentException("format " + format + " is only for a logical backup");
        }
        rows = rows == null || rows.isEmpty() ? null : io.ringvault.common.SortedMaps.copyOf(rows, "rows");
        if (csvNull != null && format != LogicalFormat.CSV) {
            throw new IllegalArgumentException("csvNull is only for a csv-format backup");
        }
        if (source != null && source.isBlank()) {
            throw new IllegalArgumentException("source must not be blank");
        }
        // Written only for an incremental backup: a snapshot backup's manifest reads as before the field existed.
        chain = chain == null || chain.isEmpty() ? null : List.copyOf(chain);
        keyspaces = keyspaces == null ? List.of() : List.copyOf(keyspaces);
        tables = tables == null ? List.of() : List.copyOf(tables);
        datacenters = datacenters == null ? List.of() : List.copyOf(datacenters);
        schema = io.ringvault.common.SortedMaps.copyOf(schema, "schema");
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }

    /** The manifest of a snapshot backup stored under the key {@code encryptionKeyId} (null: unencrypted). */
    public BackupManifest(
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
            List<NodeEntry> nodes,
            PartialBackup partial,
            String schedule,
            String buildsOn,
            List<String> chain,
            String encryptionKeyId) {
        this(
                schemaVersion,
                backupId,
                cluster,
                mode,
                keyspaces,
                tables,
                datacenters,
                startedAt,
                completedAt,
                schema,
                nodes,
                partial,
                schedule,
                buildsOn,
                chain,
                encryptionKeyId,
                null,
                null,
                null,
                null,
                null);
    }

    /** Whether this is a logical backup: its rows are files read and written through CQL. */
    @JsonIgnore
    public boolean isLogical() {
        return method == BackupMethod.LOGICAL;
    }

    /** The manifest of a backup stored unencrypted. */
    public BackupManifest(
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
            List<NodeEntry> nodes,
            PartialBackup partial,
            String schedule,
            String buildsOn,
            List<String> chain) {
        this(
                schemaVersion,
                backupId,
                cluster,
                mode,
                keyspaces,
                tables,
                datacenters,
                startedAt,
                completedAt,
                schema,
                nodes,
                partial,
                schedule,
                buildsOn,
                chain,
                null);
    }

    /** The same manifest, its objects encrypted under the key {@code keyId} (null: unencrypted). */
    public BackupManifest withEncryptionKeyId(String keyId) {
        return new BackupManifest(
                schemaVersion,
                backupId,
                cluster,
                mode,
                keyspaces,
                tables,
                datacenters,
                startedAt,
                completedAt,
                schema,
                nodes,
                partial,
                schedule,
                buildsOn,
                chain,
                keyId,
                method,
                format,
                rows,
                csvNull,
                source);
    }

    /** The manifest of a snapshot backup. */
    public BackupManifest(
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
            List<NodeEntry> nodes,
            PartialBackup partial,
            String schedule) {
        this(
                schemaVersion,
                backupId,
                cluster,
                mode,
                keyspaces,
                tables,
                datacenters,
                startedAt,
                completedAt,
                schema,
                nodes,
                partial,
                schedule,
                null,
                null);
    }

    /** The manifest of a backup asked for directly, not by a schedule. */
    public BackupManifest(
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
            List<NodeEntry> nodes,
            PartialBackup partial) {
        this(
                schemaVersion,
                backupId,
                cluster,
                mode,
                keyspaces,
                tables,
                datacenters,
                startedAt,
                completedAt,
                schema,
                nodes,
                partial,
                null);
    }

    /** The manifest of a backup of every node in its scope. */
    public BackupManifest(
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
        this(
                schemaVersion,
                backupId,
                cluster,
                mode,
                keyspaces,
                tables,
                datacenters,
                startedAt,
                completedAt,
                schema,
                nodes,
                null);
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
