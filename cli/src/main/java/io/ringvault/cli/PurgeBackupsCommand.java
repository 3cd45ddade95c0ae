package io.ringvault.cli;

import io.ringvault.cli.client.Json;
import io.ringvault.cli.render.PurgeFormatter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ringvault backups purge}: {@code POST /api/v1/backups/purge}, then waits for the purge, showing its progress
 * (objects deleted, bytes freed), and prints each backup it deleted (for a dry run, would delete) with its completion
 * time and age, the backups it kept with the rules that keep them, and the bytes freed. The rules given here replace
 * the cluster's policy for this purge. Exit 0 when the purge ran to the end (a dry run: when it counted), 1 when it
 * failed (a delete of each backup it chose finishes the job), 2 when it was refused.
 */
@Command(
        name = "purge",
        mixinStandardHelpOptions = true,
        description = {
            "Delete the backups a retention policy no longer keeps: the rules given here, else the cluster's policy",
            "(ringvault.coordinator.retention.*); backups a schedule took follow the schedule's own policy when it has",
            "one. The newest backup of each group, and backups a running restore or verify reads, are always kept.",
            "Refused while a backup, a delete or another purge runs. Waits and prints each backup deleted.",
            "Exit 0 when done, 1 when the purge failed, 2 when refused."
        })
final class PurgeBackupsCommand extends BackupsCommand.StoreOperationCommand {
    @Option(
            names = "--dry-run",
            description = "Report what the purge would delete and free, and delete nothing (the index stays as it is).")
    boolean dryRun;

    @Option(names = "--keep-last", paramLabel = "N", description = "Keep the newest N backups.")
    Integer keepLast;

    @Option(
            names = "--max-age",
            paramLabel = "DURATION",
            description = "Keep every backup younger than this ISO-8601 duration, e.g. P30D or PT12H.")
    String maxAge;

    @Option(
            names = "--keep-daily",
            paramLabel = "N",
            description = "Keep the newest backup of each of the last N days that have one.")
    Integer keepDaily;

    @Option(
            names = "--keep-weekly",
            paramLabel = "N",
            description = "Keep the newest backup of each of the last N ISO weeks that have one.")
    Integer keepWeekly;

    @Option(
            names = "--keep-monthly",
            paramLabel = "N",
            description = "Keep the newest backup of each of the last N months that have one.")
    Integer keepMonthly;

    @Override
    protected int execute() {
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (dryRun) {
            body.put("dryRun", true);
        }
        ObjectNode retention = Json.MAPPER.createObjectNode();
        putIfSet(retention, "keepLast", keepLast);
        if (maxAge != null) {
            retention.put("maxAge", maxAge);
        }
        putIfSet(retention, "keepDaily", keepDaily);
        putIfSet(retention, "keepWeekly", keepWeekly);
        putIfSet(retention, "keepMonthly", keepMonthly);
        if (!retention.isEmpty()) {
            body.set("retention", retention);
        }
        String operationId =
                client().requestPurge(body, requester()).path("operationId").asString("");
        if (!json) {
            err().println("purge " + operationId + (dryRun ? " (dry run)" : ""));
            err().flush();
        }
        return awaitAndReport(
                operationId,
                "purge",
                report -> new PurgeFormatter(
                                environment().clock().instant(), environment().zone())
                        .lines(report));
    }

    private static void putIfSet(ObjectNode node, String field, Integer value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
