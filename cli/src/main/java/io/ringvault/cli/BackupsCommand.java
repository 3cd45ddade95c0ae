package io.ringvault.cli;

import io.ringvault.cli.client.Backup;
import io.ringvault.cli.client.Json;
import io.ringvault.cli.render.BackupFormatter;
import io.ringvault.cli.render.DeleteFormatter;
import io.ringvault.cli.render.VerifyFormatter;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code ringvault backups ...}: the backups taken, under {@code /api/v1/backups}, their verify and delete. */
@Command(
        name = "backups",
        mixinStandardHelpOptions = true,
        description = "List, inspect, verify and delete backups.",
        subcommands = {
            BackupsCommand.ListBackups.class,
            BackupsCommand.ShowBackup.class,
            BackupsCommand.VerifyBackup.class,
            BackupsCommand.DeleteBackup.class
        })
final class BackupsCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the backups.")
    static final class ListBackups extends CoordinatorCommand {
        @Override
        protected int execute() {
            JsonNode answer = client().backups();
            if (json) {
                printJson(answer);
            } else if (answer.isEmpty()) {
                out().println("no backups");
            } else {
                List<Backup> backups = new ArrayList<>();
                for (JsonNode element : answer) {
                    backups.add(Json.read(element, Backup.class));
                }
                printLines(new BackupFormatter(environment().zone()).table(backups));
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a backup.")
    static final class ShowBackup extends CoordinatorCommand {
        @Parameters(paramLabel = "ID", description = "The backup (the id of the operation that took it).")
        String id;

        @Override
        protected int execute() {
            JsonNode answer = client().backup(id);
            if (json) {
                printJson(answer);
            } else {
                printLines(new BackupFormatter(environment().zone()).detail(Json.read(answer, Backup.class)));
            }
            return ExitCode.OK;
        }
    }

    /**
     * {@code ringvault backups verify ID [--deep]}: {@code POST /api/v1/backups/{id}/verify}, then waits for the verify,
     * showing its progress (objects as files, their recorded sizes as bytes), and prints the report. A backup with
     * problems fails the operation ({@code backup-corrupt}), so the exit code is the operation's: 0 when the backup is
     * whole, 1 when anything is wrong or the verify could not run to the end.
     */
    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = {
                "Check that every object of a backup is in the object store with the size its manifest records;",
                "with --deep, also read every object again and compare its SHA-256 with the manifest's.",
                "Waits for the verify and prints each missing or corrupt object by node, table and key.",
                "Exit 0 when the backup is whole, 1 when anything is wrong."
            })
    static final class VerifyBackup extends CoordinatorCommand {
        @Parameters(paramLabel = "ID", description = "The backup (the id of the operation that took it).")
        String id;

        @Option(
                names = "--deep",
                description = "Also read every object again and compare its SHA-256 with the manifest's (reads the"
                        + " whole backup from the store).")
        boolean deep;

        @Option(
                names = "--requested-by",
                paramLabel = "TEXT",
                description = "Who asks, for the audit trail. Default: $USER@host.")
        String requestedBy;

        @Override
        protected int execute() {
            ObjectNode body = Json.MAPPER.createObjectNode();
            if (deep) {
                body.put("deep", true);
            }
            body.put(
                    "requestedBy",
                    requestedBy != null && !requestedBy.isBlank()
                            ? requestedBy
                            : environment().requester());
            String operationId =
                    client().requestVerify(id, body).path("operationId").asString("");
            if (!json) {
                err().println("verify " + operationId + " of backup " + id + (deep ? " (deep)" : ""));
                err().flush();
            }
            // With --json only the report is printed: one JSON document, not one per poll.
            PrintWriter progress = json ? new PrintWriter(Writer.nullWriter()) : out();
            int outcome =
                    new OperationWatcher(client(), environment(), progress, err(), false).watch(operationId, true);
            JsonNode operation = client().operation(operationId);
            JsonNode verify = operation.path("verify");
            if (json) {
                ObjectNode report = Json.MAPPER.createObjectNode();
                report.put("operationId", operationId);
                report.put("state", operation.path("state").asString(""));
                if (operation.hasNonNull("failure")) {
                    report.set("failure", operation.get("failure"));
                } else {
                    report.putNull("failure");
                }
                if (verify.isObject()) {
                    report.setAll((ObjectNode) verify);
                }
                printJson(report);
            } else if (verify.path("finished").asBoolean(false)) {
                out().println();
                printLines(VerifyFormatter.lines(verify));
            }
            return outcome;
        }
    }

    /**
     * {@code ringvault backups delete ID}: {@code DELETE /api/v1/backups/{id}}, then waits for the delete, showing its
     * progress (objects deleted, bytes freed), and prints a summary. Exit codes as for a verify: 0 when the backup is
     * gone, 1 when the delete failed (running it again finishes the job), 2 when it was refused.
     */
    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = {
                "Delete a backup: its manifests, its index entry and every object of it no other backup references",
                "(differential backups share objects; those stay). Refused while a backup runs, and while a restore",
                "or verify reads the backup. Waits for the delete and prints what it deleted and kept.",
                "Exit 0 when the backup is gone, 1 when the delete failed (run it again to finish), 2 when refused."
            })
    static final class DeleteBackup extends CoordinatorCommand {
        @Parameters(paramLabel = "ID", description = "The backup (the id of the operation that took it).")
        String id;

        @Option(
                names = "--requested-by",
                paramLabel = "TEXT",
                description = "Who asks, for the audit trail. Default: $USER@host.")
        String requestedBy;

        @Override
        protected int execute() {
            String who = requestedBy != null && !requestedBy.isBlank()
                    ? requestedBy
                    : environment().requester();
            String operationId =
                    client().requestDelete(id, who).path("operationId").asString("");
            if (!json) {
                err().println("delete " + operationId + " of backup " + id);
                err().flush();
            }
            // With --json only the summary is printed: one JSON document, not one per poll.
            PrintWriter progress = json ? new PrintWriter(Writer.nullWriter()) : out();
            int outcome =
                    new OperationWatcher(client(), environment(), progress, err(), false).watch(operationId, true);
            JsonNode operation = client().operation(operationId);
            JsonNode delete = operation.path("delete");
            if (json) {
                ObjectNode summary = Json.MAPPER.createObjectNode();
                summary.put("operationId", operationId);
                summary.put("state", operation.path("state").asString(""));
                if (operation.hasNonNull("failure")) {
                    summary.set("failure", operation.get("failure"));
                } else {
                    summary.putNull("failure");
                }
                if (delete.isObject()) {
                    summary.setAll((ObjectNode) delete);
                }
                printJson(summary);
            } else if (delete.path("finished").asBoolean(false)) {
                out().println();
                printLines(DeleteFormatter.lines(delete));
            }
            return outcome;
        }
    }
}
