package io.ringvault.logical.load;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.logical.LogicalException;
import io.ringvault.logical.Throttle;
import io.ringvault.logical.format.ChunkReader;
import io.ringvault.logical.format.ChunkRow;
import io.ringvault.logical.format.TableLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * statements ({@link RowPlanner}) run one after the other, so list appends keep their order.
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
        RowPlanner planner = null;
        TableLayout plannedLayout = null;
        try (ErrorFile rejected = new ErrorFile(errorFile)) {
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
                            inFlight.acquire();
                            ChunkRow submitted = row;
                            runInOrder(plan, statements).whenComplete((ignored, failure) -> {
                                try {
                                    if (failure == null) {
                                        written.incrementAndGet();
                                    } else {
                                        Throwable cause =
                                                failure instanceof CompletionException && failure.getCause() != null
                                                        ? failure.getCause()
                                                        : failure;
                                        reject(
                                                rejected,
                                                errors,
                                                firstError,
                                                qualified,
                                                chunk,
                                                rowNumber,
                                                submitted,
                                                String.valueOf(cause.getMessage()));
                                    }
                                } finally {
                                    inFlight.release();
                                }
                            });
                        }
                    }
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
