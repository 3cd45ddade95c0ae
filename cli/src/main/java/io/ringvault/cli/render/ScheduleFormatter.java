package io.ringvault.cli.render;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Schedules as text: the list table and the {@code show} detail, from the coordinator's JSON. */
public final class ScheduleFormatter {
    private final ZoneId zone;

    public ScheduleFormatter(ZoneId zone) {
        this.zone = zone;
    }

    public List<String> table(JsonNode schedules) {
        Table table = new Table("NAME", "STATE", "CRON", "TIME ZONE", "ACTION", "KEYSPACES", "NEXT", "LAST");
        for (JsonNode schedule : schedules) {
            JsonNode last = schedule.path("lastFirings").path(0);
            table.row(
                    schedule.path("name").asString(""),
                    schedule.path("state").asString(""),
                    schedule.path("cron").asString(""),
                    schedule.path("timeZone").asString(""),
                    action(schedule),
                    join(schedule.path("keyspaces"), ","),
                    Times.dateTime(schedule.path("nextFiring").path("utc").asString(null), zone),
                    last.isMissingNode() ? null : outcome(last));
        }
        return table.lines();
    }

    public List<String> detail(JsonNode schedule) {
        List<String> lines = new ArrayList<>();
        field(lines, "schedule", schedule.path("name").asString(""));
        field(lines, "state", schedule.path("state").asString(""));
        field(
                lines,
                "cron",
                schedule.path("cron").asString("") + " ("
                        + schedule.path("timeZone").asString("") + ")");
        field(lines, "action", action(schedule));
        field(lines, "keyspaces", join(schedule.path("keyspaces"), ", "));
        field(lines, "tables", schedule.path("tables").isEmpty() ? "all" : join(schedule.path("tables"), ", "));
        field(
                lines,
                "datacenters",
                schedule.path("datacenters").isEmpty() ? "all" : join(schedule.path("datacenters"), ", "));
        if (schedule.path("retention").isObject()) {
            List<String> rules = new ArrayList<>();
            schedule.path("retention")
                    .properties()
                    .forEach(rule -> rules.add(rule.getKey() + " "
                            + rule.getValue().asString(rule.getValue().toString())));
            field(lines, "retention", String.join(", ", rules));
        }
        JsonNode next = schedule.path("nextFiring");
        field(
                lines,
                "next",
                next.isObject()
                        ? next.path("utc").asString("") + " ("
                                + next.path("local").asString("") + ")"
                        : "none while paused (resume fires from the next firing after it)");
        JsonNode missed = schedule.path("missed");
        field(
                lines,
                "missed",
                missed.path("count").asLong(0) + " skipped while no coordinator ran (policy "
                        + schedule.path("missedFirings").asString("") + ")"
                        + (missed.hasNonNull("lastFirst")
                                ? ", latest " + missed.path("lastFirst").asString("") + " to "
                                        + missed.path("lastLast").asString("")
                                : ""));
        field(lines, "created", Times.dateTime(schedule.path("createdAt").asString(null), zone));
        if (schedule.hasNonNull("pausedAt")) {
            field(
                    lines,
                    "paused",
                    Times.dateTime(schedule.path("pausedAt").asString(null), zone)
                            + (schedule.hasNonNull("pausedBy")
                                    ? " by " + schedule.path("pausedBy").asString("")
                                    : ""));
        }
        JsonNode firings = schedule.path("lastFirings");
        if (firings.isEmpty()) {
            field(lines, "firings", "none yet");
        } else {
            lines.add("");
            Table table = new Table("SCHEDULED", "OPERATION", "OUTCOME");
            for (JsonNode firing : firings) {
                table.row(
                        Times.dateTime(firing.path("scheduledAt").asString(null), zone),
                        firing.path("operationId").asString(""),
                        outcome(firing));
            }
            lines.addAll(table.lines());
        }
        return lines;
    }

    private static String action(JsonNode schedule) {
        String action = schedule.path("action").asString("");
        if (action.equals("verify")) {
            return schedule.path("deep").asBoolean(false) ? "verify (deep)" : "verify";
        }
        return action + " (" + schedule.path("mode").asString("") + ")";
    }

    private static String outcome(JsonNode firing) {
        String outcome = firing.path("outcome").asString("");
        if (firing.hasNonNull("reason")) {
            outcome += ": " + firing.path("reason").asString("");
        }
        return firing.path("caughtUp").asBoolean(false) ? outcome + " (caught up)" : outcome;
    }

    private static String join(JsonNode values, String separator) {
        List<String> parts = new ArrayList<>();
        values.forEach(value -> parts.add(value.asString("")));
        return String.join(separator, parts);
    }

    private static void field(List<String> lines, String label, String value) {
        lines.add(String.format("%-12s %s", label, value == null || value.isEmpty() ? "-" : value));
    }
}
