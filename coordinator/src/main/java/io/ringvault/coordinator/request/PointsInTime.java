package io.ringvault.coordinator.request;

import io.ringvault.common.backup.BackupIndex;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.coordinator.catalog.BackupCatalog;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves a restore {@code until} a time: the backup it names, or the newest incremental backup built on it (directly
 * or through others, by the index's {@code buildsOn}) that was taken at or before that time. Every incremental backup
 * lists the files of its whole chain, so restoring that one restores the named backup plus every link up to it. A link
 * holds what Cassandra had flushed when it was taken: a continuous backup's links, taken every few seconds without
 * forcing a flush, put the point in time within one interval of the last flush before it.
 */
public class PointsInTime {
    private final BackupCatalog catalog;

    public PointsInTime(BackupCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * The backup to restore for {@code backupId} at {@code until}.
     *
     * @throws RequestRejectedException {@code unknown-backup} when {@code backupId} is not a complete backup in the
     *     index; {@code no-point-in-time} when it was taken after {@code until}
     */
    public String resolve(String backupId, Instant until) {
        Map<String, BackupIndex.Entry> byId = new HashMap<>();
        catalog.index().backups().forEach(entry -> byId.put(entry.backupId(), entry));
        BackupIndex.Entry named = byId.get(backupId);
        if (named == null) {
            throw RequestRejectedException.invalid(
                    FailureReason.UNKNOWN_BACKUP,
                    "backup '" + backupId + "' is not a complete backup in the index of " + catalog.describeStore()
                            + ": a restore until a time starts from a complete backup");
        }
        if (takenAt(named).isAfter(until)) {
            throw RequestRejectedException.invalid(
                    FailureReason.NO_POINT_IN_TIME,
                    "backup '" + backupId + "' was taken at " + takenAt(named) + ", after " + until
                            + ": neither it nor the incremental backups built on it hold that point in time");
        }
        Optional<BackupIndex.Entry> newest = byId.values().stream()
                .filter(entry -> !takenAt(entry).isAfter(until))
                .filter(entry -> buildsOn(entry, backupId, byId))
                .max(Comparator.comparing(PointsInTime::takenAt).thenComparing(BackupIndex.Entry::backupId));
        return newest.map(BackupIndex.Entry::backupId).orElse(backupId);
    }

    /** Whether {@code entry} is {@code backupId} or an incremental backup whose chain reaches it. */
    private static boolean buildsOn(BackupIndex.Entry entry, String backupId, Map<String, BackupIndex.Entry> byId) {
        Set<String> seen = new HashSet<>();
        BackupIndex.Entry current = entry;
        while (current != null && seen.add(current.backupId())) {
            if (current.backupId().equals(backupId)) {
                return true;
            }
            current = current.buildsOn() == null ? null : byId.get(current.buildsOn());
        }
        return false;
    }

    /** When the backup was taken: when it was accepted (an index written before that was recorded: its end). */
    private static Instant takenAt(BackupIndex.Entry entry) {
        return entry.startedAt() != null ? entry.startedAt() : entry.completedAt();
    }
}
