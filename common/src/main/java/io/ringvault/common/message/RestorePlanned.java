package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.ringvault.common.SortedMaps;
import java.util.List;
import java.util.Map;

/**
 * {@code io.ringvault.restore.planned}: the plan of a restore, before any data moves: which node of the cluster
 * receives each backed-up node's files and how they reach Cassandra ({@link RestoreMethod}), the tables, and how much
 * there is to move. Sent by the restorer on the events topic; for a dry run ({@code dryRun}) it is the whole result.
 *
 * @param backupId the backup being restored
 * @param nodes one entry per backed-up node in scope: the node of the cluster that receives its files. A node of the
 *     cluster may receive the files of several backed-up nodes (a cluster with fewer nodes), and one may receive none
 * @param tables the {@code keyspace.table} names restored
 * @param filesTotal files to move, over all nodes
 * @param bytesTotal bytes to move, over all nodes
 * @param dryRun true when the request was a dry run: this plan is all it does, nothing is moved or changed; absent
 *     otherwise
 * @param repair true when the request asks for a repair of the restored tables once their files are loaded (for a dry
 *     run: a repair would run); absent otherwise
 * @param chain for an incremental backup, the backups whose files it restores besides its own, oldest (the snapshot
 *     backup) first; absent otherwise
 * @param logicalTables for a logical backup, each table restored: its name in the backup, the table it is restored
 *     into (a rename), its chunk files, bytes and rows; absent for a physical backup
 * @param replication for a logical backup, keyspace → the replication a keyspace the restore creates gets, when it is
 *     not the backup's (a datacenter the cluster lacks is left out, a replication factor above a datacenter's nodes is
 *     lowered to them); absent when every keyspace keeps the backup's
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RestorePlanned(
        String backupId,
        List<NodeMapping> nodes,
        List<String> tables,
        long filesTotal,
        long bytesTotal,
        Boolean dryRun,
        Boolean repair,
        List<String> chain,
        List<LogicalTable> logicalTables,
        Map<String, String> replication)
        implements Event {
    public RestorePlanned {
        chain = chain == null || chain.isEmpty() ? null : List.copyOf(chain);
        Names.requireId(backupId, "backupId");
        nodes = Names.listOrEmpty(nodes, "nodes");
        tables = Names.listOrEmpty(tables, "tables");
        Names.requireNonNegative(filesTotal, "filesTotal");
        Names.requireNonNegative(bytesTotal, "bytesTotal");
        // Written only for a dry run: a real restore's plan reads as before the field existed.
        dryRun = Boolean.TRUE.equals(dryRun) ? Boolean.TRUE : null;
        repair = Boolean.TRUE.equals(repair) ? Boolean.TRUE : null;
        logicalTables = logicalTables == null || logicalTables.isEmpty() ? null : List.copyOf(logicalTables);
        replication =
                replication == null || replication.isEmpty() ? null : SortedMaps.copyOf(replication, "replication");
    }

    /** The plan of a physical restore: the fields that existed before logical restores, in their order. */
    public RestorePlanned(
            String backupId,
            List<NodeMapping> nodes,
            List<String> tables,
            long filesTotal,
            long bytesTotal,
            Boolean dryRun,
            Boolean repair,
            List<String> chain) {
        this(backupId, nodes, tables, filesTotal, bytesTotal, dryRun, repair, chain, null, null);
    }

    /**
     * One table of a logical restore.
     *
     * @param source the table in the backup, {@code keyspace.table}
     * @param target the table its rows are written into, {@code keyspace.table}: the source unless renamed
     * @param files chunk files of the table
     * @param bytes their bytes
     * @param rows rows the backup holds for the table; absent when its manifest does not say
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LogicalTable(String source, String target, long files, long bytes, Long rows) {
        public LogicalTable {
            Names.requireTables(List.of(source), "source");
            Names.requireTables(List.of(target), "target");
            Names.requireNonNegative(files, "files");
            Names.requireNonNegative(bytes, "bytes");
        }
    }

    /** The plan of a backup that builds on none. */
    public RestorePlanned(
            String backupId,
            List<NodeMapping> nodes,
            List<String> tables,
            long filesTotal,
            long bytesTotal,
            Boolean dryRun,
            Boolean repair) {
        this(backupId, nodes, tables, filesTotal, bytesTotal, dryRun, repair, null);
    }

    /** A plan without a repair: the fields that existed before {@code repair}, in their order. */
    public RestorePlanned(
            String backupId,
            List<NodeMapping> nodes,
            List<String> tables,
            long filesTotal,
            long bytesTotal,
            Boolean dryRun) {
        this(backupId, nodes, tables, filesTotal, bytesTotal, dryRun, null);
    }

    /** The plan of a real restore (not a dry run). */
    public RestorePlanned(
            String backupId, List<NodeMapping> nodes, List<String> tables, long filesTotal, long bytesTotal) {
        this(backupId, nodes, tables, filesTotal, bytesTotal, null, null);
    }

    /**
     * One backed-up node and the node it is restored to.
     *
     * @param sourceHostId the host id of the node in the backup
     * @param target the node of the cluster that receives its files
     * @param mappedBy how the pair was chosen: {@code same-host-id}, {@code explicit}, {@code topology} (the same
     *     datacenter and rack, by token ownership, one target per backed-up node) or {@code datacenter} (a node of the
     *     same datacenter, the backed-up nodes spread evenly over them, for a datacenter of another size)
     * @param files files to move to this node
     * @param bytes bytes to move to this node
     * @param method how the files reach Cassandra: imported on the target, or streamed from it to their replicas;
     *     absent in plans written before the streaming restore, which always imported
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NodeMapping(
            String sourceHostId, NodeRef target, String mappedBy, long files, long bytes, RestoreMethod method) {
        public NodeMapping {
            Names.requireText(sourceHostId, "sourceHostId");
            if (target == null) {
                throw new IllegalArgumentException("target is required");
            }
            Names.requireText(mappedBy, "mappedBy");
            Names.requireNonNegative(files, "files");
            Names.requireNonNegative(bytes, "bytes");
        }

        /** A pair whose method is not said (an import, as before the streaming restore). */
        public NodeMapping(String sourceHostId, NodeRef target, String mappedBy, long files, long bytes) {
            this(sourceHostId, target, mappedBy, files, bytes, null);
        }
    }
}
