package io.ringvault.logical.csv;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.metadata.token.TokenRange;
import com.datastax.oss.driver.api.core.type.DataType;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.logical.LogicalException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a table as one CSV file that cqlsh's {@code COPY FROM} loads, in the format its {@code COPY TO} writes (see
 * {@link CqlText}): a header naming the columns, the null marker for a null, every value as cqlsh writes it, except
 * floats and doubles, which get every digit they need to come back exactly (cqlsh rounds them to 5 and 12 digits).
 *
 * <p>The table is read page by page ({@value #PAGE_SIZE} rows) and each row written at once: memory does not grow with
 * the table. Write times and TTLs are not in cqlsh's CSV, so they are not here: use the native chunk format to keep
 * them.
 */
public final class CsvExporter {
    private static final Logger log = LoggerFactory.getLogger(CsvExporter.class);
    private static final int PAGE_SIZE = 1000;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final CqlSession session;
    private final CsvOptions options;
    private final ConsistencyLevel consistency;

    public CsvExporter(CqlSession session, CsvOptions options, ConsistencyLevel consistency) {
        this.session = Objects.requireNonNull(session, "session");
        this.options = Objects.requireNonNull(options, "options");
        this.consistency = Objects.requireNonNull(consistency, "consistency");
    }

    /**
     * Writes every row of {@code keyspace.table} (names as Cassandra stores them) to {@code file}, replacing it.
     *
     * @throws LogicalException {@link FailureReason#TABLE_MISSING} for a table that does not exist,
     *     {@link FailureReason#CASSANDRA_ERROR} for a read Cassandra failed, {@link FailureReason#STAGING_ERROR} for a
     *     file that cannot be written
     */
    public CsvExportResult export(String keyspace, String table, Path file) {
        return export(keyspace, table, null, null, file);
    }

    /**
     * Writes the rows of {@code ranges} (start exclusive, end inclusive; a range whose start equals its end is the
     * whole ring; null: the whole table in one read) to {@code file}, every read sent to {@code coordinator} (null:
     * wherever the driver sends it). A node agent passes the ranges its node is the primary replica for, and itself.
     * An interrupt stops the export between rows.
     *
     * @throws LogicalException as {@link #export(String, String, Path)}, and {@link FailureReason#CANCELLED} when
     *     interrupted
     */
    public CsvExportResult export(String keyspace, String table, List<TokenRange> ranges, Node coordinator, Path file) {
        Instant started = Instant.now();
        TableMetadata metadata = session.getMetadata()
                .getKeyspace(CqlIdentifier.fromInternal(keyspace))
                .flatMap(k -> k.getTable(CqlIdentifier.fromInternal(table)))
                .orElseThrow(() -> new LogicalException(
                        FailureReason.TABLE_MISSING, "table " + keyspace + "." + table + " does not exist"));
        String qualified = keyspace + "." + table;
        List<ColumnMetadata> columns = new ArrayList<>(metadata.getColumns().values());
        List<DataType> types = columns.stream().map(ColumnMetadata::getType).toList();
        String select = "SELECT "
                + columns.stream().map(c -> c.getName().asCql(true)).collect(Collectors.joining(", "))
                + " FROM " + metadata.getKeyspace().asCql(true) + "."
                + metadata.getName().asCql(true);
        List<Statement<?>> reads = reads(metadata, select, ranges, coordinator);
        CqlText text = new CqlText(options.nullMarker());
        long rows = 0;
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                CsvWriter csv = new CsvWriter(out, options);
                if (options.header()) {
                    csv.write(
                            columns.stream().map(c -> c.getName().asInternal()).toList());
                }
                List<String> fields = new ArrayList<>(columns.size());
                for (Statement<?> read : reads) {
                    for (Row row : session.execute(read)) {
                        if (Thread.currentThread().isInterrupted()) {
                            throw new LogicalException(
                                    FailureReason.CANCELLED,
                                    "CSV export of " + qualified + " interrupted after " + rows + " rows");
                        }
                        fields.clear();
                        for (int i = 0; i < columns.size(); i++) {
                            // The driver decodes a null collection as an empty one: ask for null first.
                            Object value = row.isNull(i) ? null : row.getObject(i);
                            fields.add(value == null ? options.nullMarker() : text.format(types.get(i), value));
                        }
                        csv.write(fields);
                        rows++;
                    }
                }
            }
            long bytes = Files.size(file);
            CsvExportResult exported =
                    new CsvExportResult(keyspace, table, file, rows, bytes, Duration.between(started, Instant.now()));
            log.info(
                    "table exported as CSV table={} file={} rows={} bytes={} took={}",
                    qualified,
                    file,
                    rows,
                    bytes,
                    exported.took());
            return exported;
        } catch (DriverException e) {
            throw new LogicalException(
                    FailureReason.CASSANDRA_ERROR,
                    "reading " + qualified + " for the CSV export failed after " + rows + " rows: " + e.getMessage(),
                    e);
        } catch (IOException e) {
            throw new LogicalException(FailureReason.STAGING_ERROR, "cannot write the CSV file " + file, e);
        }
    }

    /** The reads of the export: the whole table, or per range its token query (two for a range that wraps). */
    private List<Statement<?>> reads(TableMetadata metadata, String select, List<TokenRange> ranges, Node coordinator) {
        List<Statement<?>> reads = new ArrayList<>();
        if (ranges == null) {
            reads.add(SimpleStatement.newInstance(select));
        } else {
            String token = "token("
                    + metadata.getPartitionKey().stream()
                            .map(c -> c.getName().asCql(true))
                            .collect(Collectors.joining(", "))
                    + ")";
            PreparedStatement between = session.prepare(select + " WHERE " + token + " > ? AND " + token + " <= ?");
            PreparedStatement after = session.prepare(select + " WHERE " + token + " > ?");
            PreparedStatement upTo = session.prepare(select + " WHERE " + token + " <= ?");
            for (TokenRange range : ranges) {
                if (range.getStart().compareTo(range.getEnd()) < 0) {
                    reads.add(between.bind().setToken(0, range.getStart()).setToken(1, range.getEnd()));
                } else {
                    // The whole ring (start == end) or a range that wraps around: past the start, then up to the end.
                    reads.add(after.bind().setToken(0, range.getStart()));
                    reads.add(upTo.bind().setToken(0, range.getEnd()));
                }
            }
        }
        return reads.stream()
                .<Statement<?>>map(read -> read.setPageSize(PAGE_SIZE)
                        .setConsistencyLevel(consistency)
                        .setTimeout(READ_TIMEOUT)
                        .setNode(coordinator))
                .toList();
    }
}
