package io.ringvault.cli;

import io.ringvault.cli.client.Backup;
import io.ringvault.cli.client.Json;
import io.ringvault.cli.render.BackupFormatter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code ringvault backups ...}: the backups taken, under {@code /api/v1/backups}. */
@Command(
        name = "backups",
        mixinStandardHelpOptions = true,
        description = "List and inspect backups.",
        subcommands = {BackupsCommand.ListBackups.class, BackupsCommand.ShowBackup.class})
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
}
