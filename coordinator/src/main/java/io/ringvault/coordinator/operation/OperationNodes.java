package io.ringvault.coordinator.operation;

import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.message.NodeRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The nodes of an operation, by host id in the order they came, and what the driver asks of them all: done, failed,
 * silent, and the node manifests of a completed backup.
 */
final class OperationNodes {
    private final Map<String, NodeProgress> nodes = new LinkedHashMap<>();
    private final Instant acceptedAt;

    OperationNodes(List<NodeRef> accepted, Instant acceptedAt) {
        this.acceptedAt = acceptedAt;
        for (NodeRef node : accepted) {
            nodes.put(node.hostId(), new NodeProgress(node, acceptedAt));
        }
    }

    /** The node's part; a node outside the accepted scope gets one too, rather than its events vanishing. */
    NodeProgress node(NodeRef ref) {
        return nodes.computeIfAbsent(ref.hostId(), hostId -> new NodeProgress(ref, acceptedAt));
    }

    /** Replaces every node by {@code replacements} (a restore's target nodes replace the backed-up ones). */
    void replaceAll(List<NodeProgress> replacements) {
        nodes.clear();
        replacements.forEach(node -> nodes.put(node.ref.hostId(), node));
    }

    Collection<NodeProgress> all() {
        return nodes.values();
    }

    boolean allSnapshotsTaken() {
        return nodes.values().stream().allMatch(NodeProgress::snapshotTaken);
    }

    /** True when there are nodes and every one is done. */
    boolean allDone() {
        return !nodes.isEmpty() && nodes.values().stream().allMatch(n -> n.status == NodeStatus.DONE);
    }

    /** Every node that is not over yet is done (a restore the restorer reported completed). */
    void completeAll(Instant time) {
        nodes.values().forEach(node -> node.restoreCompleted(time));
    }

    /** The failed nodes' reasons, by host id. */
    Map<String, String> failed() {
        Map<String, String> failed = new TreeMap<>();
        nodes.values().stream()
                .filter(n -> n.status == NodeStatus.FAILED)
                .forEach(n -> failed.put(n.ref.hostId(), n.reason));
        return failed;
    }

    /** Nodes not over yet that have not been heard from for longer than {@code timeout}. */
    List<NodeRef> silent(Instant now, Duration timeout) {
        return nodes.values().stream()
                .filter(n -> !n.status.isTerminal())
                .filter(n -> Duration.between(n.lastHeardAt, now).compareTo(timeout) > 0)
                .map(n -> n.ref)
                .toList();
    }

    List<NodeRef> refs() {
        return nodes.values().stream().map(n -> n.ref).toList();
    }

    /**
     * A logical backup's rows per {@code "keyspace.table"}, summed over the nodes: a node's exported rows once its export
     * is over ({@code node.snapshot.taken}), the rows of its files stored so far while it runs; null when no node
     * reported rows (a snapshot backup).
     */
    Map<String, Long> rows() {
        Map<String, Long> rows = new TreeMap<>();
        boolean reported = false;
        for (NodeProgress node : nodes.values()) {
            if (node.snapshot != null && node.snapshot.rows() != null) {
                reported = true;
                node.snapshot.rows().forEach((table, count) -> rows.merge(table, count, Long::sum));
            } else if (!node.rowsStored().isEmpty()) {
                reported = true;
                node.rowsStored().forEach((table, count) -> rows.merge(table, count, Long::sum));
            }
        }
        return reported ? rows : null;
    }

    /** A logical backup: the rows of the files stored so far over every node; null for a snapshot backup. */
    Long rowsDone() {
        Long total = null;
        for (NodeProgress node : nodes.values()) {
            Long done = node.rowsDone();
            if (done != null) {
                total = (total == null ? 0 : total) + done;
            }
        }
        return total;
    }

    /** The manifest of every node of the backup {@code backupId}: its snapshot's facts and its stored files. */
    List<NodeManifest> manifests(String backupId, Instant completedAt) {
        return nodes.values().stream()
                .map(node -> new NodeManifest(
                        backupId,
                        node.ref,
                        node.snapshot == null ? null : node.snapshot.cassandraVersion(),
                        node.snapshot == null ? List.of() : node.snapshot.tokens(),
                        node.snapshot == null ? Map.of() : node.snapshot.schema(),
                        node.storedFiles().stream()
                                .map(f -> new NodeManifest.File(
                                        f.keyspace(),
                                        f.table(),
                                        f.fileName(),
                                        f.objectKey(),
                                        f.size(),
                                        f.checksum(),
                                        f.reused(),
                                        f.rows()))
                                .toList(),
                        completedAt))
                .toList();
    }
}
