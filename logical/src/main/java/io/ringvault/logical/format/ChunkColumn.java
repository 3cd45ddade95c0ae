package io.ringvault.logical.format;

import java.util.Objects;

/**
 * One column of an exported table, as a chunk's header records it.
 *
 * @param name the column's name as Cassandra stores it (case kept, no quotes: {@code Col})
 * @param kind partition key, clustering, static or regular
 * @param cqlType the CQL type as written in a {@code CREATE TABLE} ({@code frozen<list<int>>}, {@code vector<float, 3>})
 * @param multiCell a non-frozen collection or UDT: each element is a cell of its own, with its own write time and TTL
 * @param counter a counter column: a value only, restored by an increment
 */
public record ChunkColumn(String name, ColumnKind kind, String cqlType, boolean multiCell, boolean counter) {
    public ChunkColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(cqlType, "cqlType");
        if (kind.isPrimaryKey() && (multiCell || counter)) {
            throw new IllegalArgumentException("primary key column " + name + " cannot be multi-cell or a counter");
        }
    }
}
