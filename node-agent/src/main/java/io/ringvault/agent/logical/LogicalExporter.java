package io.ringvault.agent.logical;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.schema.KeyspaceMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.metadata.token.TokenRange;
import io.ringvault.agent.config.LogicalExportProperties;
import io.ringvault.agent.snapshot.LogicalExport;
import io.ringvault.agent.snapshot.SnapshotFailedException;
import io.ringvault.agent.snapshot.SnapshotFile;
import io.ringvault.agent.snapshot.SnapshotScope;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.LogicalFormat;
import io.ringvault.logical.LogicalException;
import io.ringvault.logical.csv.CsvExportResult;
import io.ringvault.logical.csv.CsvExporter;
import io.ringvault.logical.csv.CsvOptions;
import io.ringvault.logical.export.ExportOptions;
import io.ringvault.logical.export.ExportResult;
import io.ringvault.logical.export.ExportedChunk;
import io.ringvault.logical.export.TableExporter;
import io.ringvault.logical.schema.SchemaExport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports the tables of a logical backup on this node: for each table, the rows of the token ranges this node exports
 * ({@link PrimaryRanges}), read through the agent's CQL session with every read sent to the local node, into
 * {@code <directory>/<keyspace>/<table>-<tableId>/}: chunk files ({@code RRRRR-SSSS.rvlg}) or one CSV file
 * ({@code <table>.csv}, with a header). Materialized views are not exported: their rows come back from their base
 * tables, and the schema recreates them.
 *
 * <p>Each file is handed on as soon as it is closed and complete (a chunk when it rolls, a table's CSV file when the
 * table is done), so that the agent announces it for upload while the export goes on.
 */
public final class LogicalExporter {
    private static final Logger LOG = LoggerFactory.getLogger(LogicalExporter.class);

    private final CqlSession session;
    private final Node local;
    private final LogicalExportProperties properties;

    public LogicalExporter(CqlSession session, Node local, LogicalExportProperties properties) {
        this.session = session;
        this.local = local;
        this.properties = properties;
    }

    /**
     * Exports {@code scope} as {@code selfHostId}, among the nodes {@code inScope}, into {@code directory}, handing
     * each file to {@code onFile} once it is complete (from the export's threads, several at a time).
     *
     * @throws SnapshotFailedException naming the table that failed, with the engine's reason ({@code cancelled} when
     *     the thread is interrupted)
     */
    public LogicalExport export(
            String backupId,
            SnapshotScope scope,
            String selfHostId,
            Set<String> inScope,
            LogicalFormat format,
            Path directory,
            Consumer<SnapshotFile> onFile) {
        List<SnapshotFile> files = new ArrayList<>();
        Map<String, String> schema = new LinkedHashMap<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String keyspace : scope.keyspaces()) {
            KeyspaceMetadata metadata = session.getMetadata()
                    .getKeyspace(CqlIdentifier.fromInternal(keyspace))
                    .orElseThrow(() -> new SnapshotFailedException(
                            FailureReason.KEYSPACE_MISSING, "keyspace '" + keyspace + "' does not exist"));
            Set<String> tables = new TreeSet<>();
            for (CqlIdentifier table : metadata.getTables().keySet()) {
                if (scope.includes(keyspace, table.asInternal())) {
                    tables.add(table.asInternal());
                }
            }
            schema.put(keyspace, SchemaExport.script(SchemaExport.statements(session, metadata, tables::contains)));
            List<TokenRange> ranges = DriverRing.rangesExportedBy(session.getMetadata(), keyspace, selfHostId, inScope);
            LOG.info(
                    "logical export of keyspace backupId={} keyspace={} tables={} ranges={} format={}",
                    backupId,
                    keyspace,
                    tables.size(),
                    ranges.size(),
                    format.wireName());
            for (String table : tables) {
                TableMetadata tableMetadata =
                        metadata.getTable(CqlIdentifier.fromInternal(table)).orElseThrow();
                String tableId = tableMetadata
                        .getId()
                        .map(UUID::toString)
                        .map(id -> id.replace("-", ""))
                        .orElseThrow(() -> new SnapshotFailedException(
                                FailureReason.TABLE_MISSING,
                                "table " + keyspace + "." + table + " has no id in the driver's metadata"));
                String tableDirectory = table + "-" + tableId;
                Path tableDir = directory.resolve(keyspace).resolve(tableDirectory);
                long tableRows;
                try {
                    tableRows = format == LogicalFormat.CSV
                            ? exportCsv(keyspace, table, tableId, tableDirectory, ranges, tableDir, files, onFile)
                            : exportChunks(keyspace, table, tableId, tableDirectory, ranges, tableDir, files, onFile);
                } catch (LogicalException e) {
                    throw new SnapshotFailedException(
                            e.reason(),
                            "logical export of table " + keyspace + "." + table + " failed: " + e.getMessage(),
                            e);
                } catch (RuntimeException e) {
                    throw new SnapshotFailedException(
                            FailureReason.SNAPSHOT_FAILED,
                            "logical export of table " + keyspace + "." + table + " failed: " + e.getMessage(),
                            e);
                }
                rows.put(keyspace + "." + table, tableRows);
                LOG.info(
                        "logical export of table done backupId={} table={}.{} rows={}",
                        backupId,
                        keyspace,
                        table,
                        tableRows);
            }
        }
        return new LogicalExport(files, schema, rows);
    }

    private long exportChunks(
            String keyspace,
            String table,
            String tableId,
            String tableDirectory,
            List<TokenRange> ranges,
            Path tableDir,
            List<SnapshotFile> files,
            Consumer<SnapshotFile> onFile) {
        ExportOptions options = ExportOptions.defaults()
                .withParallelism(properties.parallelism())
                .withMaxRowsPerChunk(properties.rowsPerChunk())
                .withMaxRowsPerSecond(properties.maxRowsPerSecond())
                .withConsistency(properties.consistencyLevel());
        ExportResult result = new TableExporter(
                        session,
                        options,
                        local,
                        chunk -> onFile.accept(chunkFile(keyspace, table, tableId, tableDirectory, chunk)))
                .export(keyspace, table, ranges, tableDir);
        for (ExportedChunk chunk : result.chunks()) {
            files.add(chunkFile(keyspace, table, tableId, tableDirectory, chunk));
        }
        return result.rows();
    }

    private static SnapshotFile chunkFile(
            String keyspace, String table, String tableId, String tableDirectory, ExportedChunk chunk) {
        Path file = chunk.summary().file();
        return new SnapshotFile(
                0,
                keyspace,
                table,
                tableId,
                tableDirectory,
                file.getFileName().toString(),
                chunk.summary().bytes(),
                file.toAbsolutePath(),
                chunk.summary().rows());
    }

    private long exportCsv(
            String keyspace,
            String table,
            String tableId,
            String tableDirectory,
            List<TokenRange> ranges,
            Path tableDir,
            List<SnapshotFile> files,
            Consumer<SnapshotFile> onFile) {
        Path file = tableDir.resolve(table + ".csv");
        CsvExportResult result = new CsvExporter(session, CsvOptions.defaults(), properties.consistencyLevel())
                .export(keyspace, table, ranges, local, file);
        SnapshotFile exported = new SnapshotFile(
                0,
                keyspace,
                table,
                tableId,
                tableDirectory,
                file.getFileName().toString(),
                result.bytes(),
                file.toAbsolutePath(),
                result.rows());
        files.add(exported);
        // One file per table: complete only once the table is exported.
        onFile.accept(exported);
        return result.rows();
    }
}
