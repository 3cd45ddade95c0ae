package io.ringvault.cli.render;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The report of {@code ringvault backups purge}, from the {@code purge} part of the operation's view: each backup it
 * deleted (for a dry run, would delete) with when it completed, its age and what it freed; the backups it kept with
 * the rules that keep them; and the totals.
 */
public final class PurgeFormatter {
    private final Instant now;
    private final ZoneId zone;

    /** @param now for the ages; @param zone for the completion times */
    public PurgeFormatter(Instant now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    public List<String> lines(JsonNode purge) {
        boolean dryRun = purge.path("dryRun").asBoolean(false);
        String verb = dryRun ? "would delete" : "deleted";
        List<String> lines = new ArrayList<>();
        JsonNode deleted = purge.path("backups");
        if (deleted.isEmpty()) {
            // No report (nothing to delete, or a failure before it): the plan names the backups chosen.
            deleted = purge.path("plan").path("delete");
        }
        Table table = new Table(dryRun ? "WOULD DELETE" : "DELETED", "COMPLETED", "AGE", "OBJECTS", "FREED");
        for (JsonNode backup : deleted) {
            String completedAt = backup.path("completedAt").asString("");
            table.row(
                    backup.path("backupId").asString("?"),
                    Times.dateTime(completedAt, zone),
                    age(completedAt),
                    backup.has("objectsDeleted")
                            ? String.valueOf(backup.path("objectsDeleted").asLong())
                            : "-",
                    backup.has("bytesFreed")
                            ? Units.bytes(backup.path("bytesFreed").asLong())
                            : "-");
        }
        JsonNode kept = purge.path("plan").path("keep");
        if (deleted.isEmpty()) {
            lines.add("nothing to delete: the policy keeps all " + kept.size() + " backup(s)");
        } else {
            lines.addAll(table.lines());
        }
        for (JsonNode backup : kept) {
            List<String> reasons = new ArrayList<>();
            backup.path("reasons").forEach(reason -> reasons.add(reason.asString()));
            lines.add("kept " + backup.path("backupId").asString("?") + " ("
                    + Times.dateTime(backup.path("completedAt").asString(""), zone) + "): "
                    + String.join(", ", reasons));
        }
        if (!deleted.isEmpty()) {
            lines.add((dryRun ? "dry run: " : "purge: ") + verb + " " + deleted.size() + " backup(s), "
                    + purge.path("objectsDeleted").asLong(0) + " object(s), "
                    + purge.path("objectsKept").asLong(0) + " kept as shared with remaining backups, "
                    + Units.bytes(purge.path("bytesFreed").asLong(0)) + (dryRun ? " would be freed" : " freed")
                    + (dryRun ? "; nothing was deleted" : ""));
        }
        return lines;
    }

    private String age(String completedAt) {
        return Times.parse(completedAt)
                .map(at -> Units.duration(Duration.between(at, now).getSeconds()))
                .orElse(Units.UNKNOWN);
    }
}
