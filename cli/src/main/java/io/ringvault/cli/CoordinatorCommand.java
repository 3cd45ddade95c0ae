package io.ringvault.cli;

import io.ringvault.cli.client.CoordinatorClient;
import io.ringvault.cli.client.CoordinatorRejectedException;
import io.ringvault.cli.client.CoordinatorUnreachableException;
import io.ringvault.cli.client.Json;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * A command that calls the coordinator. Turns the ways that can go wrong into a message on stderr and an exit code,
 * so each command only says what to ask and how to print the answer.
 */
abstract class CoordinatorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the coordinator's JSON instead of text.")
    boolean json;

    /** @return the exit code */
    protected abstract int execute();

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (CoordinatorUnreachableException e) {
            err().println(e.getMessage());
            return ExitCode.UNREACHABLE;
        } catch (CoordinatorRejectedException e) {
            if (e.status() == 401) {
                err().println("not authenticated: " + e.getMessage());
                err().println("  give a token: export " + RingvaultCommand.TOKEN_VARIABLE + "=<token>, or --token-file"
                        + " <file> (./ringvault stack up prints the local stack's)");
                return ExitCode.USAGE;
            }
            if (e.status() == 403) {
                // The coordinator's detail names the role the request needs.
                err().println("forbidden: " + e.getMessage());
                err().println("  ask for a token with that role");
                return ExitCode.USAGE;
            }
            err().println((e.isClientError() ? "refused: " : "the coordinator failed: ") + e.getMessage());
            return e.isClientError() ? ExitCode.USAGE : ExitCode.UNREACHABLE;
        } finally {
            out().flush();
            err().flush();
        }
    }

    RingvaultCommand root() {
        return (RingvaultCommand) spec.root().userObject();
    }

    CliEnvironment environment() {
        return root().environment();
    }

    CoordinatorClient client() {
        return new CoordinatorClient(
                root().coordinatorUri(spec.commandLine()),
                root().coordinatorTls(spec.commandLine()),
                root().token(spec.commandLine()));
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    void printJson(JsonNode node) {
        out().println(Json.pretty(node));
    }

    void printLines(List<String> lines) {
        lines.forEach(out()::println);
    }

    int watch(String operationId, boolean justAccepted) {
        return new OperationWatcher(client(), environment(), out(), err(), json).watch(operationId, justAccepted);
    }
}
