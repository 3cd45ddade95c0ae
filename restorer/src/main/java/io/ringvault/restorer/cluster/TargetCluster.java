package io.ringvault.restorer.cluster;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The cluster a restore writes into, as the restorer needs it: topology, schema, DDL and truncation. */
public interface TargetCluster {
    /** Every node of the cluster with its host id, datacenter, rack and tokens. */
    List<TargetNode> nodes();

    boolean keyspaceExists(String keyspace);

    /** The tables of a keyspace (internal names); empty when the keyspace does not exist. */
    Set<String> tables(String keyspace);

    /** The user-defined types of a keyspace (internal names). */
    Set<String> types(String keyspace);

    /** The server's {@code CREATE TABLE} statement of the table, as {@code DESCRIBE TABLE} prints it. */
    Optional<String> describeTable(String keyspace, String table);

    /** Runs one DDL statement and waits for the cluster to agree on the schema. */
    void executeDdl(String statement);

    /** {@code TRUNCATE} of the table on every node. */
    void truncate(String keyspace, String table);
}
