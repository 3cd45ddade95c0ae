package io.ringvault.logical.load;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.logical.LogicalException;
import io.ringvault.logical.Throttle;
import io.ringvault.logical.format.ChunkReader;
import io.ringvault.logical.format.ChunkRow;
import io.ringvault.logical.format.TableLayout;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports chunk files into a table, which may have another keyspace or name than the exported one (a rename): rows are
 * read one block at a time, and written asynchronously with at most {@code maxInFlight} rows in flight; each row's
 * statements ({@link RowPlanner}) run one after the other, so list appends keep their order. Consecutive rows of one
 * partition that take one statement each go together in an unlogged batch of at most {@code maxBatchRows}.
 *
 * <p>Write times are kept exactly. TTLs are the ones remaining at the export, and count again from the import: a cell
 * that had 100 s left when exported lives 100 s after it is imported.
 *
 * <p>A row Cassandra refuses (a value that does not fit the target column, for instance) is reported with the table,
 * the chunk file and its row number, kept in the error file (one JSON object per line, with the row's values in hex)
 * and counted; past {@code maxErrors} rejected rows the import stops and fails with
 * {@link FailureReason#IMPORT_FAILED}. A corrupt chunk fails the import at once ({@link FailureReason#BACKUP_CORRUPT}).
 */
public final class TableImporter {
    private static final Logger log = LoggerFactory.getLogger(TableImporter.class);

    private final CqlSession session;
    private final ImportOptions options;

    public TableImporter(CqlSession session, ImportOptions options) {
        this.session = Objects.requireNonNull(session, "session");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Imports {@code chunks}, in order, into {@code keyspace.table} (names as Cassandra stores them), which must exist
     * with every column of the exported table.
     *
     * @param errorFile where rejected rows go; created at the first one
     */
    public ImportResult importChunks(List<Path> chunks, String keyspace, String table, Path errorFile) {
        Instant started = Instant.now();
        TableMetadata target = session.getMetadata()
                .getKeyspace(CqlIdentifier.fromInternal(keyspace))
                .flatMap(k -> k.getTable(CqlIdentifier.fromInternal(table)))
                .orElseThrow(() -> new LogicalException(
                        FailureReason.TABLE_MISSING, "table " + keyspace + "." + table + " does not exist"));
        String qualified = keyspace + "." + table;
        Semaphore inFlight = new Semaphore(options.maxInFlight());
        Throttle throttle = new Throttle(options.maxRowsPerSecond());
        AtomicLong written = new AtomicLong();
        AtomicLong statements = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        long rows = 0;
        Batch batch = new Batch(target.getPartitionKey().size(), options.maxBatchRows());
        RowPlanner planner = null;
        TableLayout plannedLayout = null;
        try (ErrorFile rejected = new ErrorFile(errorFile)) {
            Context context = new Context(qualified, inFlight, rejected, written, statements, errors, firstError);
            try {
                chunks:
                for (Path chunk : chunks) {
                    try (ChunkReader reader = ChunkReader.open(chunk)) {
                        if (!reader.layout().equals(plannedLayout)) {
                            plannedLayout = reader.layout();
                            planner = new RowPlanner(session, target, plannedLayout, options.consistency());
                        }
                        ChunkRow row;
                        while ((row = reader.next()) != null) {
                            if (errors.get() > options.maxErrors()) {
                                break chunks;
                            }
                            throttle.acquire(1);
                            rows++;
                            long rowNumber = reader.rowNumber();
                            List<BoundStatement> plan;
                            try {
                                plan = planner.plan(row);
                            } catch (IllegalArgumentException | DriverException e) {
                                // A value that does not split, or a statement Cassandra refuses to prepare.
                                reject(rejected, errors, firstError, qualified, chunk, rowNumber, row, e.getMessage());
                                continue;
                            }
                            Pending pending = new Pending(chunk, rowNumber, row, plan);
                            if (batch.accepts(pending)) {
                                batch.add(pending);
                                continue;
                            }
                            submit(batch.drain(), context);
                            if (batch.batchable(pending)) {
                                batch.add(pending);
                            } else {
                                submit(List.of(pending), context);
                            }
                        }
                    }
                    // A partition is whole in one chunk: its batch ends with the chunk.
                    submit(batch.drain(), context);
                }
            } finally {
                // Waits for the rows in flight, also when a chunk turned out corrupt: their errors still go to the
                // file.
                inFlight.acquireUninterruptibly(options.maxInFlight());
                inFlight.release(options.maxInFlight());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogicalException(FailureReason.CANCELLED, "import into " + qualified + " interrupted");
        }
        ImportResult result = new ImportResult(
                keyspace,
                table,
                rows,
                written.get(),
                statements.get(),
                errors.get(),
                errorFile,
                Duration.between(started, Instant.now()));
        log.info(
                "chunks imported table={} chunks={} rows={} written={} statements={} errors={} took={}",
                qualified,
                chunks.size(),
                rows,
                result.written(),
                result.statements(),
                result.errors(),
                result.took());
        if (errors.get() > options.maxErrors()) {
            throw new LogicalException(
                    FailureReason.IMPORT_FAILED,
                    "import into " + qualified + " failed: " + errors.get() + " rows rejected, more than the "
                            + options.maxErrors() + " allowed; first: " + firstError.get() + "; rejected rows are in "
                            + errorFile);
        }
        return result;
    }

    /** A planned row waiting to be written. */
    private record Pending(Path chunk, long rowNumber, ChunkRow row, List<BoundStatement> plan) {}

    /** What the writes of one import share. */
    private record Context(
            String qualified,
            Semaphore inFlight,
            ErrorFile rejected,
            AtomicLong written,
            AtomicLong statements,
            AtomicLong errors,
            AtomicReference<String> firstError) {}

    /**
     * Rows of one partition gathered into an unlogged batch: Cassandra applies a single-partition batch as one mutation,
     * which costs it far less than a request per row (ten times fewer requests on ten rows a partition). Only rows
     * written by one idempotent statement are gathered: a row of several statements (list appends must run in order)
     * and counters go alone. The batch stays under {@link #MAX_BATCH_BYTES} of values, below Cassandra's default
     * {@code batch_size_warn_threshold} (5 KiB).
     */
    private static final class Batch {
        static final int MAX_BATCH_BYTES = 4 * 1024;

        private final int partitionKeySize;
        private final int maxRows;
        private final List<Pending> rows = new ArrayList<>();
        private List<ByteBuffer> partition;
        private long bytes;

        Batch(int partitionKeySize, int maxRows) {
            this.partitionKeySize = partitionKeySize;
            this.maxRows = maxRows;
        }

        boolean batchable(Pending pending) {
            return maxRows > 1
                    && pending.plan().size() == 1
                    && Boolean.TRUE.equals(pending.plan().get(0).isIdempotent());
        }

        boolean accepts(Pending pending) {
            return !rows.isEmpty()
                    && rows.size() < maxRows
                    && batchable(pending)
                    && bytes + valueBytes(pending.plan().get(0)) <= MAX_BATCH_BYTES
                    && partition.equals(pending.row().key().subList(0, partitionKeySize));
        }

        void add(Pending pending) {
            if (rows.isEmpty()) {
                partition = pending.row().key().subList(0, partitionKeySize);
                bytes = 0;
            }
            rows.add(pending);
            bytes += valueBytes(pending.plan().get(0));
        }

        List<Pending> drain() {
            List<Pending> drained = List.copyOf(rows);
            rows.clear();
            return drained;
        }

        private static long valueBytes(BoundStatement statement) {
            long total = 0;
            for (ByteBuffer value : statement.getValues()) {
                total += value == null ? 0 : value.remaining();
            }
            return total;
        }
    }

    /**
     * Writes {@code rows} asynchronously, holding one in-flight permit per row: alone, each row's statements in order;
     * several (one partition, see {@link Batch}), as one unlogged batch, and if the batch fails, row by row, so that
     * only the rows Cassandra refuses are rejected.
     */
    private void submit(List<Pending> rows, Context context) throws InterruptedException {
        if (rows.isEmpty()) {
            return;
        }
        context.inFlight().acquire(rows.size());
        if (rows.size() == 1) {
            Pending row = rows.get(0);
            write(row, context)
                    .whenComplete((ignored, failure) -> context.inFlight().release());
            return;
        }
        List<BatchableStatement<?>> members = new ArrayList<>(rows.size());
        rows.forEach(row -> members.add(row.plan().get(0)));
        BatchStatement batch = BatchStatement.newInstance(DefaultBatchType.UNLOGGED, members)
                .setConsistencyLevel(rows.get(0).plan().get(0).getConsistencyLevel())
                .setIdempotent(true);
        session.executeAsync(batch)
                .thenApply(resultSet -> {
                    context.statements().addAndGet(rows.size());
                    context.written().addAndGet(rows.size());
                    return (Void) null;
                })
                .exceptionallyCompose(failure -> {
                    log.debug(
                            "batch refused, writing its rows one by one table={} rows={}",
                            context.qualified(),
                            rows.size(),
                            failure);
                    CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
                    for (Pending row : rows) {
                        chain = chain.thenCompose(ignored -> write(row, context));
                    }
                    return chain;
                })
                .whenComplete((ignored, failure) -> context.inFlight().release(rows.size()));
    }

    /** Writes one row's statements in order; a refused row is rejected, and the stage still completes normally. */
    private CompletionStage<Void> write(Pending row, Context context) {
        return runInOrder(row.plan(), context.statements()).handle((ignored, failure) -> {
            if (failure == null) {
                context.written().incrementAndGet();
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                reject(
                        context.rejected(),
                        context.errors(),
                        context.firstError(),
                        context.qualified(),
                        row.chunk(),
                        row.rowNumber(),
                        row.row(),
                        String.valueOf(cause.getMessage()));
            }
            return null;
        });
    }

    private CompletionStage<Void> runInOrder(List<BoundStatement> plan, AtomicLong statements) {
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (BoundStatement statement : plan) {
            chain = chain.thenCompose(ignored -> {
                statements.incrementAndGet();
                return session.executeAsync(statement).thenApply(resultSet -> null);
            });
        }
        return chain;
    }

    private static void reject(
            ErrorFile rejected,
            AtomicLong errors,
            AtomicReference<String> firstError,
            String table,
            Path chunk,
            long rowNumber,
            ChunkRow row,
            String error) {
        errors.incrementAndGet();
        String where = "table " + table + ", chunk " + chunk + ", row " + rowNumber + ": " + error;
        firstError.compareAndSet(null, where);
        log.warn("row rejected table={} chunk={} row={} error={}", table, chunk, rowNumber, error);
        rejected.write(table, chunk, rowNumber, row, error);
    }
}
