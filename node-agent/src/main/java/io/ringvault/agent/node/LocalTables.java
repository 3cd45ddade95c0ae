package io.ringvault.agent.node;

/** What a restore (its import and its repair) asks the local node over CQL; {@link LocalNode} in production. */
public interface LocalTables {
    /** Whether the table exists in {@code system_schema.tables} (materialized views are not tables to import into). */
    boolean tableExists(String keyspace, String table);

    /** Whether the keyspace exists in {@code system_schema.keyspaces}. */
    boolean keyspaceExists(String keyspace);

    /** {@code TRUNCATE keyspace.table}: cluster-wide, as every truncate is. */
    void truncate(String keyspace, String table);
}
