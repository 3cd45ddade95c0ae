package io.ringvault.common.backup;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.ringvault.common.message.BackupMethod;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.LogicalFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every complete backup of a cluster ({@code index.json}), so that listing backups is one read rather than a walk of
 * the bucket. Rewritten by the coordinator (its only writer) after each backup manifest, and when it
 * accepts the delete of a backup.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupIndex(List<Entry> backups) {
    public BackupIndex {
        backups = backups == null ? List.of() : List.copyOf(backups);
    }

    /** This index with {@code entry} added (or replaced, by backup id), newest first. */
    public BackupIndex with(Entry entry) {
        List<Entry> updated = new ArrayList<>(backups.stream()
                .filter(e -> !e.backupId().equals(entry.backupId()))
                .toList());
        updated.add(entry);
        updated.sort(Comparator.comparing(Entry::completedAt, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(Entry::backupId));
        return new BackupIndex(updated);
    }

    /** This index without the entry of {@code backupId}; the same entries when it has none. */
    public BackupIndex without(String backupId) {
        return new BackupIndex(
                backups.stream().filter(e -> !e.backupId().equals(backupId)).toList());
    }

    /**
     * One complete backup: a summary of its manifest, enough to list it without reading the manifest.
     *
     * @param mode differential or full; absent in indexes written before it was recorded
     * @param tables the {@code keyspace.table} names the backup was limited to; empty: every table
     * @param startedAt when the coordinator accepted the request; absent in older indexes
     * @param partial true for a partial backup (nodes were down; its manifest says which, and which token ranges it
     *     lacks); false when absent
     * @param schedule the name of the schedule whose firing took the backup; absent for a backup asked for directly
     * @param buildsOn for an incremental backup, the backup it builds on; absent otherwise
     * @param method {@code logical} for a logical backup; absent for a snapshot backup
     * @param format {@code csv} for a logical backup in CSV; absent otherwise
     * @param source {@code import} for a backup made by {@code ringvault import}; absent for one ringvault took
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(
            String backupId,
            Instant completedAt,
            List<String> keyspaces,
            List<String> datacenters,
            int nodes,
            long files,
            long bytes,
            String manifestKey,
            BackupMode mode,
            List<String> tables,
            Instant startedAt,
            Boolean partial,
            String schedule,
            String buildsOn,
            BackupMethod method,
            LogicalFormat format,
            String source) {
        public Entry {
            method = BackupMethod.writtenOnlyWhenLogical(method);
            format = BackupMethod.formatOf(method, format);
            keyspaces = keyspaces == null ? List.of() : List.copyOf(keyspaces);
            datacenters = datacenters == null ? List.of() : List.copyOf(datacenters);
            tables = tables == null ? List.of() : List.copyOf(tables);
            partial = partial != null && partial;
        }

        /** The entry of a snapshot or incremental backup (the method absent). */
        public Entry(
                String backupId,
                Instant completedAt,
                List<String> keyspaces,
                List<String> datacenters,
                int nodes,
                long files,
                long bytes,
                String manifestKey,
                BackupMode mode,
                List<String> tables,
                Instant startedAt,
                Boolean partial,
                String schedule,
                String buildsOn) {
            this(
                    backupId,
                    completedAt,
                    keyspaces,
                    datacenters,
                    nodes,
                    files,
                    bytes,
                    manifestKey,
                    mode,
                    tables,
                    startedAt,
                    partial,
                    schedule,
                    buildsOn,
                    null,
                    null);
        }

        /** The entry of a backup ringvault took (the source absent). */
        public Entry(
                String backupId,
                Instant completedAt,
                List<String> keyspaces,
                List<String> datacenters,
                int nodes,
                long files,
                long bytes,
                String manifestKey,
                BackupMode mode,
                List<String> tables,
                Instant startedAt,
                Boolean partial,
                String schedule,
                String buildsOn,
                BackupMethod method,
                LogicalFormat format) {
            this(
                    backupId,
                    completedAt,
                    keyspaces,
                    datacenters,
                    nodes,
                    files,
                    bytes,
                    manifestKey,
                    mode,
                    tables,
                    startedAt,
                    partial,
                    schedule,
                    buildsOn,
                    method,
                    format,
                    null);
        }

        /** Whether the entry is a logical backup's. */
        public boolean logicalBackup() {
            return method == BackupMethod.LOGICAL;
        }

        /** The entry of a snapshot backup. */
        public Entry(
                String backupId,
                Instant completedAt,
                List<String> keyspaces,
                List<String> datacenters,
                int nodes,
                long files,
                long bytes,
                String manifestKey,
                BackupMode mode,
                List<String> tables,
                Instant startedAt,
                Boolean partial,
                String schedule) {
            this(
                    backupId,
                    completedAt,
                    keyspaces,
                    datacenters,
                    nodes,
                    files,
                    bytes,
                    manifestKey,
                    mode,
                    tables,
                    startedAt,
                    partial,
                    schedule,
                    null);
        }

        /** The entry of a backup asked for directly, not by a schedule. */
        public Entry(
                String backupId,
                Instant completedAt,
                List<String> keyspaces,
                List<String> datacenters,
                int nodes,
                long files,
                long bytes,
                String manifestKey,
                BackupMode mode,
                List<String> tables,
                Instant startedAt,
                Boolean partial) {
            this(
                    backupId,
                    completedAt,
                    keyspaces,
                    datacenters,
                    nodes,
                    files,
                    bytes,
                    manifestKey,
                    mode,
                    tables,
                    startedAt,
                    partial,
                    null);
        }

        /** The entry of a backup of every node in its scope. */
        public Entry(
                String backupId,
                Instant completedAt,
                List<String> keyspaces,
                List<String> datacenters,
                int nodes,
                long files,
                long bytes,
                String manifestKey,
                BackupMode mode,
                List<String> tables,
                Instant startedAt) {
            this(
                    backupId,
                    completedAt,
                    keyspaces,
                    datacenters,
                    nodes,
                    files,
                    bytes,
                    manifestKey,
                    mode,
                    tables,
                    startedAt,
                    false);
        }
    }
}
