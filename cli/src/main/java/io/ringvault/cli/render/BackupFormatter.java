package io.ringvault.cli.render;

import io.ringvault.cli.client.Backup;
import io.ringvault.cli.client.PartialBackup;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Backups as text: the list table and the {@code show} detail. */
public final class BackupFormatter {
    private final ZoneId zone;
    private final Clock clock;

    public BackupFormatter(ZoneId zone, Clock clock) {
        this.zone = zone;
        this.clock = clock;
    }

    /**
     * One line per backup. SIZE counts every object the backup lists; DELETE FREES only those no other backup lists
     * (differential backups share SSTables); AGE runs from the end of a backup, or from its start while it runs.
     */
    public List<String> table(List<Backup> backups) {
        Table table = new Table(
                "ID",
                "STATE",
                "METHOD",
                "MODE",
                "SCHEDULE",
                "KEYSPACES",
                "DATACENTERS",
                "NODES",
                "SIZE",
                "DELETE FREES",
                "AGE",
                "STARTED");
        for (Backup backup : backups) {
            table.row(
                    backup.id(),
                    // A partial backup says so where the eye looks first.
                    backup.partial() ? backup.state() + " (partial)" : backup.state(),
                    backup.methodLabel(),
                    backup.buildsOn() == null ? backup.mode() : backup.mode() + " on " + Ids.shortId(backup.buildsOn()),
                    backup.schedule() == null ? "-" : backup.schedule(),
                    String.join(",", backup.keyspaces()),
                    backup.datacenters().isEmpty() ? "all" : String.join(",", backup.datacenters()),
                    backup.nodes(),
                    Units.bytes(backup.bytes()),
                    backup.uniqueBytes() == null ? "-" : Units.bytes(backup.uniqueBytes()),
                    age(backup),
                    Times.dateTime(backup.acceptedAt(), zone));
        }
        return table.lines();
    }

    private String age(Backup backup) {
        String from = backup.finishedAt() != null ? backup.finishedAt() : backup.acceptedAt();
        return Units.duration(
                Times.between(from, clock.instant()).map(Duration::getSeconds).orElse(null));
    }

    public List<String> detail(Backup backup) {
        List<String> lines = new ArrayList<>();
        field(lines, "backup", backup.id());
        field(lines, "state", backup.state());
        field(lines, "method", backup.methodLabel());
        field(lines, "source", backup.source());
        field(lines, "mode", backup.mode());
        field(lines, "builds on", backup.buildsOn());
        field(lines, "schedule", backup.schedule());
        field(lines, "keyspaces", String.join(", ", backup.keyspaces()));
        field(lines, "tables", backup.tables().isEmpty() ? "all" : String.join(", ", backup.tables()));
        field(lines, "datacenters", backup.datacenters().isEmpty() ? "all" : String.join(", ", backup.datacenters()));
        field(lines, "nodes", String.valueOf(backup.nodes()));
        if (backup.partial()) {
            List<String> partial = backup.missingNodes().isEmpty()
                    ? List.of("yes (its manifest names the missing nodes and token ranges)")
                    : OperationFormatter.partial(new PartialBackup(backup.missingNodes(), backup.uncoveredRanges()));
            for (int i = 0; i < partial.size(); i++) {
                field(lines, i == 0 ? "partial" : "", partial.get(i));
            }
        }
        field(lines, "files", String.valueOf(backup.files()));
        field(
                lines,
                "size",
                Units.bytes(backup.bytes())
                        + (backup.bytesTransferred() == null
                                ? ""
                                : " (" + Units.bytes(backup.bytesTransferred()) + " uploaded)"));
        field(
                lines,
                "delete frees",
                backup.uniqueBytes() == null
                        ? null
                        : Units.bytes(backup.uniqueBytes()) + " (the objects no other backup lists)");
        if (backup.rows() != null) {
            // A logical backup: the rows exported of each table, the figure to check against the source.
            List<String> tables = new ArrayList<>();
            backup.rows().forEach((table, rows) -> tables.add(table + " " + rows));
            field(
                    lines,
                    "rows",
                    tables.isEmpty()
                            ? "none yet"
                            : backup.rows().values().stream()
                                            .mapToLong(Long::longValue)
                                            .sum() + " in " + tables.size() + " table(s)");
            for (String table : tables) {
                field(lines, "", "  " + table);
            }
        }
        field(lines, "age", age(backup));
        field(lines, "accepted", Times.dateTime(backup.acceptedAt(), zone));
        field(lines, "finished", Times.dateTime(backup.finishedAt(), zone));
        return lines;
    }

    private static void field(List<String> lines, String label, String value) {
        lines.add(String.format("%-12s %s", label, value == null || value.isEmpty() ? "-" : value));
    }
}
