package io.ringvault.restorer.restore;

import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.RestoreRequested;
import io.ringvault.common.message.StartRestore;
import io.ringvault.restorer.cluster.TargetCluster;
import io.ringvault.restorer.cluster.TargetNode;
import io.ringvault.storage.ObjectStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds a {@link RestorePlan}: reads the backup's manifests from the object store, takes the tables the request asks
 * for, reads the cluster's nodes (those of the request's datacenters, when it names some) and maps the backup's onto
 * them ({@link NodeMapper}: a target per backed-up node, and import or stream), then lists what each target receives
 * of each table, each backed-up node's files under a staging namespace of their own ({@link StagingIds}).
 */
public class RestorePlanner {
    private final ObjectStore store;
    private final String storagePrefix;
    private final JsonMapper json;
    private final TargetCluster cluster;
    private final AgentDirectory agents;

    public RestorePlanner(
            ObjectStore store, String storagePrefix, JsonMapper json, TargetCluster cluster, AgentDirectory agents) {
        this.store = store;
        this.storagePrefix = storagePrefix;
        this.json = json;
        this.cluster = cluster;
        this.agents = agents;
    }

    /**
     * @param operationId the restore's operation id: the staging namespaces on the nodes derive from it
     * @throws RestoreFailure {@code unknown-backup}, {@code unknown-table}, {@code node-mapping-failed},
     *     {@code unknown-datacenter} or {@code agent-unknown}, naming what does not fit
     */
    public RestorePlan plan(String operationId, StartRestore command) {
        RestoreRequested request = command.request();
        BackupManifest backup = backup(command);
        String backupId = backup.backupId();
        List<NodeManifest> manifests = nodeManifests(backup);
        Map<String, String> schema = new TreeMap<>(backup.schema());
        manifests.forEach(m -> m.schema().forEach(schema::putIfAbsent));

        Set<String> tables = scope(request, backup, schema, manifests);

        Set<String> datacenters = Set.copyOf(request.datacenters());
        List<NodeMapper.Source> sources = manifests.stream()
                .filter(m -> inScope(datacenters, m.node()))
                .map(m -> new NodeMapper.Source(m.node(), m.tokens()))
                .toList();
        if (sources.isEmpty()) {
            throw new RestoreFailure(
                    FailureReason.NODE_MAPPING_FAILED,
                    "backup " + backupId + " has no node in datacenters " + new TreeSet<>(datacenters));
        }
        List<TargetNode> targets = cluster.nodes().stream()
                .filter(t -> inScope(datacenters, t.ref()))
                .toList();
        List<NodeMapper.Pair> pairs = NodeMapper.map(sources, targets, request.nodeMapping());
        Map<String, String> urls = new LinkedHashMap<>();
        Map<String, String> stagingIds = new LinkedHashMap<>();
        Map<String, Integer> received = new LinkedHashMap<>();
        for (NodeMapper.Pair pair : pairs) {
            String target = pair.target().hostId();
            if (!urls.containsKey(target)) {
                urls.put(target, agents.urlOf(pair.target().ref()));
            }
            int index = received.merge(target, 1, Integer::sum) - 1;
            stagingIds.put(
                    pair.source().hostId(),
                    StagingIds.of(operationId, pair.source().hostId(), index));
        }

        Map<String, NodeManifest> bySource = new LinkedHashMap<>();
        manifests.forEach(m -> bySource.put(m.node().hostId(), m));
        List<RestorePlan.TablePlan> tablePlans = new ArrayList<>();
        for (String name : tables) {
            String keyspace = name.substring(0, name.indexOf('.'));
            String table = name.substring(name.indexOf('.') + 1);
            // One entry per target, in the order targets first appear among the pairs; its sources in plan order.
            Map<String, List<RestorePlan.SourceFiles>> byTarget = new LinkedHashMap<>();
            Map<String, TargetNode> targetNodes = new LinkedHashMap<>();
            for (NodeMapper.Pair pair : pairs) {
                List<NodeManifest.File> files = bySource.get(pair.source().hostId()).files().stream()
                        .filter(f -> keyspace.equals(f.keyspace()) && table.equals(f.table()))
                        .filter(f -> !ObjectLayout.isPerSnapshot(f.fileName()))
                        .sorted(Comparator.comparing(NodeManifest.File::fileName))
                        .toList();
                targetNodes.putIfAbsent(pair.target().hostId(), pair.target());
                byTarget.computeIfAbsent(pair.target().hostId(), k -> new ArrayList<>())
                        .add(new RestorePlan.SourceFiles(
                                pair, stagingIds.get(pair.source().hostId()), files));
            }
            List<RestorePlan.NodeFiles> nodes = new ArrayList<>();
            byTarget.forEach((target, sourceFiles) ->
                    nodes.add(new RestorePlan.NodeFiles(targetNodes.get(target), urls.get(target), sourceFiles)));
            tablePlans.add(new RestorePlan.TablePlan(keyspace, table, nodes));
        }
        return new RestorePlan(
                backup, pairs, urls, tablePlans, schema, stagingIds, request.planOnly(), request.repairAfter());
    }

    /**
     * The backup's manifest.
     *
     * @throws RestoreFailure {@code unknown-backup} when it is not in the store
     */
    public BackupManifest backup(StartRestore command) {
        ObjectLayout layout = new ObjectLayout(storagePrefix, command.sourceCluster());
        String backupId = command.request().backupId();
        return store.getSmall(layout.backupManifest(backupId))
                .map(bytes -> json.readValue(bytes, BackupManifest.class))
                .orElseThrow(() -> new RestoreFailure(
                        FailureReason.UNKNOWN_BACKUP,
                        "no complete backup " + backupId + " of cluster " + command.sourceCluster()
                                + " in the object store (no " + layout.backupManifest(backupId) + ")"));
    }

    /** The backup's directory in the store, {@code [prefix/]<cluster>/backups/<id>/}. */
    public String backupDirectory(StartRestore command) {
        String manifest = new ObjectLayout(storagePrefix, command.sourceCluster())
                .backupManifest(command.request().backupId());
        return manifest.substring(0, manifest.lastIndexOf('/') + 1);
    }

    /**
     * The node manifests the backup lists.
     *
     * @throws RestoreFailure {@code unknown-backup} when one is missing
     */
    public List<NodeManifest> nodeManifests(BackupManifest backup) {
        List<NodeManifest> manifests = new ArrayList<>();
        for (BackupManifest.NodeEntry entry : backup.nodes()) {
            manifests.add(store.getSmall(entry.manifestKey())
                    .map(bytes -> json.readValue(bytes, NodeManifest.class))
                    .orElseThrow(() -> new RestoreFailure(
                            FailureReason.UNKNOWN_BACKUP,
                            "backup " + backup.backupId() + " lists node " + entry.hostId() + " but its manifest "
                                    + entry.manifestKey() + " is missing")));
        }
        return manifests;
    }

    /** A node of one of {@code datacenters}, or any node when the request names none. */
    private static boolean inScope(Set<String> datacenters, NodeRef node) {
        return datacenters.isEmpty() || datacenters.contains(node.datacenter());
    }

    /**
     * The {@code keyspace.table} names to restore, sorted: the backup's tables (those with files, and those its schema
     * creates, so an empty table comes back too), limited to the request's tables, else to its keyspaces.
     * Materialized views are left out: Cassandra builds them from their base table.
     */
    public static Set<String> scope(
            RestoreRequested request, BackupManifest backup, Map<String, String> schema, List<NodeManifest> manifests) {
        Set<String> available = new TreeSet<>();
        Set<String> views = new TreeSet<>();
        for (Map.Entry<String, String> keyspace : schema.entrySet()) {
            for (CqlSchema.Statement statement : CqlSchema.parseAll(keyspace.getValue())) {
                if (statement.kind() == CqlSchema.Kind.TABLE) {
                    available.add(statement.keyspace() + "." + statement.name());
                } else if (statement.kind() == CqlSchema.Kind.VIEW) {
                    views.add(statement.keyspace() + "." + statement.name());
                }
            }
        }
        for (NodeManifest manifest : manifests) {
            for (NodeManifest.File file : manifest.files()) {
                if (file.keyspace() != null && file.table() != null) {
                    available.add(file.keyspace() + "." + file.table());
                }
            }
        }
        available.removeAll(views);
        if (!backup.tables().isEmpty()) {
            available.retainAll(backup.tables());
        }
        Set<String> selected = new TreeSet<>();
        if (!request.tables().isEmpty()) {
            for (String table : request.tables()) {
                if (!available.contains(table)) {
                    throw new RestoreFailure(
                            FailureReason.UNKNOWN_TABLE,
                            "table " + table + " is not in backup " + backup.backupId() + " (it has " + available
                                    + ")");
                }
                selected.add(table);
            }
            return selected;
        }
        if (!request.keyspaces().isEmpty()) {
            for (String keyspace : request.keyspaces()) {
                List<String> ofKeyspace = available.stream()
                        .filter(t -> t.startsWith(keyspace + "."))
                        .toList();
                if (ofKeyspace.isEmpty() && !schema.containsKey(keyspace)) {
                    throw new RestoreFailure(
                            FailureReason.UNKNOWN_TABLE,
                            "keyspace " + keyspace + " is not in backup " + backup.backupId());
                }
                selected.addAll(ofKeyspace);
            }
            return selected;
        }
        return available;
    }

    /** Resolves the agent URL of a target node. */
    public interface AgentDirectory {
        String urlOf(NodeRef node);
    }
}
