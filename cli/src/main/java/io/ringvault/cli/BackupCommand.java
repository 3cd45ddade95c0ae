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
            names = "--mode",
            paramLabel = "MODE",
            description = "differential (default): a snapshot, uploading only files not stored yet; full: a snapshot,"
                    + " uploading every file again; incremental: no snapshot, the SSTables Cassandra flushed into"
                    + " backups/ since the previous backup (needs incremental_backups: true), on top of the newest"
                    + " complete backup of the same scope.")
    String mode;

    @Option(names = "--full", description = "The same as --mode full.")
    boolean full;

    @Option(
            names = "--builds-on",
            paramLabel = "BACKUP_ID",
            description = "With --mode incremental: the backup to build on. Default: the newest complete backup of the"
                    + " same keyspaces, tables and datacenters.")
    String buildsOn;

    @Option(
            names = "--enable-incremental-backups",
            description = "Switch incremental backups on over JMX on nodes where they are off (until Cassandra"
                    + " restarts). In an incremental backup such a node takes a snapshot instead of failing.")
    boolean enableIncrementalBackups;

    @Option(
            names = "--method",
            paramLabel = "METHOD",
            description = "snapshot (default): the nodes' SSTables; logical: the schema as CQL and every row read"
                    + " through CQL, each node exporting the token ranges it is the primary replica for (always"
                    + " full; restores into another cluster size, version or keyspace).")
    String method;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description = "With --method logical: native (default), typed compressed chunk files that keep write"
                    + " times and TTLs; csv, CSV files that cqlsh COPY FROM loads, plus a schema.cql.")
    String format;

    @Option(
            names = "--allow-partial",
            description = "If nodes in scope are down, back up the nodes that are up (a partial backup that names the"
                    + " missing nodes and the token ranges it lacks). Default: refuse the backup.")
    boolean allowPartial;

    @Override
    protected int execute() {
        if (full && mode != null && !mode.equals("full")) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--full and --mode " + mode + " contradict each other");
        }
        if (method != null && !method.equals("snapshot") && !method.equals("logical")) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--method must be snapshot or logical, not '" + method + "'");
        }
        boolean logical = "logical".equals(method);
        if (format != null && !logical) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--format is only for --method logical");
        }
        if (format != null && !format.equals("native") && !format.equals("csv")) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--format must be native or csv, not '" + format + "'");
        }
        if (logical && (mode != null && !mode.equals("full") || buildsOn != null || enableIncrementalBackups)) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(),
                    "--method logical is always full: --mode, --builds-on and --enable-incremental-backups are for"
                            + " snapshot backups");
        }
        String chosen = logical || full ? "full" : mode == null ? "differential" : mode;
        var body = RequestBodies.backup(
                keyspaces, tables, datacenters, chosen, allowPartial, enableIncrementalBackups, buildsOn, requester());
        if (logical) {
            body.put("method", "logical");
            if ("csv".equals(format)) {
                body.put("format", "csv");
            }
        }
        return accepted("backup", client().requestBackup(body));
    }
}
