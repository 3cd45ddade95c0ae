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
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupRequested(
        List<String> keyspaces,
        List<String> tables,
        List<String> datacenters,
        BackupMode mode,
        String requestedBy,
        Boolean allowPartial,
        String schedule)
        implements Request {
    public BackupRequested {
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
