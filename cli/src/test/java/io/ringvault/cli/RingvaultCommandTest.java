package io.ringvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RingvaultCommandTest {
    @Test
    void shouldPrintUsageAndExitZeroWithHelp() {
        StringWriter out = new StringWriter();
        int exit = new CommandLine(new RingvaultCommand())
                .setOut(new PrintWriter(out))
                .execute("--help");
        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("Usage: ringvault")
                .contains("Backup and restore for Apache Cassandra")
                .contains("backup", "restore", "operations", "backups")
                // The script runs these two from a checkout; the help says so.
                .contains("demo ", "stack up|status|down");
    }

    @Test
    void shouldRejectAnUnknownOptionWithExitTwo() {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new RingvaultCommand())
                .setErr(new PrintWriter(err))
                .execute("--bogus");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--bogus'");
    }

    @Test
    void shouldExitTwoWhenAGroupIsGivenNoSubcommand() {
        Cli.Result result = new Cli().run("operations");

        assertThat(result.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("Missing required subcommand");
    }

    @Test
    void shouldExitThreeNamingTheUrlWhenNothingListens() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort;

        Cli.Result result = new Cli().run("operations", "list", "--coordinator", url);

        assertThat(result.exit()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(result.err()).startsWith("cannot reach the coordinator at " + url + ": ");
    }

    @Test
    void shouldFindTheCoordinatorInTheEnvironmentWithoutTheOption() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("GET", "/api/v1/operations", 200, "[]");

            Cli.Result result = new Cli()
                    .variable("RINGVAULT_COORDINATOR", coordinator.url())
                    .run("operations", "list");

            assertThat(result.exit()).isZero();
            assertThat(result.out()).isEqualTo("no operations\n");
            assertThat(coordinator.received()).hasSize(1);
        }
    }

    @Test
    void shouldPreferTheOptionToTheEnvironment() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("GET", "/api/v1/operations", 200, "[]");

            Cli.Result result = new Cli()
                    .variable("RINGVAULT_COORDINATOR", "http://127.0.0.1:1")
                    .run("--coordinator", coordinator.url() + "/", "operations", "list");

            assertThat(result.exit()).isZero();
            assertThat(coordinator.received()).hasSize(1);
        }
    }

    @Test
    void shouldFallBackToTheLocalCoordinator() {
        RingvaultCommand command = new RingvaultCommand(new Cli().environment());
        new CommandLine(command);

        assertThat(command.coordinatorUri(null)).hasToString("http://127.0.0.1:8080");
    }

    @Test
    void shouldExitTwoOnACoordinatorThatIsNotAnHttpUrl() {
        Cli.Result result =
                new Cli().variable("RINGVAULT_COORDINATOR", "127.0.0.1:8080").run("backups", "list");

        assertThat(result.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("$RINGVAULT_COORDINATOR: '127.0.0.1:8080' is not an http:// or https:// URL");
    }

    @Test
    void shouldExitTwoNamingACaFileThatDoesNotExist(@TempDir Path directory) {
        Path missing = directory.resolve("ca.pem");

        Cli.Result option = new Cli().run("operations", "list", "--ca-cert", missing.toString());
        Cli.Result variable =
                new Cli().variable("RINGVAULT_CA_CERT", missing.toString()).run("operations", "list");

        assertThat(option.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(option.err()).contains("--ca-cert: no such file " + missing);
        assertThat(variable.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(variable.err()).contains("$RINGVAULT_CA_CERT: no such file " + missing);
    }

    @Test
    void shouldExitTwoWhenTheCaFileHoldsNoCertificate(@TempDir Path directory) throws IOException {
        Path notACertificate = Files.writeString(directory.resolve("ca.pem"), "not a certificate");

        Cli.Result result = new Cli().run("operations", "list", "--ca-cert", notACertificate.toString());

        assertThat(result.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("--ca-cert: ").contains(notACertificate.toString());
    }
}
