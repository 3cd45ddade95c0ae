package io.ringvault.cli;

import static io.ringvault.cli.Fixtures.OPERATION_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.cli.StubCoordinator.Answer;
import io.ringvault.cli.client.Json;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class BackupCommandTest {
    private StubCoordinator coordinator;

    @BeforeEach
    void startCoordinator() throws IOException {
        coordinator = new StubCoordinator();
    }

    @AfterEach
    void stopCoordinator() {
        coordinator.close();
    }

    @Test
    void shouldPostTheBackupRequestAndPrintTheOperationId() {
        coordinator.on("POST", "/api/v1/backups", 202, Fixtures.accepted());

        Cli.Result result = new Cli()
                .run(
                        "backup",
                        "--coordinator",
                        coordinator.url(),
                        "--keyspace",
                        "ks1",
                        "--keyspace",
                        "ks2",
                        "--table",
                        "ks1.users",
                        "--dc",
                        "dc1",
                        "--full",
                        "--requested-by",
                        "nightly job");

        assertThat(result.exit()).isZero();
        assertThat(result.out().strip()).isEqualTo(OPERATION_ID);
        StubCoordinator.Received request = coordinator.only("POST", "/api/v1/backups");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(Json.MAPPER.readTree(request.body())).isEqualTo(Json.MAPPER.readTree("""
                        {"keyspaces":["ks1","ks2"],"tables":["ks1.users"],"datacenters":["dc1"],
                         "mode":"full","requestedBy":"nightly job"}"""));
    }

    @Test
    void shouldAskForALogicalBackupInCsv() {
        coordinator.on("POST", "/api/v1/backups", 202, Fixtures.accepted());

        Cli.Result result = new Cli()
                .run(
                        "backup",
                        "--coordinator",
                        coordinator.url(),
                        "--keyspace",
                        "ks1",
                        "--method",
                        "logical",
                        "--format",
                        "csv");

        assertThat(result.exit()).isZero();
        JsonNode body =
                Json.MAPPER.readTree(coordinator.only("POST", "/api/v1/backups").body());
        assertThat(body.path("method").asString()).isEqualTo("logical");
        assertThat(body.path("format").asString()).isEqualTo("csv");
        assertThat(body.path("mode").asString()).isEqualTo("full");
    }

    @Test
    void shouldRefuseAFormatWithoutMethodLogicalOrAnIncrementalLogicalBackup() {
        Cli.Result format =
                new Cli().run("backup", "--coordinator", coordinator.url(), "--keyspace", "ks1", "--format", "csv");
        Cli.Result incremental = new Cli()
                .run(
                        "backup",
                        "--coordinator",
                        coordinator.url(),
                        "--keyspace",
                        "ks1",
                        "--method",
                        "logical",
                        "--mode",
                        "incremental");

        assertThat(format.exit()).isNotZero();
        assertThat(format.err()).contains("--format is only for --method logical");
        assertThat(incremental.exit()).isNotZero();
        assertThat(incremental.err()).contains("--method logical is always full");
        assertThat(coordinator.received()).isEmpty();
    }

    @Test
    void shouldAskForAPartialBackupWithAllowPartial() {
        coordinator.on("POST", "/api/v1/backups", 202, Fixtures.accepted());

        Cli.Result result =
                new Cli().run("backup", "--coordinator", coordinator.url(), "--keyspace", "ks1", "--allow-partial");

        assertThat(result.exit()).isZero();
        JsonNode body =
                Json.MAPPER.readTree(coordinator.only("POST", "/api/v1/backups").body());
        assertThat(body.path("allowPartial").asBoolean()).isTrue();
    }

    @Test
    void shouldAskForADifferentialBackupByTheLocalUserByDefault() {
        coordinator.on("POST", "/api/v1/backups", 202, Fixtures.accepted());

        Cli.Result result = new Cli().run("backup", "--coordinator", coordinator.url(), "--keyspace", "ks1,ks2");

        assertThat(result.exit()).isZero();
        JsonNode body =
                Json.MAPPER.readTree(coordinator.only("POST", "/api/v1/backups").body());
        assertThat(body.path("mode").asString()).isEqualTo("differential");
        assertThat(body.path("requestedBy").asString()).isEqualTo("alice@laptop");
        assertThat(body.path("keyspaces")).hasSize(2);
        assertThat(body.path("tables")).isEmpty();
        assertThat(body.has("allowPartial")).as("a whole backup by default").isFalse();
        assertThat(result.err()).contains("ringvault operations watch " + OPERATION_ID);
    }

    @Test
    void shouldPrintTheCoordinatorsAnswerAsJsonWithJson() {
        coordinator.on("POST", "/api/v1/backups", 202, Fixtures.accepted());

        Cli.Result result = new Cli().run("backup", "--coordinator", coordinator.url(), "--keyspace", "ks1", "--json");

        assertThat(result.exit()).isZero();
        assertThat(Json.MAPPER.readTree(result.out()).path("operationId").asString())
                .isEqualTo(OPERATION_ID);
        assertThat(result.out()).contains("\n  "); // pretty
    }

    @Test
    void shouldExitTwoWithTheProblemDetailWhenTheCoordinatorRefuses() {
        coordinator.on(
                "POST",
                "/api/v1/backups",
                400,
                Fixtures.problem(400, "invalid-data", "keyspaces is required: name at least one keyspace"));

        Cli.Result result = new Cli().run("backup", "--coordinator", coordinator.url());

        assertThat(result.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("invalid data").contains("keyspaces is required: name at least one keyspace");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void shouldExitThreeWhenTheCoordinatorFailsTheRequest() {
        coordinator.on(
                "POST",
                "/api/v1/backups",
                503,
                Fixtures.problem(503, "cluster-unavailable", "no Cassandra node answers"));

        Cli.Result result = new Cli().run("backup", "--coordinator", coordinator.url(), "--keyspace", "ks1");

        assertThat(result.exit()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(result.err()).contains("no Cassandra node answers");
    }

    @Test
    void shouldWatchTheOperationUntilItCompletesWithWait() {
        coordinator
                .on("POST", "/api/v1/backups", 202, Fixtures.accepted())
                .on(
                        "GET",
                        "/api/v1/operations/" + OPERATION_ID,
                        new Answer(200, Fixtures.operation("RUNNING", "snapshot", 0, 0, 0, 0)),
                        new Answer(200, Fixtures.operation("COMPLETED", null, 2, 2, 2048, 2048)));

        Cli.Result result = new Cli().run("backup", "--coordinator", coordinator.url(), "--keyspace", "ks1", "--wait");

        assertThat(result.exit()).isZero();
        assertThat(result.out().lines())
                .containsExactly(
                        OPERATION_ID,
                        "12:00:01 backup 3f2a1b2c running snapshot files 0/? bytes 0 B/? 2.1 MiB/s eta 2s"
                                + " nodes 0/1 done",
                        "12:00:01 backup 3f2a1b2c completed files 2/2 bytes 2.0 KiB/2.0 KiB 2.1 MiB/s nodes 1/1 done",
                        "backup " + OPERATION_ID + " completed in 4s");
    }

    @Test
    void shouldWaitForTheCoordinatorToShowAnOperationItJustAccepted() {
        coordinator
                .on("POST", "/api/v1/backups", 202, Fixtures.accepted())
                .on(
                        "GET",
                        "/api/v1/operations/" + OPERATION_ID,
                        new Answer(404, Fixtures.problem(404, "unknown-operation", "not folded yet")),
                        new Answer(404, Fixtures.problem(404, "unknown-operation", "not folded yet")),
                        new Answer(200, Fixtures.operation("COMPLETED", null, 2, 2, 2048, 2048)));

        Cli.Result result = new Cli().run("backup", "--coordinator", coordinator.url(), "--keyspace", "ks1", "--wait");

        assertThat(result.exit()).isZero();
        assertThat(result.err()).doesNotContain("not folded yet");
    }

    @Test
    void shouldPrintOneJsonLinePerDocumentWithWaitAndJson() {
        coordinator
                .on("POST", "/api/v1/backups", 202, Fixtures.accepted())
                .on(
                        "GET",
                        "/api/v1/operations/" + OPERATION_ID,
                        new Answer(200, Fixtures.operation("RUNNING", "snapshot", 0, 0, 0, 0)),
                        new Answer(200, Fixtures.operation("FAILED", "upload", 1, 2, 1, 2, Fixtures.timeoutFailure())));

        Cli.Result result =
                new Cli().run("backup", "--coordinator", coordinator.url(), "--keyspace", "ks1", "--wait", "--json");

        assertThat(result.exit()).isEqualTo(ExitCode.OPERATION_FAILED);
        assertThat(result.out().lines())
                .hasSize(3)
                .allSatisfy(line -> assertThat(Json.MAPPER.readTree(line)).isNotNull());
        assertThat(result.out().lines().toList().get(2)).contains("\"state\":\"FAILED\"");
    }
}
