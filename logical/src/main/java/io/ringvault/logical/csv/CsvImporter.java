package io.ringvault.logical.csv;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.ListType;
import com.datastax.oss.driver.api.core.type.MapType;
import com.datastax.oss.driver.api.core.type.SetType;
import com.datastax.oss.driver.api.core.type.codec.TypeCodec;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.logical.LogicalException;
import io.ringvault.logical.Throttle;
import io.ringvault.logical.load.ImportOptions;
import io.ringvault.logical.schema.SchemaScript;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads CSV files in the format cqlsh's {@code COPY TO} writes (see {@link CqlText} and {@link CsvOptions}) into a
 * table: the header names the columns (or, without one, the fields follow the table's columns in cqlsh's order), the
 * null marker and an empty non-text field stand for null, and each record becomes one {@code INSERT} (an
 * {@code UPDATE} adding to the counters of a counter table), written asynchronously with at most {@code maxInFlight}
 * in flight. A null is left unset rather than written, so that the load writes no tombstones.
 *
 * <p>A record that cannot be parsed (an unclosed quote, a wrong number of fields, a value that is not of its column's
 * type) or that Cassandra refuses is reported with the table, the file and its line, kept in the error file (one JSON
 * object per line, with the record's text) and counted; past {@code maxErrors} rejected records the import stops and
 * fails with {@link FailureReason#IMPORT_FAILED}. Nothing is skipped silently. Files are read as a stream: memory holds
 * one record per write in flight.
 */
public final class CsvImporter {
    private static final Logger log = LoggerFactory.getLogger(CsvImporter.class);

    private final CqlSession session;
    private final CsvOptions csv;
    private final ImportOptions options;

    public CsvImporter(CqlSession session, CsvOptions csv, ImportOptions options) {
        this.session = Objects.requireNonNull(session, "session");
        this.csv = Objects.requireNonNull(csv, "csv");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Applies a schema file, such as the output of cqlsh's {@code DESCRIBE KEYSPACE}: the {@code WARNING:} line a cqlsh
     * of another version than the server's prints first is left out, the statements run in order.
     *
     * @throws LogicalException {@link FailureReason#SCHEMA_FAILED} naming the statement Cassandra refused,
     *     {@link FailureReason#STAGING_ERROR} for a file that cannot be read
     */
    public static void applySchema(CqlSession session, Path schemaFile) {
        String script;
        try {
            script = Files.readString(schemaFile);
        } catch (IOException e) {
            throw new LogicalException(FailureReason.STAGING_ERROR, "cannot read the schema file " + schemaFile, e);
        }
        String cql = script.lines().filter(line -> !line.startsWith("WARNING:")).collect(Collectors.joining("\n"));
        SchemaScript.apply(session, SchemaScript.parse(cql));
    }

    /**
     * Loads {@code files}, in order, into {@code keyspace.table} (names as Cassandra stores them).
     *
     * @param errorFile where rejected records go; created at the first one
     * @throws LogicalException {@link FailureReason#TABLE_MISSING} for a table that does not exist,
     *     {@link FailureReason#SCHEMA_MISMATCH} for a header naming a column the table lacks,
     *     {@link FailureReason#IMPORT_FAILED} past {@code maxErrors} rejected records,
     *     {@link FailureReason#STAGING_ERROR} for a file that cannot be read
     */
    public CsvImportResult importFiles(List<Path> files, String keyspace, String table, Path errorFile) {
        Instant started = Instant.now();
        TableMetadata target = session.getMetadata()
                .getKeyspace(CqlIdentifier.fromInternal(keyspace))
                .flatMap(k -> k.getTable(CqlIdentifier.fromInternal(table)))
                .orElseThrow(() -> new LogicalException(
                        FailureReason.TABLE_MISSING, "table " + keyspace + "." + table + " does not exist"));
        String qualified = keyspace + "." + table;
        Load load = new Load(qualified, new Semaphore(options.maxInFlight()), new Throttle(options.maxRowsPerSecond()));
        try (RejectedRecords rejected = new RejectedRecords(errorFile)) {
            load.rejected = rejected;
            try {
                for (Path file : files) {
                    if (!importFile(target, file, load)) {
                        break;
                    }
                }
            } finally {
                // Waits for the rows in flight: their errors still go to the file.
                load.inFlight.acquireUninterruptibly(options.maxInFlight());
                load.inFlight.release(options.maxInFlight());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogicalException(FailureReason.CANCELLED, "CSV import into " + qualified + " interrupted");
        }
        CsvImportResult result = new CsvImportResult(
                keyspace,
                table,
                load.rows,
                load.written.get(),
                load.errors.get(),
                errorFile,
                Duration.between(started, Instant.now()));
        log.info(
                "CSV imported table={} files={} rows={} written={} errors={} took={}",
                qualified,
                files.size(),
                result.rows(),
                result.written(),
                result.errors(),
                result.took());
        if (load.errors.get() > options.maxErrors()) {
            throw new LogicalException(
                    FailureReason.IMPORT_FAILED,
                    "CSV import into " + qualified + " failed: "
                            + load.errors.get() + " records rejected, more than the " + options.maxErrors()
                            + " allowed; first: "
                            + load.firstError.get() + "; rejected records are in " + errorFile);
        }
        return result;
    }

    /** The state of one import across its files. */
    private static final class Load {
        final String table;
        final Semaphore inFlight;
        final Throttle throttle;
        final AtomicLong written = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicReference<String> firstError = new AtomicReference<>();
        RejectedRecords rejected;
        long rows;

        Load(String table, Semaphore inFlight, Throttle throttle) {
            this.table = table;
            this.inFlight = inFlight;
            this.throttle = throttle;
        }

        void reject(Path file, long line, String record, String error) {
            errors.incrementAndGet();
            firstError.compareAndSet(null, "table " + table + ", file " + file + ", line " + line + ": " + error);
            log.warn("CSV record rejected table={} file={} line={} error={}", table, file, line, error);
            rejected.write(table, file, line, record, error);
        }
    }

    /** Returns false when the import stopped, past {@code maxErrors}. */
    private boolean importFile(TableMetadata target, Path file, Load load) throws InterruptedException {
        CqlText text = new CqlText(csv.nullMarker());
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CsvReader reader = new CsvReader(in, csv.delimiter(), csv.quote(), csv.escape())) {
            List<ColumnMetadata> columns = null;
            if (!csv.header()) {
                columns = new ArrayList<>(target.getColumns().values());
            }
            Statement statement = null;
            while (true) {
                if (load.errors.get() > options.maxErrors()) {
                    return false;
                }
                CsvReader.Record record;
                try {
                    record = reader.next();
                } catch (CsvReader.MalformedRecordException e) {
                    load.rows++;
                    load.reject(file, e.line(), e.text(), e.getMessage());
                    continue;
                }
                if (record == null) {
                    return true;
                }
                if (columns == null) {
                    columns = headerColumns(target, file, record.fields());
                    continue;
                }
                if (statement == null) {
                    statement = prepare(target, columns);
                }
                load.rows++;
                if (record.fields().size() != columns.size()) {
                    load.reject(
                            file,
                            record.line(),
                            record.text(),
                            record.fields().size() + " fields where " + columns.size() + " columns are expected");
                    continue;
                }
                BoundStatementBuilder bound;
                try {
                    bound = statement.bind(text, record.fields(), csv.nullMarker());
                } catch (IllegalArgumentException e) {
                    load.reject(file, record.line(), record.text(), e.getMessage());
                    continue;
                }
                load.throttle.acquire(1);
                load.inFlight.acquire();
                CsvReader.Record submitted = record;
                session.executeAsync(
                                bound.setConsistencyLevel(options.consistency()).build())
                        .whenComplete((ignored, failure) -> {
                            try {
                                if (failure == null) {
                                    load.written.incrementAndGet();
                                } else {
                                    Throwable cause =
                                            failure instanceof CompletionException && failure.getCause() != null
                                                    ? failure.getCause()
                                                    : failure;
                                    load.reject(
                                            file,
                                            submitted.line(),
                                            submitted.text(),
                                            String.valueOf(cause.getMessage()));
                                }
                            } finally {
                                load.inFlight.release();
                            }
                        });
            }
        } catch (IOException e) {
            throw new LogicalException(FailureReason.STAGING_ERROR, "cannot read the CSV file " + file, e);
        }
    }

    private static List<ColumnMetadata> headerColumns(TableMetadata target, Path file, List<String> names) {
        List<ColumnMetadata> columns = new ArrayList<>(names.size());
        for (String name : names) {
            String stripped = name.strip();
            Optional<ColumnMetadata> column = target.getColumn(CqlIdentifier.fromInternal(stripped));
            if (column.isEmpty() && !stripped.isEmpty()) {
                // A header may also name a column as CQL does: "Quoted" or case-insensitive.
                try {
                    column = target.getColumn(CqlIdentifier.fromCql(stripped));
                } catch (IllegalArgumentException e) {
                    column = Optional.empty();
                }
            }
            columns.add(column.orElseThrow(() -> new LogicalException(
                    FailureReason.SCHEMA_MISMATCH,
                    "the header of " + file + " names column '" + stripped + "', which table "
                            + target.getKeyspace().asInternal() + "."
                            + target.getName().asInternal() + " lacks")));
        }
        return columns;
    }

    private Statement prepare(TableMetadata target, List<ColumnMetadata> columns) {
        String name = target.getKeyspace().asCql(true) + "." + target.getName().asCql(true);
        boolean counters = columns.stream().anyMatch(c -> c.getType().equals(DataTypes.COUNTER));
        List<ColumnMetadata> order;
        String cql;
        if (counters) {
            // Counters are added to, never inserted: UPDATE ... SET c = c + ? WHERE key = ?.
            List<ColumnMetadata> keys = new ArrayList<>(target.getPrimaryKey());
            List<ColumnMetadata> values =
                    columns.stream().filter(c -> !keys.contains(c)).toList();
            order = new ArrayList<>(values);
            order.addAll(keys);
            cql = "UPDATE " + name + " SET "
                    + values.stream()
                            .map(c -> c.getName().asCql(true) + " = "
                                    + c.getName().asCql(true) + " + ?")
                            .collect(Collectors.joining(", "))
                    + " WHERE "
                    + keys.stream().map(c -> c.getName().asCql(true) + " = ?").collect(Collectors.joining(" AND "));
        } else {
            order = columns;
            cql = "INSERT INTO " + name + " ("
                    + columns.stream().map(c -> c.getName().asCql(true)).collect(Collectors.joining(", "))
                    + ") VALUES (" + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
        }
        try {
            PreparedStatement prepared = session.prepare(SimpleStatement.newInstance(cql));
            return new Statement(prepared, columns, order, target);
        } catch (DriverException e) {
            throw new LogicalException(
                    FailureReason.CASSANDRA_ERROR, "cannot prepare " + cql + ": " + e.getMessage(), e);
        }
    }

    /**
     * A prepared write and where each field of a record goes in it. A record whose clustering columns are all null and
     * that has static values only (a partition with static cells and no row, as a read returns it) gets an
     * {@code INSERT} of its partition key and static columns.
     */
    private final class Statement {
        private final PreparedStatement prepared;
        private final List<ColumnMetadata> fields;
        private final int[] position;
        private final List<TypeCodec<Object>> codecs = new ArrayList<>();
        private final TableMetadata target;
        private PreparedStatement staticOnly;

        @SuppressWarnings("unchecked")
        Statement(
                PreparedStatement prepared,
                List<ColumnMetadata> fields,
                List<ColumnMetadata> order,
                TableMetadata target) {
            this.prepared = prepared;
            this.fields = fields;
            this.target = target;
            this.position = new int[fields.size()];
            for (int i = 0; i < fields.size(); i++) {
                position[i] = order.indexOf(fields.get(i));
                DataType type = fields.get(i).getType();
                codecs.add((TypeCodec<Object>)
                        session.getContext().getCodecRegistry().codecFor(type));
            }
        }

        BoundStatementBuilder bind(CqlText text, List<String> values, String nullMarker) {
            Object[] parsed = new Object[fields.size()];
            boolean clusteringNull = false;
            boolean regularValues = false;
            for (int i = 0; i < fields.size(); i++) {
                ColumnMetadata column = fields.get(i);
                String field = values.get(i);
                try {
                    parsed[i] = field.equals(nullMarker) ? null : text.parse(column.getType(), field);
                    if (isEmptyMultiCell(column.getType(), parsed[i])) {
                        // An empty non-frozen collection is no value in Cassandra; writing one would be a tombstone.
                        parsed[i] = null;
                    }
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "column " + column.getName().asInternal() + ": " + e.getMessage(), e);
                }
                if (target.getPartitionKey().contains(column) && parsed[i] == null) {
                    throw new IllegalArgumentException(
                            "column " + column.getName().asInternal() + " is part of the partition key and is null");
                }
                if (target.getClusteringColumns().containsKey(column)) {
                    clusteringNull |= parsed[i] == null;
                } else if (!column.isStatic() && !target.getPartitionKey().contains(column)) {
                    regularValues |= parsed[i] != null;
                }
            }
            if (clusteringNull) {
                if (regularValues || fields.stream().noneMatch(ColumnMetadata::isStatic)) {
                    throw new IllegalArgumentException("a clustering column is null in a row with regular values");
                }
                return bindStaticOnly(parsed);
            }
            BoundStatementBuilder bound = prepared.boundStatementBuilder();
            for (int i = 0; i < fields.size(); i++) {
                // A null is left unset: no tombstone written, and a counter left as it is.
                if (parsed[i] != null) {
                    bound.set(position[i], parsed[i], codecs.get(i));
                }
            }
            return bound;
        }

        private static boolean isEmptyMultiCell(DataType type, Object value) {
            boolean multiCell = (type instanceof ListType list && !list.isFrozen())
                    || (type instanceof SetType set && !set.isFrozen())
                    || (type instanceof MapType map && !map.isFrozen());
            return multiCell
                    && ((value instanceof Collection<?> collection && collection.isEmpty())
                            || (value instanceof Map<?, ?> map && map.isEmpty()));
        }

        private BoundStatementBuilder bindStaticOnly(Object[] parsed) {
            List<Integer> used = new ArrayList<>();
            for (int i = 0; i < fields.size(); i++) {
                if (target.getPartitionKey().contains(fields.get(i))
                        || fields.get(i).isStatic()) {
                    used.add(i);
                }
            }
            if (staticOnly == null) {
                staticOnly =
                        session.prepare("INSERT INTO " + target.getKeyspace().asCql(true) + "."
                                + target.getName().asCql(true) + " ("
                                + used.stream()
                                        .map(i -> fields.get(i).getName().asCql(true))
                                        .collect(Collectors.joining(", "))
                                + ") VALUES (" + used.stream().map(i -> "?").collect(Collectors.joining(", ")) + ")");
            }
            BoundStatementBuilder bound = staticOnly.boundStatementBuilder();
            for (int j = 0; j < used.size(); j++) {
                int i = used.get(j);
                if (parsed[i] != null) {
                    bound.set(j, parsed[i], codecs.get(i));
                }
            }
            return bound;
        }
    }
}
