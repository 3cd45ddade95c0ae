package io.ringvault.cli;

import io.ringvault.cli.client.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ringvault import}: migration from a cqlsh backup. Uploads the {@code DESCRIBE} schema and the {@code COPY TO}
 * files ({@code POST /api/v1/imports}), which the coordinator stores as a csv-format logical backup, then restores that
 * backup ({@code POST /api/v1/restores}): an operation with progress, cancel and an audit trail like any restore.
 */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Load a backup made with cqlsh (DESCRIBE KEYSPACE and COPY TO) into the cluster.",
            "Stores the files as a logical backup (csv), then restores it. Prints the id of the restore operation."
        })
final class ImportCommand extends CoordinatorCommand {
    @Option(
            names = "--schema",
            required = true,
            paramLabel = "FILE",
            description = "The schema: the output of cqlsh -e 'DESCRIBE KEYSPACE ks' (or DESCRIBE SCHEMA).")
    Path schema;

    @Option(
            names = "--csv",
            required = true,
            paramLabel = "KEYSPACE.TABLE=FILE",
            description = "A file COPY TO wrote for this table; repeat for each file (several files of one table load"
                    + " in the order given).")
    List<String> csv = new ArrayList<>();

    @Option(
            names = "--null",
            paramLabel = "TEXT",
            description =
                    "The NULL text the files were written with (COPY TO ... WITH NULL = 'TEXT'). Default: cqlsh's,"
                            + " the empty text.")
    String nullMarker;

    @Option(
            names = "--no-header",
            description = "The files have no header line (COPY TO without HEADER = TRUE): their fields follow COPY"
                    + " TO's column order (partition key, clustering columns, then the others by name).")
    boolean noHeader;

    @Option(
            names = "--max-errors",
            paramLabel = "N",
            description = "Fail the restore past N rejected rows (each kept in an error file next to the backup)."
                    + " Default: 0.")
    Integer maxErrors;

    @Option(names = "--truncate", description = "Delete each table's current rows before loading the files.")
    boolean truncate;

    @Option(
            names = "--no-restore",
            description = "Only store the files as a backup and print its id; restore it later with: ringvault"
                    + " restore BACKUP_ID.")
    boolean noRestore;

    @Option(
            names = "--wait",
            description = "Then watch the restore until it ends; exit 0 only if it completed, 1 if not.")
    boolean waitForOutcome;

    @Option(
            names = "--requested-by",
            paramLabel = "TEXT",
            description = "Who asks, for the audit trail. Default: $USER@host.")
    String requestedBy;

    @Override
    protected int execute() {
        if (maxErrors != null && maxErrors < 0) {
            throw new ParameterException(spec.commandLine(), "--max-errors must be 0 or more, not " + maxErrors);
        }
        requireFile("--schema", schema);
        List<Map.Entry<String, Path>> files = new ArrayList<>();
        for (String value : csv) {
            files.add(parse(value));
        }
        JsonNode imported = client().importFiles(schema, files, nullMarker, !noHeader, null);
        String backupId = imported.path("backupId").asString("");
        if (json && noRestore) {
            printJson(imported);
            return ExitCode.OK;
        }
        if (json) {
            out().println(Json.compact(imported));
        } else {
            err().println("imported as backup " + backupId + ": " + summary(imported));
        }
        if (noRestore) {
            out().println(backupId);
            err().println("restore it with: ringvault restore " + backupId);
            return ExitCode.OK;
        }
        String requester = requestedBy != null && !requestedBy.isBlank()
                ? requestedBy
                : environment().requester();
        ObjectNode body = RequestBodies.restore(
                backupId,
                List.of(),
                List.of(),
                requester,
                new RequestBodies.RestoreOptions(List.of(), truncate, false, Map.of(), null, false));
        if (maxErrors != null) {
            body.put("maxErrors", maxErrors);
        }
        JsonNode answer = client().requestRestore(body);
        String operationId = answer.path("operationId").asString("");
        if (json) {
            out().println(Json.compact(answer));
        } else {
            out().println(operationId);
            if (!waitForOutcome) {
                err().println("restore accepted; follow it with: ringvault operations watch " + operationId);
            }
        }
        out().flush();
        err().flush();
        return waitForOutcome ? watch(operationId, true) : ExitCode.OK;
    }

    /** {@code KEYSPACE.TABLE=FILE}, split at the first {@code =} (a table name has none; a path may). */
    private Map.Entry<String, Path> parse(String value) {
        int equals = value.indexOf('=');
        if (equals <= 0
                || equals == value.length() - 1
                || value.substring(0, equals).indexOf('.') < 0) {
            throw new ParameterException(spec.commandLine(), "--csv must be KEYSPACE.TABLE=FILE, not '" + value + "'");
        }
        Path file = Path.of(value.substring(equals + 1));
        requireFile("--csv " + value.substring(0, equals), file);
        return Map.entry(value.substring(0, equals).strip(), file);
    }

    private void requireFile(String option, Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ParameterException(spec.commandLine(), option + ": " + file + " is not a readable file");
        }
    }

    private static String summary(JsonNode imported) {
        List<String> tables = new ArrayList<>();
        imported.path("rows")
                .properties()
                .forEach(e -> tables.add(e.getKey() + " " + e.getValue().asLong() + " rows"));
        return imported.path("files").asInt() + " file(s), " + String.join(", ", tables);
    }
}
