package io.ringvault.agent.snapshot;

import java.util.List;
import java.util.Map;

/**
 * What a node's export for a logical backup wrote.
 *
 * @param files every chunk or CSV file, under the backup's export directory
 * @param schema per keyspace, the CQL script of the keyspace limited to the tables in scope
 * @param rows per {@code "keyspace.table"}, the rows this node exported
 */
public record LogicalExport(List<SnapshotFile> files, Map<String, String> schema, Map<String, Long> rows) {
    public LogicalExport {
        files = List.copyOf(files);
        schema = Map.copyOf(schema);
        rows = Map.copyOf(rows);
    }
}
