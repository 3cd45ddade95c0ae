package io.ringvault.coordinator.operation;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.FileStored;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.RestorePhase;
import io.ringvault.common.message.RestoreProgress;
import io.ringvault.common.message.SnapshotTaken;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One node's part of an operation, folded from the events about it: its snapshot and stored files (backup), its
 * tables' progress (restore), its failure, and when it was last heard from. Each method returns false when the event
 * changed nothing: stored files are remembered by object key so a redelivered event is not counted twice.
 */
final class NodeProgress {
    final NodeRef ref;
    NodeStatus status = NodeStatus.PENDING;
    boolean snapshotTaken;
    long filesTotal, bytesTotal, filesDone, bytesDone;
    Instant lastHeardAt;
    String reason;
    SnapshotTaken snapshot;
    /** Restore: the backed-up node this node receives the data of. */
    String sourceHostId;
    /** Restore: how many tables the plan restores; the node is done once each of them is done on it. */
    int tablesPlanned;
    /** Restore: the latest progress of each table, by {@code keyspace.table}. */
    private final Map<String, RestoreProgress> tables = new TreeMap<>();
    /** Stored files by object key: a redelivered event finds its key already there. */
    private final Map<String, FileStored> storedFiles = new LinkedHashMap<>();
    /**
     * A logical backup: the rows of the files stored so far, by {@code keyspace.table}. A logical export announces its
     * files while it runs, so they are stored (and counted here) before its {@code node.snapshot.taken} gives the
     * totals.
     */
    private final Map<String, Long> rowsStored = new TreeMap<>();

    NodeProgress(NodeRef ref, Instant acceptedAt) {
        this.ref = ref;
        this.lastHeardAt = acceptedAt;
    }

    boolean snapshotTaken() {
        return snapshotTaken;
    }

    /** Restore: the latest progress of each table, in {@code keyspace.table} order. */
    Collection<RestoreProgress> tables() {
        return tables.values();
    }

    /** Backup: the files stored, in the order they were. */
    Collection<FileStored> storedFiles() {
        return storedFiles.values();
    }

    /** A logical backup: the rows of the files stored so far, by {@code keyspace.table}; empty otherwise. */
    Map<String, Long> rowsStored() {
        return rowsStored;
    }

    /** A logical backup: the rows of the files stored so far; null when no stored file counted rows. */
    Long rowsDone() {
        return rowsStored.isEmpty()
                ? null
                : rowsStored.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Files of a logical export stored while the export still runs: its totals are not known yet. */
    boolean exporting() {
        return !snapshotTaken && filesDone > 0 && !status.isTerminal();
    }

    boolean snapshotTaken(SnapshotTaken taken, Instant time) {
        if (snapshotTaken || status.isTerminal()) {
            return false;
        }
        snapshotTaken = true;
        snapshot = taken;
        filesTotal = taken.fileCount();
        bytesTotal = taken.totalBytes();
        heard(time);
        updateStatus();
        return true;
    }

    boolean fileStored(FileStored stored, Instant time) {
        if (status.isTerminal() && status != NodeStatus.DONE || storedFiles.containsKey(stored.objectKey())) {
            return false;
        }
        storedFiles.put(stored.objectKey(), stored);
        filesDone++;
        bytesDone += stored.size();
        if (stored.rows() != null) {
            rowsStored.merge(stored.keyspace() + "." + stored.table(), stored.rows(), Long::sum);
        }
        heard(time);
        updateStatus();
        return true;
    }

    boolean restoreProgress(RestoreProgress progress, Instant time) {
        // A node done with every table opens again for the repair a request may ask for (repairing, then done or
        // failed with repair-failed): that comes only after every table is loaded.
        boolean repair = progress.phase() == RestorePhase.REPAIRING
                || (progress.phase() == RestorePhase.FAILED && progress.reason() == FailureReason.REPAIR_FAILED)
                || (progress.phase() == RestorePhase.DONE && repairing());
        if (status == NodeStatus.FAILED || (status == NodeStatus.DONE && !repair)) {
            return false;
        }
        tables.put(progress.keyspace() + "." + progress.table(), progress);
        filesDone =
                tables.values().stream().mapToLong(RestoreProgress::filesDone).sum();
        bytesDone =
                tables.values().stream().mapToLong(RestoreProgress::bytesDone).sum();
        if (progress.phase() == RestorePhase.FAILED) {
            status = NodeStatus.FAILED;
            reason = progress.keyspace() + "." + progress.table() + ": "
                    + (progress.reason() == null
                            ? "failed"
                            : progress.reason() + (progress.detail() == null ? "" : ": " + progress.detail()));
        } else if (tablesPlanned > 0
                && tables.size() >= tablesPlanned
                && tables.values().stream().allMatch(t -> t.phase() == RestorePhase.DONE)) {
            // Every table of the plan is imported here (the restorer reports a table with nothing to import as done).
            status = NodeStatus.DONE;
        } else {
            status = NodeStatus.RUNNING;
        }
        heard(time);
        return true;
    }

    /** Whether one of the node's tables is being repaired. */
    private boolean repairing() {
        return tables.values().stream().anyMatch(t -> t.phase() == RestorePhase.REPAIRING);
    }

    void restoreCompleted(Instant time) {
        if (!status.isTerminal()) {
            status = NodeStatus.DONE;
            heard(time);
        }
    }

    boolean failed(String why, Instant time) {
        if (status == NodeStatus.FAILED) {
            return false;
        }
        status = NodeStatus.FAILED;
        reason = why;
        heard(time);
        return true;
    }

    private void heard(Instant time) {
        if (time.isAfter(lastHeardAt)) {
            lastHeardAt = time;
        }
    }

    private void updateStatus() {
        if (status == NodeStatus.FAILED) {
            return;
        }
        status = snapshotTaken && filesDone >= filesTotal ? NodeStatus.DONE : NodeStatus.RUNNING;
    }
}
