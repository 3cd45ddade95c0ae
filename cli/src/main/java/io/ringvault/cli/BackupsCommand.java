package io.ringvault.cli;

import io.ringvault.cli.client.Backup;
import io.ringvault.cli.client.Json;
import io.ringvault.cli.render.BackupFormatter;
import io.ringvault.cli.render.CopyFormatter;
import io.ringvault.cli.render.DeleteFormatter;
import io.ringvault.cli.render.GcFormatter;
import io.ringvault.cli.render.VerifyFormatter;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ringvault backups ...}: the backups taken, under {@code /api/v1/backups}, their verify, copy to another store,
 * delete and purge, and the garbage collection of the object store.
 */
@Command(
        name = "backups",
        mixinStandardHelpOptions = true,
        description = "List, inspect, verify, copy, delete and purge backups; collect the garbage of the object store.",
        subcommands = {
            BackupsCommand.ListBackups.class,
            BackupsCommand.ShowBackup.class,
            BackupsCommand.VerifyBackup.class,
            BackupsCommand.CopyBackup.class,
            BackupsCommand.DeleteBackup.class,
            PurgeBackupsCommand.class,
            BackupsCommand.CollectGarbage.class
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
                printLines(
                        new BackupFormatter(environment().zone(), environment().clock()).table(backups));
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
                printLines(
                        new BackupFormatter(environment().zone(), environment().clock())
                                .detail(Json.read(answer, Backup.class)));
            }
            return ExitCode.OK;
        }
    }

    /**
     * What {@code verify}, {@code delete} and {@code gc} share: who asks, and waiting for the operation a restorer runs
     * on the store, then printing its report (the operation's {@code section}) as lines or, with {@code --json}, as
     * one JSON document.
     */
    abstract static class StoreOperationCommand extends CoordinatorCommand {
        @Option(
                names = "--requested-by",
                paramLabel = "TEXT",
                description = "Who asks, for the audit trail. Default: $USER@host.")
        String requestedBy;

        String requester() {
            return requestedBy != null && !requestedBy.isBlank()
                    ? requestedBy
                    : environment().requester();
        }

        /** Watches the operation to its end and prints its {@code section}; returns the watcher's exit code. */
        int awaitAndReport(String operationId, String section, Function<JsonNode, List<String>> formatter) {
            // With --json only the report is printed: one JSON document, not one per poll.
            PrintWriter progress = json ? new PrintWriter(Writer.nullWriter()) : out();
            int outcome =
                    new OperationWatcher(client(), environment(), progress, err(), false).watch(operationId, true);
            JsonNode operation = client().operation(operationId);
            JsonNode report = operation.path(section);
            if (json) {
                ObjectNode document = Json.MAPPER.createObjectNode();
                document.put("operationId", operationId);
                document.put("state", operation.path("state").asString(""));
                if (operation.hasNonNull("failure")) {
                    document.set("failure", operation.get("failure"));
                } else {
                    document.putNull("failure");
                }
                if (report.isObject()) {
                    document.setAll((ObjectNode) report);
                }
                printJson(document);
            } else if (report.path("finished").asBoolean(false)) {
                out().println();
                printLines(formatter.apply(report));
            }
            return outcome;
        }
    }

    /** What {@code verify} and {@code delete} add: the backup they work on. */
    abstract static class BackupOperationCommand extends StoreOperationCommand {
        @Parameters(paramLabel = "ID", description = "The backup (the id of the operation that took it).")
        String id;
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
    static final class VerifyBackup extends BackupOperationCommand {
        @Option(
                names = "--deep",
                description = "Also read every object again and compare its SHA-256 with the manifest's (reads the"
                        + " whole backup from the store).")
        boolean deep;

        @Override
        protected int execute() {
            ObjectNode body = Json.MAPPER.createObjectNode();
            if (deep) {
                body.put("deep", true);
            }
            body.put("requestedBy", requester());
            String operationId =
                    client().requestVerify(id, body).path("operationId").asString("");
            if (!json) {
                err().println("verify " + operationId + " of backup " + id + (deep ? " (deep)" : ""));
                err().flush();
            }
            return awaitAndReport(operationId, "verify", VerifyFormatter::lines);
        }
    }

    /**
     * {@code ringvault backups copy ID --to TARGET}: {@code POST /api/v1/backups/{id}/copy}, then waits for the copy,
     * showing its progress (objects done, copied or skipped, and their bytes), and prints what it copied and skipped.
     * Exit codes as for a verify: 0 when the target holds and lists the backup, 1 when the copy failed (a corrupt source
     * object, a store that kept failing; running it again skips what is there), 2 when it was refused (an unknown
     * backup or target).
     */
    @Command(
            name = "copy",
            mixinStandardHelpOptions = true,
            description = {
                "Copy a backup to another object store, one of the copy targets (ringvault.storage.targets.<name>):",
                "every object its manifests list, checked against its SHA-256 on the way, then its manifests and its",
                "index entry, so a deployment whose store is the target lists and restores it. Objects already in",
                "the target with the same SHA-256 are skipped. Waits for the copy and prints what it copied.",
                "Exit 0 when the target holds the backup, 1 when the copy failed (run it again to resume), 2 when",
                "refused."
            })
    static final class CopyBackup extends BackupOperationCommand {
        @Option(
                names = "--to",
                required = true,
                paramLabel = "TARGET",
                description = "The copy target: a name under ringvault.storage.targets of the coordinator and the"
                        + " restorers.")
        String target;

        @Override
        protected int execute() {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("target", target);
            body.put("requestedBy", requester());
            String operationId =
                    client().requestCopy(id, body).path("operationId").asString("");
            if (!json) {
                err().println("copy " + operationId + " of backup " + id + " to " + target);
                err().flush();
            }
            return awaitAndReport(operationId, "copy", CopyFormatter::lines);
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
    static final class DeleteBackup extends BackupOperationCommand {
        @Override
        protected int execute() {
            String operationId =
                    client().requestDelete(id, requester()).path("operationId").asString("");
            if (!json) {
                err().println("delete " + operationId + " of backup " + id);
                err().flush();
            }
            return awaitAndReport(operationId, "delete", DeleteFormatter::lines);
        }
    }

    /**
     * {@code ringvault backups gc [--grace-period PT6H] [--dry-run]}: {@code POST /api/v1/backups/gc}, then waits for
     * the collection, showing its progress (objects deleted, bytes freed), and prints what it deleted (or, with
     * {@code --dry-run}, would delete) and the bytes. Exit codes as for a delete: 0 when it ran to the end, 1 when it
     * failed (run it again to continue), 2 when it was refused.
     */
    @Command(
            name = "gc",
            mixinStandardHelpOptions = true,
            description = {
                "Collect the garbage of the object store: the objects no complete backup references (files of failed",
                "or cancelled backups, node manifests of backups that never completed), last modified before the grace",
                "period. Refused while a backup, a delete or another gc runs. Waits for it and prints what it deleted.",
                "Exit 0 when it ran to the end, 1 when it failed (run it again to continue), 2 when refused."
            })
    static final class CollectGarbage extends StoreOperationCommand {
        @Option(
                names = "--grace-period",
                paramLabel = "DURATION",
                description = "Keep unreferenced objects last modified less than this long ago (ISO-8601, e.g. PT6H,"
                        + " P1D, PT0S). Default: the coordinator's (6 hours unless configured).")
        String gracePeriod;

        @Option(names = "--dry-run", description = "Report what would be deleted, and delete nothing.")
        boolean dryRun;

        @Override
        protected int execute() {
            ObjectNode body = Json.MAPPER.createObjectNode();
            if (gracePeriod != null && !gracePeriod.isBlank()) {
                body.put("gracePeriod", gracePeriod);
            }
            if (dryRun) {
                body.put("dryRun", true);
            }
            String operationId =
                    client().requestGc(body, requester()).path("operationId").asString("");
            if (!json) {
                err().println("gc " + operationId + (dryRun ? " (dry run)" : ""));
                err().flush();
            }
            return awaitAndReport(operationId, "gc", GcFormatter::lines);
        }
    }
}
