package io.ringvault.agent.node;

import java.util.Set;

/** What the snapshot life cycle asks the local node over CQL; {@link LocalNode} in production. */
public interface CassandraNode {
    /** The node's identity, version and tokens, from {@code system.local}. */
    NodeState state();

    boolean keyspaceExists(String keyspace);

    /** The tables and materialized views of a keyspace. */
    Set<String> tablesOf(String keyspace);

    /** The CQL of {@code DESCRIBE KEYSPACE}. */
    String describeKeyspace(String keyspace);
}
