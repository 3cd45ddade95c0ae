package io.ringvault.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.type.codec.TypeCodecs;
import io.ringvault.testkit.Directories;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's commands as a user types them: {@code ./ringvault demo} and {@code ./ringvault stack up|status|down}, run
 * through the script on the real local stack, each in a work directory of its own under {@code target/}.
 */
class LauncherIT {
    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    private static final Path SCRIPT = HOME.resolve("ringvault");
    private static final Path WORK = Path.of("target", "launcher-it").toAbsolutePath();

    @Test
    void demoIsStoppedCleanlyWhenInterrupted() throws Exception {
        Path work = WORK.resolve("demo");

        // Interrupted while Cassandra and Kafka start: everything it started stops, and it says where its logs are.
        Run interrupted = Run.start(work, "interrupted", "demo", "--size-mb", "20");
        interrupted.awaitOutput("==> stack    starting Cassandra", Duration.ofMinutes(6));
        awaitProcessIn(work.resolve("demo").resolve("stack"), Duration.ofMinutes(2));
        interrupted.process.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the JVM's shutdown hooks run
        assertThat(interrupted.process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(interrupted.output()).contains("interrupted; stopping everything it started");
        assertNoProcessLeftIn(work);
    }

    /**
     * The stack in the background, the demo's main job on it (its own start-up path is the one {@code stack up}'s
     * supervisor runs), and the CLI finding it by itself. Its object store is kept outside the stack ({@code --store}),
     * so the backup taken on one node outlives {@code stack down} and is restored into a brand-new stack of three
     * nodes: other host ids, other tokens, another size, restored from the store alone by streaming.
     */
    @Test
    void stackRunsInTheBackgroundAndTheDemoAndTheOtherCommandsUseIt() throws Exception {
        Path work = WORK.resolve("stack");
        Path store = WORK.resolve("store");
        Directories.deleteRecursively(store); // a store left by an earlier run would hold its backups too
        String backupId;
        try {
            Run up = Run.start(work, "up", "stack", "up", "--store", store.toString());
            assertThat(up.awaitExit(Duration.ofMinutes(8))).as(up.output()).isZero();

            Run status = Run.start(work, "status", "stack", "status", "--json");
            assertThat(status.awaitExit(Duration.ofMinutes(1)))
                    .as(status.output())
                    .isZero();
            JsonNode state = JsonMapper.builder().build().readTree(status.stdout());
            assertThat(state.path("running").asBoolean()).isTrue();
            assertThat(state.path("healthy").asBoolean()).as(state.toString()).isTrue();
            assertThat(state.path("topology").asString()).isEqualTo("dc1:1");
            assertThat(state.path("kafka").path("bootstrapServers").asString()).matches("127\\.0\\.0\\.1:\\d+");
            assertThat(state.path("coordinator").asString()).startsWith("http://127.0.0.1:");
            // The coordinator runs with authentication on: its admin token is in a file only this user reads, and
            // `stack up` says how to use it, without printing it.
            Path tokenFile = Path.of(state.path("tokenFile").asString());
            assertThat(tokenFile).isEqualTo(work.resolve("stack").resolve("token"));
            assertThat(Files.getPosixFilePermissions(tokenFile))
                    .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            String token = Files.readString(tokenFile).strip();
            assertThat(token).hasSizeGreaterThan(32);
            assertThat(up.output())
                    .contains("export RINGVAULT_TOKEN=$(cat " + tokenFile + ")")
                    .doesNotContain(token);
            assertThat(status.stdout()).doesNotContain(token);
            assertThat(state.path("cassandra").path("datacenter").asString()).isEqualTo("dc1");
            assertThat(state.path("cassandra").path("jmx").asString()).startsWith("service:jmx:rmi:");
            assertThat(state.path("nodes")).hasSize(1);
            JsonNode node = state.path("nodes").get(0);
            assertThat(node.path("cql").asString())
                    .isEqualTo(state.path("cassandra").path("cql").asString());
            assertThat(node.path("rack").asString()).isEqualTo("rack1");
            assertThat(node.path("jmxPort").asInt()).isPositive();
            assertThat(node.path("hostId").asString()).matches("[0-9a-f-]{36}");
            assertThat(node.path("agent").path("url").asString()).startsWith("http://127.0.0.1:");
            assertThat(state.path("objectStore").path("type").asString()).isEqualTo("filesystem");
            assertThat(Path.of(state.path("objectStore").path("directory").asString()))
                    .isEqualTo(store);

            // The demo on the running stack: backup, DROP KEYSPACE, restore, every row checked.
            Run demo = Run.start(work, "demo", "demo", "--size-mb", "20");
            assertThat(demo.awaitExit(Duration.ofMinutes(10))).as(demo.output()).isZero();
            assertThat(demo.output())
                    .contains("using the running stack")
                    .contains("==> backup   ringvault backup --keyspace ringvault_demo --wait")
                    .contains("==> delete   DROP KEYSPACE ringvault_demo")
                    .contains("rows in 4 tables identical after the restore")
                    .containsPattern("backup +[0-9a-f-]{36}: \\d+ files, [0-9.]+ MiB")
                    .containsPattern("restore +\\d+ files, [0-9.]+ MiB");

            try (CqlSession session = cql(state)) {
                session.execute("CREATE KEYSPACE stack_it WITH replication = {'class': 'SimpleStrategy',"
                        + " 'replication_factor': 1}");
                session.execute("CREATE TABLE stack_it.notes (id int PRIMARY KEY, body text)");
                for (int i = 0; i < 100; i++) {
                    session.execute("INSERT INTO stack_it.notes (id, body) VALUES (?, ?)", i, "note " + i);
                }
            }

            // Found through the stack's coordinator-url file: no --coordinator given.
            Run backup = Run.start(work, "backup", "backup", "--keyspace", "stack_it", "--wait");
            assertThat(backup.awaitExit(Duration.ofMinutes(3)))
                    .as(backup.output())
                    .isZero();
            backupId = backup.stdout().lines().findFirst().orElseThrow().trim();
            Run list = Run.start(work, "list", "backups", "list");
            assertThat(list.awaitExit(Duration.ofMinutes(1))).as(list.output()).isZero();
            assertThat(list.stdout()).contains(backupId);
            // A token given is sent in place of the stack's: an unknown one is refused, saying how to give one.
            Run refused =
                    Run.start(work, "refused", Map.of("RINGVAULT_TOKEN", "rv-not-the-stacks-token"), "backups", "list");
            assertThat(refused.awaitExit(Duration.ofMinutes(1)))
                    .as(refused.output())
                    .isEqualTo(2);
            assertThat(refused.output()).contains("not authenticated").doesNotContain("rv-not-the-stacks-token");
            assertNoTokenInLogs(Path.of(state.path("logs").asString()), token);
        } finally {
            Run down = Run.start(work, "down", "stack", "down");
            assertThat(down.awaitExit(Duration.ofMinutes(3))).as(down.output()).isZero();
        }
        Run after = Run.start(work, "status-after", "stack", "status");
        assertThat(after.awaitExit(Duration.ofMinutes(1))).isEqualTo(1);
        assertThat(after.stdout()).contains("not running");
        assertNoProcessLeftIn(work);

        Path resized = WORK.resolve("resized");
        try {
            Run up = Run.start(resized, "up", "stack", "up", "--topology", "dc1:3", "--store", store.toString());
            assertThat(up.awaitExit(Duration.ofMinutes(10))).as(up.output()).isZero();
            Run status = Run.start(resized, "status", "stack", "status", "--json");
            assertThat(status.awaitExit(Duration.ofMinutes(1)))
                    .as(status.output())
                    .isZero();
            JsonNode state = JsonMapper.builder().build().readTree(status.stdout());
            assertThat(state.path("nodes")).hasSize(3);

            // The one backed-up node's tokens are nobody's here: its files are streamed to their new owners.
            Run plan = Run.start(resized, "plan", "restore", backupId, "--dry-run", "--json");
            assertThat(plan.awaitExit(Duration.ofMinutes(3))).as(plan.output()).isZero();
            JsonNode planned = JsonMapper.builder().build().readTree(plan.stdout());
            assertThat(planned.path("nodes")).as(planned.toString()).hasSize(1);
            assertThat(planned.path("nodes").get(0).path("method").asString()).isEqualTo("stream");

            Run restore = Run.start(resized, "restore", "restore", backupId, "--wait");
            assertThat(restore.awaitExit(Duration.ofMinutes(5)))
                    .as(restore.output())
                    .isZero();
            try (CqlSession session = cql(state)) {
                // Replication factor 1 on three nodes: every row is read from the one node that now owns it.
                Map<Integer, String> rows = new TreeMap<>();
                session.execute("SELECT id, body FROM stack_it.notes")
                        .forEach(row -> rows.put(row.getInt("id"), row.getString("body")));
                assertThat(rows).hasSize(100);
                rows.forEach((id, body) -> assertThat(body).isEqualTo("note " + id));
                Set<String> owners = new TreeSet<>();
                rows.keySet()
                        .forEach(id -> owners.add(session.getMetadata()
                                .getTokenMap()
                                .orElseThrow()
                                .getReplicas(
                                        "stack_it",
                                        TypeCodecs.INT.encode(
                                                id, session.getContext().getProtocolVersion()))
                                .iterator()
                                .next()
                                .getHostId()
                                .toString()));
                assertThat(owners).as("nodes owning the restored rows").hasSize(3);
            }
        } finally {
            Run down = Run.start(resized, "down", "stack", "down");
            assertThat(down.awaitExit(Duration.ofMinutes(3))).as(down.output()).isZero();
        }
        assertNoProcessLeftIn(resized);
    }

    /** No service logged the token: each log file of the stack is searched for it. */
    private static void assertNoTokenInLogs(Path logs, String token) throws IOException {
        try (var files = Files.walk(logs)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file, StandardCharsets.ISO_8859_1))
                        .as("the token in " + file)
                        .doesNotContain(token);
            }
        }
    }

    /** A session on the stack's first node, as {@code stack status --json} gives it. */
    private static CqlSession cql(JsonNode state) {
        String[] cql = state.path("cassandra").path("cql").asString().split(":");
        return CqlSession.builder()
                .addContactPoint(new InetSocketAddress(cql[0], Integer.parseInt(cql[1])))
                .withLocalDatacenter("dc1")
                // Schema changes wait for agreement; the driver's 2 s default is short on a busy 2-core machine.
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                        .build())
                .build();
    }

    /** Waits until a process whose command line names {@code directory} runs: a child has been started there. */
    private static void awaitProcessIn(Path directory, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (ProcessHandle.allProcesses()
                .noneMatch(process -> process.info()
                        .commandLine()
                        .map(line -> line.contains(directory.toString()))
                        .orElse(false))) {
            assertThat(Instant.now()).as("no process started in " + directory).isBefore(deadline);
            Thread.sleep(200);
        }
    }

    /** Every child names its directory (config, data or log paths) on its command line. */
    private static void assertNoProcessLeftIn(Path work) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        List<String> left;
        do {
            left = ProcessHandle.allProcesses()
                    .filter(process -> process.info()
                            .commandLine()
                            .map(line -> line.contains(work.toString()))
                            .orElse(false))
                    .map(process ->
                            process.pid() + " " + process.info().commandLine().orElse(""))
                    .toList();
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(1000);
        } while (Instant.now().isBefore(deadline));
        assertThat(left).as("processes still running in " + work).isEmpty();
    }

    /** One {@code ./ringvault} command, its stdout and stderr in files. */
    private record Run(Process process, Path stdoutFile, Path stderrFile) {
        static Run start(Path work, String name, String... arguments) throws IOException {
            return start(work, name, Map.of(), arguments);
        }

        /** @param variables environment variables of the command, over the test's own */
        static Run start(Path work, String name, Map<String, String> variables, String... arguments)
                throws IOException {
            Files.createDirectories(work);
            List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
            command.addAll(List.of(arguments));
            Path logs = Files.createDirectories(WORK.resolve("output"));
            Path stdout = logs.resolve(work.getFileName() + "-" + name + ".out");
            Path stderr = logs.resolve(work.getFileName() + "-" + name + ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(HOME.toFile())
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().put(LauncherCommand.WORK_DIRECTORY_VARIABLE, work.toString());
            builder.environment().remove("RINGVAULT_COORDINATOR");
            builder.environment().remove("RINGVAULT_TOKEN");
            builder.environment().remove("RINGVAULT_TOKEN_FILE");
            builder.environment().putAll(variables);
            return new Run(builder.start(), stdout, stderr);
        }

        void awaitOutput(String text, Duration timeout) throws Exception {
            Instant deadline = Instant.now().plus(timeout);
            while (!output().contains(text)) {
                assertThat(process.isAlive())
                        .as("exited before printing '%s': %s", text, output())
                        .isTrue();
                assertThat(Instant.now())
                        .as("waiting for '%s': %s", text, output())
                        .isBefore(deadline);
                Thread.sleep(500);
            }
        }

        int awaitExit(Duration timeout) throws InterruptedException, IOException {
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroy();
                throw new AssertionError("still running after " + timeout + ": " + output());
            }
            return process.exitValue();
        }

        String stdout() throws IOException {
            return Files.readString(stdoutFile, StandardCharsets.UTF_8);
        }

        String output() throws IOException {
            return stdout() + Files.readString(stderrFile, StandardCharsets.UTF_8);
        }
    }
}
