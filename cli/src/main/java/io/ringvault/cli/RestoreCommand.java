package io.ringvault.cli;

import io.ringvault.cli.client.Json;
import io.ringvault.cli.client.Operation;
import io.ringvault.cli.render.Ids;
import io.ringvault.cli.render.PlanFormatter;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ringvault restore BACKUP_ID}: {@code POST /api/v1/restores}. With {@code --dry-run}, the same request with
 * {@code "dryRun": true}: the restorer plans the restore and changes nothing, and the command prints the plan. With
 * {@code --repair}, {@code "repair": true}: the target nodes repair the restored tables once they are loaded.
 */
@Command(
        name = "restore",
        mixinStandardHelpOptions = true,
        description = {"Restore a backup, or some of its keyspaces or tables.", "Prints the id of the operation."})
final class RestoreCommand extends RequestCommand {
    private static final String PLANNED = "io.ringvault.restore.planned";

    @Parameters(paramLabel = "BACKUP_ID", description = "The backup to restore (see: ringvault backups list).")
    String backupId;

    @Option(
            names = "--keyspace",
            paramLabel = "KEYSPACE",
            split = ",",
            description = "Only this keyspace; repeat (or separate with commas) for more. Default: all in the backup.")
    List<String> keyspaces = new ArrayList<>();

    @Option(
            names = "--dc",
            paramLabel = "DATACENTER",
            split = ",",
            description =
                    "Only the backed-up nodes of this datacenter, onto the cluster's nodes of it; repeat for more."
                            + " Default: every datacenter the backup covers.")
    List<String> datacenters = new ArrayList<>();

    @Option(
            names = "--truncate",
            description = "Delete each table's current rows before importing the backup's. Refused when a keyspace is"
                    + " replicated to a datacenter outside --dc: TRUNCATE is cluster-wide.")
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

    @Option(
            names = "--dry-run",
            description = "Only plan the restore and change nothing: wait for the plan and print which node of the"
                    + " cluster receives each backed-up node's files, how (import, or stream where the tokens"
                    + " differ), the tables and the bytes. Exit 0 when a restore could be planned, 1 when not.")
    boolean dryRun;

    @Option(
            names = "--repair",
            description = "Once every table is loaded, have each target node in turn run a full repair of the restored"
                    + " tables on its primary ranges (nodetool repair -full -pr), shown as the repairing phase. A"
                    + " repair that fails fails the restore (repair-failed, naming the node); the data stays. With"
                    + " --dry-run, the plan only says a repair would run.")
    boolean repair;

    @Option(
            names = "--until",
            paramLabel = "TIME",
            description = "Restore the backup plus every incremental backup built on it up to the newest one taken at"
                    + " or before TIME (ISO-8601, e.g. 2026-12-04T22:10:00Z): the point in time of a continuous"
                    + " backup.")
    String until;

    @Option(
            names = "--rename",
            paramLabel = "KS.TABLE=KS2.TABLE2",
            description = "Logical backups: restore this table of the backup into another table (created from the"
                    + " backup's definition when missing); repeat for more.")
    Map<String, String> renames = new LinkedHashMap<>();

    @Option(
            names = "--rename-keyspace",
            paramLabel = "KS=KS2",
            description = "Logical backups: restore this keyspace of the backup into another keyspace (created with"
                    + " its types, tables and indexes when missing); repeat for more. A table's --rename wins.")
    Map<String, String> renameKeyspaces = new LinkedHashMap<>();

    @Option(
            names = "--max-errors",
            paramLabel = "N",
            description = "Logical backups: rows that may be rejected (each kept in an error file next to the backup)"
                    + " before the restore fails. Default: 0.")
    Long maxErrors;

    @Option(
            names = "--print-tokens",
            description = {
                "Restore nothing: print, for each node of the backup, the cassandra.yaml lines (num_tokens,",
                "initial_token) that give a new node the same tokens. Set them on the nodes of a new cluster of the",
                "same shape before they first start; the restore then imports every node's files as they are."
            })
    boolean printTokens;

    @Override
    protected int execute() {
        if (printTokens) {
            return printTokens(client().tokens(backupId, sourceCluster));
        }
        ObjectNode body = RequestBodies.restore(
                backupId,
                keyspaces,
                tables,
                requester(),
                new RequestBodies.RestoreOptions(
                        datacenters, truncate, allowSchemaMismatch, nodeMapping, sourceCluster, repair));
        if (!renames.isEmpty()) {
            ObjectNode map = body.putObject("renames");
            renames.forEach(map::put);
        }
        if (!renameKeyspaces.isEmpty()) {
            ObjectNode map = body.putObject("renameKeyspaces");
            renameKeyspaces.forEach(map::put);
        }
        if (maxErrors != null) {
            if (maxErrors < 0) {
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(), "--max-errors must not be negative, not " + maxErrors);
            }
            body.put("maxErrors", maxErrors);
        }
        if (until != null) {
            try {
                body.put("until", java.time.Instant.parse(until).toString());
            } catch (java.time.format.DateTimeParseException e) {
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(),
                        "--until must be an ISO-8601 instant such as 2026-12-04T22:10:00Z, not '" + until + "'");
            }
        }
        if (!dryRun) {
            return accepted("restore", client().requestRestore(body));
        }
        body.put("dryRun", true);
        return planOnly(client().requestRestore(body));
    }

    /** One block per backed-up node: who it was, then its {@code cassandra.yaml} lines. */
    private int printTokens(JsonNode nodes) {
        if (json) {
            printJson(nodes);
            return ExitCode.OK;
        }
        List<String> lines = new ArrayList<>();
        lines.add("# backup " + backupId + ": " + nodes.size() + " node(s). Give each new node, before it first"
                + " starts, the lines of a backed-up node of its datacenter and rack:");
        for (JsonNode node : nodes) {
            lines.add("");
            lines.add("# " + node.path("datacenter").asString() + "/"
                    + node.path("rack").asString() + ", was "
                    + node.path("hostId").asString() + " ("
                    + node.path("address").asString() + ")");
            node.path("cassandraYaml").asString().lines().forEach(lines::add);
        }
        printLines(lines);
        return ExitCode.OK;
    }

    /**
     * A dry run is an operation like any other (the restorer plans it and ends it at once): wait for it quietly, then
     * print its plan, the {@code restore.planned} of its history, or why it could not be planned.
     */
    private int planOnly(JsonNode answer) {
        String operationId = answer.path("operationId").asString("");
        int outcome = new OperationWatcher(client(), environment(), new PrintWriter(Writer.nullWriter()), err(), true)
                .watch(operationId, true);
        if (outcome != ExitCode.OK) {
            Operation operation = Json.read(client().operation(operationId), Operation.class);
            Operation.Failure failure = operation.failure();
            err().println("dry run " + operationId + " could not plan the restore: "
                    + (failure == null
                            ? Ids.lower(operation.state())
                            : failure.reason() + (failure.detail() == null ? "" : ": " + failure.detail())));
            return outcome;
        }
        JsonNode plan = null;
        for (JsonNode event : client().events(operationId)) {
            if (PLANNED.equals(event.path("type").asString(""))) {
                plan = event.path("data");
            }
        }
        if (plan == null) {
            err().println("dry run " + operationId + " completed without a plan in its history");
            return ExitCode.OPERATION_FAILED;
        }
        if (json) {
            printJson(plan);
        } else {
            printLines(PlanFormatter.lines(operationId, plan));
        }
        return ExitCode.OK;
    }
}
