package io.ringvault.restorer.logical;

import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.RestoreMethod;
import io.ringvault.common.message.RestorePlanned;
import io.ringvault.restorer.restore.CqlSchema;
import java.util.List;
import java.util.Map;

/**
 * What a logical restore will do, decided before any row moves: each table of the backup in scope with the table it is
 * restored into and its chunk files, and the schema that is created where missing (renames applied, replication fitted
 * to the cluster).
 *
 * @param backup the backup's manifest
 * @param sourceHostIds the backed-up nodes whose files the restore reads
 * @param tables the tables, in the order they are restored
 * @param schema target keyspace → the statements that recreate what the restore needs of it
 * @param replication keyspace → the replication a created keyspace gets, where it is not the backup's
 * @param resumeKey names the restore's record of imported files in the object store: the same backup restored into the
 *     same tables has the same key, so a run that stopped is continued by the next one ({@link ImportedFiles})
 * @param dryRun whether the request only asked for this plan
 */
public record LogicalRestorePlan(
        BackupManifest backup,
        List<String> sourceHostIds,
        List<TablePlan> tables,
        Map<String, List<CqlSchema.Statement>> schema,
        Map<String, String> replication,
        String resumeKey,
        boolean dryRun) {

    /**
     * One table: its name in the backup, the table its rows go to, and its chunk files (every row of the table is in
     * exactly one of them).
     */
    public record TablePlan(String source, String target, List<NodeManifest.File> files, Long rows) {
        public TablePlan {
            files = List.copyOf(files);
        }

        public String targetKeyspace() {
            return TableRenames.keyspaceOf(target);
        }

        public String targetTable() {
            return TableRenames.tableOf(target);
        }

        public long bytes() {
            return files.stream().mapToLong(NodeManifest.File::size).sum();
        }
    }

    public List<String> targetNames() {
        return tables.stream().map(TablePlan::target).toList();
    }

    public long files() {
        return tables.stream().mapToLong(t -> t.files().size()).sum();
    }

    public long bytes() {
        return tables.stream().mapToLong(TablePlan::bytes).sum();
    }

    /**
     * The plan as {@code restore.planned} shows it: one node entry, the cluster as a whole ({@code writer}), with every
     * file, and the tables with their renames, files and rows.
     */
    public RestorePlanned toEvent(NodeRef writer) {
        RestorePlanned.NodeMapping cluster = new RestorePlanned.NodeMapping(
                String.join(",", sourceHostIds), writer, "cql", files(), bytes(), RestoreMethod.CQL);
        List<RestorePlanned.LogicalTable> logical = tables.stream()
                .map(t -> new RestorePlanned.LogicalTable(
                        t.source(), t.target(), t.files().size(), t.bytes(), t.rows()))
                .toList();
        return new RestorePlanned(
                backup.backupId(),
                List.of(cluster),
                targetNames(),
                files(),
                bytes(),
                dryRun,
                null,
                null,
                logical,
                replication);
    }
}
