package io.ringvault.coordinator.request;

import io.ringvault.common.message.BackupRequested;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.RestoreRequested;
import io.ringvault.coordinator.cluster.ClusterTopology;
import io.ringvault.coordinator.operation.BackupView;
import io.ringvault.coordinator.operation.OperationLog;
import io.ringvault.coordinator.operation.OperationStatus;
import java.util.List;
import java.util.Set;

/**
 * Checks a request against the live cluster and the backups the log knows, and works out the nodes it involves. The
 * same checks apply to REST and Kafka requests. Field-level checks (names, required fields) already happened in the
 * payload records' constructors.
 */
public class RequestValidator {
    private final ClusterTopology topology;
    private final OperationLog log;

    public RequestValidator(ClusterTopology topology, OperationLog log) {
        this.topology = topology;
        this.log = log;
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

    /** The nodes of the backup being restored. */
    public List<NodeRef> validateRestore(RestoreRequested request) {
        BackupView backup = log.backup(request.backupId())
                .orElseThrow(() -> RequestRejectedException.invalid(
                        "unknown-backup", "backup '" + request.backupId() + "' does not exist"));
        if (backup.state() != OperationStatus.COMPLETED) {
            throw RequestRejectedException.invalid(
                    "backup-not-complete",
                    "backup '" + request.backupId() + "' is "
                            + backup.state().name().toLowerCase() + ", not completed");
        }
        for (String keyspace : request.keyspaces()) {
            if (!backup.keyspaces().contains(keyspace)) {
                throw RequestRejectedException.invalid(
                        "not-in-backup",
                        "keyspace '" + keyspace + "' is not in backup '" + backup.id() + "' (it has "
                                + backup.keyspaces() + ")");
            }
        }
        for (String table : request.tables()) {
            String keyspace = table.substring(0, table.indexOf('.'));
            boolean inBackup = backup.keyspaces().contains(keyspace)
                    && (backup.tables().isEmpty() || backup.tables().contains(table));
            if (!inBackup) {
                throw RequestRejectedException.invalid(
                        "not-in-backup", "table '" + table + "' is not in backup '" + backup.id() + "'");
            }
        }
        return log.operation(backup.id()).orElseThrow().nodeRefs();
    }
}
