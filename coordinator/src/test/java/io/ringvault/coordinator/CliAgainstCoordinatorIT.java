package io.ringvault.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.cli.CliEnvironment;
import io.ringvault.cli.RingvaultCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/** The ringvault command against the real coordinator on real Kafka and Cassandra. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CliAgainstCoordinatorIT {
    static final CoordinatorHarness harness =
            new CoordinatorHarness("it-cli-" + UUID.randomUUID().toString().substring(0, 8));
    static final String KEYSPACE = "cli_it";

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void stackProperties(DynamicPropertyRegistry registry) {
        harness.properties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @BeforeAll
    static void createSchema() {
        harness.createKeyspace(KEYSPACE, "events");
    }

    record Run(int exit, String out, String err) {}

    Run ringvault(String... args) {
        return ringvaultAs(CoordinatorHarness.token("alice"), args);
    }

    /** @param token the RINGVAULT_TOKEN of the run; null for none */
    Run ringvaultAs(String token, String... args) {
        Map<String, String> variables = new java.util.HashMap<>(Map.of("USER", "tester", "HOSTNAME", "ci"));
        if (token != null) {
            variables.put("RINGVAULT_TOKEN", token);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment environment = new CliEnvironment(
                variables::get, () -> false, Clock.systemUTC(), ZoneOffset.UTC, Duration.ofMillis(300));
        String[] withCoordinator = new String[args.length + 2];
        withCoordinator[0] = "--coordinator";
        withCoordinator[1] = "http://127.0.0.1:" + port;
        System.arraycopy(args, 0, withCoordinator, 2, args.length);
        int exit = new CommandLine(new RingvaultCommand(environment))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(withCoordinator);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void shouldRequestABackupAndWatchItFailOnTheTimeoutWithTheReason() throws Exception {
        Run backup = ringvault("backup", "--keyspace", KEYSPACE, "--table", KEYSPACE + ".events");
        assertThat(backup.exit()).as(backup.err()).isZero();
        String id = backup.out().trim();

        Run show = ringvault("operations", "show", id, "--json");
        assertThat(show.exit()).as(show.err()).isZero();
        JsonNode operation = CoordinatorHarness.JSON.readTree(show.out());
        assertThat(operation.get("id").asString()).isEqualTo(id);
        // Who asked is the token's caller, not the --requested-by the CLI sends (user@host).
        assertThat(operation.get("requestedBy").asString()).isEqualTo("alice");

        // No node agent exists yet: the watch ends when the coordinator times the node out, and says why.
        Run watch = ringvault("operations", "watch", id);
        assertThat(watch.exit()).as(watch.out() + watch.err()).isEqualTo(1);
        assertThat(watch.out() + watch.err()).contains("failed in").contains("did not answer within 10s");

        Run events = ringvault("operations", "events", id);
        assertThat(events.exit()).isZero();
        assertThat(events.out())
                .contains("operation.accepted")
                .contains("node.failed")
                .contains("operation.failed");

        Run list = ringvault("backups", "list", "--json");
        assertThat(list.exit()).isZero();
        assertThat(CoordinatorHarness.JSON.readTree(list.out()).toString()).contains(id);
    }

    @Test
    void shouldExitTwoWithTheCoordinatorsReasonForABadRequest() {
        Run backup = ringvault("backup", "--keyspace", "no_such_keyspace_here");
        assertThat(backup.exit()).isEqualTo(2);
        assertThat(backup.err()).contains("no_such_keyspace_here").contains("does not exist");

        Run restore = ringvault("restore", "not-a-backup");
        assertThat(restore.exit()).isEqualTo(2);
        assertThat(restore.err()).contains("not-a-backup");
    }

    @Test
    void shouldSayWhatIsMissingWhenTheCoordinatorRefusesTheCaller() {
        Run anonymous = ringvaultAs(null, "backups", "list");
        assertThat(anonymous.exit()).isEqualTo(2);
        assertThat(anonymous.err()).startsWith("not authenticated: ").contains("RINGVAULT_TOKEN");

        String viewer = CoordinatorHarness.token("victor");
        Run list = ringvaultAs(viewer, "backups", "list");
        assertThat(list.exit()).as(list.err()).isZero();
        Run backup = ringvaultAs(viewer, "backup", "--keyspace", KEYSPACE);
        assertThat(backup.exit()).isEqualTo(2);
        assertThat(backup.err()).startsWith("forbidden: ").contains("needs the role operator");
        assertThat(backup.out() + backup.err()).doesNotContain(viewer);
    }

    @Test
    void shouldExitThreeNamingTheUrlWhenTheCoordinatorIsUnreachable() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new RingvaultCommand())
                .setErr(new PrintWriter(err, true))
                .setOut(new PrintWriter(new StringWriter()))
                .execute("--coordinator", "http://127.0.0.1:" + closedPort, "operations", "list");
        assertThat(exit).isEqualTo(3);
        assertThat(err.toString()).contains("http://127.0.0.1:" + closedPort);
    }
}
