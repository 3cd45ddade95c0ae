package io.ringvault.coordinator.request;

import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.message.BackupRequested;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.RestoreRequested;
import io.ringvault.coordinator.catalog.BackupCatalog;
import io.ringvault.coordinator.cluster.ClusterTopology;
import io.ringvault.coordinator.operation.BackupView;
import io.ringvault.coordinator.operation.OperationLog;
import io.ringvault.coordinator.operation.OperationStatus;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a request against the live cluster and the backups the log knows, and works out the nodes it involves. The
 * same checks apply to REST and Kafka requests. Field-level checks (names, required fields) already happened in the
 * payload records' constructors.
 */
public class RequestValidator {
    private final ClusterTopology topology;
    private final OperationLog log;
    private final BackupCatalog catalog;

    public RequestValidator(ClusterTopology topology, OperationLog log, BackupCatalog catalog) {
        this.topology = topology;
        this.log = log;
        this.catalog = catalog;
    }

    /** The nodes that take part in the backup. */
    public List<NodeRef> validateBackup(BackupRequested request) {
        for (String keyspace : request.keyspaces()) {
            if (topology.tablesOf(keyspace).isEmpty()) {
                throw RequestRejectedException.invalid(
                        "unknown-keyspace", "keyspace '" + keyspace + "' does not exist in the cluster");
            }
        }
        for (String table : request.tables()) {
            String keyspace = table.substring(0, table.indexOf('.'));
            String name = table.substring(table.indexOf('.') + 1);
            Set<String> tables = topology.tablesOf(keyspace).orElseThrow();
            if (!tables.contains(name)) {
                throw RequestRejectedException.invalid(
                        "unknown-table",
                        "table '" + table + "' does not exist (keyspace '" + keyspace + "' has " + tables + ")");
            }
        }
        Set<String> datacenters = topology.datacenters();
        for (String datacenter : request.datacenters()) {
            if (!datacenters.contains(datacenter)) {
                throw RequestRejectedException.invalid(
                        "unknown-datacenter",
                        "datacenter '" + datacenter + "' does not exist in the cluster (it has " + datacenters + ")");
            }
        }
        List<ClusterTopology.ClusterNode> inScope = topology.nodes().stream()
                .filter(node -> request.datacenters().isEmpty()
                        || request.datacenters().contains(node.ref().datacenter()))
                .toList();
        if (inScope.isEmpty()) {
            throw RequestRejectedException.invalid("no-nodes", "no node of the cluster is in scope of the backup");
        }
        for (ClusterTopology.ClusterNode node : inScope) {
            if (!node.up()) {
                NodeRef ref = node.ref();
                throw RequestRejectedException.invalid(
                        "node-down",
                        "node " + ref.hostId() + " (" + ref.address() + ", " + ref.datacenter()
                                + ") is down; a backup of its datacenter would be incomplete");
            }
        }
        return inScope.stream().map(ClusterTopology.ClusterNode::ref).toList();
    }

    /**
     * The nodes of the backup being restored. A backup the event log does not know (an older cluster's, a bucket moved
     * between clouds) is looked up in the object store: the bucket alone describes it.
     */
    public List<NodeRef> validateRestore(RestoreRequested request) {
        boolean otherCluster = request.sourceCluster() != null
                && !request.sourceCluster().equals(catalog.layout().cluster());
        Optional<BackupView> known = otherCluster ? Optional.empty() : log.backup(request.backupId());
        if (known.isEmpty()) {
            String cluster =
                    otherCluster ? request.sourceCluster() : catalog.layout().cluster();
            BackupManifest manifest = catalog.manifest(cluster, request.backupId())
                    .orElseThrow(() -> RequestRejectedException.invalid(
                            "unknown-backup",
                            "backup '" + request.backupId() + "' does not exist (no manifest under cluster '" + cluster
                                    + "' in " + catalog.describeStore() + ")"));
            requireInBackup(request, manifest.backupId(), manifest.keyspaces(), manifest.tables());
            List<NodeRef> nodes = manifest.nodes().stream()
                    .map(n -> new NodeRef(n.hostId(), n.address(), n.datacenter(), n.rack()))
                    .toList();
            requireSameNodeCount(request, nodes);
            return nodes;
        }
        BackupView backup = known.get();
        if (backup.state() != OperationStatus.COMPLETED) {
            throw RequestRejectedException.invalid(
                    "backup-not-complete",
                    "backup '" + request.backupId() + "' is "
                            + backup.state().name().toLowerCase() + ", not completed");
        }
        requireInBackup(request, backup.id(), backup.keyspaces(), backup.tables());
        List<NodeRef> nodes = log.operation(backup.id()).orElseThrow().nodeRefs();
        requireSameNodeCount(request, nodes);
        return nodes;
    }

    /** Restoring onto a different number of nodes needs SSTables re-split by token range: not supported yet. */
    private void requireSameNodeCount(RestoreRequested request, List<NodeRef> backupNodes) {
        int target = topology.nodes().size();
        if (target != backupNodes.size()) {
            throw RequestRejectedException.invalid(
                    "node-count-mismatch",
                    "backup '" + request.backupId() + "' has " + backupNodes.size() + " node(s) but this cluster has "
                            + target + ": restoring onto a different number of nodes is not supported yet");
        }
    }

    private static void requireInBackup(
            RestoreRequested request, String backupId, List<String> keyspaces, List<String> tables) {
        for (String keyspace : request.keyspaces()) {
            if (!keyspaces.contains(keyspace)) {
                throw RequestRejectedException.invalid(
                        "not-in-backup",
                        "keyspace '" + keyspace + "' is not in backup '" + backupId + "' (it has " + keyspaces + ")");
            }
        }
        for (String table : request.tables()) {
            String keyspace = table.substring(0, table.indexOf('.'));
            if (!keyspaces.contains(keyspace) || !(tables.isEmpty() || tables.contains(table))) {
                throw RequestRejectedException.invalid(
                        "not-in-backup", "table '" + table + "' is not in backup '" + backupId + "'");
            }
        }
    }
}
