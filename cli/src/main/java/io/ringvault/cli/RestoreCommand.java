package io.ringvault.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ringvault restore BACKUP_ID}: {@code POST /api/v1/restores}. */
@Command(
        name = "restore",
        mixinStandardHelpOptions = true,
        description = {"Restore a backup, or some of its keyspaces or tables.", "Prints the id of the operation."})
final class RestoreCommand extends RequestCommand {
    @Parameters(paramLabel = "BACKUP_ID", description = "The backup to restore (see: ringvault backups list).")
    String backupId;

    @Option(
            names = "--keyspace",
            paramLabel = "KEYSPACE",
            split = ",",
            description = "Only this keyspace; repeat (or separate with commas) for more. Default: all in the backup.")
    List<String> keyspaces = new ArrayList<>();

    @Override
    protected int execute() {
        return accepted(
                "restore", client().requestRestore(RequestBodies.restore(backupId, keyspaces, tables, requester())));
    }
}
