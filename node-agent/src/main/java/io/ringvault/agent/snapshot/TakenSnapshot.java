package io.ringvault.agent.snapshot;

import io.ringvault.agent.node.NodeState;
import java.util.List;
import java.util.Map;

/**
 * A complete snapshot of this node, ready to announce.
 *
 * @param backupId the snapshot tag
 * @param node the node's state when the snapshot was taken
 * @param files every file of the snapshot
 * @param schema per keyspace, the CQL of {@code DESCRIBE KEYSPACE}
 */
public record TakenSnapshot(String backupId, NodeState node, List<SnapshotFile> files, Map<String, String> schema) {
    public TakenSnapshot {
        files = List.copyOf(files);
        schema = Map.copyOf(schema);
    }

    public long totalBytes() {
        return files.stream().mapToLong(SnapshotFile::size).sum();
    }
}
