package io.ringvault.cli;

import io.ringvault.cli.client.CoordinatorClient;
import io.ringvault.cli.client.CoordinatorRejectedException;
import io.ringvault.cli.client.CoordinatorUnreachableException;
import io.ringvault.cli.client.Json;
import io.ringvault.cli.client.Operation;
import io.ringvault.cli.render.LiveProgressDisplay;
import io.ringvault.cli.render.OperationFormatter;
import io.ringvault.cli.render.PlainProgressDisplay;
import io.ringvault.cli.render.ProgressDisplay;
import io.ringvault.cli.render.ProgressRenderer;
import java.io.PrintWriter;
import tools.jackson.databind.JsonNode;

/**
 * Polls an operation until it is over, showing progress on the way: redrawn in place on a terminal, a line per change
 * otherwise, or one JSON document per poll with {@code --json}.
 */
final class OperationWatcher {
    /**
     * Many operations end within a second or two: for the first {@link #QUICK_POLLING_MILLIS} the command asks every
     * 100 ms, then waits twice as long each time up to the poll interval. A quick operation is then seen over within
     * 100 ms, where a fixed interval added up to a whole second, and a long one costs the coordinator no more calls.
     */
    static final long FIRST_PAUSE_MILLIS = 100;

    static final long QUICK_POLLING_MILLIS = 2_000;
    private long pausedMillis;
    /**
     * Polls in a row that may find the coordinator away (a restart, a failover), or a just accepted operation not
     * visible yet, before the watch gives up.
     */
    static final int MISSED_POLLS_TOLERATED = 30;

    private final CoordinatorClient client;
    private final CliEnvironment environment;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    /** The next pause: short at first, so a quick operation is seen over at once, then up to the poll interval. */
    private long nextPauseMillis;

    OperationWatcher(
            CoordinatorClient client, CliEnvironment environment, PrintWriter out, PrintWriter err, boolean json) {
        this.client = client;
        this.environment = environment;
        this.out = out;
        this.err = err;
        this.json = json;
    }

    /**
     * @param justAccepted the operation was accepted a moment ago: the coordinator shows it only once it has read its
     *     acceptance back from the events topic, so "not found" means "not yet" for a while
     * @return {@link ExitCode#OK} if the operation completed, {@link ExitCode#OPERATION_FAILED} otherwise
     */
    int watch(String operationId, boolean justAccepted) {
        ProgressDisplay display = json ? null : display();
        int missedPolls = 0;
        boolean seen = false;
        while (true) {
            JsonNode answer;
            try {
                answer = client.operation(operationId);
                missedPolls = 0;
                seen = true;
            } catch (CoordinatorRejectedException e) {
                boolean notVisibleYet = justAccepted && !seen && e.status() == 404;
                if (!notVisibleYet || ++missedPolls > MISSED_POLLS_TOLERATED) {
                    throw e;
                }
                pause();
                continue;
            } catch (CoordinatorUnreachableException e) {
                if (++missedPolls > MISSED_POLLS_TOLERATED) {
                    throw e;
                }
                if (missedPolls == 1) {
                    err.println(e.getMessage() + " (still trying)");
                    err.flush();
                }
                pause();
                continue;
            }
            Operation operation = Json.read(answer, Operation.class);
            if (json) {
                out.println(Json.compact(answer));
                out.flush();
            } else {
                display.show(operation);
            }
            if (operation.isTerminal()) {
                if (!json) {
                    new OperationFormatter(environment.zone())
                            .outcome(operation)
                            .forEach(out::println);
                    out.flush();
                }
                return operation.isCompleted() ? ExitCode.OK : ExitCode.OPERATION_FAILED;
            }
            pause();
        }
    }

    private ProgressDisplay display() {
        ProgressRenderer renderer = new ProgressRenderer(environment.clock(), environment.zone());
        return environment.interactive().getAsBoolean()
                ? new LiveProgressDisplay(out, renderer, environment.terminalColumns())
                : new PlainProgressDisplay(out, renderer);
    }

    private void pause() {
        long interval = environment.pollInterval().toMillis();
        long pause = nextPauseMillis == 0 ? Math.min(FIRST_PAUSE_MILLIS, interval) : nextPauseMillis;
        pausedMillis += pause;
        nextPauseMillis = pausedMillis < QUICK_POLLING_MILLIS ? pause : Math.min(pause * 2, interval);
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoordinatorUnreachableException(client.coordinator(), "interrupted", e);
        }
    }
}
