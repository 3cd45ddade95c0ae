package io.ringvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API token: where the CLI finds it, that every request carries it, and that no message ever shows it. */
class TokenTest {
    private static final String TOKEN = "rv_Zm9vYmFyYmF6cXV4MDEyMzQ1Njc4OWFiY2RlZg";
    private static final String OTHER = "rv_b3RoZXItdG9rZW4tMDEyMzQ1Njc4OWFiY2RlZg";

    @Test
    void shouldSendTheTokenOfTheEnvironmentAsABearerToken() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("GET", "/api/v1/operations", 200, "[]");

            Cli.Result result = new Cli()
                    .variable("RINGVAULT_TOKEN", TOKEN)
                    .run("--coordinator", coordinator.url(), "operations", "list");

            assertThat(result.exit()).as(result.err()).isZero();
            assertThat(coordinator.only("GET", "/api/v1/operations").header("Authorization"))
                    .isEqualTo("Bearer " + TOKEN);
        }
    }

    @Test
    void shouldPreferTheTokenFileOptionToTheEnvironment(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("token");
        Files.writeString(file, TOKEN + "\n");
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("GET", "/api/v1/backups", 200, "[]");

            Cli.Result result = new Cli()
                    .variable("RINGVAULT_TOKEN", OTHER)
                    .run("--coordinator", coordinator.url(), "--token-file", file.toString(), "backups", "list");

            assertThat(result.exit()).as(result.err()).isZero();
            assertThat(coordinator.only("GET", "/api/v1/backups").header("Authorization"))
                    .isEqualTo("Bearer " + TOKEN);
        }
    }

    @Test
    void shouldReadTheFileTheEnvironmentNamesWhenNoTokenIsGiven(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("token");
        Files.writeString(file, TOKEN);
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("GET", "/api/v1/operations", 200, "[]");

            Cli.Result result = new Cli()
                    .variable("RINGVAULT_TOKEN_FILE", file.toString())
                    .run("--coordinator", coordinator.url(), "operations", "list");

            assertThat(result.exit()).as(result.err()).isZero();
            assertThat(coordinator.only("GET", "/api/v1/operations").header("Authorization"))
                    .isEqualTo("Bearer " + TOKEN);
        }
    }

    @Test
    void shouldSendNoAuthorizationWithoutAToken() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("GET", "/api/v1/operations", 200, "[]");

            Cli.Result result = new Cli().run("--coordinator", coordinator.url(), "operations", "list");

            assertThat(result.exit()).isZero();
            assertThat(coordinator.only("GET", "/api/v1/operations").header("Authorization"))
                    .isNull();
        }
    }

    @Test
    void shouldNameAnUnreadableTokenFileWithoutGuessing(@TempDir Path directory) {
        Path missing = directory.resolve("no-such-token");

        Cli.Result result = new Cli().run("--token-file", missing.toString(), "operations", "list");

        assertThat(result.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err())
                .contains("--token-file")
                .contains(missing.toString())
                .contains("cannot be read");
    }

    @Test
    void shouldSayHowToAuthenticateOnA401WithoutPrintingTheToken() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("POST", "/api/v1/backups", 401, """
                    {"type":"https://ringvault.io/problems/unauthenticated","title":"a valid bearer token is required",
                     "status":401,"detail":"the bearer token is not accepted: the token is not a known API token",
                     "reason":"unauthenticated"}""");

            Cli.Result result = new Cli()
                    .variable("RINGVAULT_TOKEN", TOKEN)
                    .run("--coordinator", coordinator.url(), "backup", "--keyspace", "shop");

            assertThat(result.exit()).isEqualTo(ExitCode.USAGE);
            assertThat(result.err())
                    .startsWith("not authenticated: a valid bearer token is required (401): the bearer token is not"
                            + " accepted")
                    .contains("RINGVAULT_TOKEN", "--token-file")
                    .doesNotContain(TOKEN);
            assertThat(result.out()).doesNotContain(TOKEN);
        }
    }

    @Test
    void shouldNameTheRoleNeededOnA403() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("POST", "/api/v1/restores", 403, """
                    {"type":"https://ringvault.io/problems/forbidden","title":"the caller's role does not allow the request",
                     "status":403,"detail":"POST /api/v1/restores needs the role admin or higher","reason":"forbidden"}""");

            Cli.Result result = new Cli()
                    .variable("RINGVAULT_TOKEN", TOKEN)
                    .run("--coordinator", coordinator.url(), "restore", "b-1");

            assertThat(result.exit()).isEqualTo(ExitCode.USAGE);
            assertThat(result.err())
                    .startsWith("forbidden: ")
                    .contains("needs the role admin")
                    .doesNotContain(TOKEN);
        }
    }
}
