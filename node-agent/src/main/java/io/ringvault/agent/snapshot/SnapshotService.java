package io.ringvault.agent.snapshot;

import io.ringvault.agent.node.CassandraNode;
import io.ringvault.agent.node.NodeState;
import io.ringvault.agent.snapshot.SnapshotRecord.Status;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.TakeSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshot life cycle on this node: take (idempotently), list, clear. Knows nothing of Kafka: the messaging layer
 * turns commands into calls and results into events.
 *
 * <p>A snapshot is recorded as {@code TAKING} before Cassandra is asked, and as {@code TAKEN} once it is complete, so a
 * crash at any point leaves a record the agent can act on: a {@code TAKING} snapshot is cleared and taken again when
 * its command comes back, a {@code TAKEN} one is listed again, and either is cleared when its operation is over.
 */
public class SnapshotService {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotService.class);

    private final CassandraNode node;
    private final SnapshotOperations cassandra;
    private final SnapshotLister lister;
    private final SnapshotRegistry registry;
    private final BackupsDirectories backupsDirectories;
    private final BackupsDirectoryGaps gaps;
    private final Clock clock;
    /** The logical export, when the agent has a CQL session for it; null refuses logical backups. */
    private final LogicalExportRunner logical;
    /** Operations known to be over: a late or replayed snapshot command for one of them must not leave a snapshot. */
    private final Set<String> finished = ConcurrentHashMap.newKeySet();
    /** The files of running logical exports announced so far: the only ones the file server serves before the end. */
    private final AnnouncedFiles announced;

    public SnapshotService(
            CassandraNode node,
            SnapshotOperations cassandra,
            SnapshotLister lister,
            SnapshotRegistry registry,
            BackupsDirectories backupsDirectories,
            BackupsDirectoryGaps gaps,
            Clock clock) {
        this(node, cassandra, lister, registry, backupsDirectories, gaps, clock, null, new AnnouncedFiles());
    }

    /**
     * A service that also exports logical backups with {@code logical}, recording the files it announces during an
     * export in {@code announced} (which the file server reads).
     */
    public SnapshotService(
            CassandraNode node,
            SnapshotOperations cassandra,
            SnapshotLister lister,
            SnapshotRegistry registry,
            BackupsDirectories backupsDirectories,
            BackupsDirectoryGaps gaps,
            Clock clock,
            LogicalExportRunner logical,
            AnnouncedFiles announced) {
        this.logical = logical;
        this.announced = announced;
        this.backupsDirectories = backupsDirectories;
        this.gaps = gaps;
        this.node = node;
        this.cassandra = cassandra;
        this.lister = lister;
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * Takes the snapshot a command asks for, or lists it again if it was already taken; a logical backup's files are
     * announced with it ({@link TakenSnapshot#filesAnnounced()} is false).
     *
     * @return the snapshot, or empty when its operation is already over and the command is ignored
     * @throws SnapshotFailedException when the snapshot cannot be taken; nothing of it is left on disk
     */
    public Optional<TakenSnapshot> take(TakeSnapshot command) {
        return take(command, null);
    }

    /**
     * {@link #take(TakeSnapshot)}, but each file of a logical backup's export goes to {@code announce} as soon as it is
     * complete, while the export goes on (from the export's threads, several at a time), and the file server serves it
     * from then on; the snapshot returned then says its files are announced. A snapshot's files are all listed at the
     * end and announced with it: Cassandra writes them all at once.
     *
     * @param announce announces one file for upload, returning once it is sent; null: announce them with the snapshot
     */
    public synchronized Optional<TakenSnapshot> take(TakeSnapshot command, Consumer<SnapshotFile> announce) {
        String backupId = command.backupId();
        if (finished.contains(backupId)) {
            LOG.info("snapshot command ignored backupId={}: the operation is already over", backupId);
            return Optional.empty();
        }
        SnapshotScope scope = SnapshotScope.of(command);
        if (!command.tables().isEmpty() && !scope.keyspaces().containsAll(command.keyspaces())) {
            LOG.info(
                    "snapshot limited to tables backupId={} tables={} keyspaces={}",
                    backupId,
                    command.tables(),
                    command.keyspaces());
        }
        Map<String, Set<String>> expectedTables = requireSchema(scope);

        Optional<SnapshotRecord> existing = registry.get(backupId);
        if (existing.isPresent() && existing.get().status() == Status.CLEARING) {
            LOG.info("snapshot command ignored backupId={}: the snapshot is being cleared", backupId);
            return Optional.empty();
        }
        if (command.logicalBackup()) {
            return Optional.of(exportRows(command, scope, announce, existing));
        }
        long start = System.nanoTime();
        String note = null;
        boolean incremental;
        if (existing.isEmpty() || existing.get().status() == Status.TAKING) {
            try {
                if (existing.isPresent()) {
                    // A crash during an earlier attempt may have left part of the snapshot; start from nothing.
                    LOG.info("snapshot retaken backupId={}: an earlier attempt did not finish", backupId);
                    cassandra.clearSnapshot(backupId);
                    incremental = existing.get().incremental();
                } else {
                    IncrementalDecision decision = decideIncremental(command, scope);
                    incremental = decision.incremental();
                    note = decision.note();
                }
                Instant startedAt = existing.map(SnapshotRecord::startedAt).orElse(clock.instant());
                registry.put(new SnapshotRecord(
                        backupId,
                        scope.wholeKeyspaces(),
                        scope.tables(),
                        Status.TAKING,
                        clock.instant(),
                        incremental,
                        startedAt));
                if (incremental) {
                    shipBackupsDirectories(backupId, scope, startedAt, command.flushes());
                } else {
                    for (List<String> entities : scope.entityGroups()) {
                        takeSnapshot(backupId, entities);
                    }
                }
                registry.put(registry.get(backupId).orElseThrow().withStatus(Status.TAKEN, clock.instant()));
            } catch (RuntimeException e) {
                throw abandon(backupId, e);
            }
        } else {
            incremental = existing.get().incremental();
            LOG.info("snapshot already taken backupId={}: listing it again", backupId);
        }

        try {
            long snapshotted = System.nanoTime();
            List<SnapshotFile> files = lister.list(backupId, scope);
            requireComplete(backupId, expectedTables, files);
            long listed = System.nanoTime();
            NodeState state = node.state();
            Map<String, String> schema = new LinkedHashMap<>();
            for (String keyspace : scope.keyspaces()) {
                schema.put(keyspace, node.describeKeyspace(keyspace));
            }
            TakenSnapshot taken = new TakenSnapshot(backupId, state, files, schema, incremental, note);
            // The durations say where a slow snapshot spends its time: Cassandra (flush and hard links), the data
            // directories, or the node's state and schema over CQL.
            LOG.info(
                    "snapshot taken backupId={} incremental={} keyspaces={} files={} bytes={} snapshotMs={} listMs={}"
                            + " schemaMs={}",
                    backupId,
                    incremental,
                    scope.keyspaces(),
                    files.size(),
                    taken.totalBytes(),
                    millis(start, snapshotted),
                    millis(snapshotted, listed),
                    millis(listed, System.nanoTime()));
            return Optional.of(taken);
        } catch (RuntimeException e) {
            throw abandon(backupId, e);
        }
    }

    /**
     * A logical backup: no snapshot; the rows of the ranges this node exports, through CQL, into the export directory.
     * An export does not resume. A command read again (after a crash or a retry) once an export that announced its files
     * as it went had started fails the node: the files it announced may be uploaded or stored already, and exporting
     * again would write other files (or other bytes) under the same names. Without announcements during the export, it
     * exports again from nothing.
     */
    private TakenSnapshot exportRows(
            TakeSnapshot command,
            SnapshotScope scope,
            Consumer<SnapshotFile> announce,
            Optional<SnapshotRecord> existing) {
        String backupId = command.backupId();
        if (logical == null) {
            throw new SnapshotFailedException(
                    FailureReason.SNAPSHOT_FAILED, "this node agent does not export rows for logical backups");
        }
        try {
            if (announce != null && existing.filter(SnapshotRecord::logical).isPresent()) {
                throw new SnapshotFailedException(
                        FailureReason.SNAPSHOT_FAILED,
                        "the logical export of backup " + backupId + " on this node was interrupted (the node agent"
                                + " restarted, or its command came back) after it may have announced files; an export"
                                + " does not resume: request the backup again");
            }
            logical.discard(backupId);
            Instant startedAt = clock.instant();
            registry.put(new SnapshotRecord(
                    backupId,
                    scope.wholeKeyspaces(),
                    scope.tables(),
                    Status.TAKING,
                    startedAt,
                    false,
                    startedAt,
                    true));
            NodeState state = node.state();
            Set<String> inScope = command.nodes().stream()
                    .map(io.ringvault.common.message.NodeRef::hostId)
                    .collect(Collectors.toSet());
            long start = System.nanoTime();
            Consumer<SnapshotFile> onFile = announce == null
                    ? file -> {}
                    : file -> {
                        // Servable before it is announced: the uploader may ask for it as soon as it reads the event.
                        announced.add(backupId, file.path());
                        announce.accept(file);
                    };
            LogicalExport export =
                    logical.export(backupId, scope, state.node().hostId(), inScope, command.logicalFormat(), onFile);
            registry.put(registry.get(backupId).orElseThrow().withStatus(Status.TAKEN, clock.instant()));
            announced.forget(backupId);
            TakenSnapshot taken = new TakenSnapshot(
                    backupId, state, export.files(), export.schema(), false, null, export.rows(), announce != null);
            LOG.info(
                    "logical export done backupId={} format={} keyspaces={} files={} bytes={} rows={} exportMs={}",
                    backupId,
                    command.logicalFormat().wireName(),
                    scope.keyspaces(),
                    export.files().size(),
                    taken.totalBytes(),
                    export.rows().values().stream().mapToLong(Long::longValue).sum(),
                    millis(start, System.nanoTime()));
            return taken;
        } catch (RuntimeException e) {
            throw abandon(backupId, e);
        }
    }

    /** Whether this node ships its {@code backups/} directories, and what the events should say about it. */
    private record IncrementalDecision(boolean incremental, String note) {}

    /**
     * An incremental backup ships {@code backups/} only where that holds everything flushed since the previous backup:
     * a node the previous backup lacks, or whose incremental backups were off until now, takes a snapshot instead. Off
     * without {@code enableIncrementalBackups}, the node refuses.
     */
    private IncrementalDecision decideIncremental(TakeSnapshot command, SnapshotScope scope) {
        boolean incrementalMode = command.mode() == BackupMode.INCREMENTAL;
        if (!incrementalMode && !command.enablesIncrementalBackups()) {
            return new IncrementalDecision(false, null);
        }
        String hostId = node.state().node().hostId();
        if (!cassandra.incrementalBackupsEnabled()) {
            if (!command.enablesIncrementalBackups()) {
                throw new SnapshotFailedException(
                        FailureReason.INCREMENTAL_BACKUPS_DISABLED,
                        "incremental backups are off on node " + hostId + " (incremental_backups: false), so its"
                                + " backups/ directories do not hold what was flushed since the previous backup; set"
                                + " incremental_backups: true in cassandra.yaml, or ask with"
                                + " --enable-incremental-backups to switch them on and take a snapshot of this node");
            }
            cassandra.enableIncrementalBackups();
            LOG.info("incremental backups switched on over JMX backupId={}", command.backupId());
            return new IncrementalDecision(
                    false,
                    incrementalMode
                            ? "incremental backups were off: switched on over JMX; this node takes a snapshot, since"
                                    + " its backups/ directories lack what was flushed while they were off"
                            : "incremental backups were off: switched on over JMX (until Cassandra restarts; set"
                                    + " incremental_backups: true in cassandra.yaml to keep them on)");
        }
        if (incrementalMode && !command.incrementalOn(hostId)) {
            return new IncrementalDecision(
                    false, "the backup this one builds on does not hold this node: it takes a snapshot");
        }
        Set<String> gapped = gaps.in(scope);
        if (incrementalMode && !gapped.isEmpty()) {
            return new IncrementalDecision(
                    false,
                    "backups/ files of " + gapped + " were removed unshipped (older than the agent's"
                            + " backups-directory.max-unshipped-age): this node takes a snapshot");
        }
        return new IncrementalDecision(incrementalMode, null);
    }

    /**
     * Flushes the tables in scope, so the backup holds everything written before the request (unless {@code flush} is
     * false: a continuous backup ships what Cassandra flushed by itself), then links the files of their
     * {@code backups/} directories into the snapshot directory {@code backupId}.
     */
    private void shipBackupsDirectories(String backupId, SnapshotScope scope, Instant startedAt, boolean flush) {
        if (flush) {
            try {
                for (String keyspace : scope.keyspaces()) {
                    cassandra.flush(
                            keyspace,
                            scope.wholeKeyspaces().contains(keyspace)
                                    ? List.of()
                                    : List.copyOf(scope.tables().get(keyspace)));
                }
            } catch (SnapshotOperationException e) {
                throw new SnapshotFailedException(FailureReason.SNAPSHOT_FAILED, e.getMessage(), e);
            }
        }
        int linked = backupsDirectories.linkInto(backupId, scope, startedAt);
        LOG.info("incremental backup files linked backupId={} flushed={} files={}", backupId, flush, linked);
    }

    private static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }

    private void takeSnapshot(String backupId, List<String> entities) {
        try {
            cassandra.takeSnapshot(backupId, entities);
        } catch (SnapshotOperationException e) {
            if (!e.alreadyExists()) {
                throw e;
            }
            // Delivered again after a crash that lost the state file: the snapshot is there, list it.
            LOG.info("snapshot already exists backupId={} entities={}", backupId, entities);
        }
    }

    /** Clears whatever was taken, forgets it, and says why in terms safe to show. */
    private SnapshotFailedException abandon(String backupId, RuntimeException cause) {
        try {
            discard(backupId, registry.get(backupId));
            registry.remove(backupId);
        } catch (RuntimeException e) {
            LOG.warn("partial snapshot not cleared backupId={}: {}; retried later", backupId, e.getMessage());
            registry.get(backupId).ifPresent(r -> registry.put(r.withStatus(Status.CLEARING, clock.instant())));
        }
        if (cause instanceof SnapshotFailedException failed) {
            return failed;
        }
        return new SnapshotFailedException(FailureReason.SNAPSHOT_FAILED, cause.getMessage(), cause);
    }

    /** Every keyspace and table in scope must exist; returns, per keyspace, the tables whose snapshot must appear. */
    private Map<String, Set<String>> requireSchema(SnapshotScope scope) {
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        for (String keyspace : scope.keyspaces()) {
            if (!node.keyspaceExists(keyspace)) {
                throw new SnapshotFailedException(
                        FailureReason.KEYSPACE_MISSING, "keyspace '" + keyspace + "' does not exist on this node");
            }
            Set<String> tables = node.tablesOf(keyspace);
            if (scope.wholeKeyspaces().contains(keyspace)) {
                expected.put(keyspace, tables);
            } else {
                Set<String> wanted = scope.tables().get(keyspace);
                List<String> missing = wanted.stream()
                        .filter(t -> !tables.contains(t))
                        .sorted()
                        .toList();
                if (!missing.isEmpty()) {
                    throw new SnapshotFailedException(
                            FailureReason.TABLE_MISSING,
                            "table(s) "
                                    + missing.stream()
                                            .map(t -> keyspace + "." + t)
                                            .toList() + " do not exist on this node");
                }
                expected.put(keyspace, wanted);
            }
        }
        return expected;
    }

    /**
     * Cassandra writes {@code manifest.json} into the snapshot directory of every table, even an empty one, so a table
     * without one means the agent looks in the wrong place: announcing fewer files would be a silent partial backup.
     */
    private void requireComplete(String backupId, Map<String, Set<String>> expected, List<SnapshotFile> files) {
        Set<String> found = files.stream()
                .filter(f -> f.fileName().equals("manifest.json"))
                .map(f -> f.keyspace() + "." + f.table())
                .collect(Collectors.toSet());
        List<String> missing = new ArrayList<>();
        expected.forEach((keyspace, tables) -> tables.stream()
                .map(t -> keyspace + "." + t)
                .filter(t -> !found.contains(t))
                .forEach(missing::add));
        if (!missing.isEmpty()) {
            throw new SnapshotFailedException(
                    FailureReason.SNAPSHOT_INCOMPLETE,
                    "no snapshot '" + backupId + "' of "
                            + missing.stream().sorted().toList()
                            + " under the data directories " + lister.dataDirectories()
                            + "; ringvault.agent.data-directories must list Cassandra's data_file_directories");
        }
    }

    /**
     * Clears a snapshot because its operation is over. If Cassandra cannot be reached the snapshot stays recorded as
     * {@code CLEARING} and {@link #retryPendingClears()} tries again.
     *
     * @param onlyIfHeld clear only a snapshot this agent recorded (a cancel reaches every agent)
     * @return whether the snapshot is cleared
     */
    public synchronized boolean clear(String backupId, String why, boolean onlyIfHeld) {
        return clear(backupId, why, onlyIfHeld, false);
    }

    /**
     * {@link #clear(String, String, boolean)}; when {@code completed}, the backup's manifests are written, so the
     * {@code backups/} links it holds are removed first ({@link BackupsDirectories#release}). Should that fail, they
     * stay and ship again with the next backup: nothing is lost.
     */
    public synchronized boolean clear(String backupId, String why, boolean onlyIfHeld, boolean completed) {
        finished.add(backupId);
        Optional<SnapshotRecord> record = registry.get(backupId);
        if (record.isEmpty() && onlyIfHeld) {
            return false;
        }
        // A logical backup holds no SSTables: the backups/ links it did not ship stay for the next backup.
        if (completed
                && record.isPresent()
                && record.get().status() == Status.TAKEN
                && !record.get().logical()) {
            try {
                backupsDirectories.release(
                        backupId,
                        record.get().scope(),
                        record.get().incremental(),
                        record.get().startedAt());
                if (!record.get().incremental()) {
                    gaps.close(gaps.in(record.get().scope()));
                }
            } catch (RuntimeException e) {
                LOG.warn(
                        "backups/ links not released backupId={}: {}; the next backup ships them again",
                        backupId,
                        e.getMessage());
            }
        }
        record.ifPresent(r -> registry.put(r.withStatus(Status.CLEARING, clock.instant())));
        try {
            discard(backupId, record);
        } catch (SnapshotOperationException | SnapshotFailedException e) {
            LOG.warn("snapshot not cleared backupId={} why={}: {}; retried later", backupId, why, e.getMessage());
            return false;
        }
        registry.remove(backupId);
        LOG.info("snapshot cleared backupId={} why={}", backupId, why);
        return true;
    }

    /**
     * Removes what a backup left on this node: the export directory of a logical backup, Cassandra's snapshot
     * otherwise. Without a record (a clear command for a snapshot this agent forgot), both.
     */
    private void discard(String backupId, Optional<SnapshotRecord> record) {
        announced.forget(backupId);
        boolean logicalRecord = record.map(SnapshotRecord::logical).orElse(false);
        if (logical != null && (logicalRecord || record.isEmpty())) {
            logical.discard(backupId);
        }
        if (!logicalRecord) {
            cassandra.clearSnapshot(backupId);
        }
    }

    /** Stops the logical export of {@code backupId} if one runs here (a cancel); true if one did. */
    public boolean cancelExport(String backupId) {
        return logical != null && logical.cancel(backupId);
    }

    /** Clears the snapshots whose clearing failed before. */
    public synchronized void retryPendingClears() {
        for (SnapshotRecord record : registry.all()) {
            if (record.status() == Status.CLEARING) {
                clear(record.backupId(), "retry", true);
            }
        }
    }

    /**
     * At start-up: clears the recorded snapshots whose operations are over, and remembers those operations so their
     * commands, read again, are ignored.
     */
    public synchronized void recover(Collection<String> finishedOperations) {
        finished.addAll(finishedOperations);
        for (SnapshotRecord record : registry.all()) {
            if (finished.contains(record.backupId()) || record.status() == Status.CLEARING) {
                clear(record.backupId(), "operation over before start-up", true);
            } else {
                LOG.info("snapshot kept backupId={} status={}", record.backupId(), record.status());
            }
        }
    }

    /** The recorded snapshot, if this agent holds one for the operation. */
    public Optional<SnapshotRecord> snapshot(String backupId) {
        return registry.get(backupId);
    }
}
