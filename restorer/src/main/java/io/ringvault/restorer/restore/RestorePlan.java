package io.ringvault.restorer.restore;

import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.message.RestoreMethod;
import io.ringvault.common.message.RestorePlanned;
import io.ringvault.restorer.cluster.TargetNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * What a restore will do, decided before any data moves: the node pairs with their method, each target's agent, the
 * tables in order and the files each target receives for each table.
 *
 * @param backup the backup's manifest
 * @param pairs backed-up node → target node, with how its files reach Cassandra
 * @param agentUrls target host id → its node agent's base URL (targets that receive files only)
 * @param tables the tables to restore, one after the other
 * @param schema keyspace → the backup's {@code DESCRIBE KEYSPACE} text
 * @param stagingIds backed-up node's host id → the namespace its files are staged under on its target
 *     ({@link StagingIds})
 * @param dryRun whether the request only asked for this plan
 * @param repair whether the request asks for a repair of the restored tables once they are loaded
 */
public record RestorePlan(
        BackupManifest backup,
        List<NodeMapper.Pair> pairs,
        Map<String, String> agentUrls,
        List<TablePlan> tables,
        Map<String, String> schema,
        Map<String, String> stagingIds,
        boolean dryRun,
        boolean repair) {

    /** One table and what each target node receives of it. */
    public record TablePlan(String keyspace, String table, List<NodeFiles> nodes) {
        public String name() {
            return keyspace + "." + table;
        }

        public long files() {
            return nodes.stream().mapToLong(n -> n.files().size()).sum();
        }
    }

    /**
     * What one node of the cluster receives of one table: the files of each backed-up node mapped to it, each under its
     * own staging namespace, so that SSTables of the same name from two backed-up nodes never meet.
     */
    public record NodeFiles(TargetNode target, String agentUrl, List<SourceFiles> sources) {
        public NodeFiles {
            sources = List.copyOf(sources);
        }

        /** Every file the node receives of the table, source after source. */
        public List<NodeManifest.File> files() {
            return sources.stream().flatMap(s -> s.files().stream()).toList();
        }

        public long bytes() {
            return files().stream().mapToLong(NodeManifest.File::size).sum();
        }

        /** The staging namespace {@code file} is sent under: its backed-up node's. */
        public String stagingIdOf(NodeManifest.File file) {
            for (SourceFiles source : sources) {
                if (source.files().contains(file)) {
                    return source.stagingId();
                }
            }
            throw new IllegalArgumentException("file " + file.objectKey() + " is not one of " + target.hostId() + "'s");
        }
    }

    /**
     * One backed-up node's files of a table, staged on its target under {@code stagingId}, then imported or streamed
     * there as the pair's method says.
     */
    public record SourceFiles(NodeMapper.Pair pair, String stagingId, List<NodeManifest.File> files) {
        public SourceFiles {
            files = List.copyOf(files);
        }

        public RestoreMethod method() {
            return pair.method();
        }

        public long bytes() {
            return files.stream().mapToLong(NodeManifest.File::size).sum();
        }
    }

    public List<String> tableNames() {
        return tables.stream().map(TablePlan::name).toList();
    }

    /** Every staging namespace the restore uses on the target {@code targetHostId}: what its clean-up removes. */
    public List<String> stagingIdsOn(String targetHostId) {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (NodeMapper.Pair pair : pairs) {
            if (pair.target().hostId().equals(targetHostId)) {
                ids.add(stagingIds.get(pair.source().hostId()));
            }
        }
        return new ArrayList<>(ids);
    }

    /** The plan as the {@code restore.planned} event shows it: one entry per backed-up node. */
    public RestorePlanned toEvent() {
        List<RestorePlanned.NodeMapping> nodes = pairs.stream()
                .map(pair -> {
                    List<NodeManifest.File> files = tables.stream()
                            .flatMap(t -> t.nodes().stream())
                            .flatMap(n -> n.sources().stream())
                            .filter(s -> s.pair().equals(pair))
                            .flatMap(s -> s.files().stream())
                            .toList();
                    return new RestorePlanned.NodeMapping(
                            pair.source().hostId(),
                            pair.target().ref(),
                            pair.mappedBy(),
                            files.size(),
                            files.stream().mapToLong(NodeManifest.File::size).sum(),
                            pair.method());
                })
                .toList();
        return new RestorePlanned(
                backup.backupId(),
                nodes,
                tableNames(),
                nodes.stream().mapToLong(RestorePlanned.NodeMapping::files).sum(),
                nodes.stream().mapToLong(RestorePlanned.NodeMapping::bytes).sum(),
                dryRun,
                repair,
                backup.chain());
    }
}
