package io.ringvault.agent.restore;

import io.ringvault.agent.node.LocalTables;
import io.ringvault.agent.restore.RestoreException.Reason;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports the staged SSTables of one table into the live table, online, once per operation.
 *
 * <ol>
 *   <li>The table must exist (the restorer creates the schema; the agent never does).
 *   <li>Already imported for this operation: the recorded result, {@code alreadyImported}, nothing done again.
 *   <li>{@code TRUNCATE} when asked, unless an earlier attempt of this import already got past it: truncating then
 *       could drop SSTables that attempt imported.
 *   <li>A pending marker, then Cassandra's import (verify, then move the files into the data directory), then the
 *       done marker, then the table's staging directory is removed.
 * </ol>
 *
 * A retry after a crash between the import and the done marker finds the pending marker and an empty staging
 * directory: Cassandra took the files, and the import is recorded as done.
 */
public class ImportService {
    private static final Logger LOG = LoggerFactory.getLogger(ImportService.class);

    private final StagingArea staging;
    private final LocalTables tables;
    private final SSTableImport importer;
    private final Clock clock;

    public ImportService(StagingArea staging, LocalTables tables, SSTableImport importer, Clock clock) {
        this.staging = staging;
        this.tables = tables;
        this.importer = importer;
        this.clock = clock;
    }

    /**
     * Imports what is staged for {@code table}.
     *
     * @throws RestoreException {@code table-missing}, {@code nothing-staged}, {@code staging-busy},
     *     {@code import-failed} (Cassandra refused the SSTables; they stay staged) or {@code cassandra-error}
     */
    public ImportResult importTable(StagedTable table, boolean truncate) {
        if (!existsInCassandra(table)) {
            throw new RestoreException(
                    Reason.TABLE_MISSING,
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
                            false);
                    staging.markImported(table, recovered);
                    LOG.info(
                            "restore import recorded from an earlier attempt operationId={} table={} files={}",
                            table.operationId(),
                            table.qualifiedName(),
                            recovered.importedFiles());
                    return recovered.asAlreadyImported();
                }
                throw new RestoreException(
                        Reason.NOTHING_STAGED,
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
                            table.keyspace(), table.table(), files.size(), bytes, truncated, clock.instant(), false));
            LOG.info(
                    "restore import started operationId={} table={} files={} bytes={} directory={}",
                    table.operationId(),
                    table.qualifiedName(),
                    files.size(),
                    bytes,
                    staging.filesDirectory(table));
            List<String> failed =
                    importer.importSSTables(table.keyspace(), table.table(), staging.filesDirectory(table));
            if (!failed.isEmpty()) {
                LOG.warn(
                        "restore import refused by Cassandra operationId={} table={} failedDirectories={}",
                        table.operationId(),
                        table.qualifiedName(),
                        failed);
                throw new RestoreException(
                        Reason.IMPORT_FAILED,
                        "Cassandra did not import " + table.qualifiedName() + " from " + failed
                                + " (verification failed: see the node's system.log); the files stay staged");
            }
            ImportResult result = new ImportResult(
                    table.keyspace(), table.table(), files.size(), bytes, truncated, clock.instant(), false);
            staging.markImported(table, result);
            LOG.info(
                    "restore import done operationId={} table={} files={} bytes={} truncated={}",
                    table.operationId(),
                    table.qualifiedName(),
                    files.size(),
                    bytes,
                    truncated);
            return result;
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
                    Reason.CASSANDRA_ERROR,
                    "cannot read the schema of " + table.qualifiedName() + " over CQL: " + e.getMessage(),
                    e);
        }
    }

    private void truncate(StagedTable table) {
        try {
            tables.truncate(table.keyspace(), table.table());
        } catch (RuntimeException e) {
            throw new RestoreException(
                    Reason.CASSANDRA_ERROR, "cannot truncate " + table.qualifiedName() + ": " + e.getMessage(), e);
        }
    }
}
