package io.ringvault.agent.restore;

import java.nio.file.Path;
import java.util.List;

/** Cassandra's import of SSTables into a live table ({@code ColumnFamilyStoreMBean} over JMX in production). */
public interface SSTableImport {
    /**
     * Imports every SSTable in {@code directory} into {@code keyspace.table}, moving the files (not copying them), after
     * Cassandra verified them and their tokens.
     *
     * @return the directories Cassandra failed to import; empty when everything was imported
     * @throws RestoreException {@code table-missing} when Cassandra has no such table, {@code cassandra-error} when it
     *     is unreachable or the import fails
     */
    List<String> importSSTables(String keyspace, String table, Path directory);
}
