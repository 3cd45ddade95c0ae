package io.ringvault.cli;

import io.ringvault.cli.client.Json;
import io.ringvault.cli.render.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ringvault continuous}: a continuous backup is a schedule of incremental backups a few seconds apart that do
 * not flush ({@code mode: incremental, flush: false}): each link ships what Cassandra flushed since the one before, so
 * the recovery point is the last flush, within one interval. It lives in the event log like any schedule, so it
 * survives restarts of every service; {@code restore <backup> --until <time>} restores a point in time of it.
 */
@Command(
        name = "continuous",
        mixinStandardHelpOptions = true,
        description = "Continuous backup: incremental backups of what Cassandra flushes, every few seconds.",
        subcommands = {ContinuousCommand.Start.class, ContinuousCommand.Stop.class, ContinuousCommand.Show.class})
final class ContinuousCommand {
    private ContinuousCommand() {}

    /** The schedule's name for a continuous backup of {@code keyspaces}, unless one is given. */
    static String name(String given, List<String> keyspaces) {
        return given != null ? given : "continuous-" + String.join("-", keyspaces);
    }

    /** The cron expression of an interval: seconds that divide a minute, or minutes that divide an hour. */
    static String cron(Duration interval) {
        long seconds = interval.toSeconds();
        if (seconds >= 1 && seconds < 60 && 60 % seconds == 0 && interval.toNanosPart() == 0) {
            return "*/" + seconds + " * * * * *";
        }
        if (seconds == 3600) {
            return "0 0 * * * *";
        }
        if (seconds >= 60 && seconds % 60 == 0 && 60 % (seconds / 60) == 0) {
            return "0 */" + seconds / 60 + " * * * *";
        }
        throw new IllegalArgumentException(
                "--interval must divide a minute (PT1S..PT30S) or an hour (PT1M..PT30M," + " PT60M), not " + interval);
    }

    @Command(
            name = "start",
            mixinStandardHelpOptions = true,
            description = {
                "Start a continuous backup of keyspaces: an incremental backup every --interval that ships what",
                "Cassandra flushed since the previous one. Its chain builds on the newest complete backup of the same",
                "scope: take a snapshot backup first (ringvault backup --keyspace ... --enable-incremental-backups)."
            })
    static final class Start extends CoordinatorCommand {
        @Option(names = "--keyspace", required = true, paramLabel = "KEYSPACE", description = "A keyspace (repeat).")
        List<String> keyspaces = new ArrayList<>();

        @Option(names = "--table", paramLabel = "KEYSPACE.TABLE", description = "Only these tables (repeat).")
        List<String> tables = new ArrayList<>();

        @Option(names = "--dc", paramLabel = "DC", description = "Only the nodes of these datacenters (repeat).")
        List<String> datacenters = new ArrayList<>();

        @Option(
                names = "--interval",
                paramLabel = "DURATION",
                defaultValue = "PT30S",
                description = "Time between two links, ISO-8601 (default ${DEFAULT-VALUE}).")
        Duration interval;

        @Option(names = "--name", paramLabel = "NAME", description = "Default: continuous-<keyspaces>.")
        String name;

        @Override
        protected int execute() {
            String cron;
            try {
                cron = cron(interval);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            String schedule = name(name, keyspaces);
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("name", schedule);
            body.put("cron", cron);
            array(body, "keyspaces", keyspaces);
            array(body, "tables", tables);
            array(body, "datacenters", datacenters);
            body.put("mode", "incremental");
            body.put("flush", false);
            // A link missed while no coordinator ran is not worth catching up: the next one ships the same files.
            body.put("missedFirings", "skip");
            body.put("requestedBy", environment().requester());
            JsonNode answer = client().createSchedule(body);
            if (json) {
                printJson(answer);
            } else {
                out().println("continuous backup " + schedule + " started: a link every " + interval.toSeconds()
                        + " s (schedule " + schedule + ", cron " + cron + ")");
            }
            return ExitCode.OK;
        }

        private static void array(ObjectNode body, String field, List<String> values) {
            if (!values.isEmpty()) {
                ArrayNode array = body.putArray(field);
                values.forEach(array::add);
            }
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop a continuous backup.")
    static final class Stop extends CoordinatorCommand {
        @Option(names = "--keyspace", paramLabel = "KEYSPACE", description = "Its keyspaces, to name it (repeat).")
        List<String> keyspaces = new ArrayList<>();

        @Option(names = "--name", paramLabel = "NAME", description = "Its name, instead of --keyspace.")
        String name;

        @Override
        protected int execute() {
            if (name == null && keyspaces.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "name the continuous backup: --keyspace or --name");
            }
            String schedule = name(name, keyspaces);
            JsonNode answer = client().deleteSchedule(schedule, environment().requester());
            if (json) {
                printJson(answer);
            } else {
                out().println("continuous backup " + schedule + " stopped; its links stay as backups");
            }
            return ExitCode.OK;
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Show a continuous backup: its state, its newest link and how far behind it is.")
    static final class Show extends CoordinatorCommand {
        @Option(names = "--keyspace", paramLabel = "KEYSPACE", description = "Its keyspaces, to name it (repeat).")
        List<String> keyspaces = new ArrayList<>();

        @Option(names = "--name", paramLabel = "NAME", description = "Its name, instead of --keyspace.")
        String name;

        @Override
        protected int execute() {
            if (name == null && keyspaces.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "name the continuous backup: --keyspace or --name");
            }
            String schedule = name(name, keyspaces);
            JsonNode definition = client().schedule(schedule);
            JsonNode newest = null;
            int links = 0;
            for (JsonNode backup : client().backups()) {
                if (schedule.equals(backup.path("schedule").asString(null))
                        && "COMPLETED".equals(backup.path("state").asString(""))) {
                    links++;
                    if (newest == null
                            || backup.path("acceptedAt")
                                            .asString("")
                                            .compareTo(newest.path("acceptedAt").asString(""))
                                    > 0) {
                        newest = backup;
                    }
                }
            }
            if (json) {
                ObjectNode answer = Json.MAPPER.createObjectNode();
                answer.set("schedule", definition);
                answer.put("links", links);
                answer.set("newestLink", newest);
                printJson(answer);
                return ExitCode.OK;
            }
            out().println("continuous " + schedule + " "
                    + definition.path("state").asString(""));
            out().println("links      " + links);
            if (newest == null) {
                out().println("recovery   none yet");
            } else {
                String at = newest.path("acceptedAt").asString("");
                long behind = Duration.between(Instant.parse(at), Instant.now()).toSeconds();
                out().println("newest     " + newest.path("id").asString("") + " (builds on "
                        + newest.path("buildsOn").asString("-") + ")");
                out().println("recovery   the last flush before "
                        + Times.dateTime(at, environment().zone()) + ", " + behind + " s ago");
            }
            out().println("lag        per node: ringvault_agent_backups_directory_oldest_age_seconds and _bytes");
            return ExitCode.OK;
        }
    }
}
