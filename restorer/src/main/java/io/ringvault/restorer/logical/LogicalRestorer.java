package io.ringvault.restorer.logical;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.type.DataTypes;
import io.github.resilience4j.retry.Retry;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.failure.ClassifiedFailure;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.LogicalFormat;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.RestoreFinished;
import io.ringvault.common.message.RestorePhase;
import io.ringvault.common.message.RestoreProgress;
import io.ringvault.common.message.RestoreRequested;
import io.ringvault.logical.LogicalException;
import io.ringvault.logical.csv.CsvImporter;
import io.ringvault.logical.csv.CsvOptions;
import io.ringvault.logical.load.ImportOptions;
import io.ringvault.logical.load.TableImporter;
import io.ringvault.restorer.cluster.CqlNames;
import io.ringvault.restorer.cluster.TargetCluster;
import io.ringvault.restorer.cluster.TargetNode;
import io.ringvault.restorer.restore.CancelRegistry;
import io.ringvault.restorer.restore.CqlSchema;
import io.ringvault.restorer.restore.DaemonThreads;
import io.ringvault.restorer.restore.RestoreCancelled;
import io.ringvault.restorer.restore.RestoreEvents;
import io.ringvault.restorer.restore.RestoreFailure;
import io.ringvault.restorer.restore.RestoreFailures;
import io.ringvault.restorer.restore.SchemaRestorer;
import io.ringvault.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a logical backup through CQL, in the restorer, with no node agent: plan ({@link LogicalRestorePlanner}),
 * schema (what is missing, renamed, through {@link SchemaRestorer}, then the views), truncate where asked, then every
 * chunk file, a few at a time: streamed from the object store to a temporary file with its SHA-256 checked, imported
 * with the logical engine ({@link TableImporter} for native chunks, {@link CsvImporter} for CSV) into its target table,
 * deleted. Rows keep their write times and TTLs; Cassandra rebuilds indexes and views from the rows.
 *
 * <p>Progress is reported per target table ({@code restore.progress} with files, bytes and rows) after each file, and
 * again every {@code progressInterval} while it imports. Every imported file is recorded ({@link ImportedFiles}), so
 * the next run of the same restore skips it. A counter table is recorded only once whole: adding a counter file twice
 * would double its counts, so a counter table that was not finished is imported again from the start, which needs an
 * empty table (truncate).
 *
 * <p>Rejected rows go to the object store, next to the backup: one JSON-lines object per chunk file with rejections,
 * {@code backups/<id>/restores/<operationId>/errors/<keyspace.table>/<file>.jsonl}; past {@code maxErrors} over the
 * whole restore it fails with {@code import-failed}.
 */
public final class LogicalRestorer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogicalRestorer.class);

    /** How the cluster as a whole appears as the "node" of a logical restore's events. */
    public static final String WRITER_HOST_ID = "cql";

    private final ObjectStore store;
    private final Supplier<CqlSession> session;
    private final TargetCluster cluster;
    private final SchemaRestorer schema;
    private final RestoreEvents events;
    private final CancelRegistry cancels;
    private final Retry retry;
    private final Settings settings;
    private final ScheduledExecutorService ticker;

    /**
     * @param parallelism chunk files imported at once, over all tables
     * @param maxInFlight rows being written at once by one file's import
     * @param maxRowsPerSecond the throttle of each file's import; 0 for none
     * @param workDirectory where chunk files are kept while they are imported (one per file being imported)
     * @param progressInterval how often the progress of the tables being imported is published again
     */
    public record Settings(
            int parallelism, int maxInFlight, double maxRowsPerSecond, Path workDirectory, Duration progressInterval) {}

    public LogicalRestorer(
            ObjectStore store,
            Supplier<CqlSession> session,
            TargetCluster cluster,
            SchemaRestorer schema,
            RestoreEvents events,
            CancelRegistry cancels,
            Retry retry,
            Settings settings) {
        this.store = store;
        this.session = session;
        this.cluster = cluster;
        this.schema = schema;
        this.events = events;
        this.cancels = cancels;
        this.retry = retry;
        this.settings = settings;
        this.ticker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("logical-restore-progress"));
    }

    /**
     * Runs the restore {@code operationId} of the logical backup {@code backup} and returns the
     * {@code restore.finished} it published. Never throws for a failure of the restore itself.
     *
     * @param backupDirectory the backup's directory in the store, {@code [prefix/]<cluster>/backups/<id>/}
     */
    public RestoreFinished run(
            String operationId,
            RestoreRequested request,
            BackupManifest backup,
            List<NodeManifest> manifests,
            String backupDirectory) {
        List<String> imported = Collections.synchronizedList(new ArrayList<>());
        RestoreFinished finished;
        try {
            cancels.check(operationId);
            List<TargetNode> nodes = cluster.nodes();
            Map<String, Integer> byDatacenter = new TreeMap<>();
            nodes.forEach(n -> byDatacenter.merge(n.ref().datacenter(), 1, Integer::sum));
            NodeRef writer = writer(nodes);
            LogicalRestorePlan plan = LogicalRestorePlanner.plan(request, backup, manifests, byDatacenter);
            events.planned(operationId, plan.toEvent(writer));
            LOG.info(
                    "logical restore planned operationId={} backupId={} dryRun={} tables={} files={} bytes={}"
                            + " replication={}",
                    operationId,
                    backup.backupId(),
                    plan.dryRun(),
                    plan.tables().stream()
                            .map(t -> t.source() + "->" + t.target())
                            .toList(),
                    plan.files(),
                    plan.bytes(),
                    plan.replication());
            if (plan.dryRun()) {
                finished = new RestoreFinished(RestoreFinished.Outcome.COMPLETED, List.of(), null, null);
                events.finished(operationId, finished);
                return finished;
            }
            prepareSchema(plan, request.allowSchemaMismatch());
            ImportedFiles done = ImportedFiles.load(store, backupDirectory, plan.resumeKey());
            List<TableRun> tables = new ArrayList<>();
            for (LogicalRestorePlan.TablePlan table : plan.tables()) {
                cancels.check(operationId);
                tables.add(prepareTable(operationId, writer, table, done, request.truncate()));
            }
            Importer importer = new Importer(operationId, request, backup, backupDirectory, done, imported);
            importer.importAll(tables);
            done.clear();
            // A restore that completed with rejected rows (within maxErrors) says so, and where they are kept.
            finished = new RestoreFinished(
                    RestoreFinished.Outcome.COMPLETED, List.copyOf(imported), null, importer.rejectedSummary(tables));
            LOG.info("logical restore completed operationId={} tables={}", operationId, imported);
        } catch (RuntimeException e) {
            finished = RestoreFailures.stopped(operationId, List.copyOf(imported), classified(e));
        }
        events.finished(operationId, finished);
        return finished;
    }

    /** The schema's statements through {@link SchemaRestorer} (keyspaces, types, tables, indexes), then the views. */
    private void prepareSchema(LogicalRestorePlan plan, boolean allowMismatch) {
        Map<String, String> scripts = new TreeMap<>();
        plan.schema().forEach((keyspace, statements) -> scripts.put(keyspace, SchemaRewriter.script(statements)));
        schema.prepare(plan.targetNames(), scripts, allowMismatch);
        for (List<CqlSchema.Statement> statements : plan.schema().values()) {
            for (CqlSchema.Statement statement : statements) {
                if (statement.kind() != CqlSchema.Kind.VIEW) {
                    continue;
                }
                try {
                    cluster.executeDdl(statement.ifNotExists());
                } catch (RuntimeException e) {
                    throw new RestoreFailure(
                            FailureReason.SCHEMA_FAILED,
                            "Cassandra refused the backup's materialized view " + statement.keyspace() + "."
                                    + statement.name() + ": " + e.getMessage() + " (statement: " + statement.cql()
                                    + ")",
                            null,
                            e);
                }
            }
        }
    }

    /**
     * Truncates the table if asked and no earlier run imported into it (that run truncated it), and refuses a counter
     * table with rows in it: adding the backup's counts to them would not restore them.
     */
    private TableRun prepareTable(
            String operationId,
            NodeRef writer,
            LogicalRestorePlan.TablePlan table,
            ImportedFiles done,
            boolean truncate) {
        boolean counter = isCounterTable(table);
        boolean resumed = done.anyImported(table.target());
        if (truncate && !resumed) {
            try {
                cluster.truncate(table.targetKeyspace(), table.targetTable());
            } catch (RuntimeException e) {
                throw new RestoreFailure(
                        FailureReason.TRUNCATE_FAILED,
                        "could not truncate " + table.target() + " before restoring into it: " + e.getMessage(),
                        null,
                        e);
            }
        } else if (counter && !resumed && !table.files().isEmpty() && hasRows(table)) {
            throw new RestoreFailure(
                    FailureReason.INVALID_REQUEST,
                    "counter table " + table.target() + " has rows: counters are restored by adding the backup's"
                            + " counts, so they need an empty table; restore with truncate, or truncate it first");
        }
        TableRun run = new TableRun(operationId, writer, table, counter);
        for (NodeManifest.File file : table.files()) {
            if (done.isImported(table.target(), file)) {
                run.skipped(file);
            }
        }
        LOG.info(
                "logical table planned operationId={} source={} target={} files={} alreadyImported={} counter={}",
                operationId,
                table.source(),
                table.target(),
                table.files().size(),
                run.filesDone.get(),
                counter);
        return run;
    }

    private boolean isCounterTable(LogicalRestorePlan.TablePlan table) {
        return tableMetadata(table).getColumns().values().stream()
                .anyMatch(c -> c.getType().equals(DataTypes.COUNTER));
    }

    private boolean hasRows(LogicalRestorePlan.TablePlan table) {
        return session.get()
                        .execute(SimpleStatement.newInstance("SELECT * FROM " + CqlNames.quote(table.targetKeyspace())
                                        + "." + CqlNames.quote(table.targetTable()) + " LIMIT 1")
                                .setTimeout(Duration.ofSeconds(30)))
                        .one()
                != null;
    }

    private TableMetadata tableMetadata(LogicalRestorePlan.TablePlan table) {
        return session.get()
                .getMetadata()
                .getKeyspace(CqlIdentifier.fromInternal(table.targetKeyspace()))
                .flatMap(k -> k.getTable(CqlIdentifier.fromInternal(table.targetTable())))
                .orElseThrow(() -> new RestoreFailure(
                        FailureReason.SCHEMA_FAILED,
                        "table " + table.target() + " does not exist after the schema" + " was restored"));
    }

    /** The cluster as a whole, as the one "node" of the plan and of every progress event: its first datacenter. */
    static NodeRef writer(List<TargetNode> nodes) {
        String datacenter = nodes.stream()
                .map(n -> n.ref().datacenter())
                .sorted()
                .findFirst()
                .orElse("unknown");
        return new NodeRef(WRITER_HOST_ID, null, datacenter, null);
    }

    /** A failure of the logical engine as the restore's failure, with its reason. */
    private static RuntimeException classified(RuntimeException e) {
        if (e instanceof RestoreFailure || e instanceof RestoreCancelled) {
            return e;
        }
        if (e instanceof ClassifiedFailure failure) {
            if (failure.reason() == FailureReason.CANCELLED) {
                return new RestoreCancelled(e.getMessage());
            }
            return new RestoreFailure(failure.reason(), e.getMessage(), null, e);
        }
        return e;
    }

    /** One table's import: its files, what is done, and its progress events. */
    private final class TableRun {
        final String operationId;
        final NodeRef writer;
        final LogicalRestorePlan.TablePlan table;
        final boolean counter;
        final AtomicLong filesDone = new AtomicLong();
        final AtomicLong bytesDone = new AtomicLong();
        final AtomicLong rows = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        /** The store keys of this table's error files, in the order they were written. */
        final List<String> errorKeys = Collections.synchronizedList(new ArrayList<>());

        final List<NodeManifest.File> skipped = new ArrayList<>();

        TableRun(String operationId, NodeRef writer, LogicalRestorePlan.TablePlan table, boolean counter) {
            this.operationId = operationId;
            this.writer = writer;
            this.table = table;
            this.counter = counter;
        }

        void skipped(NodeManifest.File file) {
            skipped.add(file);
            filesDone.incrementAndGet();
            bytesDone.addAndGet(file.size());
        }

        boolean complete() {
            return filesDone.get() == table.files().size();
        }

        /** What this table's import rejected, for the restore's summary: null when nothing was. */
        String rejectedDetail() {
            if (rejected.get() == 0) {
                return null;
            }
            synchronized (errorKeys) {
                return rejected.get() + " rows rejected, kept in " + String.join(", ", errorKeys);
            }
        }

        void publish(RestorePhase phase, FailureReason reason, String detail) {
            events.progress(
                    operationId,
                    new RestoreProgress(
                            writer,
                            table.targetKeyspace(),
                            table.targetTable(),
                            phase,
                            filesDone.get(),
                            table.files().size(),
                            bytesDone.get(),
                            table.bytes(),
                            null,
                            null,
                            reason,
                            detail,
                            rows.get()));
        }
    }

    /** The imports of one run: every file not yet imported, {@code parallelism} at a time. */
    private final class Importer {
        private final String operationId;
        private final RestoreRequested request;
        private final BackupManifest backup;
        private final String backupDirectory;
        private final ImportedFiles done;
        private final List<String> imported;
        private final AtomicLong errors = new AtomicLong();
        private final Path work;

        Importer(
                String operationId,
                RestoreRequested request,
                BackupManifest backup,
                String backupDirectory,
                ImportedFiles done,
                List<String> imported) {
            this.operationId = operationId;
            this.request = request;
            this.backup = backup;
            this.backupDirectory = backupDirectory;
            this.done = done;
            this.imported = imported;
            this.work = settings.workDirectory().resolve("logical-restore-" + operationId);
        }

        /**
         * The rows rejected over the restore, for a completed restore's {@code restore.finished} detail: how many, in
         * which tables, and the keys of the error files; null when none was.
         */
        String rejectedSummary(List<TableRun> tables) {
            if (errors.get() == 0) {
                return null;
            }
            List<String> perTable = new ArrayList<>();
            for (TableRun table : tables) {
                String detail = table.rejectedDetail();
                if (detail != null) {
                    perTable.add(table.table.target() + ": " + detail);
                }
            }
            return errors.get() + " rows rejected over the restore (maxErrors " + request.errorsAllowed() + "); "
                    + String.join("; ", perTable);
        }

        void importAll(List<TableRun> tables) {
            Map<TableRun, AtomicLong> remaining = new ConcurrentHashMap<>();
            Map<TableRun, Boolean> active = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(
                    settings.parallelism(), DaemonThreads.named("logical-restore-" + operationId));
            var heartbeat = ticker.scheduleAtFixedRate(
                    () -> active.keySet().forEach(t -> publishQuietly(t, RestorePhase.IMPORTING)),
                    settings.progressInterval().toMillis(),
                    settings.progressInterval().toMillis(),
                    TimeUnit.MILLISECONDS);
            List<Future<?>> futures = new ArrayList<>();
            try {
                Files.createDirectories(work);
                for (TableRun table : tables) {
                    long left = table.table.files().size() - table.filesDone.get();
                    if (left == 0) {
                        // Nothing (left) to import: the table is done as it stands.
                        table.publish(RestorePhase.DONE, null, null);
                        imported.add(table.table.target());
                        continue;
                    }
                    table.publish(RestorePhase.IMPORTING, null, null);
                    remaining.put(table, new AtomicLong(left));
                    active.put(table, Boolean.TRUE);
                    List<NodeManifest.File> counterFiles = Collections.synchronizedList(new ArrayList<>());
                    for (NodeManifest.File file : table.table.files()) {
                        if (table.skipped.contains(file)) {
                            continue;
                        }
                        futures.add(pool.submit(() -> {
                            importFile(table, file);
                            if (table.counter) {
                                counterFiles.add(file);
                            } else {
                                done.markImported(table.table.target(), file);
                            }
                            table.publish(RestorePhase.IMPORTING, null, null);
                            if (remaining.get(table).decrementAndGet() == 0) {
                                // A counter table is recorded once whole (see the class comment).
                                counterFiles.forEach(f -> done.markImported(table.table.target(), f));
                                active.remove(table);
                                table.publish(RestorePhase.DONE, null, null);
                                imported.add(table.table.target());
                                LOG.info(
                                        "logical table restored operationId={} table={} files={} rows={}",
                                        operationId,
                                        table.table.target(),
                                        table.table.files().size(),
                                        table.rows.get());
                            }
                            return null;
                        }));
                    }
                }
                for (Future<?> future : futures) {
                    await(future);
                }
            } catch (IOException e) {
                throw new RestoreFailure(
                        FailureReason.STAGING_ERROR, "cannot create the work directory " + work + ": " + e, null, e);
            } catch (RuntimeException e) {
                futures.forEach(f -> f.cancel(true));
                RuntimeException failure = classified(e);
                for (TableRun table : active.keySet()) {
                    if (failure instanceof RestoreFailure restoreFailure) {
                        publishQuietly(
                                table, RestorePhase.FAILED, restoreFailure.reason(), restoreFailure.getMessage());
                    }
                }
                throw failure;
            } finally {
                heartbeat.cancel(false);
                pool.shutdownNow();
                awaitQuietly(pool);
                deleteQuietly(work);
            }
        }

        /** Waits for one file, checking for a cancel meanwhile, and throws its failure. */
        private void await(Future<?> future) {
            while (true) {
                cancels.check(operationId);
                try {
                    future.get(200, TimeUnit.MILLISECONDS);
                    return;
                } catch (TimeoutException e) {
                    // Still importing: check for a cancel again.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RestoreCancelled("the restorer is stopping");
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new RestoreFailure(FailureReason.RESTORE_ERROR, String.valueOf(e.getCause()), null, e);
                }
            }
        }

        private void importFile(TableRun table, NodeManifest.File file) {
            Path local = work.resolve(Math.abs((long) file.objectKey().hashCode()) + "-" + file.fileName());
            Path errors = work.resolve(local.getFileName() + ".errors.jsonl");
            try {
                retry.executeRunnable(() -> download(file, local));
                long allowed = Math.max(0, request.errorsAllowed() - this.errors.get());
                ImportOptions options = ImportOptions.defaults()
                        .withMaxInFlight(settings.maxInFlight())
                        .withMaxRowsPerSecond(settings.maxRowsPerSecond())
                        .withMaxErrors(allowed);
                long rows;
                long rejected;
                try {
                    if (backup.logicalFormat() == LogicalFormat.CSV) {
                        CsvOptions csv = backup.csvNull() == null
                                ? CsvOptions.defaults()
                                : CsvOptions.defaults().withNullMarker(backup.csvNull());
                        var result = new CsvImporter(session.get(), csv, options)
                                .importFiles(
                                        List.of(local),
                                        table.table.targetKeyspace(),
                                        table.table.targetTable(),
                                        errors);
                        rows = result.written();
                        rejected = result.errors();
                    } else {
                        var result = new TableImporter(session.get(), options)
                                .importChunks(
                                        List.of(local),
                                        table.table.targetKeyspace(),
                                        table.table.targetTable(),
                                        errors);
                        rows = result.written();
                        rejected = result.errors();
                    }
                } catch (LogicalException e) {
                    String key = keepErrors(table, file, errors);
                    if (e.reason() == FailureReason.IMPORT_FAILED) {
                        throw new RestoreFailure(
                                FailureReason.IMPORT_FAILED,
                                "restore of " + table.table.source() + " into " + table.table.target() + ", file "
                                        + file.objectKey() + ": more rows rejected than maxErrors ("
                                        + request.errorsAllowed() + ") allows over the restore"
                                        + (key == null ? "" : "; rejected rows are kept in " + key)
                                        + " (" + e.getMessage() + ")",
                                null,
                                e);
                    }
                    throw e;
                }
                String key = keepErrors(table, file, errors);
                if (key != null) {
                    table.errorKeys.add(key);
                }
                table.rejected.addAndGet(rejected);
                long total = this.errors.addAndGet(rejected);
                table.rows.addAndGet(rows);
                table.filesDone.incrementAndGet();
                table.bytesDone.addAndGet(file.size());
                if (total > request.errorsAllowed()) {
                    throw new RestoreFailure(
                            FailureReason.IMPORT_FAILED,
                            total + " rows rejected over the restore, more than maxErrors (" + request.errorsAllowed()
                                    + "); the last in " + table.table.target() + " from " + file.objectKey()
                                    + ", kept in " + key);
                }
            } finally {
                deleteQuietly(local);
                deleteQuietly(errors);
            }
        }

        /** Streams the file from the store, checking its SHA-256 against the manifest's. */
        private void download(NodeManifest.File file, Path local) {
            MessageDigest digest;
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
            try (InputStream in = new DigestInputStream(store.get(file.objectKey(), 0), digest)) {
                Files.copy(in, local, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new RestoreFailure(
                        FailureReason.STAGING_ERROR,
                        "cannot write " + file.objectKey() + " to " + local + ": " + e.getMessage(),
                        null,
                        e);
            }
            String actual = "sha256:" + HexFormat.of().formatHex(digest.digest());
            if (file.checksum() != null
                    && !file.checksum().toLowerCase(Locale.ROOT).equals(actual)) {
                throw new RestoreFailure(
                        FailureReason.CHECKSUM_MISMATCH,
                        "chunk file " + file.objectKey() + " of backup " + backup.backupId() + " has checksum " + actual
                                + ", its manifest records " + file.checksum());
            }
        }

        /** Stores the rows the import rejected next to the backup; the object's key, or null if none was. */
        private String keepErrors(TableRun table, NodeManifest.File file, Path errors) {
            if (!Files.exists(errors)) {
                return null;
            }
            // Two nodes' files of a table may share a name (orders.csv): the object key's hash tells them apart.
            String key = backupDirectory + "restores/" + operationId + "/errors/" + table.table.target() + "/"
                    + file.fileName() + "-" + shortHash(file.objectKey()) + ".jsonl";
            try (InputStream in = Files.newInputStream(errors)) {
                store.put(key, in, Files.size(errors));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the error file " + errors, e);
            }
            LOG.warn(
                    "rows rejected operationId={} table={} file={} errorsKey={}",
                    operationId,
                    table.table.target(),
                    file.objectKey(),
                    key);
            return key;
        }

        private void publishQuietly(TableRun table, RestorePhase phase) {
            publishQuietly(table, phase, null, null);
        }

        private void publishQuietly(TableRun table, RestorePhase phase, FailureReason reason, String detail) {
            try {
                table.publish(phase, reason, detail);
            } catch (RuntimeException e) {
                LOG.debug("progress not published operationId={} error={}", operationId, e.getMessage());
            }
        }
    }

    /** 8 hex digits of the SHA-256 of {@code text}. */
    private static String shortHash(String text) {
        try {
            byte[] hash =
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            // The imports wait for their rows in flight; a cancelled one ends within a request timeout.
            pool.awaitTermination(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            if (Files.isDirectory(path)) {
                try (var entries = Files.list(path)) {
                    entries.forEach(LogicalRestorer::deleteQuietly);
                }
            }
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.debug("not deleted path={} error={}", path, e.getMessage());
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
