package io.ringvault.logical.load;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.ListType;
import com.datastax.oss.driver.api.core.type.MapType;
import com.datastax.oss.driver.api.core.type.SetType;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.logical.LogicalException;
import io.ringvault.logical.format.Cell;
import io.ringvault.logical.format.ChunkColumn;
import io.ringvault.logical.format.ChunkRow;
import io.ringvault.logical.format.TableLayout;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a chunk row into the statements that write it back with each cell's write time and TTL.
 *
 * <ul>
 *   <li>Cells are grouped by (write time, TTL): one {@code UPDATE ... USING TIMESTAMP ? AND TTL ?} per group.
 *   <li>A clustering row (not a static-only one) first gets an {@code INSERT} that carries the group of simple cells
 *       that lives longest (no TTL before any TTL, then the longest TTL), so that the row exists (its primary key
 *       liveness) as long as its longest-lived cell, also a row with no cell at all.
 *   <li>Set and map elements are added ({@code s = s + ?}) per group; list elements are appended ({@code l = l + ?})
 *       in runs of equal write time and TTL, in list order; non-frozen UDT fields are set one by one
 *       ({@code u.f = ?}).
 *   <li>Counters are incremented ({@code c = c + ?}) without write time or TTL, which Cassandra does not allow.
 * </ul>
 *
 * <p>Values are bound as the bytes they were exported in ({@code setBytesUnsafe}); Cassandra validates them against
 * the target column's type, so a row that does not fit is refused by the server and reported, not silently converted.
 * Statements are prepared once per shape (the set of columns written) and cached.
 */
final class RowPlanner {
    private static final Logger log = LoggerFactory.getLogger(RowPlanner.class);

    private final CqlSession session;
    private final String target;
    private final TableLayout layout;
    private final ConsistencyLevel consistency;
    private final List<String> keyNames;
    private final List<String> partitionKeyNames;
    private final List<ChunkColumn> statics;
    private final List<ChunkColumn> regulars;
    private final java.util.Set<String> staticNames;
    private final Map<String, DataType> targetTypes = new LinkedHashMap<>();
    private final Map<String, PreparedStatement> prepared = new ConcurrentHashMap<>();

    RowPlanner(CqlSession session, TableMetadata targetTable, TableLayout layout, ConsistencyLevel consistency) {
        this.session = session;
        this.target = targetTable.getKeyspace().asCql(true) + "."
                + targetTable.getName().asCql(true);
        this.layout = layout;
        this.consistency = consistency;
        this.keyNames = layout.primaryKey().stream().map(ChunkColumn::name).toList();
        this.partitionKeyNames =
                layout.partitionKey().stream().map(ChunkColumn::name).toList();
        this.statics = layout.statics();
        this.regulars = layout.regulars();
        this.staticNames = statics.stream().map(ChunkColumn::name).collect(Collectors.toSet());
        String qualified = targetTable.getKeyspace().asInternal() + "."
                + targetTable.getName().asInternal();
        for (ChunkColumn column : layout.columns()) {
            ColumnMetadata targetColumn = targetTable
                    .getColumn(CqlIdentifier.fromInternal(column.name()))
                    .orElseThrow(() -> new LogicalException(
                            FailureReason.SCHEMA_MISMATCH,
                            "table " + qualified + " has no column " + column.name() + " of the exported "
                                    + layout.qualifiedName()));
            boolean targetKey = targetTable.getPrimaryKey().contains(targetColumn);
            if (targetKey != column.kind().isPrimaryKey()) {
                throw new LogicalException(
                        FailureReason.SCHEMA_MISMATCH,
                        "column " + column.name() + " is " + (targetKey ? "" : "not ") + "part of the primary key of "
                                + qualified + ", unlike in " + layout.qualifiedName());
            }
            String targetType = targetColumn.getType().asCql(true, true);
            if (!targetType.equals(column.cqlType())) {
                // Not refused up front: Cassandra validates each value, and a row that does not fit is reported.
                log.warn(
                        "column type differs table={} column={} exported={} target={}",
                        qualified,
                        column.name(),
                        column.cqlType(),
                        targetType);
            }
            targetTypes.put(column.name(), targetColumn.getType());
        }
        if (targetTable.getPrimaryKey().size() != keyNames.size()) {
            throw new LogicalException(
                    FailureReason.SCHEMA_MISMATCH,
                    "table " + qualified + " has another primary key than the exported " + layout.qualifiedName());
        }
    }

    /** A write time and TTL, the unit of a statement's {@code USING}. */
    private record Stamp(long writetime, int ttl) {
        /** Orders by how long a cell lives: no TTL first, then the longest TTL, then the latest write. */
        boolean outlives(Stamp other) {
            if ((ttl == 0) != (other.ttl == 0)) {
                return ttl == 0;
            }
            if (ttl != other.ttl) {
                return ttl > other.ttl;
            }
            return writetime > other.writetime;
        }
    }

    /** The assignments of one group, in the order they are added. */
    private static final class Group {
        final List<String> simpleNames = new ArrayList<>();
        final List<ByteBuffer> simpleValues = new ArrayList<>();
        final Map<String, List<ByteBuffer>> additions = new LinkedHashMap<>();
        final List<String[]> fields = new ArrayList<>();
        final List<ByteBuffer> fieldValues = new ArrayList<>();

        boolean isEmpty() {
            return simpleNames.isEmpty() && additions.isEmpty() && fields.isEmpty();
        }
    }

    private record ListRun(String column, Stamp stamp, List<ByteBuffer> elements) {}

    /** The statements that write {@code row}, to be run in order. */
    List<BoundStatement> plan(ChunkRow row) {
        List<String> whereNames = row.staticOnly() ? partitionKeyNames : keyNames;
        List<ByteBuffer> whereValues = row.key().subList(0, whereNames.size());
        if (layout.isCounterTable()) {
            return counterPlan(row, whereNames, whereValues);
        }
        Map<Stamp, Group> groups = new LinkedHashMap<>();
        List<ListRun> runs = new ArrayList<>();
        if (row.hasStatics()) {
            collect(statics, row.statics(), groups, runs);
        }
        if (!row.staticOnly()) {
            collect(regulars, row.regulars(), groups, runs);
        }
        List<BoundStatement> statements = new ArrayList<>();
        if (!row.staticOnly()) {
            statements.add(insert(groups, runs, whereValues));
        }
        for (Map.Entry<Stamp, Group> entry : groups.entrySet()) {
            if (!entry.getValue().isEmpty()) {
                statements.add(update(entry.getKey(), entry.getValue(), whereNames, whereValues));
            }
        }
        for (ListRun run : runs) {
            Group group = new Group();
            group.additions.put(run.column(), run.elements());
            statements.add(update(run.stamp(), group, whereNames, whereValues)
                    // An append is not idempotent: a retry could add the elements twice.
                    .setIdempotent(false));
        }
        return statements;
    }

    private void collect(List<ChunkColumn> columns, List<Cell> cells, Map<Stamp, Group> groups, List<ListRun> runs) {
        for (int i = 0; i < columns.size(); i++) {
            ChunkColumn column = columns.get(i);
            Cell cell = cells.get(i);
            DataType type = targetTypes.get(column.name());
            switch (cell.kind()) {
                case ABSENT -> {}
                case SIMPLE -> {
                    Group group = groups.computeIfAbsent(new Stamp(cell.writetime(), cell.ttl()), s -> new Group());
                    group.simpleNames.add(column.name());
                    group.simpleValues.add(cell.value());
                }
                case COUNTER ->
                    throw new IllegalArgumentException(
                            "counter cell in column " + column.name() + " of a table without counters");
                case MULTI -> collectElements(column.name(), type, cell, groups, runs);
            }
        }
    }

    private void collectElements(String name, DataType type, Cell cell, Map<Stamp, Group> groups, List<ListRun> runs) {
        if (type instanceof UserDefinedType udt && !udt.isFrozen()) {
            List<ByteBuffer> values = CollectionBytes.fields(cell.value());
            for (int f = 0; f < values.size() && f < udt.getFieldNames().size(); f++) {
                ByteBuffer value = values.get(f);
                if (value == null) {
                    // A null field has no cell to write.
                    continue;
                }
                // Cassandra gives one write time and TTL per field, in field order.
                Stamp stamp = stampOf(cell, f);
                Group group = groups.computeIfAbsent(stamp, s -> new Group());
                group.fields.add(new String[] {name, udt.getFieldNames().get(f).asInternal()});
                group.fieldValues.add(value);
            }
            return;
        }
        boolean list = type instanceof ListType l && !l.isFrozen();
        boolean set = type instanceof SetType s && !s.isFrozen();
        boolean map = type instanceof MapType m && !m.isFrozen();
        if (!list && !set && !map) {
            // The target column is frozen (or of another kind): the whole value in one cell, stamped as its newest.
            Stamp stamp = stampOf(cell, cell.elementCount() - 1);
            for (int e = 0; e < cell.elementCount(); e++) {
                Stamp candidate = stampOf(cell, e);
                if (candidate.writetime() > stamp.writetime()) {
                    stamp = candidate;
                }
            }
            Group group = groups.computeIfAbsent(stamp, s -> new Group());
            group.simpleNames.add(name);
            group.simpleValues.add(cell.value());
            return;
        }
        List<ByteBuffer> elements = CollectionBytes.elements(cell.value(), map);
        if (list) {
            ListRun current = null;
            for (int e = 0; e < elements.size(); e++) {
                Stamp stamp = stampOf(cell, e);
                if (current == null || !current.stamp().equals(stamp)) {
                    current = new ListRun(name, stamp, new ArrayList<>());
                    runs.add(current);
                }
                current.elements().add(elements.get(e));
            }
            return;
        }
        for (int e = 0; e < elements.size(); e++) {
            Group group = groups.computeIfAbsent(stampOf(cell, e), s -> new Group());
            group.additions.computeIfAbsent(name, n -> new ArrayList<>()).add(elements.get(e));
        }
    }

    /** The stamp of element {@code e}; the last one known when Cassandra gave fewer stamps than elements. */
    private static Stamp stampOf(Cell cell, int e) {
        if (cell.elementCount() == 0) {
            throw new IllegalArgumentException("a multi-cell value without write times");
        }
        int known = Math.min(Math.max(e, 0), cell.elementCount() - 1);
        return new Stamp(cell.elementWritetime(known), cell.elementTtl(known));
    }

    private BoundStatement insert(Map<Stamp, Group> groups, List<ListRun> runs, List<ByteBuffer> keyValues) {
        Stamp longest = null;
        for (Map.Entry<Stamp, Group> entry : groups.entrySet()) {
            if (!entry.getValue().simpleNames.isEmpty()
                    && (longest == null || entry.getKey().outlives(longest))) {
                longest = entry.getKey();
            }
        }
        Group carried = longest == null ? null : groups.get(longest);
        Stamp stamp = longest;
        if (stamp == null) {
            // No simple cell: the row's liveness takes the longest-lived element's stamp, or the server's time for a
            // row with no cell at all (its own write time cannot be read through CQL).
            List<Stamp> all = new ArrayList<>(groups.keySet());
            runs.forEach(run -> all.add(run.stamp()));
            for (Stamp candidate : all) {
                if (stamp == null || candidate.outlives(stamp)) {
                    stamp = candidate;
                }
            }
        }
        List<String> names = new ArrayList<>(keyNames);
        List<ByteBuffer> values = new ArrayList<>(keyValues);
        if (carried != null) {
            names.addAll(carried.simpleNames);
            values.addAll(carried.simpleValues);
            carried.simpleNames.clear();
            carried.simpleValues.clear();
        }
        String cql = "INSERT INTO " + target + " ("
                + names.stream().map(RowPlanner::quote).collect(Collectors.joining(", ")) + ") VALUES ("
                + "?, ".repeat(names.size() - 1) + "?)" + (stamp == null ? "" : " USING TIMESTAMP ? AND TTL ?");
        BoundStatementBuilder bound = prepare(cql).boundStatementBuilder();
        int i = 0;
        for (ByteBuffer value : values) {
            bound.setBytesUnsafe(i++, value);
        }
        if (stamp != null) {
            bound.setLong(i++, stamp.writetime()).setInt(i, stamp.ttl());
        }
        // Without a timestamp the server's time is used: not idempotent across a retry in theory, harmless in practice.
        return bound.setConsistencyLevel(consistency)
                .setIdempotence(stamp != null)
                .build();
    }

    private BoundStatement update(Stamp stamp, Group group, List<String> whereNames, List<ByteBuffer> whereValues) {
        if (whereNames.size() > partitionKeyNames.size() && writesStaticsOnly(group)) {
            // Cassandra refuses clustering restrictions on an UPDATE of static columns only.
            whereNames = partitionKeyNames;
            whereValues = whereValues.subList(0, partitionKeyNames.size());
        }
        List<String> assignments = new ArrayList<>();
        List<ByteBuffer> values = new ArrayList<>();
        for (int i = 0; i < group.simpleNames.size(); i++) {
            assignments.add(quote(group.simpleNames.get(i)) + " = ?");
            values.add(group.simpleValues.get(i));
        }
        for (Map.Entry<String, List<ByteBuffer>> addition : group.additions.entrySet()) {
            String column = quote(addition.getKey());
            assignments.add(column + " = " + column + " + ?");
            values.add(CollectionBytes.collection(addition.getValue()));
        }
        for (int i = 0; i < group.fields.size(); i++) {
            String[] field = group.fields.get(i);
            assignments.add(quote(field[0]) + "." + quote(field[1]) + " = ?");
            values.add(group.fieldValues.get(i));
        }
        String cql = "UPDATE " + target + " USING TIMESTAMP ? AND TTL ? SET " + String.join(", ", assignments)
                + " WHERE " + whereNames.stream().map(n -> quote(n) + " = ?").collect(Collectors.joining(" AND "));
        BoundStatementBuilder bound = prepare(cql).boundStatementBuilder();
        bound.setLong(0, stamp.writetime()).setInt(1, stamp.ttl());
        int i = 2;
        for (ByteBuffer value : values) {
            bound.setBytesUnsafe(i++, value);
        }
        for (ByteBuffer value : whereValues) {
            bound.setBytesUnsafe(i++, value);
        }
        return bound.setConsistencyLevel(consistency).setIdempotence(true).build();
    }

    private boolean writesStaticsOnly(Group group) {
        return staticNames.containsAll(group.simpleNames)
                && staticNames.containsAll(group.additions.keySet())
                && group.fields.stream().allMatch(field -> staticNames.contains(field[0]));
    }

    private List<BoundStatement> counterPlan(ChunkRow row, List<String> whereNames, List<ByteBuffer> whereValues) {
        List<String> assignments = new ArrayList<>();
        List<ByteBuffer> values = new ArrayList<>();
        if (row.hasStatics()) {
            addCounters(statics, row.statics(), assignments, values);
        }
        if (!row.staticOnly()) {
            addCounters(regulars, row.regulars(), assignments, values);
        }
        if (assignments.isEmpty()) {
            return List.of();
        }
        String cql = "UPDATE " + target + " SET " + String.join(", ", assignments) + " WHERE "
                + whereNames.stream().map(n -> quote(n) + " = ?").collect(Collectors.joining(" AND "));
        BoundStatementBuilder bound = prepare(cql).boundStatementBuilder();
        int i = 0;
        for (ByteBuffer value : values) {
            bound.setBytesUnsafe(i++, value);
        }
        for (ByteBuffer value : whereValues) {
            bound.setBytesUnsafe(i++, value);
        }
        // An increment applied twice counts twice: never retried.
        return List.of(
                bound.setConsistencyLevel(consistency).setIdempotence(false).build());
    }

    private static void addCounters(
            List<ChunkColumn> columns, List<Cell> cells, List<String> assignments, List<ByteBuffer> values) {
        for (int i = 0; i < columns.size(); i++) {
            Cell cell = cells.get(i);
            if (cell.kind() == Cell.Kind.COUNTER) {
                String column = quote(columns.get(i).name());
                assignments.add(column + " = " + column + " + ?");
                values.add(cell.value());
            } else if (!cell.isAbsent()) {
                throw new IllegalArgumentException("a " + cell.kind() + " cell in counter table column "
                        + columns.get(i).name());
            }
        }
    }

    private PreparedStatement prepare(String cql) {
        return prepared.computeIfAbsent(cql, session::prepare);
    }

    private static String quote(String internalName) {
        return CqlIdentifier.fromInternal(internalName).asCql(true);
    }
}
