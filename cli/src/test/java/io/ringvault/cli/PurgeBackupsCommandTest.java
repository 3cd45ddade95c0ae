package io.ringvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.cli.client.Json;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PurgeBackupsCommandTest {
    private static final String PLAN = """
            "plan":{"policy":{"keepLast":1},"timeZone":"UTC",
                    "delete":[{"backupId":"b-1","completedAt":"2026-11-18T12:00:01Z"},
                              {"backupId":"b-2","completedAt":"2026-11-20T00:00:01Z"}],
                    "keep":[{"backupId":"b-3","completedAt":"2026-11-21T02:00:00Z","reasons":["newest 1"]}]}""";
    private static final String BACKUPS = """
            "backups":[{"backupId":"b-1","completedAt":"2026-11-18T12:00:01Z","objectsDeleted":3,"bytesFreed":3072},
                       {"backupId":"b-2","completedAt":"2026-11-20T00:00:01Z","objectsDeleted":1,"bytesFreed":1024}]""";

    private static String purge(String state, boolean dryRun, boolean finished, String backups) {
        return "{\"id\":\"p-1\",\"kind\":\"purge\",\"state\":\"" + state + "\",\"phase\":\"deleting\","
                + "\"acceptedAt\":\"2026-11-21T12:00:00Z\","
                + "\"progress\":{\"filesDone\":4,\"filesTotal\":4,\"bytesDone\":4096,\"bytesTotal\":4096,"
                + "\"bytesTransferred\":0},"
                + "\"purge\":{\"dryRun\":" + dryRun + ",\"finished\":" + finished + "," + PLAN + "," + backups
                + ",\"objectsDeleted\":4,\"objectsToDelete\":4,\"objectsKept\":2,\"bytesFreed\":4096}}";
    }

    @Test
    void shouldSendTheRulesAndPrintWhatADryRunWouldDelete() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("POST", "/api/v1/backups/purge", 202, "{\"operationId\":\"p-1\",\"state\":\"accepted\"}");
            coordinator.on(
                    "GET",
                    "/api/v1/operations/p-1",
                    new StubCoordinator.Answer(200, purge("RUNNING", true, false, "\"backups\":[]")),
                    new StubCoordinator.Answer(200, purge("COMPLETED", true, true, BACKUPS)));

            Cli.Result result = new Cli()
                    .run(
                            "backups",
                            "purge",
                            "--dry-run",
                            "--keep-last",
                            "1",
                            "--max-age",
                            "P30D",
                            "--keep-monthly",
                            "6",
                            "--requested-by",
                            "ops",
                            "--coordinator",
                            coordinator.url());

            assertThat(result.exit()).isEqualTo(ExitCode.OK);
            StubCoordinator.Received request = coordinator.only("POST", "/api/v1/backups/purge");
            assertThat(request.header("X-Requested-By")).isEqualTo("ops");
            JsonNode body = Json.MAPPER.readTree(request.body());
            assertThat(body.path("dryRun").asBoolean()).isTrue();
            assertThat(body.path("retention").path("keepLast").asInt()).isEqualTo(1);
            assertThat(body.path("retention").path("maxAge").asString()).isEqualTo("P30D");
            assertThat(body.path("retention").path("keepMonthly").asInt()).isEqualTo(6);
            assertThat(body.path("retention").has("keepDaily")).isFalse();
            assertThat(result.err()).contains("purge p-1 (dry run)");
            assertThat(result.out())
                    .contains("WOULD DELETE")
                    .containsPattern("b-1 +2026-11-18 12:00:01 +3d00h +3 +3.0 KiB")
                    .containsPattern("b-2 +2026-11-20 00:00:01 +1d12h +1 +1.0 KiB")
                    .contains("kept b-3 (2026-11-21 02:00:00): newest 1")
                    .contains("dry run: would delete 2 backup(s), 4 object(s), 2 kept as shared with remaining"
                            + " backups, 4.0 KiB would be freed; nothing was deleted");
        }
    }

    @Test
    void shouldPrintEachBackupDeletedAndTheBytesFreed() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("POST", "/api/v1/backups/purge", 202, "{\"operationId\":\"p-1\",\"state\":\"accepted\"}");
            coordinator.on("GET", "/api/v1/operations/p-1", 200, purge("COMPLETED", false, true, BACKUPS));

            Cli.Result result = new Cli().run("backups", "purge", "--coordinator", coordinator.url());

            assertThat(result.exit()).isEqualTo(ExitCode.OK);
            assertThat(Json.MAPPER
                            .readTree(coordinator
                                    .only("POST", "/api/v1/backups/purge")
                                    .body())
                            .isEmpty())
                    .as("no rule given: the cluster's policy")
                    .isTrue();
            assertThat(coordinator.only("POST", "/api/v1/backups/purge").header("X-Requested-By"))
                    .isEqualTo("alice@laptop");
            assertThat(result.out())
                    .contains("DELETED")
                    .containsPattern("b-1 +2026-11-18 12:00:01 +3d00h")
                    .contains("purge: deleted 2 backup(s), 4 object(s), 2 kept as shared with remaining backups,"
                            + " 4.0 KiB freed");
        }
    }

    @Test
    void shouldSayWhenThereIsNothingToDelete() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("POST", "/api/v1/backups/purge", 202, "{\"operationId\":\"p-1\",\"state\":\"accepted\"}");
            String nothing = "{\"id\":\"p-1\",\"kind\":\"purge\",\"state\":\"COMPLETED\",\"phase\":\"done\","
                    + "\"acceptedAt\":\"2026-11-21T12:00:00Z\",\"progress\":{\"filesDone\":0,\"filesTotal\":0,"
                    + "\"bytesDone\":0,\"bytesTotal\":0,\"bytesTransferred\":0},\"purge\":{\"dryRun\":false,"
                    + "\"finished\":true,\"plan\":{\"timeZone\":\"UTC\",\"delete\":[],\"keep\":[{\"backupId\":\"b-3\","
                    + "\"completedAt\":\"2026-11-21T02:00:00Z\",\"reasons\":[\"newest 5\"]}]},\"backups\":[],"
                    + "\"objectsDeleted\":0,\"objectsToDelete\":0,\"objectsKept\":0,\"bytesFreed\":0}}";
            coordinator.on("GET", "/api/v1/operations/p-1", 200, nothing);

            Cli.Result result =
                    new Cli().run("backups", "purge", "--keep-last", "5", "--coordinator", coordinator.url());

            assertThat(result.exit()).isEqualTo(ExitCode.OK);
            assertThat(result.out())
                    .contains("nothing to delete: the policy keeps all 1 backup(s)")
                    .contains("kept b-3");
        }
    }

    @Test
    void shouldPrintTheReportAsJsonAndExitOneWhenThePurgeFailed() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("POST", "/api/v1/backups/purge", 202, "{\"operationId\":\"p-1\",\"state\":\"accepted\"}");
            String failed = purge("FAILED", false, true, "\"backups\":[]")
                    .replace(
                            "\"progress\"",
                            "\"failure\":{\"reason\":\"storage-failed\",\"detail\":\"the purge stopped\"},"
                                    + "\"progress\"");
            coordinator.on("GET", "/api/v1/operations/p-1", 200, failed);

            Cli.Result result = new Cli().run("backups", "purge", "--json", "--coordinator", coordinator.url());

            assertThat(result.exit()).isEqualTo(ExitCode.OPERATION_FAILED);
            JsonNode summary = Json.MAPPER.readTree(result.out());
            assertThat(summary.path("operationId").asString()).isEqualTo("p-1");
            assertThat(summary.path("state").asString()).isEqualTo("FAILED");
            assertThat(summary.path("failure").path("reason").asString()).isEqualTo("storage-failed");
            assertThat(summary.path("plan").path("delete")).hasSize(2);
            assertThat(summary.path("bytesFreed").asLong()).isEqualTo(4096);
        }
    }

    @Test
    void shouldSayWhyAPurgeIsRefusedAndExitTwo() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on(
                    "POST",
                    "/api/v1/backups/purge",
                    400,
                    "{\"type\":\"https://ringvault.io/problems/no-retention-policy\",\"title\":\"no retention policy"
                            + " applies\",\"status\":400,\"reason\":\"no-retention-policy\",\"detail\":\"no retention"
                            + " policy applies: none was given with the purge and none is configured\"}");

            Cli.Result result = new Cli().run("backups", "purge", "--coordinator", coordinator.url());

            assertThat(result.exit()).isEqualTo(ExitCode.USAGE);
            assertThat(result.err()).contains("no retention policy applies");
        }
    }
}
