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
 * @param completed true when the backup completed (its manifests are written): the node may then remove the hard links
 *     in {@code backups/} that the backup holds. False after a failure or a cancel
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClearSnapshot(String backupId, List<NodeRef> nodes, Boolean completed) implements Command {
    public ClearSnapshot {
        // Written only when true: the clear after a failure reads exactly as before the field existed.
        completed = Boolean.TRUE.equals(completed) ? Boolean.TRUE : null;
        Names.requireId(backupId, "backupId");
        nodes = Names.listOrEmpty(nodes, "nodes");
    }

    /** Whether the backup completed, so the {@code backups/} links it holds may go. */
    public boolean backupCompleted() {
        return Boolean.TRUE.equals(completed);
    }

    /** The clear after a backup that failed or was cancelled. */
    public ClearSnapshot(String backupId, List<NodeRef> nodes) {
        this(backupId, nodes, false);
    }
}
