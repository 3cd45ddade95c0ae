package io.ringvault.launcher;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.ringvault.cli.RingvaultCommand;
import io.ringvault.cli.client.CoordinatorClient;
import io.ringvault.cli.render.Units;
import io.ringvault.testkit.CassandraEndpoint;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    @Option(names = "--s3", description = "Store the backup in s3proxy through the S3 backend (default: a directory).")
    boolean s3;

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
        try (LocalRingvault system =
                LocalRingvault.start(LauncherCommand.home(), directory, s3, line -> step("stack", line))) {
            int exitCode = run(system);
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

    private int run(LocalRingvault system) {
        CassandraEndpoint node = system.cassandra();
        step(
                "stack",
                "up: Cassandra " + node.cql().getHostString() + ":" + node.cql().getPort() + ", Kafka "
                        + system.stack().kafkaBootstrapServers() + ", coordinator " + system.coordinatorUrl()
                        + ", objects in "
                        + (system.s3() ? system.stack().objectStore().endpoint() : system.objectDirectory()));
        // Schema changes and full-table reads on a busy single node take longer than the driver's 2 s default.
        try (CqlSession session = CqlSession.builder()
                .addContactPoint(node.cql())
                .withLocalDatacenter(node.datacenter())
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(60))
                        .build())
                .build()) {
            step("load", "writing about " + sizeMegabytes + " MB into keyspace " + SampleDataset.KEYSPACE + "...");
            long loadStart = System.nanoTime();
            long rows = new SampleDataset(session, sizeMegabytes).load();
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

            CoordinatorClient client = new CoordinatorClient(URI.create(system.coordinatorUrl()));
            out.println();
            out.println("summary");
            out.printf("  dataset   %d tables, %d rows, loaded in %s%n", before.size(), rows, seconds(loadTime));
            out.println("  backup    " + backupId + ": " + figures(client.operation(backupId), backupTime));
            out.println("  restore   " + figures(client.operation(restore.firstLine()), restoreTime));
            out.println("  logs      " + system.logDirectory());
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

    private record CliRun(int exitCode, String firstLine) {}

    /**
     * Runs a CLI command in this JVM against the local coordinator. Its output goes to the terminal as it would from
     * {@code ./ringvault}; the first line, the operation id, is kept.
     */
    private CliRun cli(LocalRingvault system, String... arguments) {
        FirstLineWriter output = new FirstLineWriter(out);
        List<String> command = new ArrayList<>(List.of("--coordinator", system.coordinatorUrl()));
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
