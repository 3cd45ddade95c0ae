package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * {@code io.ringvault.restore.planned}: the plan of a restore, before any data moves: which backed-up node goes to
 * which node of the cluster, the tables, and how much there is to move. Sent by the restorer on the events topic.
 *
 * @param backupId the backup being restored
 * @param nodes one entry per target node
 * @param tables the {@code keyspace.table} names restored
 * @param filesTotal files to move, over all nodes
 * @param bytesTotal bytes to move, over all nodes
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RestorePlanned(
        String backupId, List<NodeMapping> nodes, List<String> tables, long filesTotal, long bytesTotal)
        implements Event {
    public RestorePlanned {
        Names.requireId(backupId, "backupId");
        nodes = Names.listOrEmpty(nodes, "nodes");
        tables = Names.listOrEmpty(tables, "tables");
        Names.requireNonNegative(filesTotal, "filesTotal");
        Names.requireNonNegative(bytesTotal, "bytesTotal");
    }

    /**
     * One backed-up node and the node it is restored to.
     *
     * @param sourceHostId the host id of the node in the backup
     * @param target the node of the cluster that receives its data
     * @param mappedBy how the pair was chosen: {@code same-host-id}, {@code explicit} or {@code topology} (datacenter,
     *     rack and token ownership)
     * @param files files to move to this node
     * @param bytes bytes to move to this node
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NodeMapping(String sourceHostId, NodeRef target, String mappedBy, long files, long bytes) {
        public NodeMapping {
            Names.requireText(sourceHostId, "sourceHostId");
            if (target == null) {
                throw new IllegalArgumentException("target is required");
            }
            Names.requireText(mappedBy, "mappedBy");
            Names.requireNonNegative(files, "files");
            Names.requireNonNegative(bytes, "bytes");
        }
    }
}
