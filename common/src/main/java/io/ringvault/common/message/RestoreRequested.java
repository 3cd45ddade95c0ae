package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * {@code io.ringvault.restore.requested}: restore a backup, or only some of its keyspaces or tables. Published by any
 * system on the requests topic, or posted to {@code POST /api/v1/restores}; consumed by the coordinator. Target options
 * (truncate, node mapping) are added by later versions of the contract as optional fields.
 *
 * @param backupId the backup to restore (the operation id of the backup); required
 * @param keyspaces optional keyspaces to restore; all of the backup's when empty
 * @param tables optional {@code "keyspace.table"} names to restore
 * @param requestedBy optional free text naming who asked
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RestoreRequested(String backupId, List<String> keyspaces, List<String> tables, String requestedBy)
        implements Request {
    public RestoreRequested {
        Names.requireId(backupId, "backupId");
        keyspaces = Names.listOrEmpty(keyspaces, "keyspaces");
        tables = Names.listOrEmpty(tables, "tables");
        Names.requireKeyspaces(keyspaces, "keyspaces");
        Names.requireTables(tables, "tables");
    }
}
