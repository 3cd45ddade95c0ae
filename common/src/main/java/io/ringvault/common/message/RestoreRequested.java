package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.ringvault.common.SortedMaps;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code io.ringvault.restore.requested}: restore a backup, or only some of its keyspaces or tables. Published by any
 * system on the requests topic, or posted to {@code POST /api/v1/restores}; consumed by the coordinator.
 *
 * @param backupId the backup to restore (the operation id of the backup); required
 * @param keyspaces optional keyspaces to restore; all of the backup's when empty
 * @param tables optional {@code "keyspace.table"} names to restore
 * @param datacenters optional datacenters in scope: only the backup's nodes of these datacenters are restored, onto the
 *     cluster's nodes of the same datacenters; empty (the default) means every datacenter the backup covers. Never
 *     null
 * @param requestedBy optional free text naming who asked
 * @param truncate truncate each table before its files are imported (its current rows are deleted); default false
 * @param allowSchemaMismatch import into an existing table whose schema differs from the backup's; default false, which
 *     refuses such a table with a clear error
 * @param nodeMapping optional source host id → target host id; unmapped nodes are mapped by datacenter, rack and token
 *     ownership. A datacenter may have another number of nodes than the backup: the restorer then streams
 * @param sourceCluster optional cluster name of the backup in the object store, to restore another cluster's backup;
 *     default the deployment's own cluster
 * @param dryRun optional: only plan the restore and change nothing. The restorer publishes the plan
 *     ({@code restore.planned}, with {@code dryRun}) and ends the operation completed with no table imported. Absent or
 *     false: a real restore (false is written as absent)
 * @param repair optional: once every table's files are loaded (imported or streamed), run a full repair of the
 *     restored tables, keyspace by keyspace, on each target node in turn (each node its primary ranges, so that the
 *     target nodes together cover the ring once), reported as the {@code repairing} phase of {@code restore.progress}.
 *     A failed repair fails the restore with {@code repair-failed} naming the node; the imported data stays. A dry run
 *     only says in its plan that a repair would run. Absent or false: no repair (false is written as absent)
 * @param until optional: restore {@code backupId} plus every incremental backup built on it (directly or through
 *     others) up to the newest one taken at or before this time, the point in time of a continuous backup. The
 *     coordinator resolves it when it accepts the request: {@code operation.accepted} names the backup it restores in
 *     {@code backupId} and keeps {@code until}
 * @param renames optional, logical backups only: {@code keyspace.table} of the backup → {@code keyspace.table} it is
 *     restored as; the target table is created from the backup's definition when missing. A physical backup with
 *     renames is refused
 * @param renameKeyspaces optional, logical backups only: keyspace of the backup → keyspace it is restored into, with
 *     its types, tables and indexes; a table's own entry in {@code renames} wins
 * @param maxErrors optional, logical backups only: rows that may be rejected (each kept in an error file next to the
 *     backup) before the restore fails with {@code import-failed}; absent means 0 (written only when above 0)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RestoreRequested(
        String backupId,
        List<String> keyspaces,
        List<String> tables,
        List<String> datacenters,
        String requestedBy,
        Boolean truncate,
        Boolean allowSchemaMismatch,
        Map<String, String> nodeMapping,
        String sourceCluster,
        Boolean dryRun,
        Boolean repair,
        Instant until,
        Map<String, String> renames,
        Map<String, String> renameKeyspaces,
        Long maxErrors)
        implements Request {
    public RestoreRequested {
        Names.requireId(backupId, "backupId");
        keyspaces = Names.listOrEmpty(keyspaces, "keyspaces");
        tables = Names.listOrEmpty(tables, "tables");
        Names.requireKeyspaces(keyspaces, "keyspaces");
        Names.requireTables(tables, "tables");
        datacenters = Names.listOrEmpty(datacenters, "datacenters");
        for (String datacenter : datacenters) {
            Names.requireText(datacenter, "datacenters");
        }
        truncate = truncate != null && truncate;
        allowSchemaMismatch = allowSchemaMismatch != null && allowSchemaMismatch;
        nodeMapping = SortedMaps.copyOf(nodeMapping, "nodeMapping");
        if (sourceCluster != null) {
            Names.requireId(sourceCluster, "sourceCluster");
            if (sourceCluster.contains("..")) {
                throw new IllegalArgumentException("sourceCluster must be a plain name: '" + sourceCluster + "'");
            }
        }
        // Only a dry run is written: a real restore's request reads as it did before the field existed.
        dryRun = Boolean.TRUE.equals(dryRun) ? Boolean.TRUE : null;
        // Likewise only a repair that is asked for is written.
        repair = Boolean.TRUE.equals(repair) ? Boolean.TRUE : null;
        // Renames and maxErrors are written only when given: a request without them reads as before they existed.
        renames = renames == null || renames.isEmpty() ? null : SortedMaps.copyOf(renames, "renames");
        if (renames != null) {
            renames.forEach((from, to) -> {
                Names.requireTables(List.of(from), "renames");
                Names.requireTables(List.of(to), "renames");
            });
        }
        renameKeyspaces = renameKeyspaces == null || renameKeyspaces.isEmpty()
                ? null
                : SortedMaps.copyOf(renameKeyspaces, "renameKeyspaces");
        if (renameKeyspaces != null) {
            renameKeyspaces.forEach((from, to) -> Names.requireKeyspaces(List.of(from, to), "renameKeyspaces"));
        }
        if (maxErrors != null && maxErrors < 0) {
            throw new IllegalArgumentException("maxErrors must not be negative: " + maxErrors);
        }
        maxErrors = maxErrors == null || maxErrors == 0 ? null : maxErrors;
    }

    /** A restore with these options and no renames: the fields that existed before {@code renames}, in their order. */
    public RestoreRequested(
            String backupId,
            List<String> keyspaces,
            List<String> tables,
            List<String> datacenters,
            String requestedBy,
            Boolean truncate,
            Boolean allowSchemaMismatch,
            Map<String, String> nodeMapping,
            String sourceCluster,
            Boolean dryRun,
            Boolean repair,
            Instant until) {
        this(
                backupId,
                keyspaces,
                tables,
                datacenters,
                requestedBy,
                truncate,
                allowSchemaMismatch,
                nodeMapping,
                sourceCluster,
                dryRun,
                repair,
                until,
                null,
                null,
                null);
    }

    /** Whether the request renames a keyspace or a table (logical backups only). */
    public boolean renaming() {
        return renames != null || renameKeyspaces != null;
    }

    /** Rows that may be rejected before the restore fails; 0 when absent. */
    public long errorsAllowed() {
        return maxErrors == null ? 0 : maxErrors;
    }

    /** Whether this is a dry run: plan only, change nothing. */
    public boolean planOnly() {
        return Boolean.TRUE.equals(dryRun);
    }

    /** Whether a repair of the restored tables is asked for once their files are loaded. */
    public boolean repairAfter() {
        return Boolean.TRUE.equals(repair);
    }

    /** A restore of one backup, not a point in time. */
    public RestoreRequested(
            String backupId,
            List<String> keyspaces,
            List<String> tables,
            List<String> datacenters,
            String requestedBy,
            Boolean truncate,
            Boolean allowSchemaMismatch,
            Map<String, String> nodeMapping,
            String sourceCluster,
            Boolean dryRun,
            Boolean repair) {
        this(
                backupId,
                keyspaces,
                tables,
                datacenters,
                requestedBy,
                truncate,
                allowSchemaMismatch,
                nodeMapping,
                sourceCluster,
                dryRun,
                repair,
                null);
    }

    /**
     * The same request asked for by {@code principal}: the coordinator's REST API records who it authenticated, never
     * what a body says.
     */
    public RestoreRequested requestedBy(String principal) {
        return new RestoreRequested(
                backupId,
                keyspaces,
                tables,
                datacenters,
                principal,
                truncate,
                allowSchemaMismatch,
                nodeMapping,
                sourceCluster,
                dryRun,
                repair,
                until,
                renames,
                renameKeyspaces,
                maxErrors);
    }

    /** The same request restoring {@code resolved}: what {@code until} resolved to. */
    public RestoreRequested restoring(String resolved) {
        return new RestoreRequested(
                resolved,
                keyspaces,
                tables,
                datacenters,
                requestedBy,
                truncate,
                allowSchemaMismatch,
                nodeMapping,
                sourceCluster,
                dryRun,
                repair,
                until,
                renames,
                renameKeyspaces,
                maxErrors);
    }

    /** A restore with these options and no repair: the fields that existed before {@code repair}, in their order. */
    public RestoreRequested(
            String backupId,
            List<String> keyspaces,
            List<String> tables,
            List<String> datacenters,
            String requestedBy,
            Boolean truncate,
            Boolean allowSchemaMismatch,
            Map<String, String> nodeMapping,
            String sourceCluster,
            Boolean dryRun) {
        this(
                backupId,
                keyspaces,
                tables,
                datacenters,
                requestedBy,
                truncate,
                allowSchemaMismatch,
                nodeMapping,
                sourceCluster,
                dryRun,
                null);
    }

    /** A real restore (not a dry run) with these options. */
    public RestoreRequested(
            String backupId,
            List<String> keyspaces,
            List<String> tables,
            List<String> datacenters,
            String requestedBy,
            Boolean truncate,
            Boolean allowSchemaMismatch,
            Map<String, String> nodeMapping,
            String sourceCluster) {
        this(
                backupId,
                keyspaces,
                tables,
                datacenters,
                requestedBy,
                truncate,
                allowSchemaMismatch,
                nodeMapping,
                sourceCluster,
                null,
                null);
    }

    /** A restore of the whole backup, or part of it, with the default options, in every datacenter it covers. */
    public RestoreRequested(String backupId, List<String> keyspaces, List<String> tables, String requestedBy) {
        this(backupId, keyspaces, tables, null, requestedBy, null, null, null, null, null, null);
    }

    /**
     * A restore in every datacenter the backup covers: the fields that existed before {@code datacenters}, in their
     * order, so callers written against them keep compiling.
     */
    public RestoreRequested(
            String backupId,
            List<String> keyspaces,
            List<String> tables,
            String requestedBy,
            Boolean truncate,
            Boolean allowSchemaMismatch,
            Map<String, String> nodeMapping,
            String sourceCluster) {
        this(
                backupId,
                keyspaces,
                tables,
                null,
                requestedBy,
                truncate,
                allowSchemaMismatch,
                nodeMapping,
                sourceCluster,
                null,
                null);
    }
}
