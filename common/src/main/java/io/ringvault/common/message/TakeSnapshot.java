package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * {@code io.ringvault.node.snapshot.command}: take a snapshot tagged {@code backupId} of these keyspaces or tables, and
 * announce each of its files with {@link FileReady}. Sent by the coordinator on the commands topic; acted on by the node
 * agents whose host id is in {@code nodes}.
 *
 * @param backupId the snapshot tag and backup id (the operation id)
 * @param keyspaces keyspaces to snapshot
 * @param tables optional {@code "keyspace.table"} names limiting the snapshot
 * @param mode differential or full, passed on to the uploaders through {@link FileReady}
 * @param nodes the nodes that must take the snapshot
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TakeSnapshot(
        String backupId, List<String> keyspaces, List<String> tables, BackupMode mode, List<NodeRef> nodes)
        implements Command {
    public TakeSnapshot {
        Names.requireId(backupId, "backupId");
        keyspaces = Names.listOrEmpty(keyspaces, "keyspaces");
        tables = Names.listOrEmpty(tables, "tables");
        nodes = Names.listOrEmpty(nodes, "nodes");
        mode = mode == null ? BackupMode.DIFFERENTIAL : mode;
        Names.requireKeyspaces(keyspaces, "keyspaces");
        Names.requireTables(tables, "tables");
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("nodes is required: a snapshot command names its nodes");
        }
    }
}
