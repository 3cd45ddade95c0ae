package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * {@code io.ringvault.node.snapshot.clear.command}: the snapshot tagged {@code backupId} is no longer needed (its files
 * are stored, or the backup failed or was cancelled); clear it so snapshots never pile up on disk. Sent by the
 * coordinator; acted on by the node agents in {@code nodes}.
 *
 * @param backupId the snapshot tag
 * @param nodes the nodes that must clear it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClearSnapshot(String backupId, List<NodeRef> nodes) implements Command {
    public ClearSnapshot {
        Names.requireId(backupId, "backupId");
        nodes = Names.listOrEmpty(nodes, "nodes");
    }
}
