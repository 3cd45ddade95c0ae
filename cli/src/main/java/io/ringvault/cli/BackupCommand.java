package io.ringvault.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ringvault backup}: {@code POST /api/v1/backups}. */
@Command(
        name = "backup",
        mixinStandardHelpOptions = true,
        description = {
            "Back up keyspaces (or some of their tables) on the nodes of the cluster.",
            "Prints the id of the operation, which is also the id of the backup."
        })
final class BackupCommand extends RequestCommand {
    @Option(
            names = "--keyspace",
            paramLabel = "KEYSPACE",
            split = ",",
            description = "A keyspace to back up (at least one); repeat (or separate with commas) for more.")
    List<String> keyspaces = new ArrayList<>();

    @Option(
            names = "--dc",
            paramLabel = "DATACENTER",
            split = ",",
            description = "Only the nodes of this datacenter; repeat for more. Default: all datacenters.")
    List<String> datacenters = new ArrayList<>();

    @Option(
            names = "--full",
            description = "Upload every file again. Default: differential, only files not stored yet.")
    boolean full;

    @Option(
            names = "--allow-partial",
            description = "If nodes in scope are down, back up the nodes that are up (a partial backup that names the"
                    + " missing nodes and the token ranges it lacks). Default: refuse the backup.")
    boolean allowPartial;

    @Override
    protected int execute() {
        return accepted(
                "backup",
                client().requestBackup(
                                RequestBodies.backup(keyspaces, tables, datacenters, full, allowPartial, requester())));
    }
}
