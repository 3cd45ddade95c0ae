package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a backed-up node's SSTables reach the cluster in a restore, as {@code restore.planned} shows for each node. The
 * restorer chooses; the node agent that received the files carries it out.
 */
public enum RestoreMethod {
    /**
     * Cassandra's {@code importNewSSTables} on the node that received the files: they move into its data directory,
     * and Cassandra refuses partitions the node does not own. Chosen where the node owns exactly the tokens of the
     * backed-up node (the same host id, or the same tokens) in a datacenter whose ring is the backup's.
     */
    @JsonProperty("import")
    IMPORT,
    /**
     * Cassandra's bulk loader ({@code sstableloader}), run by the agent of the node that received the files, streams
     * every partition to its replicas, whichever nodes own them. Chosen where tokens differ, or the datacenter has
     * another number of nodes.
     */
    @JsonProperty("stream")
    STREAM,
    /**
     * A logical backup: the restorer itself writes the rows of its chunk files through CQL, with their write times and
     * TTLs, to whichever nodes own them; no node agent takes part. Its plan has one entry, whose target stands for the
     * cluster as a whole (host id {@code cql}).
     */
    @JsonProperty("cql")
    CQL
}
