package io.ringvault.coordinator.request;

import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.PartialBackup;
import java.util.List;

/**
 * The nodes a backup request involves once validated: the nodes that take a snapshot and, for a partial backup, what
 * it lacks.
 *
 * @param nodes the nodes that take a snapshot; never empty
 * @param partial the nodes left out because they were down and the token ranges no backed-up node holds; null when
 *     every node in scope takes part
 */
public record BackupScope(List<NodeRef> nodes, PartialBackup partial) {
    public BackupScope {
        nodes = List.copyOf(nodes);
    }
}
