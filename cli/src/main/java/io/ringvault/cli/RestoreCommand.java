package io.ringvault.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    @Option(names = "--truncate", description = "Delete each table's current rows before importing the backup's.")
    boolean truncate;

    @Option(
            names = "--allow-schema-mismatch",
            description = "Import into existing tables whose schema differs from the backup's (refused by default).")
    boolean allowSchemaMismatch;

    @Option(
            names = "--map",
            paramLabel = "SOURCE_HOST_ID=TARGET_HOST_ID",
            description = "Restore a backed-up node onto this node of the cluster; repeat for more. Unmapped nodes are"
                    + " mapped by host id, else by datacenter, rack and tokens.")
    Map<String, String> nodeMapping = new LinkedHashMap<>();

    @Option(
            names = "--source-cluster",
            paramLabel = "CLUSTER",
            description = "The cluster name the backup is stored under, to restore another cluster's backup.")
    String sourceCluster;

    @Override
    protected int execute() {
        return accepted(
                "restore",
                client().requestRestore(RequestBodies.restore(
                        backupId,
                        keyspaces,
                        tables,
                        requester(),
                        new RequestBodies.RestoreOptions(truncate, allowSchemaMismatch, nodeMapping, sourceCluster))));
    }
}
