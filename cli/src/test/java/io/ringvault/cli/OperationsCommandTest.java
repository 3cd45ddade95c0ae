package io.ringvault.cli;

import static io.ringvault.cli.Fixtures.OPERATION_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.cli.StubCoordinator.Answer;
import io.ringvault.cli.client.Json;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OperationsCommandTest {
    private static final String OPERATION_PATH = "/api/v1/operations/" + OPERATION_ID;

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
    void shouldExitZeroWhenTheWatchedOperationCompletes() {
        coordinator.on(
                "GET",
                OPERATION_PATH,
                new Answer(200, Fixtures.operation("ACCEPTED", null, 0, 0, 0, 0)),
                new Answer(200, Fixtures.operation("RUNNING", "snapshot", 10, 40, 1_258_291, 5_242_880)),
                new Answer(200, Fixtures.operation("COMPLETED", null, 40, 40, 5_242_880, 5_242_880)));

        Cli.Result result = new Cli().run("operations", "watch", OPERATION_ID, "--coordinator", coordinator.url());

        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("backup " + OPERATION_ID + " completed in 4s");
    }

    @Test
    void shouldExitOneWithTheReasonWhenTheWatchedOperationFails() {
        coordinator.on(
                "GET",
                OPERATION_PATH,
                new Answer(200, Fixtures.operation("RUNNING", "upload", 1, 2, 1, 2)),
                new Answer(200, Fixtures.operation("FAILED", "upload", 1, 2, 1, 2, Fixtures.timeoutFailure())));

        Cli.Result result = new Cli().run("operations", "watch", OPERATION_ID, "--coordinator", coordinator.url());

        assertThat(result.exit()).isEqualTo(ExitCode.OPERATION_FAILED);
        assertThat(result.out())
                .contains("backup " + OPERATION_ID + " failed in 4s: timeout: no progress for 10m")
                .contains("node a1b2c3d4 (127.0.0.1, dc1): upload stalled");
    }

    @Test
    void shouldExitOneWhenTheWatchedOperationIsCancelled() {
        coordinator.on("GET", OPERATION_PATH, 200, Fixtures.operation("CANCELLED", "upload", 1, 2, 1, 2));

        Cli.Result result = new Cli().run("operations", "watch", OPERATION_ID, "--coordinator", coordinator.url());

        assertThat(result.exit()).isEqualTo(ExitCode.OPERATION_FAILED);
        assertThat(result.out()).contains("cancelled");
    }

    @Test
    void shouldPrintAPlainLineOnlyWhenSomethingChangedWhenNotATerminal() {
        String running = Fixtures.operation("RUNNING", "snapshot", 10, 40, 1_258_291, 5_242_880);
        coordinator.on(
                "GET",
                OPERATION_PATH,
                new Answer(200, running),
                new Answer(200, running),
                new Answer(200, running),
                new Answer(200, Fixtures.operation("RUNNING", "upload", 20, 40, 2_621_440, 5_242_880)),
                new Answer(200, Fixtures.operation("COMPLETED", null, 40, 40, 5_242_880, 5_242_880)));

        Cli.Result result = new Cli().run("operations", "watch", OPERATION_ID, "--coordinator", coordinator.url());

        assertThat(result.out().lines())
                .containsExactly(
                        "12:00:01 backup 3f2a1b2c running snapshot files 10/40 bytes 1.2 MiB/5.0 MiB 2.1 MiB/s eta 2s"
                                + " nodes 0/1 done",
                        "12:00:01 backup 3f2a1b2c running upload files 20/40 bytes 2.5 MiB/5.0 MiB 2.1 MiB/s eta 2s"
                                + " nodes 0/1 done",
                        "12:00:01 backup 3f2a1b2c completed files 40/40 bytes 5.0 MiB/5.0 MiB 2.1 MiB/s"
                                + " nodes 1/1 done",
                        "backup " + OPERATION_ID + " completed in 4s");
        assertThat(result.out()).doesNotContain("\u001b[");
    }

    @Test
    void shouldRedrawInPlaceOnATerminal() {
        coordinator.on(
                "GET",
                OPERATION_PATH,
                new Answer(200, Fixtures.operation("RUNNING", "snapshot", 10, 40, 1_258_291, 5_242_880)),
                new Answer(200, Fixtures.operation("COMPLETED", null, 40, 40, 5_242_880, 5_242_880)));

        Cli.Result result =
                new Cli().interactive().run("operations", "watch", OPERATION_ID, "--coordinator", coordinator.url());

        assertThat(result.exit()).isZero();
        assertThat(result.out())
                .contains("\u001b[2K")
                .contains("\u001b[4A\r") // back over the heading, the column titles, the total and the node
                .contains("a1b2c3d4 127.0.0.1 dc1");
    }

    @Test
    void shouldPrintOneJsonLinePerPollWithJson() {
        coordinator.on(
                "GET",
                OPERATION_PATH,
                new Answer(200, Fixtures.operation("RUNNING", "snapshot", 10, 40, 1, 2)),
                new Answer(200, Fixtures.operation("RUNNING", "snapshot", 10, 40, 1, 2)),
                new Answer(200, Fixtures.operation("COMPLETED", null, 40, 40, 2, 2)));

        Cli.Result result =
                new Cli().run("operations", "watch", OPERATION_ID, "--json", "--coordinator", coordinator.url());

        assertThat(result.exit()).isZero();
        assertThat(result.out().lines())
                .hasSize(3)
                .allSatisfy(
                        line -> assertThat(Json.MAPPER.readTree(line).path("id").asString())
                                .isEqualTo(OPERATION_ID));
    }

    @Test
    void shouldExitTwoWhenTheOperationDoesNotExist() {
        coordinator.on(
                "GET",
                "/api/v1/operations/nope",
                404,
                Fixtures.problem(404, "unknown-operation", "operation 'nope' does not exist"));

        Cli.Result result = new Cli().run("operations", "show", "nope", "--coordinator", coordinator.url());

        assertThat(result.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("operation 'nope' does not exist");
    }

    @Test
    void shouldListOperationsAsATable() {
        coordinator.on(
                "GET",
                "/api/v1/operations",
                200,
                "[" + Fixtures.operation("RUNNING", "snapshot", 10, 40, 0, 0) + ","
                        + Fixtures.operation("ACCEPTED", null, 0, 0, 0, 0) + "]");

        Cli.Result result = new Cli().run("operations", "list", "--coordinator", coordinator.url());

        assertThat(result.exit()).isZero();
        assertThat(result.out().lines())
                .containsExactly(
                        "ID                                    KIND    STATE     PHASE     PROGRESS  STARTED",
                        OPERATION_ID + "  backup  RUNNING   snapshot  25%       2026-11-21 12:00:00",
                        OPERATION_ID + "  backup  ACCEPTED  -         ?         2026-11-21 12:00:00");
    }

    @Test
    void shouldShowTheDetailOfAnOperation() {
        coordinator.on(
                "GET",
                OPERATION_PATH,
                200,
                Fixtures.operation("FAILED", "upload", 1, 2, 1024, 4096, Fixtures.timeoutFailure()));

        Cli.Result result = new Cli().run("operations", "show", OPERATION_ID, "--coordinator", coordinator.url());

        assertThat(result.exit()).isZero();
        assertThat(result.out())
                .contains("state         FAILED")
                .contains("requested by  alice (via rest, source /ringvault/rest)")
                .contains("finished      2026-11-21 12:00:04 (took 4s)")
                .contains("failure       timeout: no progress for 10m")
                .contains("node a1b2c3d4 (127.0.0.1, dc1): upload stalled")
                .contains("request       keyspaces=[ks1] mode=differential requestedBy=alice")
                .contains("dc1         FAILED  0/1         1       1/2    1.0 KiB/4.0 KiB  25%")
                .contains("dc1: node a1b2c3d4 (127.0.0.1) failed: upload-failed: upload stalled")
                .contains("a1b2c3d4  127.0.0.1  dc1         rack1  FAILED  upload  1/2    1.0 KiB/4.0 KiB  25%");
    }

    @Test
    void shouldPrintEventsOneLineEach() {
        coordinator.on("GET", OPERATION_PATH + "/events", 200, """
                [{"specversion":"1.0","id":"e1","source":"/ringvault/rest","type":"io.ringvault.backup.requested",
                  "time":"2026-11-21T12:00:00Z","subject":"%1$s","datacontenttype":"application/json",
                  "data":{"keyspaces":["ks1"],"tables":[],"mode":"differential","requestedBy":"alice"}},
                 {"specversion":"1.0","id":"e2","source":"/ringvault/coordinator","type":"io.ringvault.operation.accepted",
                  "time":"2026-11-21T12:00:00.5Z","subject":"%1$s","data":{"operationId":"%1$s","nodes":1}}]""".formatted(OPERATION_ID));

        Cli.Result result = new Cli().run("operations", "events", OPERATION_ID, "--coordinator", coordinator.url());

        assertThat(result.exit()).isZero();
        assertThat(result.out().lines())
                .containsExactly(
                        "2026-11-21 12:00:00  backup.requested    /ringvault/rest         keyspaces=[ks1]"
                                + " mode=differential requestedBy=alice",
                        "2026-11-21 12:00:00  operation.accepted  /ringvault/coordinator  operationId=" + OPERATION_ID
                                + " nodes=1");
    }

    @Test
    void shouldCancelSayingWhoAsked() {
        coordinator.on("POST", OPERATION_PATH + "/cancel", 202, """
                {"operationId":"%s","state":"cancelled","duplicate":false}""".formatted(OPERATION_ID));

        Cli.Result result = new Cli().run("operations", "cancel", OPERATION_ID, "--coordinator", coordinator.url());

        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("cancel requested for operation " + OPERATION_ID);
        assertThat(coordinator.only("POST", OPERATION_PATH + "/cancel").header("X-Requested-By"))
                .isEqualTo("alice@laptop");
    }

    @Test
    void shouldToleratePartsOfTheOperationTheCoordinatorLeavesOut() {
        coordinator.on("GET", OPERATION_PATH, 200, """
                {"id":"%s","state":"RUNNING","shinyNewField":{"x":1}}""".formatted(OPERATION_ID));

        Cli.Result result = new Cli().run("operations", "show", OPERATION_ID, "--coordinator", coordinator.url());

        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("state         RUNNING").contains("files 0/?  bytes 0 B/?  ?");
    }
}
