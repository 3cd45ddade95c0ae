package io.ringvault.agent.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.connections.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader as a real child process: shell scripts that print what Cassandra's loader prints, exit as it exits, or
 * hang, and write down the arguments they were given.
 */
@DisabledOnOs(OS.WINDOWS)
class ProcessBulkLoaderTest {
    private static final String NODE = "node h1 (127.0.0.1:9042)";

    @TempDir
    Path root;

    @Test
    void shouldStreamTheTableDirectoryWithTheCommandsOptionsAndReadTheSummary() throws IOException {
        Path table = table();
        Path arguments = root.resolve("arguments");
        Path loader = script(
                "printf '%s\\n' \"$@\" > " + arguments,
                "echo 'Established connection to initial hosts'",
                "printf 'progress: [/127.0.0.1:7000]0:0/1 0  %% total: 0%% 0KiB/s (avg: 0KiB/s)\\r'",
                "printf 'progress: [/127.0.0.1:7000]0:1/1 100%% total: 100%% 1MiB/s (avg: 1MiB/s)\\r'",
                "echo",
                "echo 'Summary statistics: '",
                "echo '   Total files transferred : 3         '",
                "echo '   Total bytes transferred : 12.5KiB   ' 1>&2",
                "exit 0");

        BulkLoadResult result = loader(loader, Duration.ofSeconds(30)).stream("shop", "orders", table);

        assertThat(result.filesTransferred()).isEqualTo(3);
        assertThat(result.bytesTransferred()).isEqualTo("12.5KiB");
        assertThat(result.elapsed()).isPositive();
        assertThat(Files.readAllLines(arguments))
                .containsExactly(
                        "--nodes",
                        "127.0.0.1",
                        "--port",
                        "9042",
                        "--username",
                        "restorer",
                        "--password",
                        "s3cret-pw",
                        table.toString());
    }

    @Test
    void shouldFailNamingTheNodeTheTableTheExitAndTheLastLinesWithoutTheSecret() throws IOException {
        Path loader = script(
                "echo 'Established connection to initial hosts'",
                "echo \"connecting as restorer with $8\"",
                "echo 'Streaming to the following hosts failed:' 1>&2",
                "echo '[/127.0.0.2:7000]' 1>&2",
                "echo 'java.util.concurrent.ExecutionException: StreamException: Stream failed' 1>&2",
                "echo '\tat org.apache.cassandra.tools.BulkLoader.load(BulkLoader.java:99)' 1>&2",
                "exit 1");

        assertThatThrownBy(() -> loader(loader, Duration.ofSeconds(30)).stream("shop", "orders", table()))
                .isInstanceOfSatisfying(RestoreException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.BULK_LOAD_FAILED);
                    assertThat(e.getMessage())
                            .contains(
                                    "cannot stream shop.orders from " + NODE,
                                    "exited with 1",
                                    "connecting as restorer with (redacted)",
                                    "Streaming to the following hosts failed: | [/127.0.0.2:7000] | ",
                                    "Stream failed")
                            .doesNotContain("s3cret-pw", "BulkLoader.java:99");
                });
    }

    @Test
    void shouldFailWhenTheLoaderReportsFailedHostsButExitsZero() throws IOException {
        Path loader = script("echo 'Streaming to the following hosts failed:'", "echo '[/127.0.0.2:7000]'", "exit 0");

        assertThatThrownBy(() -> loader(loader, Duration.ofSeconds(30)).stream("shop", "orders", table()))
                .isInstanceOfSatisfying(
                        RestoreException.class,
                        e -> assertThat(e.getMessage())
                                .contains("reported hosts it could not stream to", "[/127.0.0.2:7000]"));
    }

    @Test
    void shouldStopALoaderThatDoesNotEndInTimeAndWhatItStarted() throws IOException {
        Path pid = root.resolve("child.pid");
        Path loader = script(
                "echo 'Opening sstables and calculating sections to stream'", "sleep 60 &", "echo $! > " + pid, "wait");

        assertThatThrownBy(() -> loader(loader, Duration.ofMillis(1500)).stream("shop", "orders", table()))
                .isInstanceOfSatisfying(
                        RestoreException.class,
                        e -> assertThat(e.getMessage())
                                .contains(
                                        "did not end within PT1.5S",
                                        "Opening sstables and calculating sections to stream"));
        long child = Long.parseLong(Files.readString(pid).strip());
        // Killed at once; gone once the system has reaped it.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(ProcessHandle.of(child)
                                .map(ProcessHandle::isAlive)
                                .orElse(false))
                        .as("the loader's own child")
                        .isFalse());
    }

    @Test
    void shouldFailWhenTheLoaderCannotBeStarted() {
        BulkLoad loader = loader(root.resolve("no-such-loader"), Duration.ofSeconds(5));

        assertThatThrownBy(() -> loader.stream("shop", "orders", table()))
                .isInstanceOfSatisfying(
                        RestoreException.class,
                        e -> assertThat(e.getMessage())
                                .contains("cannot stream shop.orders from " + NODE, "cannot start", "no-such-loader"));
    }

    private BulkLoad loader(Path program, Duration timeout) {
        return new ProcessBulkLoader(
                new BulkLoaderCommand(
                        List.of(program.toString()),
                        "127.0.0.1",
                        9042,
                        null,
                        "restorer",
                        Secret.of("s3cret-pw"),
                        null,
                        List.of()),
                timeout,
                NODE);
    }

    private Path table() throws IOException {
        Path table = Files.createDirectories(root.resolve("staging/op-1/shop/orders"));
        Files.writeString(table.resolve("nb-1-big-Data.db"), "data");
        return table;
    }

    private Path script(String... lines) throws IOException {
        Path script = root.resolve("loader-" + System.nanoTime() + ".sh");
        Files.writeString(script, "#!/bin/sh\n" + String.join("\n", lines) + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}
