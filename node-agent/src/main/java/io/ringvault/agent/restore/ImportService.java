package io.ringvault.agent.restore;

import io.ringvault.agent.node.LocalTables;
import io.ringvault.common.failure.FailureReason;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the staged SSTables of one table into the live table, online, once per operation: imported on this node, or
 * streamed to their replicas by Cassandra's bulk loader ({@link LoadMethod}).
 *
 * <ol>
 *   <li>The table must exist (the restorer creates the schema; the agent never does).
 *   <li>Already imported for this operation: the recorded result, {@code alreadyImported}, nothing done again.
 *   <li>{@code TRUNCATE} when asked, unless an earlier attempt of this import already got past it: truncating then
 *       could drop SSTables that attempt imported.
 *   <li>A pending marker, then Cassandra's import (verify, then move the files into the data directory) or the bulk
 *       loader's stream (the files are read and stay), then the done marker, then the table's staging directory is
 *       removed.
 * </ol>
 *
 * A retry after a crash between the import and the done marker finds the pending marker and an empty staging
 * directory: Cassandra took the files, and the import is recorded as done. A stream leaves its files staged until the
 * done marker is written, so a retry after such a crash streams them again: the replicas then hold the same cells
 * twice, which compaction merges.
 */
public class ImportService {
    private static final Logger LOG = LoggerFactory.getLogger(ImportService.class);

    private final StagingArea staging;
    private final LocalTables tables;
    private final SSTableImport importer;
    private final BulkLoad bulkLoader;
    private final Clock clock;

    /** Imports only: a stream is refused, as on a node whose operator configured no bulk loader. */
    public ImportService(StagingArea staging, LocalTables tables, SSTableImport importer, Clock clock) {
        this(staging, tables, importer, BulkLoad.notConfigured("this node"), clock);
    }

    public ImportService(
            StagingArea staging, LocalTables tables, SSTableImport importer, BulkLoad bulkLoader, Clock clock) {
        this.staging = staging;
        this.tables = tables;
        this.importer = importer;
        this.bulkLoader = bulkLoader;
        this.clock = clock;
    }

    /** Imports what is staged for {@code table} on this node ({@link LoadMethod#IMPORT}). */
    public ImportResult importTable(StagedTable table, boolean truncate) {
        return importTable(table, truncate, LoadMethod.IMPORT);
    }

    /**
     * Loads what is staged for {@code table} with {@code method}.
     *
     * @throws RestoreException {@code table-missing}, {@code nothing-staged}, {@code staging-busy},
     *     {@code import-failed} (Cassandra refused the SSTables; they stay staged), {@code bulk-load-failed} (the
     *     loader failed; they stay staged) or {@code cassandra-error}
     */
    public ImportResult importTable(StagedTable table, boolean truncate, LoadMethod method) {
        if (!existsInCassandra(table)) {
            throw new RestoreException(
                    FailureReason.TABLE_MISSING,
                    "table " + table.qualifiedName() + " does not exist on this node; create the schema first");
        }
        try (StagingGuard.Permit permit = staging.beginImport(table)) {
            Optional<ImportResult> done = staging.imported(table);
            if (done.isPresent()) {
                LOG.info(
                        "restore import skipped: already imported operationId={} table={} files={}",
                        table.operationId(),
                        table.qualifiedName(),
                        done.get().importedFiles());
                return done.get().asAlreadyImported();
            }
            Optional<ImportResult> pending = staging.pendingImport(table);
            List<StagedFile> files = staging.list(table);
            if (files.isEmpty()) {
                if (pending.isPresent()) {
                    // The earlier attempt got its files into Cassandra but not its answer to the restorer.
                    ImportResult recovered = new ImportResult(
                            table.keyspace(),
                            table.table(),
                            pending.get().importedFiles(),
                            pending.get().importedBytes(),
                            pending.get().truncated(),
                            clock.instant(),
                            false,
                            pending.get().method());
                    staging.markImported(table, recovered);
                    LOG.info(
                            "restore import recorded from an earlier attempt operationId={} table={} files={}",
                            table.operationId(),
                            table.qualifiedName(),
                            recovered.importedFiles());
                    return recovered.asAlreadyImported();
                }
                throw new RestoreException(
                        FailureReason.NOTHING_STAGED,
                        "nothing is staged for " + table.qualifiedName() + " in operation " + table.operationId()
                                + "; the table was left as it is");
            }
            long bytes = files.stream().mapToLong(StagedFile::size).sum();
            boolean truncated = pending.map(ImportResult::truncated).orElse(false);
            if (truncate && pending.isEmpty()) {
                LOG.info("restore truncate operationId={} table={}", table.operationId(), table.qualifiedName());
                truncate(table);
                truncated = true;
            }
            staging.markPending(
                    table,
                    new ImportResult(
                            table.keyspace(),
                            table.table(),
                            files.size(),
                            bytes,
                            truncated,
                            clock.instant(),
                            false,
                            method));
            LOG.info(
                    "restore import started operationId={} table={} method={} files={} bytes={} directory={}",
                    table.operationId(),
                    table.qualifiedName(),
                    method,
                    files.size(),
                    bytes,
                    staging.filesDirectory(table));
            if (method == LoadMethod.STREAM) {
                // The staging layout ends in <keyspace>/<table>, which is how the loader names its target.
                bulkLoader.stream(table.keyspace(), table.table(), staging.filesDirectory(table));
            } else {
                importSSTables(table);
            }
            ImportResult result = new ImportResult(
                    table.keyspace(), table.table(), files.size(), bytes, truncated, clock.instant(), false, method);
            // For a stream, this also removes the staged files the loader read: Cassandra holds its own copies now.
            staging.markImported(table, result);
            LOG.info(
                    "restore import done operationId={} table={} method={} files={} bytes={} truncated={}",
                    table.operationId(),
                    table.qualifiedName(),
                    method,
                    files.size(),
                    bytes,
                    truncated);
            return result;
        }
    }

    private void importSSTables(StagedTable table) {
        List<String> failed = importer.importSSTables(table.keyspace(), table.table(), staging.filesDirectory(table));
        if (!failed.isEmpty()) {
            LOG.warn(
                    "restore import refused by Cassandra operationId={} table={} failedDirectories={}",
                    table.operationId(),
                    table.qualifiedName(),
                    failed);
            throw new RestoreException(
                    FailureReason.IMPORT_FAILED,
                    "Cassandra did not import " + table.qualifiedName() + " from " + failed
                            + " (verification failed: see the node's system.log); the files stay staged");
        }
    }

    /** Whether the table was imported for the operation (a resumed restorer skips it). */
    public boolean isImported(StagedTable table) {
        return staging.imported(table).isPresent();
    }

    private boolean existsInCassandra(StagedTable table) {
        try {
            return tables.tableExists(table.keyspace(), table.table());
        } catch (RuntimeException e) {
            throw new RestoreException(
                    FailureReason.CASSANDRA_ERROR,
                    "cannot read the schema of " + table.qualifiedName() + " over CQL: " + e.getMessage(),
                    e);
        }
    }

    private void truncate(StagedTable table) {
        try {
            tables.truncate(table.keyspace(), table.table());
        } catch (RuntimeException e) {
            throw new RestoreException(
                    FailureReason.CASSANDRA_ERROR,
                    "cannot truncate " + table.qualifiedName() + ": " + e.getMessage(),
                    e);
        }
    }
}
