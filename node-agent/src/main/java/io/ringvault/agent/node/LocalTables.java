package io.ringvault.agent.node;

/** What a restore asks the local node over CQL; {@link LocalNode} in production. */
public interface LocalTables {
    /** Whether the table exists in {@code system_schema.tables} (materialized views are not tables to import into). */
    boolean tableExists(String keyspace, String table);

    /** {@code TRUNCATE keyspace.table}: cluster-wide, as every truncate is. */
    void truncate(String keyspace, String table);
}
