package io.ringvault.coordinator.catalog;

import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The node manifests of an incremental backup are cumulative: each lists the files of the backup it builds on
 * (themselves cumulative, back to the snapshot) and the files this backup shipped. An incremental backup then restores,
 * verifies, and is deleted like any other: the restore imports the snapshot's SSTables and every SSTable flushed since,
 * Cassandra reconciles them (newer writes and tombstones win), and deleting an older backup of the chain never removes
 * an object a later one lists.
 */
final class IncrementalChain {
    private IncrementalChain() {}

    /** The backups {@code previous}'s successor builds on, oldest first, ending with {@code previous}. */
    static List<String> chainAfter(BackupManifest previous) {
        List<String> chain = previous.chain() == null ? new ArrayList<>() : new ArrayList<>(previous.chain());
        chain.add(previous.backupId());
        return chain;
    }

    /**
     * Each of {@code own} with the files of the same node in {@code previous} (by host id) before its own, marked
     * reused; a file both list (the same object key) appears once, as this backup has it.
     */
    static List<NodeManifest> cumulative(List<NodeManifest> own, Map<String, NodeManifest> previous) {
        List<NodeManifest> merged = new ArrayList<>();
        for (NodeManifest node : own) {
            NodeManifest before = previous.get(node.node().hostId());
            if (before == null) {
                merged.add(node); // took a snapshot: nothing to build on
                continue;
            }
            Set<String> ownKeys = new HashSet<>();
            node.files().forEach(file -> ownKeys.add(file.objectKey()));
            List<NodeManifest.File> files = new ArrayList<>();
            for (NodeManifest.File file : before.files()) {
                if (!ownKeys.contains(file.objectKey())) {
                    files.add(new NodeManifest.File(
                            file.keyspace(),
                            file.table(),
                            file.fileName(),
                            file.objectKey(),
                            file.size(),
                            file.checksum(),
                            true));
                }
            }
            files.addAll(node.files());
            merged.add(new NodeManifest(
                    node.backupId(),
                    node.node(),
                    node.cassandraVersion(),
                    node.tokens(),
                    node.schema(),
                    files,
                    node.completedAt()));
        }
        return merged;
    }
}
