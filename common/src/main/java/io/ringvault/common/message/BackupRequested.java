package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * {@code io.ringvault.backup.requested}: back up these keyspaces (or only these tables) on the nodes of these
 * datacenters. Published by any system on the requests topic, or posted to {@code POST /api/v1/backups}; consumed by
 * the coordinator, which validates it against the cluster and answers with {@link OperationAccepted} or
 * {@link RequestRejected}.
 *
 * @param keyspaces keyspaces to back up; required, at least one
 * @param tables optional {@code "keyspace.table"} names limiting the backup; each must be in one of {@code keyspaces}
 * @param datacenters optional datacenters whose nodes are backed up; all datacenters when empty
 * @param mode {@code differential} (the default) or {@code full}
 * @param requestedBy optional free text naming who asked (a user, a scheduler); shown in the audit trail
 * @param allowPartial when nodes in scope are down, back up the nodes that are up instead of refusing the request
 *     ({@code node-down}); the backup is then partial: it names the missing nodes and the token ranges no backed-up
 *     replica holds ({@link PartialBackup}). Default false
 * @param schedule the name of the schedule whose firing asked for this backup; absent when asked for directly. Carried
 *     into {@code operation.accepted}, the backup manifest and the index entry
 * @param enableIncrementalBackups on nodes whose incremental backups are off, switch them on over JMX. In an incremental
 *     backup such a node is then backed up with a snapshot (its {@code backups/} directories lack what was flushed
 *     while they were off); without this option it fails with {@code incremental-backups-disabled}. Default false
 * @param buildsOn for an incremental backup, the complete backup of the same keyspaces, tables and datacenters it
 *     builds on; when absent the coordinator picks the newest one and records it in {@code operation.accepted}
 * @param flush for an incremental backup, false to ship only what Cassandra has flushed by itself rather than flush
 *     the tables first: what a continuous backup's frequent links do, so as not to litter the node with tiny SSTables.
 *     Default true; written only when false
 * @param method {@code logical} for a logical backup (the schema as CQL and every row through CQL, always full);
 *     absent for a snapshot backup (the default)
 * @param format for a logical backup, {@code csv} for CSV files (and a {@code schema.cql}); absent for the native
 *     chunk format (the default). Only with method logical
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupRequested(
        List<String> keyspaces,
        List<String> tables,
        List<String> datacenters,
        BackupMode mode,
        String requestedBy,
        Boolean allowPartial,
        String schedule,
        Boolean enableIncrementalBackups,
        String buildsOn,
        Boolean flush,
        BackupMethod method,
        LogicalFormat format)
        implements Request {
    public BackupRequested {
        // Written only when set: a snapshot backup's request reads exactly as before these fields existed.
        method = BackupMethod.writtenOnlyWhenLogical(method);
        format = BackupMethod.formatOf(method, format);
        if (method == BackupMethod.LOGICAL) {
            if (mode == BackupMode.INCREMENTAL) {
                throw new IllegalArgumentException(
                        "mode incremental is not for method logical: a logical backup is always full");
            }
            if (Boolean.TRUE.equals(enableIncrementalBackups)) {
                throw new IllegalArgumentException(
                        "enableIncrementalBackups is for snapshot backups, not method logical: a logical backup reads"
                                + " rows through CQL");
            }
            // Every row is read again: nothing is reused from an earlier backup.
            mode = BackupMode.FULL;
        }
        flush = Boolean.FALSE.equals(flush) ? Boolean.FALSE : null;
        // Written only when set: a request without it reads exactly as before the field existed.
        enableIncrementalBackups = Boolean.TRUE.equals(enableIncrementalBackups) ? Boolean.TRUE : null;
        if (buildsOn != null) {
            Names.requireId(buildsOn, "buildsOn");
        }
        if (schedule != null) {
            Names.requireScheduleName(schedule, "schedule");
        }
        allowPartial = allowPartial != null && allowPartial;
        keyspaces = Names.listOrEmpty(keyspaces, "keyspaces");
        tables = Names.listOrEmpty(tables, "tables");
        datacenters = Names.listOrEmpty(datacenters, "datacenters");
        mode = mode == null ? BackupMode.DIFFERENTIAL : mode;
        if (keyspaces.isEmpty()) {
            throw new IllegalArgumentException("keyspaces is required: name at least one keyspace");
        }
        Names.requireKeyspaces(keyspaces, "keyspaces");
        Names.requireTables(tables, "tables");
        for (String table : tables) {
            String keyspace = table.substring(0, table.indexOf('.'));
            if (!keyspaces.contains(keyspace)) {
                throw new IllegalArgumentException(
                        "tables contains '" + table + "', whose keyspace is not in keyspaces " + keyspaces);
            }
        }
        for (String datacenter : datacenters) {
            Names.requireText(datacenter, "datacenters");
        }
        if (flush != null && mode != BackupMode.INCREMENTAL) {
            throw new IllegalArgumentException("flush: false is only for an incremental backup (mode incremental): a"
                    + " snapshot always flushes");
        }
        if (buildsOn != null && mode != BackupMode.INCREMENTAL) {
            throw new IllegalArgumentException("buildsOn is only for an incremental backup (mode incremental), not "
                    + mode.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** A snapshot backup (the method and format absent). */
    public BackupRequested(
            List<String> keyspaces,
            List<String> tables,
            List<String> datacenters,
            BackupMode mode,
            String requestedBy,
            Boolean allowPartial,
            String schedule,
            Boolean enableIncrementalBackups,
            String buildsOn,
            Boolean flush) {
        this(
                keyspaces,
                tables,
                datacenters,
                mode,
                requestedBy,
                allowPartial,
                schedule,
                enableIncrementalBackups,
                buildsOn,
                flush,
                null,
                null);
    }

    /** A logical backup: the schema and every row through CQL, in {@code format} (null: native). */
    public static BackupRequested logical(
            List<String> keyspaces,
            List<String> tables,
            List<String> datacenters,
            String requestedBy,
            LogicalFormat format) {
        return new BackupRequested(
                keyspaces,
                tables,
                datacenters,
                BackupMode.FULL,
                requestedBy,
                null,
                null,
                null,
                null,
                null,
                BackupMethod.LOGICAL,
                format);
    }

    /** Whether this is a logical backup. */
    public boolean logicalBackup() {
        return method == BackupMethod.LOGICAL;
    }

    /** A backup asked for by a schedule or directly, without the incremental options. */
    public BackupRequested(
            List<String> keyspaces,
            List<String> tables,
            List<String> datacenters,
            BackupMode mode,
            String requestedBy,
            Boolean allowPartial,
            String schedule) {
        this(keyspaces, tables, datacenters, mode, requestedBy, allowPartial, schedule, null, null, null);
    }

    /** A backup without the {@code flush} option. */
    public BackupRequested(
            List<String> keyspaces,
            List<String> tables,
            List<String> datacenters,
            BackupMode mode,
            String requestedBy,
            Boolean allowPartial,
            String schedule,
            Boolean enableIncrementalBackups,
            String buildsOn) {
        this(
                keyspaces,
                tables,
                datacenters,
                mode,
                requestedBy,
                allowPartial,
                schedule,
                enableIncrementalBackups,
                buildsOn,
                null);
    }

    /** Whether the tables are flushed before the files are listed: always, but for {@code flush: false}. */
    public boolean flushes() {
        return !Boolean.FALSE.equals(flush);
    }

    /**
     * The same request asked for by {@code principal}: the coordinator's REST API records who it authenticated, never
     * what a body says.
     */
    public BackupRequested requestedBy(String principal) {
        return new BackupRequested(
                keyspaces,
                tables,
                datacenters,
                mode,
                principal,
                allowPartial,
                schedule,
                enableIncrementalBackups,
                buildsOn,
                flush,
                method,
                format);
    }

    /** The same request building on {@code backupId}: what the coordinator records for an incremental backup. */
    public BackupRequested buildingOn(String backupId) {
        return new BackupRequested(
                keyspaces,
                tables,
                datacenters,
                mode,
                requestedBy,
                allowPartial,
                schedule,
                enableIncrementalBackups,
                backupId,
                flush,
                method,
                format);
    }

    /** A backup asked for directly, not by a schedule. */
    public BackupRequested(
            List<String> keyspaces,
            List<String> tables,
            List<String> datacenters,
            BackupMode mode,
            String requestedBy,
            Boolean allowPartial) {
        this(keyspaces, tables, datacenters, mode, requestedBy, allowPartial, null);
    }

    /** A backup that is refused when a node in scope is down (the default). */
    public BackupRequested(
            List<String> keyspaces,
            List<String> tables,
            List<String> datacenters,
            BackupMode mode,
            String requestedBy) {
        this(keyspaces, tables, datacenters, mode, requestedBy, null);
    }
}
