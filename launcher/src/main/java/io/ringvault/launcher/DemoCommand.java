package io.ringvault.launcher;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.ringvault.cli.RingvaultCommand;
import io.ringvault.cli.client.CoordinatorClient;
import io.ringvault.cli.client.CoordinatorTrust;
import io.ringvault.cli.render.Units;
import io.ringvault.testkit.CassandraEndpoint;
import io.ringvault.testkit.LocalCertificateAuthority;
import io.ringvault.testkit.Topology;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * The main job, start to end, on the embedded stack: load a sample keyspace, back it up, drop it, restore it and check
 * every row. Backup and restore go through the coordinator's REST API with the CLI's own commands, so the progress shown
 * is what an operator sees.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the main job on a local stack: starts Cassandra, Kafka and every ringvault service, loads a sample",
            "keyspace, backs it up, drops it, restores it and checks every row. Exits 0 only if the rows are identical.",
            "State and logs go to .ringvault/demo (emptied at the start of each run)."
        })
final class DemoCommand implements Callable<Integer> {

    @CommandLine.Mixin
    StackCommand.StackOptions stackOptions = new StackCommand.StackOptions();

    @Option(
            names = "--size-mb",
            paramLabel = "MB",
            defaultValue = "100",
            description = "Approximate size of the sample data (default: ${DEFAULT-VALUE}).")
    long sizeMegabytes;

    private final PrintWriter out = new PrintWriter(System.out, true);

    @Override
    public Integer call() {
        Path directory = LauncherCommand.workDirectory().resolve("demo");
        Path logs = directory.resolve("logs");
        AtomicBoolean finished = new AtomicBoolean();
        // Ctrl-C: the testkit's shutdown hook stops every process; this says so and where to look.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!finished.get()) {
                System.err.println("\nringvault demo: interrupted; stopping everything it started. Logs: " + logs);
            }
        }));
        LocalRingvault.Options options;
        try {
            options = stackOptions.toOptions();
        } catch (IllegalArgumentException e) {
            System.err.println("ringvault demo: " + e.getMessage());
            return 2;
        }
        Optional<JsonNode> running = StackCommand.supervisor().isPresent() ? StackCommand.state() : Optional.empty();
        if (running.isPresent()) {
            if (!options.equals(LocalRingvault.Options.DEFAULT)) {
                System.err.println("ringvault demo: a stack is running (ringvault stack status); run the demo without"
                        + " --store-type, --topology and --store to use it, or stop it first (ringvault stack down)");
                return 2;
            }
            step("stack", "using the running stack (ringvault stack status); it keeps running afterwards");
            int exitCode = run(Target.of(running.get()));
            finished.set(true);
            return exitCode;
        }
        try (LocalRingvault system =
                LocalRingvault.start(LauncherCommand.home(), directory, options, line -> step("stack", line))) {
            int exitCode = run(Target.of(system));
            finished.set(true);
            return exitCode;
        } catch (RuntimeException e) {
            finished.set(true);
            System.err.println("ringvault demo: failed: " + e.getMessage());
            System.err.println("logs: " + logs + " (services), " + directory.resolve("stack") + " (Cassandra, Kafka)");
            return 1;
        } finally {
            out.println("stopped everything the demo started; logs are in " + logs);
        }
    }

    /**
     * What the demo runs on: the stack it started itself, or the one {@code ringvault stack up} left running.
     *
     * @param cql the first node, the demo's client connects to
     * @param objects where the objects go, in words
     * @param caCertificate the CA of a stack with TLS; null without
     */
    private record Target(
            InetSocketAddress cql,
            String datacenter,
            String kafka,
            String coordinatorUrl,
            Path tokenFile,
            String objects,
            String logs,
            Topology topology,
            Path caCertificate) {
        static Target of(LocalRingvault system) {
            CassandraEndpoint node = system.cassandra();
            return new Target(
                    node.cql(),
                    node.datacenter(),
                    system.stack().kafkaBootstrapServers(),
                    system.coordinatorUrl(),
                    system.tokenFile(),
                    switch (system.store().kind()) {
                        case FILESYSTEM -> system.objectDirectory().toString();
                        case S3 -> system.stack().objectStore().endpoint().toString();
                        case GCS, AZURE ->
                            system.store().kind().propertyValue() + " emulator "
                                    + system.store().setting("endpoint");
                    },
                    system.logDirectory().toString(),
                    system.options().topology(),
                    system.certificateAuthority()
                            .map(LocalCertificateAuthority::caCertificate)
                            .orElse(null));
        }

        static Target of(JsonNode state) {
            String[] cql = state.path("cassandra").path("cql").asString().split(":");
            JsonNode objects = state.path("objectStore");
            return new Target(
                    new InetSocketAddress(cql[0], Integer.parseInt(cql[1])),
                    state.path("cassandra").path("datacenter").asString(),
                    state.path("kafka").path("bootstrapServers").asString(),
                    state.path("coordinator").asString(),
                    Path.of(state.path("tokenFile").asString()),
                    "filesystem".equals(objects.path("type").asString())
                            ? objects.path("directory").asString()
                            : objects.path("endpoint").asString(),
                    state.path("logs").asString(),
                    Topology.parse(state.path("topology").asString("dc1:1")),
                    state.path("tls").has("caCertificate")
                            ? Path.of(state.path("tls").path("caCertificate").asString())
                            : null);
        }
    }

    private int run(Target system) {
        step(
                "stack",
                "up: Cassandra " + system.cql().getHostString() + ":"
                        + system.cql().getPort() + " ("
                        + system.topology() + "), Kafka " + system.kafka() + ", coordinator "
                        + system.coordinatorUrl() + ", objects in " + system.objects());
        // Schema changes and full-table reads on a busy single node take longer than the driver's 2 s default.
        try (CqlSession session = CqlSession.builder()
                .addContactPoint(system.cql())
                .withLocalDatacenter(system.datacenter())
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(60))
                        .build())
                .build()) {
            step("load", "writing about " + sizeMegabytes + " MB into keyspace " + SampleDataset.KEYSPACE + "...");
            long loadStart = System.nanoTime();
            long rows = new SampleDataset(session, sizeMegabytes, system.topology()).load();
            Duration loadTime = since(loadStart);
            Map<String, TableContents> before = TableContents.readKeyspace(session, SampleDataset.KEYSPACE);
            step(
                    "load",
                    "%d rows in %d tables (%s) in %s"
                            .formatted(rows, before.size(), String.join(", ", before.keySet()), seconds(loadTime)));

            step("backup", "ringvault backup --keyspace " + SampleDataset.KEYSPACE + " --wait");
            long backupStart = System.nanoTime();
            CliRun backup = cli(system, "backup", "--keyspace", SampleDataset.KEYSPACE, "--wait");
            Duration backupTime = since(backupStart);
            if (backup.exitCode() != 0) {
                return failed("the backup did not complete (exit code " + backup.exitCode() + ")");
            }
            String backupId = backup.firstLine();

            step("delete", "DROP KEYSPACE " + SampleDataset.KEYSPACE);
            session.execute("DROP KEYSPACE " + SampleDataset.KEYSPACE);
            if (!TableContents.readKeyspace(session, SampleDataset.KEYSPACE).isEmpty()) {
                return failed("the keyspace is still there after DROP KEYSPACE");
            }

            step("restore", "ringvault restore " + backupId + " --wait");
            long restoreStart = System.nanoTime();
            CliRun restore = cli(system, "restore", backupId, "--wait");
            Duration restoreTime = since(restoreStart);
            if (restore.exitCode() != 0) {
                return failed("the restore did not complete (exit code " + restore.exitCode() + ")");
            }

            step("check", "reading every row back and comparing it with the original...");
            Map<String, TableContents> after = TableContents.readKeyspace(session, SampleDataset.KEYSPACE);
            List<String> differences = new ArrayList<>();
            before.forEach((table, original) -> {
                TableContents restored = after.get(table);
                if (restored == null) {
                    differences.add(original.table() + ": the table was not restored");
                } else {
                    differences.addAll(restored.differencesFrom(original));
                }
            });
            long rowsCompared =
                    before.values().stream().mapToLong(t -> t.rows().size()).sum();

            // With --tls the coordinator's certificate is signed by the stack's own CA.
            CoordinatorClient client = new CoordinatorClient(
                    URI.create(system.coordinatorUrl()),
                    system.caCertificate() == null ? null : CoordinatorTrust.withCaFile(system.caCertificate()),
                    readToken(system.tokenFile()));
            out.println();
            out.println("summary");
            out.printf("  dataset   %d tables, %d rows, loaded in %s%n", before.size(), rows, seconds(loadTime));
            out.println("  backup    " + backupId + ": " + figures(client.operation(backupId), backupTime));
            out.println("  restore   " + figures(client.operation(restore.firstLine()), restoreTime));
            out.println("  logs      " + system.logs());
            if (!differences.isEmpty()) {
                out.println("  check     FAILED:");
                differences.forEach(difference -> out.println("            " + difference));
                return 1;
            }
            out.printf("  check     %d rows in %d tables identical after the restore%n", rowsCompared, before.size());
            return 0;
        }
    }

    /** Files, bytes, time and rate of an operation, from the coordinator's view of it. */
    private static String figures(JsonNode operation, Duration wallTime) {
        JsonNode progress = operation.path("progress");
        long bytes = progress.path("bytesTotal").asLong();
        long transferred = progress.path("bytesTransferred").asLong();
        double seconds = wallTime.toMillis() / 1000.0;
        return "%d files, %s (%s moved) in %s, %s"
                .formatted(
                        progress.path("filesTotal").asLong(),
                        Units.bytes(bytes),
                        Units.bytes(transferred),
                        seconds(wallTime),
                        Units.rate(seconds > 0 ? bytes / seconds : null));
    }

    private static String readToken(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the coordinator's token file " + file, e);
        }
    }

    private record CliRun(int exitCode, String firstLine) {}

    /**
     * Runs a CLI command in this JVM against the local coordinator. Its output goes to the terminal as it would from
     * {@code ./ringvault}; the first line, the operation id, is kept.
     */
    private CliRun cli(Target system, String... arguments) {
        FirstLineWriter output = new FirstLineWriter(out);
        List<String> command = new ArrayList<>(List.of(
                "--coordinator",
                system.coordinatorUrl(),
                "--token-file",
                system.tokenFile().toString()));
        if (system.caCertificate() != null) {
            command.addAll(List.of("--ca-cert", system.caCertificate().toString()));
        }
        command.addAll(List.of(arguments));
        int exitCode = new CommandLine(new RingvaultCommand())
                .setOut(new PrintWriter(output, true))
                .setErr(new PrintWriter(System.err, true))
                .execute(command.toArray(String[]::new));
        out.flush();
        return new CliRun(exitCode, output.firstLine());
    }

    private int failed(String why) {
        System.err.println("ringvault demo: " + why);
        return 1;
    }

    private void step(String stage, String line) {
        out.printf("==> %-8s %s%n", stage, line);
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static String seconds(Duration duration) {
        return "%.1f s".formatted(duration.toMillis() / 1000.0);
    }

    /** Passes everything through and remembers the first line. */
    private static final class FirstLineWriter extends Writer {
        private final Writer target;
        private final StringWriter firstLine = new StringWriter();
        private boolean firstLineDone;

        FirstLineWriter(Writer target) {
            this.target = target;
        }

        @Override
        public void write(char[] buffer, int offset, int length) throws java.io.IOException {
            for (int i = offset; i < offset + length && !firstLineDone; i++) {
                if (buffer[i] == '\n') {
                    firstLineDone = true;
                } else if (buffer[i] != '\r') {
                    firstLine.write(buffer[i]);
                }
            }
            target.write(buffer, offset, length);
        }

        @Override
        public void flush() throws java.io.IOException {
            target.flush();
        }

        @Override
        public void close() throws java.io.IOException {
            flush();
        }

        String firstLine() {
            return firstLine.toString().trim();
        }
    }
}
