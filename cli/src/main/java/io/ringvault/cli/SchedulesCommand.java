package io.ringvault.cli;

import io.ringvault.cli.client.Json;
import io.ringvault.cli.render.ScheduleFormatter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ringvault schedules ...}: backups (or verifies) taken on a cron schedule, under {@code /api/v1/schedules}.
 * Every subcommand exits 0 when done, 2 when the coordinator refused it (the reason is printed), 3 when it could not
 * be reached.
 */
@Command(
        name = "schedules",
        mixinStandardHelpOptions = true,
        description = "Create, list, inspect, pause, resume and delete backup schedules.",
        subcommands = {
            SchedulesCommand.CreateSchedule.class,
            SchedulesCommand.ListSchedules.class,
            SchedulesCommand.ShowSchedule.class,
            SchedulesCommand.PauseSchedule.class,
            SchedulesCommand.ResumeSchedule.class,
            SchedulesCommand.DeleteSchedule.class
        })
final class SchedulesCommand {

    /** {@code ringvault schedules create --name N --cron C ...}: {@code POST /api/v1/schedules}. */
    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = {
                "Create a schedule: a backup of the keyspaces (or a verify of their newest complete backup) each time",
                "the cron expression fires in the time zone. Cron: 5 fields (\"0 2 * * *\": minute hour day month",
                "weekday), 6 with seconds first, or @hourly, @daily, @weekly, @monthly, @yearly.",
                "Each firing is one operation, whichever coordinator fires it."
            })
    static final class CreateSchedule extends CoordinatorCommand {
        @Option(names = "--name", required = true, paramLabel = "NAME", description = "The schedule's name.")
        String name;

        @Option(names = "--cron", required = true, paramLabel = "CRON", description = "When it fires.")
        String cron;

        @Option(
                names = "--time-zone",
                paramLabel = "ZONE",
                description = "The time zone the cron expression is read in, e.g. Europe/Paris. Default: UTC.")
        String timeZone;

        @Option(
                names = "--keyspace",
                required = true,
                paramLabel = "KEYSPACE",
                description = "A keyspace to back up (repeat for more).")
        List<String> keyspaces;

        @Option(names = "--table", paramLabel = "KEYSPACE.TABLE", description = "Only these tables (repeat for more).")
        List<String> tables;

        @Option(names = "--dc", paramLabel = "DC", description = "Only the nodes of these datacenters (repeat).")
        List<String> datacenters;

        @Option(
                names = "--mode",
                paramLabel = "MODE",
                description =
                        "differential (the default), full, or incremental (each firing builds on the newest complete"
                                + " backup of the same scope): how each backup uploads.")
        String mode;

        @Option(
                names = "--no-flush",
                description = "With --mode incremental: ship only what Cassandra flushed by itself, without flushing"
                        + " first (what `ringvault continuous` schedules).")
        boolean noFlush;

        @Option(
                names = "--action",
                paramLabel = "ACTION",
                description = "backup (the default), or verify: a verify of the newest complete backup of the"
                        + " keyspaces.")
        String action;

        @Option(names = "--deep", description = "With --action verify: re-read every object and check its SHA-256.")
        boolean deep;

        @Option(names = "--keep-last", paramLabel = "N", description = "Retention: keep the newest N backups.")
        Integer keepLast;

        @Option(
                names = "--max-age",
                paramLabel = "DURATION",
                description = "Retention: keep backups younger than this ISO-8601 duration (P30D).")
        String maxAge;

        @Option(names = "--keep-daily", paramLabel = "N", description = "Retention: the newest of each of N days.")
        Integer keepDaily;

        @Option(names = "--keep-weekly", paramLabel = "N", description = "Retention: the newest of each of N weeks.")
        Integer keepWeekly;

        @Option(names = "--keep-monthly", paramLabel = "N", description = "Retention: the newest of each of N months.")
        Integer keepMonthly;

        @Option(
                names = "--missed",
                paramLabel = "POLICY",
                description = "Firings missed while no coordinator ran: catch-up (the default: fire once for the"
                        + " latest) or skip (record them and wait for the next).")
        String missed;

        @Option(
                names = "--requested-by",
                paramLabel = "TEXT",
                description = "Who asks, for the audit trail. Default: $USER@host.")
        String requestedBy;

        @Override
        protected int execute() {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("name", name);
            body.put("cron", cron);
            if (timeZone != null) {
                body.put("timeZone", timeZone);
            }
            strings(body, "keyspaces", keyspaces);
            strings(body, "tables", tables);
            strings(body, "datacenters", datacenters);
            if (mode != null) {
                body.put("mode", mode);
            }
            if (action != null) {
                body.put("action", action);
            }
            if (deep) {
                body.put("deep", true);
            }
            if (keepLast != null || maxAge != null || keepDaily != null || keepWeekly != null || keepMonthly != null) {
                ObjectNode retention = body.putObject("retention");
                if (keepLast != null) {
                    retention.put("keepLast", keepLast);
                }
                if (maxAge != null) {
                    retention.put("maxAge", maxAge);
                }
                if (keepDaily != null) {
                    retention.put("keepDaily", keepDaily);
                }
                if (keepWeekly != null) {
                    retention.put("keepWeekly", keepWeekly);
                }
                if (keepMonthly != null) {
                    retention.put("keepMonthly", keepMonthly);
                }
            }
            if (missed != null) {
                body.put("missedFirings", missed);
            }
            if (noFlush) {
                body.put("flush", false);
            }
            body.put(
                    "requestedBy",
                    requestedBy != null && !requestedBy.isBlank()
                            ? requestedBy
                            : environment().requester());
            JsonNode answer = client().createSchedule(body);
            if (json) {
                printJson(answer);
            } else {
                out().println("schedule " + name + " created");
            }
            return ExitCode.OK;
        }

        private static void strings(ObjectNode body, String field, List<String> values) {
            if (values != null && !values.isEmpty()) {
                ArrayNode array = body.putArray(field);
                values.forEach(array::add);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the schedules.")
    static final class ListSchedules extends CoordinatorCommand {
        @Override
        protected int execute() {
            JsonNode answer = client().schedules();
            if (json) {
                printJson(answer);
            } else if (answer.isEmpty()) {
                out().println("no schedules");
            } else {
                printLines(new ScheduleFormatter(environment().zone()).table(answer));
            }
            return ExitCode.OK;
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Show a schedule: its next firing, its latest firings and what became of them.")
    static final class ShowSchedule extends CoordinatorCommand {
        @Parameters(paramLabel = "NAME", description = "The schedule.")
        String name;

        @Override
        protected int execute() {
            JsonNode answer = client().schedule(name);
            if (json) {
                printJson(answer);
            } else {
                printLines(new ScheduleFormatter(environment().zone()).detail(answer));
            }
            return ExitCode.OK;
        }
    }

    /** What pause, resume and delete share: the name, who asks, and printing the answer. */
    abstract static class ChangeSchedule extends CoordinatorCommand {
        @Parameters(paramLabel = "NAME", description = "The schedule.")
        String name;

        @Option(
                names = "--requested-by",
                paramLabel = "TEXT",
                description = "Who asks, for the audit trail. Default: $USER@host.")
        String requestedBy;

        abstract JsonNode change(String requester);

        @Override
        protected int execute() {
            JsonNode answer = change(
                    requestedBy != null && !requestedBy.isBlank()
                            ? requestedBy
                            : environment().requester());
            if (json) {
                printJson(answer);
            } else {
                String state = answer.path("state").asString("");
                out().println("schedule " + name + " " + state
                        + (answer.path("changed").asBoolean(true) ? "" : " (it already was)"));
            }
            return ExitCode.OK;
        }
    }

    @Command(
            name = "pause",
            mixinStandardHelpOptions = true,
            description = "Pause a schedule: it does not fire until resumed.")
    static final class PauseSchedule extends ChangeSchedule {
        @Override
        JsonNode change(String requester) {
            return client().pauseSchedule(name, requester);
        }
    }

    @Command(
            name = "resume",
            mixinStandardHelpOptions = true,
            description = {
                "Resume a paused schedule: it fires again from its next firing.",
                "The firings that fell due while it was paused are not caught up."
            })
    static final class ResumeSchedule extends ChangeSchedule {
        @Override
        JsonNode change(String requester) {
            return client().resumeSchedule(name, requester);
        }
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Delete a schedule; the backups it took stay.")
    static final class DeleteSchedule extends ChangeSchedule {
        @Override
        JsonNode change(String requester) {
            return client().deleteSchedule(name, requester);
        }
    }
}
