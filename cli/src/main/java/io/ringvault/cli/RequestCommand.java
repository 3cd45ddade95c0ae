package io.ringvault.cli;

import io.ringvault.cli.client.Json;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** What {@code backup} and {@code restore} share: keyspace and table filters, who asks, and {@code --wait}. */
abstract class RequestCommand extends CoordinatorCommand {
    @Option(
            names = "--table",
            paramLabel = "KEYSPACE.TABLE",
            split = ",",
            description = "Only this table; repeat (or separate with commas) for more.")
    List<String> tables = new ArrayList<>();

    @Option(
            names = "--wait",
            description = "Then watch the operation until it ends; exit 0 only if it completed, 1 if not.")
    boolean waitForOutcome;

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

    /** Prints the coordinator's answer to the request and, with {@code --wait}, watches the operation it started. */
    int accepted(String kind, JsonNode answer) {
        String operationId = answer.path("operationId").asString("");
        if (json) {
            // With --wait, every document goes on a line of its own, so the output stays one JSON value per line.
            out().println(waitForOutcome ? Json.compact(answer) : Json.pretty(answer));
        } else {
            out().println(operationId);
            if (answer.path("duplicate").asBoolean(false)) {
                err().println("(the same request was made before: this is its operation)");
            }
            if (!waitForOutcome) {
                err().println(kind + " accepted; follow it with: ringvault operations watch " + operationId);
            }
        }
        out().flush();
        err().flush();
        return waitForOutcome ? watch(operationId, true) : ExitCode.OK;
    }
}
