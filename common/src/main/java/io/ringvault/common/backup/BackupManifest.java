package io.ringvault.common.backup;

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
 * @param method {@code logical} for a logical backup: {@code schema} holds each keyspace's CQL script (keyspace, user
 *     types in dependency order, tables, indexes, materialized views; limited to the tables in scope) and the node
 *     manifests list chunk files ({@code .rvlg}) or CSV files ({@code .csv}) rather than SSTables. Absent for a
 *     snapshot backup
 * @param format {@code csv} for a logical backup written as CSV (with a {@code schema.cql} object beside the
 *     manifest); absent for the native chunk format and for snapshot backups
 * @param rows for a logical backup, the rows exported of each table in scope, keyed by {@code "keyspace.table"};
 *     absent for a snapshot backup
 * @param csvNull a CSV-format logical backup's NULL marker; absent means the CSV default ({@code <null>}), and always
 *     for other backups
 * @param source where the backup's files came from when ringvault did not read them from the cluster itself:
 *     {@code "import"} for files uploaded by {@code ringvault import} (a cqlsh {@code DESCRIBE} and {@code COPY TO}
 *     backup); absent for a backup taken by ringvault
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
        // Written only for a logical backup: a snapshot backup's manifest reads as before these fields existed.
        method = BackupMethod.writtenOnlyWhenLogical(method);
        format = BackupMethod.formatOf(method, format);
        rows = io.ringvault.common.SortedMaps.rowCountsOrNull(rows, "rows");
        if (rows != null && method != BackupMethod.LOGICAL) {
            throw new IllegalArgumentException("rows is only for a logical backup (method logical)");
        }
        if (csvNull != null && format != LogicalFormat.CSV) {
            throw new IllegalArgumentException("csvNull is only for a CSV-format logical backup (format csv)");
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

    /** The manifest of a snapshot or incremental backup (the method absent). */
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
                null);
    }

    /** A logical backup's manifest without a NULL marker (native chunks, or CSV with the default marker). */
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
            String encryptionKeyId,
            BackupMethod method,
            LogicalFormat format,
            Map<String, Long> rows) {
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
                method,
                format,
                rows,
                null);
    }

    /** The manifest of a backup ringvault took (the source absent). */
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
            String encryptionKeyId,
            BackupMethod method,
            LogicalFormat format,
            Map<String, Long> rows,
            String csvNull) {
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
                method,
                format,
                rows,
                csvNull,
                null);
    }

    /** Whether this is a logical backup. */
    public boolean logicalBackup() {
        return method == BackupMethod.LOGICAL;
    }

    /** The format of a logical backup's files (native when absent); null for a snapshot backup. */
    public LogicalFormat logicalFormat() {
        if (!logicalBackup()) {
            return null;
        }
        return format == null ? LogicalFormat.NATIVE : format;
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
