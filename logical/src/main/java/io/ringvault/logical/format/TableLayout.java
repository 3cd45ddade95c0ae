package io.ringvault.logical.format;

import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.ListType;
import com.datastax.oss.driver.api.core.type.MapType;
import com.datastax.oss.driver.api.core.type.SetType;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The columns of an exported table, in the order a chunk row holds their values: partition key columns, clustering
 * columns (both in key order), then static columns, then regular columns (both by name). Written in every chunk's
 * header, so a chunk can be read without the schema it came from.
 */
public record TableLayout(String keyspace, String table, List<ChunkColumn> columns) {
    public TableLayout {
        Objects.requireNonNull(keyspace, "keyspace");
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
        Set<String> names = new HashSet<>();
        for (ChunkColumn column : columns) {
            if (!names.add(column.name())) {
                throw new IllegalArgumentException("column " + column.name() + " appears twice");
            }
        }
        if (columns.stream().noneMatch(c -> c.kind() == ColumnKind.PARTITION_KEY)) {
            throw new IllegalArgumentException("table " + keyspace + "." + table + " has no partition key column");
        }
    }

    /** The layout of a table as the driver's metadata describes it. */
    public static TableLayout of(TableMetadata table) {
        List<ChunkColumn> columns = new ArrayList<>();
        for (ColumnMetadata column : table.getPartitionKey()) {
            columns.add(column(column, ColumnKind.PARTITION_KEY));
        }
        for (ColumnMetadata column : table.getClusteringColumns().keySet()) {
            columns.add(column(column, ColumnKind.CLUSTERING));
        }
        List<ColumnMetadata> others = table.getColumns().values().stream()
                .filter(c -> !table.getPrimaryKey().contains(c))
                .sorted((a, b) -> a.getName().asInternal().compareTo(b.getName().asInternal()))
                .toList();
        for (ColumnMetadata column : others) {
            if (column.isStatic()) {
                columns.add(column(column, ColumnKind.STATIC));
            }
        }
        for (ColumnMetadata column : others) {
            if (!column.isStatic()) {
                columns.add(column(column, ColumnKind.REGULAR));
            }
        }
        return new TableLayout(table.getKeyspace().asInternal(), table.getName().asInternal(), columns);
    }

    private static ChunkColumn column(ColumnMetadata column, ColumnKind kind) {
        var type = column.getType();
        boolean multiCell = !kind.isPrimaryKey()
                && ((type instanceof ListType list && !list.isFrozen())
                        || (type instanceof SetType set && !set.isFrozen())
                        || (type instanceof MapType map && !map.isFrozen())
                        || (type instanceof UserDefinedType udt && !udt.isFrozen()));
        return new ChunkColumn(
                column.getName().asInternal(), kind, type.asCql(true, true), multiCell, type.equals(DataTypes.COUNTER));
    }

    public List<ChunkColumn> primaryKey() {
        return columns.stream().filter(c -> c.kind().isPrimaryKey()).toList();
    }

    public List<ChunkColumn> partitionKey() {
        return columns.stream()
                .filter(c -> c.kind() == ColumnKind.PARTITION_KEY)
                .toList();
    }

    public List<ChunkColumn> statics() {
        return columns.stream().filter(c -> c.kind() == ColumnKind.STATIC).toList();
    }

    public List<ChunkColumn> regulars() {
        return columns.stream().filter(c -> c.kind() == ColumnKind.REGULAR).toList();
    }

    /** Whether the table has clustering columns (so a partition may have static cells and no rows). */
    public boolean hasClustering() {
        return columns.stream().anyMatch(c -> c.kind() == ColumnKind.CLUSTERING);
    }

    /** Whether the table is a counter table (every non-key column a counter). */
    public boolean isCounterTable() {
        return columns.stream().anyMatch(ChunkColumn::counter);
    }

    public String qualifiedName() {
        return keyspace + "." + table;
    }
}
