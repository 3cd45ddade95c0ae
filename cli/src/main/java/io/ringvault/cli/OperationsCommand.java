package io.ringvault.cli;

import io.ringvault.cli.client.CloudEvent;
import io.ringvault.cli.client.Json;
import io.ringvault.cli.client.Operation;
import io.ringvault.cli.render.EventFormatter;
import io.ringvault.cli.render.OperationFormatter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code ringvault operations ...}: backups and restores in progress or done, under {@code /api/v1/operations}. */
@Command(
        name = "operations",
        mixinStandardHelpOptions = true,
        description = "Follow, inspect and cancel backup and restore operations.",
        subcommands = {
            OperationsCommand.ListOperations.class,
            OperationsCommand.ShowOperation.class,
            OperationsCommand.OperationEvents.class,
            OperationsCommand.WatchOperation.class,
            OperationsCommand.CancelOperation.class
        })
final class OperationsCommand {

    static List<Operation> operations(JsonNode array) {
        List<Operation> operations = new ArrayList<>();
        for (JsonNode element : array) {
            operations.add(Json.read(element, Operation.class));
        }
        return operations;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the operations.")
    static final class ListOperations extends CoordinatorCommand {
        @Override
        protected int execute() {
            JsonNode answer = client().operations();
            if (json) {
                printJson(answer);
            } else if (answer.isEmpty()) {
                out().println("no operations");
            } else {
                printLines(new OperationFormatter(environment().zone()).table(operations(answer)));
            }
            return ExitCode.OK;
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Show an operation: state, who asked, failure, progress per datacenter and node.")
    static final class ShowOperation extends CoordinatorCommand {
        @Parameters(paramLabel = "ID", description = "The operation.")
        String id;

        @Override
        protected int execute() {
            JsonNode answer = client().operation(id);
            if (json) {
                printJson(answer);
            } else {
                printLines(new OperationFormatter(environment().zone()).detail(Json.read(answer, Operation.class)));
            }
            return ExitCode.OK;
        }
    }

    @Command(
            name = "events",
            mixinStandardHelpOptions = true,
            description = "Show the history of an operation: its CloudEvents, one per line.")
    static final class OperationEvents extends CoordinatorCommand {
        @Parameters(paramLabel = "ID", description = "The operation.")
        String id;

        @Override
        protected int execute() {
            JsonNode answer = client().events(id);
            if (json) {
                printJson(answer);
                return ExitCode.OK;
            }
            List<CloudEvent> events = new ArrayList<>();
            for (JsonNode element : answer) {
                events.add(Json.read(element, CloudEvent.class));
            }
            printLines(new EventFormatter(environment().zone()).lines(events));
            return ExitCode.OK;
        }
    }

    @Command(
            name = "watch",
            mixinStandardHelpOptions = true,
            description = {
                "Follow an operation until it ends: exit 0 if it completed, 1 if it failed or was cancelled.",
                "With --json, prints the operation as one JSON line per poll."
            })
    static final class WatchOperation extends CoordinatorCommand {
        @Parameters(paramLabel = "ID", description = "The operation.")
        String id;

        @Override
        protected int execute() {
            return watch(id, false);
        }
    }

    @Command(
            name = "cancel",
            mixinStandardHelpOptions = true,
            description = "Ask the coordinator to cancel an operation (watch it to see it stop).")
    static final class CancelOperation extends CoordinatorCommand {
        @Parameters(paramLabel = "ID", description = "The operation.")
        String id;

        @Option(
                names = "--requested-by",
                paramLabel = "TEXT",
                description = "Who asks, for the audit trail. Default: $USER@host.")
        String requestedBy;

        @Override
        protected int execute() {
            String requester = requestedBy != null && !requestedBy.isBlank()
                    ? requestedBy
                    : environment().requester();
            JsonNode answer = client().cancel(id, requester);
            if (json) {
                printJson(answer);
            } else {
                out().println("cancel requested for operation "
                        + answer.path("operationId").asString(id));
            }
            return ExitCode.OK;
        }
    }
}
