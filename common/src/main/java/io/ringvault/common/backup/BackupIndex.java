package io.ringvault.common.backup;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every complete backup of a cluster ({@code index.json}), so that listing backups is one read rather than a walk of
 * the bucket. Rewritten by the coordinator after each backup manifest.
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

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(
            String backupId,
            Instant completedAt,
            List<String> keyspaces,
            List<String> datacenters,
            int nodes,
            long files,
            long bytes,
            String manifestKey) {}
}
