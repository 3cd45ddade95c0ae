package io.ringvault.agent.restore;

/**
 * How the staged SSTables of a table reach Cassandra. The restorer chooses per backed-up node: the HTTP API's
 * {@code method} ({@code import}, {@code stream}) maps onto these.
 */
public enum LoadMethod {
    /**
     * {@code importNewSSTables} over JMX ({@link SSTableImport}): the files move into this node's data directory, and
     * Cassandra refuses partitions the node does not own. For a node owning exactly the tokens of the backed-up node.
     */
    IMPORT,
    /**
     * Cassandra's bulk loader ({@link BulkLoad}) streams every partition of the files to its replicas, whichever nodes
     * own them, so tokens need not match; the files are read, not moved, and removed from the staging area afterwards.
     */
    STREAM
}
