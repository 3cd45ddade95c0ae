package io.ringvault.logical.export;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.metadata.token.Token;
import com.datastax.oss.driver.api.core.metadata.token.TokenRange;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.logical.LogicalException;
import io.ringvault.logical.Throttle;
import io.ringvault.logical.format.Cell;
import io.ringvault.logical.format.ChunkColumn;
import io.ringvault.logical.format.ChunkFormat;
import io.ringvault.logical.format.ChunkRow;
import io.ringvault.logical.format.ChunkSummary;
import io.ringvault.logical.format.ChunkWriter;
import io.ringvault.logical.format.TableLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports every row of one table into chunk files, by token range: each range is read with paging
 * ({@code token(pk) > ? AND token(pk) <= ?}), several ranges at a time, each into chunk files of its own
 * ({@code 00003-0001.rvl}: range 3, its first chunk) that roll past a number of rows or bytes.
 *
 * <p>Each row carries its primary key, and for every static and regular column the value's protocol bytes with its
 * {@code WRITETIME} and {@code TTL}; for a non-frozen collection or UDT, Cassandra 5.0 gives the write time and TTL of
 * each element, and they are all kept. Static cells are written once per partition, and a chunk
 * rolls only between partitions (so a chunk may pass its row or byte limit by the rest of one partition). Materialized views are not exported: their rows come back from their
 * base table.
 *
 * <p>The ranges are the ring's (the driver's token map) or the caller's: a node agent passes the ranges its node holds
 * a primary replica for. Memory is bounded by the pages and one block per range being read.
 */
public final class TableExporter {
    private static final Logger log = LoggerFactory.getLogger(TableExporter.class);

    /** Rows taken from the throttle at once: one lock per row would cost more than it guards. */
    private static final int THROTTLE_BATCH = 100;

    /** A listener that does nothing: the caller takes the chunks from the {@link ExportResult} at the end. */
    public static final Consumer<ExportedChunk> NO_LISTENER = chunk -> {};

    private final CqlSession session;
    private final ExportOptions options;
    private final Node coordinator;
    private final Consumer<ExportedChunk> chunkListener;

    public TableExporter(CqlSession session, ExportOptions options) {
        this(session, options, null);
    }

    /**
     * An exporter whose every read goes to {@code coordinator} (null: wherever the driver's load balancing sends it):
     * a node agent passes its own node, so that a node reads the ranges it is the primary replica for locally.
     */
    public TableExporter(CqlSession session, ExportOptions options, Node coordinator) {
        this(session, options, coordinator, NO_LISTENER);
    }

    /**
     * An exporter that hands each chunk file to {@code chunkListener} as soon as the file is closed and complete, while
     * the export goes on: a node agent announces it for upload then, rather than when the whole table is exported.
     *
     * <p>The listener is called from the threads that read the ranges, several at a time, so it must be thread-safe.
     * What it throws fails the export like a failed read. A chunk it was given stays part of the result.
     */
    public TableExporter(
            CqlSession session, ExportOptions options, Node coordinator, Consumer<ExportedChunk> chunkListener) {
        this.session = Objects.requireNonNull(session, "session");
        this.options = Objects.requireNonNull(options, "options");
        this.coordinator = coordinator;
        this.chunkListener = Objects.requireNonNull(chunkListener, "chunkListener");
    }

    /** Exports the whole ring of {@code keyspace.table} (names as Cassandra stores them) into {@code directory}. */
    public ExportResult export(String keyspace, String table, Path directory) {
        TokenMap tokens = session.getMetadata()
                .getTokenMap()
                .orElseThrow(() -> new LogicalException(
                        FailureReason.CLUSTER_UNAVAILABLE, "the driver has no token map: metadata is disabled"));
        List<TokenRange> ranges = new ArrayList<>(tokens.getTokenRanges());
        return export(keyspace, table, ranges, directory);
    }

    /**
     * Exports the rows of {@code ranges} (start exclusive, end inclusive; a range whose start equals its end is the
     * whole ring) into {@code directory}, which is created if needed.
     */
    public ExportResult export(String keyspace, String table, List<TokenRange> ranges, Path directory) {
        Instant started = Instant.now();
        TableMetadata metadata = table(keyspace, table);
        TableLayout layout = TableLayout.of(metadata);
        TokenMap tokens = session.getMetadata().getTokenMap().orElseThrow();
        List<TokenRange> split = new ArrayList<>();
        for (TokenRange range : ranges) {
            if (options.splitsPerRange() > 1) {
                split.addAll(range.splitEvenly(options.splitsPerRange()));
            } else {
                split.add(range);
            }
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new LogicalException(FailureReason.STAGING_ERROR, "cannot create " + directory, e);
        }
        Queries queries = prepare(layout);
        Throttle throttle = new Throttle(options.maxRowsPerSecond());
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.parallelism(), Math.max(1, split.size())));
        try {
            List<Future<List<ExportedChunk>>> futures = new ArrayList<>();
            for (int i = 0; i < split.size(); i++) {
                int index = i;
                TokenRange range = split.get(i);
                futures.add(pool.submit(() -> exportRange(layout, queries, tokens, range, index, directory, throttle)));
            }
            List<ExportedChunk> chunks = new ArrayList<>();
            for (Future<List<ExportedChunk>> future : futures) {
                chunks.addAll(future.get());
            }
            chunks.sort(Comparator.comparing(c -> c.summary().file()));
            ExportResult result = new ExportResult(
                    layout.keyspace(), layout.table(), chunks, Duration.between(started, Instant.now()));
            log.info(
                    "table exported table={} ranges={} chunks={} rows={} bytes={} took={}",
                    layout.qualifiedName(),
                    split.size(),
                    chunks.size(),
                    result.rows(),
                    result.bytes(),
                    result.took());
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogicalException(FailureReason.CANCELLED, "export of " + layout.qualifiedName() + " interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof LogicalException logical) {
                throw logical;
            }
            if (cause instanceof DriverException) {
                throw new LogicalException(
                        FailureReason.CASSANDRA_ERROR,
                        "export of " + layout.qualifiedName() + " failed: " + cause.getMessage(),
                        cause);
            }
            throw new LogicalException(
                    FailureReason.INTERNAL_ERROR, "export of " + layout.qualifiedName() + " failed: " + cause, cause);
        } finally {
            pool.shutdownNow();
        }
    }

    private TableMetadata table(String keyspace, String table) {
        return session.getMetadata()
                .getKeyspace(CqlIdentifier.fromInternal(keyspace))
                .orElseThrow(() -> new LogicalException(
                        FailureReason.UNKNOWN_KEYSPACE, "keyspace " + keyspace + " does not exist"))
                .getTable(CqlIdentifier.fromInternal(table))
                .orElseThrow(() -> new LogicalException(
                        FailureReason.UNKNOWN_TABLE, "table " + keyspace + "." + table + " does not exist"));
    }

    /** The three shapes of a range's query: between two tokens, after one, up to one. */
    private record Queries(PreparedStatement between, PreparedStatement after, PreparedStatement upTo) {}

    private Queries prepare(TableLayout layout) {
        List<String> selectors = new ArrayList<>();
        for (ChunkColumn column : layout.columns()) {
            String name = quote(column.name());
            selectors.add(name);
            if (!column.kind().isPrimaryKey() && !column.counter()) {
                selectors.add("writetime(" + name + ")");
                selectors.add("ttl(" + name + ")");
            }
        }
        String token = "token("
                + layout.partitionKey().stream().map(c -> quote(c.name())).collect(Collectors.joining(", ")) + ")";
        String select = "SELECT " + String.join(", ", selectors) + " FROM " + quote(layout.keyspace()) + "."
                + quote(layout.table()) + " WHERE ";
        return new Queries(
                session.prepare(select + token + " > ? AND " + token + " <= ?"),
                session.prepare(select + token + " > ?"),
                session.prepare(select + token + " <= ?"));
    }

    static String quote(String internalName) {
        return CqlIdentifier.fromInternal(internalName).asCql(true);
    }

    private List<ExportedChunk> exportRange(
            TableLayout layout,
            Queries queries,
            TokenMap tokens,
            TokenRange range,
            int index,
            Path directory,
            Throttle throttle)
            throws InterruptedException {
        Token start = range.getStart();
        Token end = range.getEnd();
        String rangeText = "(" + tokens.format(start) + ", " + tokens.format(end) + "]";
        List<BoundStatement> statements = new ArrayList<>();
        int order = start.compareTo(end);
        if (order < 0) {
            statements.add(queries.between().bind().setToken(0, start).setToken(1, end));
        } else {
            // The whole ring (start == end) or a range that wraps around: past the start, then up to the end.
            statements.add(queries.after().bind().setToken(0, start));
            statements.add(queries.upTo().bind().setToken(0, end));
        }
        RangeWriter writer = new RangeWriter(layout, directory, index, rangeText);
        try {
            int sinceThrottle = 0;
            for (BoundStatement statement : statements) {
                ResultSet rows = session.execute(statement
                        .setPageSize(options.pageSize())
                        .setConsistencyLevel(options.consistency())
                        .setNode(coordinator));
                for (Row row : rows) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new InterruptedException();
                    }
                    if (++sinceThrottle == THROTTLE_BATCH) {
                        throttle.acquire(sinceThrottle);
                        sinceThrottle = 0;
                    }
                    writer.write(row);
                }
            }
            throttle.acquire(sinceThrottle);
            return writer.finish();
        } finally {
            writer.close();
        }
    }

    /** Writes one range's rows into its chunk files, rolling past the limits, statics once per partition. */
    private final class RangeWriter implements AutoCloseable {
        private final TableLayout layout;
        private final Path directory;
        private final int index;
        private final String range;
        private final List<ChunkColumn> key;
        private final List<ChunkColumn> statics;
        private final List<ChunkColumn> regulars;
        private final int partitionKeySize;
        private final List<ExportedChunk> chunks = new ArrayList<>();
        private ChunkWriter current;
        private List<ByteBuffer> previousPartition;

        RangeWriter(TableLayout layout, Path directory, int index, String range) {
            this.layout = layout;
            this.directory = directory;
            this.index = index;
            this.range = range;
            this.key = layout.primaryKey();
            this.statics = layout.statics();
            this.regulars = layout.regulars();
            this.partitionKeySize = layout.partitionKey().size();
        }

        void write(Row row) {
            int column = 0;
            List<ByteBuffer> keyValues = new ArrayList<>(key.size());
            boolean staticOnly = false;
            for (ChunkColumn keyColumn : key) {
                ByteBuffer value = row.getBytesUnsafe(column++);
                // Only a partition with static cells and no rows comes back with null clustering values.
                staticOnly |= value == null;
                keyValues.add(value);
            }
            List<ByteBuffer> partition = keyValues.subList(0, partitionKeySize);
            boolean firstOfPartition = !partition.equals(previousPartition);
            previousPartition = new ArrayList<>(partition);
            // A chunk rolls only between partitions: a partition is whole in one chunk, so that its static cells are
            // written once (a static list appended twice would double) and a chunk restores on its own.
            if (current != null
                    && firstOfPartition
                    && (current.rows() >= options.maxRowsPerChunk()
                            || current.bytes() + current.pendingBytes() >= options.maxBytesPerChunk())) {
                roll();
            }
            if (current == null) {
                Map<String, String> properties = new LinkedHashMap<>();
                properties.put("range", range);
                properties.put("exportedAt", Instant.now().toString());
                current = ChunkWriter.create(
                        directory.resolve(
                                String.format("%05d-%04d%s", index, chunks.size() + 1, ChunkFormat.EXTENSION)),
                        layout,
                        properties,
                        options.blockBytes(),
                        1);
            }
            List<Cell> staticCells = new ArrayList<>(statics.size());
            for (ChunkColumn staticColumn : statics) {
                staticCells.add(cell(row, column, staticColumn));
                column += staticColumn.counter() ? 1 : 3;
            }
            List<Cell> regularCells = new ArrayList<>(regulars.size());
            for (ChunkColumn regular : regulars) {
                regularCells.add(cell(row, column, regular));
                column += regular.counter() ? 1 : 3;
            }
            boolean withStatics = !statics.isEmpty() && (firstOfPartition || staticOnly);
            current.write(new ChunkRow(
                    keyValues, withStatics ? staticCells : null, staticOnly ? null : regularCells, staticOnly));
        }

        private static Cell cell(Row row, int index, ChunkColumn column) {
            ByteBuffer value = row.getBytesUnsafe(index);
            if (value == null) {
                return Cell.absent();
            }
            if (column.counter()) {
                return Cell.counter(value);
            }
            if (column.multiCell()) {
                List<Long> writetimes = row.getList(index + 1, Long.class);
                List<Integer> ttls = row.getList(index + 2, Integer.class);
                long[] times = new long[writetimes.size()];
                int[] lives = new int[writetimes.size()];
                for (int e = 0; e < times.length; e++) {
                    Long writetime = writetimes.get(e);
                    // A UDT field with no cell (null) has no write time: Cassandra lists one entry per field.
                    times[e] = writetime == null ? Cell.NO_WRITETIME : writetime;
                    Integer ttl = e < ttls.size() ? ttls.get(e) : null;
                    lives[e] = ttl == null ? 0 : ttl;
                }
                return Cell.multi(value, times, lives);
            }
            return Cell.simple(value, row.getLong(index + 1), row.isNull(index + 2) ? 0 : row.getInt(index + 2));
        }

        private void roll() {
            ChunkSummary summary = current.finish();
            ExportedChunk chunk = new ExportedChunk(index, range, summary);
            chunks.add(chunk);
            current = null;
            chunkListener.accept(chunk);
        }

        List<ExportedChunk> finish() {
            if (current != null) {
                roll();
            }
            return chunks;
        }

        @Override
        public void close() {
            if (current != null) {
                current.close();
            }
        }
    }
}
