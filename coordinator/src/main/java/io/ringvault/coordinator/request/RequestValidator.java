package io.ringvault.coordinator.request;

import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.BackupRequested;
import io.ringvault.common.message.CopyRequested;
import io.ringvault.common.message.DeleteRequested;
import io.ringvault.common.message.GcRequested;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.OperationKind;
import io.ringvault.common.message.PartialBackup;
import io.ringvault.common.message.PurgePlan;
import io.ringvault.common.message.PurgeRequested;
import io.ringvault.common.message.RestoreRequested;
import io.ringvault.common.message.VerifyRequested;
import io.ringvault.coordinator.catalog.BackupCatalog;
import io.ringvault.coordinator.cluster.ClusterTopology;
import io.ringvault.coordinator.operation.BackupView;
import io.ringvault.coordinator.operation.Operation;
import io.ringvault.coordinator.operation.OperationLog;
import io.ringvault.coordinator.operation.OperationStatus;
import io.ringvault.coordinator.retention.NoRetentionPolicyException;
import io.ringvault.coordinator.retention.RetentionSettings;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks a request against the live cluster and the backups the log knows, and works out the nodes it involves. The
 * same checks apply to REST and Kafka requests. Field-level checks (names, required fields) already happened in the
 * payload records' constructors.
 */
public class RequestValidator {
    private final ClusterTopology topology;
    private final OperationLog log;
    private final BackupCatalog catalog;
    private final Set<String> copyTargets;

    public RequestValidator(ClusterTopology topology, OperationLog log, BackupCatalog catalog) {
        this(topology, log, catalog, Set.of());
    }

    /** @param copyTargets the names of the copy targets ({@code ringvault.storage.targets}) a copy may name */
    public RequestValidator(
            ClusterTopology topology, OperationLog log, BackupCatalog catalog, Set<String> copyTargets) {
        this.topology = topology;
        this.log = log;
        this.catalog = catalog;
        this.copyTargets = new TreeSet<>(copyTargets);
    }

    /**
     * The nodes that take part in the backup. A node in scope that is down refuses the request ({@code node-down},
     * naming it), unless the request allows a partial backup: then the nodes that are up take part, and the scope
     * records the missing nodes and, per keyspace, the token ranges none of the backed-up nodes holds a replica of.
     */
    public BackupScope validateBackup(BackupRequested request) {
        requireNoConflict(OperationKind.BACKUP);
        for (String keyspace : request.keyspaces()) {
            if (topology.tablesOf(keyspace).isEmpty()) {
                throw RequestRejectedException.invalid(
                        FailureReason.UNKNOWN_KEYSPACE, "keyspace '" + keyspace + "' does not exist in the cluster");
            }
        }
        for (String table : request.tables()) {
            String keyspace = table.substring(0, table.indexOf('.'));
            String name = table.substring(table.indexOf('.') + 1);
            Set<String> tables = topology.tablesOf(keyspace).orElseThrow();
            if (!tables.contains(name)) {
                throw RequestRejectedException.invalid(
                        FailureReason.UNKNOWN_TABLE,
                        "table '" + table + "' does not exist (keyspace '" + keyspace + "' has " + tables + ")");
            }
        }
        Set<String> datacenters = topology.datacenters();
        for (String datacenter : request.datacenters()) {
            if (!datacenters.contains(datacenter)) {
                throw RequestRejectedException.invalid(
                        FailureReason.UNKNOWN_DATACENTER,
                        "datacenter '" + datacenter + "' does not exist in the cluster (it has " + datacenters + ")");
            }
        }
        List<ClusterTopology.ClusterNode> inScope = topology.nodes().stream()
                .filter(node -> request.datacenters().isEmpty()
                        || request.datacenters().contains(node.ref().datacenter()))
                .toList();
        if (inScope.isEmpty()) {
            throw RequestRejectedException.invalid(
                    FailureReason.NO_NODES, "no node of the cluster is in scope of the backup");
        }
        List<NodeRef> up = inScope.stream()
                .filter(ClusterTopology.ClusterNode::up)
                .map(ClusterTopology.ClusterNode::ref)
                .toList();
        List<NodeRef> down = inScope.stream()
                .filter(node -> !node.up())
                .map(ClusterTopology.ClusterNode::ref)
                .toList();
        if (down.isEmpty()) {
            return new BackupScope(up, null);
        }
        if (!request.allowPartial()) {
            throw RequestRejectedException.invalid(
                    FailureReason.NODE_DOWN,
                    describe(down) + (down.size() == 1 ? " is" : " are")
                            + " down; a backup of its datacenter would be incomplete (allowPartial, or"
                            + " `ringvault backup --allow-partial`, backs up the nodes that are up instead)");
        }
        if (up.isEmpty()) {
            throw RequestRejectedException.invalid(
                    FailureReason.NO_NODES,
                    "every node in scope of the backup is down, so even a partial backup has no node: "
                            + describe(down));
        }
        Set<String> backedUp = up.stream().map(NodeRef::hostId).collect(Collectors.toSet());
        List<PartialBackup.KeyspaceRanges> uncovered = new ArrayList<>();
        for (String keyspace : request.keyspaces()) {
            RangeCoverage.uncovered(keyspace, topology.ring(keyspace), backedUp).ifPresent(uncovered::add);
        }
        return new BackupScope(up, new PartialBackup(down, uncovered));
    }

    /**
     * The nodes of the backup being restored, those of the datacenters in scope: the request's {@code datacenters},
     * else every datacenter the backup covers. A backup the event log does not know (an older cluster's, a bucket moved
     * between clouds) is looked up in the object store: the bucket alone describes it.
     *
     * <p>Only what can never be planned is refused here: a datacenter the backup does not cover, one the cluster does
     * not have (unless {@code nodeMapping} places each of its nodes), and a truncate that would reach datacenters
     * outside the scope. How the backed-up nodes of a datacenter map onto the cluster's, and whether their numbers
     * may differ, is the restorer's to decide: it plans the restore.
     */
    public List<NodeRef> validateRestore(RestoreRequested request) {
        boolean otherCluster = request.sourceCluster() != null
                && !request.sourceCluster().equals(catalog.layout().cluster());
        if (!otherCluster) {
            requireNotDeleted(request.backupId());
        }
        Optional<BackupView> known = otherCluster ? Optional.empty() : log.backup(request.backupId());
        List<NodeRef> nodes;
        List<String> keyspaces;
        boolean logical;
        if (known.isEmpty()) {
            String cluster =
                    otherCluster ? request.sourceCluster() : catalog.layout().cluster();
            BackupManifest manifest = catalog.manifest(cluster, request.backupId())
                    .orElseThrow(() -> RequestRejectedException.invalid(
                            FailureReason.UNKNOWN_BACKUP,
                            "backup '" + request.backupId() + "' does not exist (no manifest under cluster '" + cluster
                                    + "' in " + catalog.describeStore() + ")"));
            requireInBackup(request, manifest.backupId(), manifest.keyspaces(), manifest.tables());
            nodes = manifest.nodes().stream()
                    .map(n -> new NodeRef(n.hostId(), n.address(), n.datacenter(), n.rack()))
                    .toList();
            keyspaces = manifest.keyspaces();
            logical = manifest.logicalBackup();
        } else {
            BackupView backup = known.get();
            if (backup.state() != OperationStatus.COMPLETED) {
                throw RequestRejectedException.invalid(
                        FailureReason.BACKUP_NOT_COMPLETE,
                        "backup '" + request.backupId() + "' is "
                                + backup.state().name().toLowerCase() + ", not completed");
            }
            requireInBackup(request, backup.id(), backup.keyspaces(), backup.tables());
            nodes = log.operation(backup.id()).orElseThrow().nodeRefs();
            keyspaces = backup.keyspaces();
            logical = catalog.manifest(catalog.layout().cluster(), backup.id())
                    .map(BackupManifest::logicalBackup)
                    .orElse(false);
        }
        if (logical) {
            // Rows go through CQL to whichever nodes own them: no node mapping, any number of nodes, every datacenter.
            requireNoSnapshotOptions(request);
            return nodes;
        }
        if (request.renaming() || request.maxErrors() != null) {
            throw RequestRejectedException.invalid(
                    FailureReason.INVALID_REQUEST,
                    "backup '" + request.backupId() + "' is a snapshot backup: renames, renameKeyspaces and maxErrors"
                            + " apply to logical backups only");
        }
        Set<String> scope = datacentersInScope(request, nodes);
        requireTruncateWithinScope(request, keyspacesRestored(request, keyspaces), scope);
        return nodes.stream().filter(node -> scope.contains(node.datacenter())).toList();
    }

    /** A logical restore writes every row through CQL into the whole cluster: options that place files are refused. */
    private static void requireNoSnapshotOptions(RestoreRequested request) {
        List<String> refused = new ArrayList<>();
        if (!request.datacenters().isEmpty()) {
            refused.add("datacenters");
        }
        if (!request.nodeMapping().isEmpty()) {
            refused.add("nodeMapping");
        }
        if (request.repairAfter()) {
            refused.add("repair");
        }
        if (!refused.isEmpty()) {
            throw RequestRejectedException.invalid(
                    FailureReason.INVALID_REQUEST,
                    "backup '" + request.backupId() + "' is a logical backup, restored through CQL into the whole"
                            + " cluster: " + String.join(", ", refused) + " only apply to snapshot backups");
        }
    }

    /**
     * A verify needs a backup that completed: one the event log knows as completed, else one whose backup manifest (the
     * completion marker) is in the object store. Anything else is refused naming the backup, as a restore would be.
     */
    public void validateVerify(VerifyRequested request) {
        requireComplete(request.backupId(), "verify");
    }

    /**
     * A copy needs a target this coordinator knows (else {@code unknown-target}, naming the ones it knows) and, like a
     * verify, a backup that completed.
     */
    public void validateCopy(CopyRequested request) {
        if (!copyTargets.contains(request.target())) {
            throw RequestRejectedException.invalid(
                    FailureReason.UNKNOWN_TARGET,
                    "there is no copy target '" + request.target() + "' (ringvault.storage.targets): "
                            + (copyTargets.isEmpty()
                                    ? "none is configured"
                                    : "the targets are " + String.join(", ", copyTargets)));
        }
        requireComplete(request.backupId(), "copy");
    }

    private void requireComplete(String backupId, String what) {
        requireNotDeleted(backupId);
        Optional<BackupView> known = log.backup(backupId);
        if (known.isPresent()) {
            if (known.get().state() != OperationStatus.COMPLETED) {
                throw RequestRejectedException.invalid(
                        FailureReason.BACKUP_NOT_COMPLETE,
                        "backup '" + backupId + "' is "
                                + known.get().state().name().toLowerCase() + ", not completed: there is nothing to "
                                + what);
            }
            return;
        }
        String cluster = catalog.layout().cluster();
        if (catalog.manifest(cluster, backupId).isEmpty()) {
            throw RequestRejectedException.invalid(
                    FailureReason.UNKNOWN_BACKUP,
                    "backup '" + backupId + "' does not exist (no manifest under cluster '" + cluster + "' in "
                            + catalog.describeStore() + ")");
        }
    }

    /**
     * A delete is refused while anything could still need the objects it removes: while a backup runs (a differential
     * backup may reuse an object of the backup, or its manifest, written at its end, reference one) and while another
     * delete runs ({@code backup-in-progress}); while a restore or verify of the backup runs ({@code backup-in-use}).
     * The backup must be one the event log knows as completed, or one whose backup manifest or node manifests are in
     * the store (a delete that stopped half-way is run again by id); a backup a completed delete removed is refused
     * with {@code backup-deleted}.
     */
    public void validateDelete(DeleteRequested request) {
        String backupId = request.backupId();
        requireNotDeleted(backupId);
        requireNoConflict(OperationKind.DELETE);
        for (Operation active : log.active()) {
            String reads = reads(active);
            if (backupId.equals(reads)) {
                throw RequestRejectedException.conflict(
                        FailureReason.BACKUP_IN_USE,
                        active.kind().name().toLowerCase() + " " + active.id() + " reads backup '" + backupId
                                + "': a delete waits until it is over");
            }
        }
        Optional<BackupView> known = log.backup(backupId);
        if (known.isPresent()) {
            if (known.get().state() != OperationStatus.COMPLETED) {
                throw RequestRejectedException.invalid(
                        FailureReason.BACKUP_NOT_COMPLETE,
                        "backup '" + backupId + "' is "
                                + known.get().state().name().toLowerCase()
                                + ", not completed: there is no backup to delete");
            }
            return;
        }
        String cluster = catalog.layout().cluster();
        if (catalog.manifest(cluster, backupId).isEmpty() && !catalog.hasNodeManifests(backupId)) {
            throw RequestRejectedException.invalid(
                    FailureReason.UNKNOWN_BACKUP,
                    "backup '" + backupId + "' does not exist (no manifest under cluster '" + cluster + "' in "
                            + catalog.describeStore() + ")");
        }
    }

    /**
     * A purge: its policy must be valid ({@code invalid-retention}), and, like a delete, it waits while a backup, a
     * delete or another purge runs ({@code backup-in-progress}). The policy is then evaluated against the index: the
     * plan names the backups the purge deletes, and those it keeps with the reasons. A backup a running restore or
     * verify reads is kept. No policy for some backup is refused with {@code no-retention-policy}.
     */
    public PurgePlan validatePurge(PurgeRequested request, RetentionSettings settings) {
        if (request.retention() != null) {
            List<String> problems = request.retention().problems();
            if (!problems.isEmpty()) {
                throw RequestRejectedException.invalid(
                        FailureReason.INVALID_RETENTION, "retention: " + String.join("; ", problems));
            }
        }
        requireNoConflict(OperationKind.PURGE);
        Map<String, String> inUse = new HashMap<>();
        for (Operation active : log.active()) {
            String reads = reads(active);
            if (reads != null) {
                inUse.putIfAbsent(reads, active.kind().name().toLowerCase() + " " + active.id());
            }
        }
        try {
            return settings.evaluator(request.retention())
                    .evaluate(catalog.index().backups(), settings.clock().instant(), inUse);
        } catch (NoRetentionPolicyException e) {
            throw RequestRejectedException.invalid(FailureReason.NO_RETENTION_POLICY, e.getMessage());
        }
    }

    /** The backup a running restore, verify or copy reads; null for any other operation. */
    private static String reads(Operation active) {
        return switch (active.kind()) {
            case RESTORE -> active.accepted().restore().backupId();
            case VERIFY -> active.accepted().verify().backupId();
            case COPY -> active.accepted().copy().backupId();
            default -> null;
        };
    }

    /**
     * A garbage collection is refused while a backup, a delete or a purge runs ({@code backup-in-progress}) or another collection
     * runs ({@code gc-in-progress}), see {@link Exclusions}; and when its grace period is not a non-negative ISO-8601
     * duration ({@code invalid-grace-period}).
     *
     * @param defaultGracePeriod the grace period of a request that does not set one
     * @return the grace period to apply
     */
    public Duration validateGc(GcRequested request, Duration defaultGracePeriod) {
        // A bad request is refused as such, whatever runs.
        Duration grace = gracePeriod(request, defaultGracePeriod);
        requireNoConflict(OperationKind.GC);
        return grace;
    }

    /** The request's grace period, or the default; refused with {@code invalid-grace-period} when negative or bad. */
    static Duration gracePeriod(GcRequested request, Duration defaultGracePeriod) {
        if (request.gracePeriod() == null) {
            return defaultGracePeriod;
        }
        Duration grace;
        try {
            grace = Duration.parse(request.gracePeriod());
        } catch (DateTimeParseException e) {
            throw RequestRejectedException.invalid(
                    FailureReason.INVALID_GRACE_PERIOD,
                    "gracePeriod '" + request.gracePeriod()
                            + "' is not an ISO-8601 duration: use for example PT6H, P1D or PT0S");
        }
        if (grace.isNegative()) {
            throw RequestRejectedException.invalid(
                    FailureReason.INVALID_GRACE_PERIOD,
                    "gracePeriod '" + request.gracePeriod() + "' is negative: it must be PT0S or more");
        }
        try {
            // A grace period reaching before the epoch keeps everything; one beyond what an instant holds is nonsense.
            java.time.Instant.now().minus(grace);
        } catch (DateTimeException | ArithmeticException e) {
            throw RequestRejectedException.invalid(
                    FailureReason.INVALID_GRACE_PERIOD, "gracePeriod '" + request.gracePeriod() + "' is too long");
        }
        return grace;
    }

    /** Refuses an operation that may not run beside one the event log knows is running ({@link Exclusions}). */
    private void requireNoConflict(OperationKind requested) {
        for (Operation active : log.active()) {
            Exclusions.conflict(requested, active.kind(), active.id()).ifPresent(refusal -> {
                throw refusal;
            });
        }
    }

    /** Refuses a backup a completed delete removed, or a running one is removing. */
    private void requireNotDeleted(String backupId) {
        Optional<Operation> deletion = log.deletion(backupId);
        if (deletion.isPresent()) {
            boolean over = deletion.get().status() == OperationStatus.COMPLETED;
            throw RequestRejectedException.invalid(
                    FailureReason.BACKUP_DELETED,
                    "backup '" + backupId + "' " + (over ? "was deleted" : "is being deleted") + " by operation "
                            + deletion.get().id());
        }
    }

    /**
     * The datacenters a restore covers: those it names, each of which the backup must cover, else all the backup
     * covers. Each must exist in the cluster, unless every backed-up node of it is mapped explicitly.
     */
    private Set<String> datacentersInScope(RestoreRequested request, List<NodeRef> backupNodes) {
        Set<String> covered =
                backupNodes.stream().map(NodeRef::datacenter).collect(Collectors.toCollection(TreeSet::new));
        for (String datacenter : request.datacenters()) {
            if (!covered.contains(datacenter)) {
                throw RequestRejectedException.invalid(
                        FailureReason.DATACENTER_NOT_IN_BACKUP,
                        "datacenter '" + datacenter + "' is not in backup '" + request.backupId() + "' (it covers "
                                + covered + ")");
            }
        }
        Set<String> scope = request.datacenters().isEmpty() ? covered : new TreeSet<>(request.datacenters());
        Set<String> cluster = topology.datacenters();
        for (String datacenter : scope) {
            boolean mappedExplicitly = backupNodes.stream()
                    .filter(node -> node.datacenter().equals(datacenter))
                    .allMatch(node -> request.nodeMapping().containsKey(node.hostId()));
            if (!cluster.contains(datacenter) && !mappedExplicitly) {
                throw RequestRejectedException.invalid(
                        FailureReason.UNKNOWN_DATACENTER,
                        "datacenter '" + datacenter + "' of backup '" + request.backupId()
                                + "' does not exist in this cluster (it has " + cluster + "): restore only the others"
                                + " (datacenters, --dc), or place its nodes with nodeMapping (--map)");
            }
        }
        return scope;
    }

    /** The keyspaces a restore writes to: those it names (alone or through a table), else every one of the backup. */
    private static Set<String> keyspacesRestored(RestoreRequested request, List<String> backupKeyspaces) {
        Set<String> keyspaces = new TreeSet<>(request.keyspaces());
        request.tables().forEach(table -> keyspaces.add(table.substring(0, table.indexOf('.'))));
        return keyspaces.isEmpty() ? new TreeSet<>(backupKeyspaces) : keyspaces;
    }

    /**
     * TRUNCATE is cluster-wide: truncating before a restore of some datacenters would delete the rows of the others,
     * which nothing writes back. A keyspace the cluster does not have yet (the restore creates it) has no rows to lose.
     */
    private void requireTruncateWithinScope(RestoreRequested request, Set<String> keyspaces, Set<String> scope) {
        if (!request.truncate()) {
            return;
        }
        for (String keyspace : keyspaces) {
            Set<String> replicated = topology.replicationDatacenters(keyspace).orElse(Set.of());
            Set<String> outside = new TreeSet<>(replicated);
            outside.removeAll(scope);
            if (!outside.isEmpty()) {
                throw RequestRejectedException.invalid(
                        FailureReason.TRUNCATE_OUTSIDE_SCOPE,
                        "truncate refused: keyspace '" + keyspace + "' is replicated to " + new TreeSet<>(replicated)
                                + " and TRUNCATE is cluster-wide, so it would also delete the rows of " + outside
                                + ", which this restore (datacenters " + scope + ") does not write back; restore"
                                + " without truncate, or restore every datacenter the keyspace is replicated to");
            }
        }
    }

    /** Nodes named for a person: host id (the identity), then address and datacenter. */
    private static String describe(List<NodeRef> nodes) {
        return (nodes.size() == 1 ? "node " : "nodes ")
                + nodes.stream()
                        .map(ref -> ref.hostId() + " (" + ref.address() + ", " + ref.datacenter() + ")")
                        .collect(Collectors.joining(", "));
    }

    private static void requireInBackup(
            RestoreRequested request, String backupId, List<String> keyspaces, List<String> tables) {
        for (String keyspace : request.keyspaces()) {
            if (!keyspaces.contains(keyspace)) {
                throw RequestRejectedException.invalid(
                        FailureReason.NOT_IN_BACKUP,
                        "keyspace '" + keyspace + "' is not in backup '" + backupId + "' (it has " + keyspaces + ")");
            }
        }
        for (String table : request.tables()) {
            String keyspace = table.substring(0, table.indexOf('.'));
            if (!keyspaces.contains(keyspace) || !(tables.isEmpty() || tables.contains(table))) {
                throw RequestRejectedException.invalid(
                        FailureReason.NOT_IN_BACKUP, "table '" + table + "' is not in backup '" + backupId + "'");
            }
        }
    }
}
