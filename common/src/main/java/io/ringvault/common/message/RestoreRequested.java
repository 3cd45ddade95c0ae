package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.ringvault.common.SortedMaps;
import java.util.List;
import java.util.Map;

/**
 * {@code io.ringvault.restore.requested}: restore a backup, or only some of its keyspaces or tables. Published by any
 * system on the requests topic, or posted to {@code POST /api/v1/restores}; consumed by the coordinator.
 *
 * @param backupId the backup to restore (the operation id of the backup); required
 * @param keyspaces optional keyspaces to restore; all of the backup's when empty
 * @param tables optional {@code "keyspace.table"} names to restore
 * @param requestedBy optional free text naming who asked
 * @param truncate truncate each table before its files are imported (its current rows are deleted); default false
 * @param allowSchemaMismatch import into an existing table whose schema differs from the backup's; default false, which
 *     refuses such a table with a clear error
 * @param nodeMapping optional source host id → target host id; unmapped nodes are mapped by datacenter, rack and token
 *     ownership. The target must have as many nodes as the backup
 * @param sourceCluster optional cluster name of the backup in the object store, to restore another cluster's backup;
 *     default the deployment's own cluster
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RestoreRequested(
        String backupId,
        List<String> keyspaces,
        List<String> tables,
        String requestedBy,
        Boolean truncate,
        Boolean allowSchemaMismatch,
        Map<String, String> nodeMapping,
        String sourceCluster)
        implements Request {
    public RestoreRequested {
        Names.requireId(backupId, "backupId");
        keyspaces = Names.listOrEmpty(keyspaces, "keyspaces");
        tables = Names.listOrEmpty(tables, "tables");
        Names.requireKeyspaces(keyspaces, "keyspaces");
        Names.requireTables(tables, "tables");
        truncate = truncate != null && truncate;
        allowSchemaMismatch = allowSchemaMismatch != null && allowSchemaMismatch;
        nodeMapping = SortedMaps.copyOf(nodeMapping, "nodeMapping");
        if (sourceCluster != null) {
            Names.requireId(sourceCluster, "sourceCluster");
            if (sourceCluster.contains("..")) {
                throw new IllegalArgumentException("sourceCluster must be a plain name: '" + sourceCluster + "'");
            }
        }
    }

    /** A restore of the whole backup, or part of it, with the default options. */
    public RestoreRequested(String backupId, List<String> keyspaces, List<String> tables, String requestedBy) {
        this(backupId, keyspaces, tables, requestedBy, null, null, null, null);
    }
}
