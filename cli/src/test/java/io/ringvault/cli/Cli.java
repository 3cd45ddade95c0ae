package io.ringvault.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/** Runs {@code ringvault} in-process with captured output and a controlled environment. */
final class Cli {
    static final Instant NOW = Instant.parse("2026-11-21T12:00:01Z");

    record Result(int exit, String out, String err) {}

    private final Map<String, String> variables = new HashMap<>(Map.of("USER", "alice", "HOSTNAME", "laptop"));
    private boolean interactive;

    Cli variable(String name, String value) {
        variables.put(name, value);
        return this;
    }

    Cli interactive() {
        interactive = true;
        return this;
    }

    CliEnvironment environment() {
        return new CliEnvironment(
                variables::get,
                () -> interactive,
                Clock.fixed(NOW, ZoneOffset.UTC),
                ZoneOffset.UTC,
                Duration.ofMillis(1));
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new RingvaultCommand(environment()))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}
