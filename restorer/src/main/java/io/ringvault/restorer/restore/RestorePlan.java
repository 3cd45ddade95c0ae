package io.ringvault.restorer.restore;

import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.message.RestorePlanned;
import java.util.List;
import java.util.Map;

/**
 * What a restore will do, decided before any data moves: the node pairs, each target's agent, the tables in order and
 * the files each target receives for each table.
 *
 * @param backup the backup's manifest
 * @param pairs backed-up node → target node
 * @param agentUrls target host id → its node agent's base URL
 * @param tables the tables to restore, one after the other
 * @param schema keyspace → the backup's {@code DESCRIBE KEYSPACE} text
 */
public record RestorePlan(
        BackupManifest backup,
        List<NodeMapper.Pair> pairs,
        Map<String, String> agentUrls,
        List<TablePlan> tables,
        Map<String, String> schema) {

    /** One table and what each target node receives of it. */
    public record TablePlan(String keyspace, String table, List<NodeFiles> nodes) {
        public String name() {
            return keyspace + "." + table;
        }

        public long files() {
            return nodes.stream().mapToLong(n -> n.files().size()).sum();
        }
    }

    /** The SSTable components of one table that one target node receives (those of its backed-up node). */
    public record NodeFiles(NodeMapper.Pair pair, String agentUrl, List<NodeManifest.File> files) {
        public long bytes() {
            return files.stream().mapToLong(NodeManifest.File::size).sum();
        }
    }

    public List<String> tableNames() {
        return tables.stream().map(TablePlan::name).toList();
    }

    /** The plan as the {@code restore.planned} event shows it. */
    public RestorePlanned toEvent() {
        List<RestorePlanned.NodeMapping> nodes = pairs.stream()
                .map(pair -> {
                    List<NodeManifest.File> files = tables.stream()
                            .flatMap(t -> t.nodes().stream())
                            .filter(n -> n.pair().equals(pair))
                            .flatMap(n -> n.files().stream())
                            .toList();
                    return new RestorePlanned.NodeMapping(
                            pair.source().hostId(),
                            pair.target().ref(),
                            pair.mappedBy(),
                            files.size(),
                            files.stream().mapToLong(NodeManifest.File::size).sum());
                })
                .toList();
        return new RestorePlanned(
                backup.backupId(),
                nodes,
                tableNames(),
                nodes.stream().mapToLong(RestorePlanned.NodeMapping::files).sum(),
                nodes.stream().mapToLong(RestorePlanned.NodeMapping::bytes).sum());
    }
}
