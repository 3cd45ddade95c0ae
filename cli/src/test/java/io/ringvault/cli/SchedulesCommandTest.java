package io.ringvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.cli.client.Json;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SchedulesCommandTest {
    private static final String SCHEDULE = """
            {"name":"nightly","state":"active","cron":"0 2 * * *","timeZone":"Europe/Paris","keyspaces":["shop"],
             "tables":[],"datacenters":[],"mode":"differential","action":"backup","deep":false,
             "retention":{"keepLast":7,"maxAge":"P30D"},"missedFirings":"catch-up",
             "createdAt":"2026-11-20T10:00:00Z","createdBy":"alice",
             "nextFiring":{"utc":"2026-11-22T01:00:00Z","local":"2026-11-22T02:00:00+01:00[Europe/Paris]"},
             "lastFirings":[
               {"scheduledAt":"2026-11-21T01:00:00Z","firedAt":"2026-11-21T01:00:00.210Z",
                "operationId":"1a3c251c-6045-31a7-a950-da83121cd255","outcome":"completed","caughtUp":false},
               {"scheduledAt":"2026-11-20T01:00:00Z","firedAt":"2026-11-20T01:00:00.190Z",
                "operationId":"739fa18d-0866-38cd-bff0-75bb2cf23f72","outcome":"refused",
                "reason":"backup-in-progress","detail":"delete d-1 is running","caughtUp":true}],
             "missed":{"count":0}}""";

    @Test
    void shouldCreateAScheduleWithEveryOptionInTheBody() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("POST", "/api/v1/schedules", 201, """
                    {"name":"nightly","state":"active","changed":true}""");

            Cli.Result result = new Cli()
                    .run(
                            "schedules",
                            "create",
                            "--name",
                            "nightly",
                            "--cron",
                            "0 2 * * *",
                            "--time-zone",
                            "Europe/Paris",
                            "--keyspace",
                            "shop",
                            "--table",
                            "shop.orders",
                            "--dc",
                            "dc1",
                            "--mode",
                            "full",
                            "--keep-last",
                            "7",
                            "--max-age",
                            "P30D",
                            "--keep-daily",
                            "7",
                            "--keep-weekly",
                            "4",
                            "--keep-monthly",
                            "12",
                            "--missed",
                            "skip",
                            "--requested-by",
                            "alice",
                            "--coordinator",
                            coordinator.url());

            assertThat(result.exit()).isZero();
            assertThat(result.out()).isEqualTo("schedule nightly created\n");
            JsonNode body = Json.MAPPER.readTree(
                    coordinator.only("POST", "/api/v1/schedules").body());
            assertThat(body).isEqualTo(Json.MAPPER.readTree("""
                            {"name":"nightly","cron":"0 2 * * *","timeZone":"Europe/Paris","keyspaces":["shop"],
                             "tables":["shop.orders"],"datacenters":["dc1"],"mode":"full",
                             "retention":{"keepLast":7,"maxAge":"P30D","keepDaily":7,"keepWeekly":4,"keepMonthly":12},
                             "missedFirings":"skip","requestedBy":"alice"}"""));
        }
    }

    @Test
    void shouldCreateAVerifySchedule() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("POST", "/api/v1/schedules", 201, """
                    {"name":"check","state":"active","changed":true}""");

            Cli.Result result = new Cli()
                    .run(
                            "schedules",
                            "create",
                            "--name",
                            "check",
                            "--cron",
                            "@weekly",
                            "--keyspace",
                            "shop",
                            "--action",
                            "verify",
                            "--deep",
                            "--json",
                            "--coordinator",
                            coordinator.url());

            assertThat(result.exit()).isZero();
            assertThat(Json.MAPPER.readTree(result.out()).get("state").asString())
                    .isEqualTo("active");
            JsonNode body = Json.MAPPER.readTree(
                    coordinator.only("POST", "/api/v1/schedules").body());
            assertThat(body.get("action").asString()).isEqualTo("verify");
            assertThat(body.get("deep").asBoolean()).isTrue();
            assertThat(body.has("retention")).isFalse();
        }
    }

    @Test
    void shouldExitTwoWithTheReasonWhenTheCoordinatorRefuses() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("POST", "/api/v1/schedules", 400, """
                    {"type":"https://ringvault.io/problems/invalid-cron","title":"the cron expression is not valid",
                     "status":400,"detail":"cron '0 2 * *' has 4 fields","reason":"invalid-cron"}""");
            coordinator.on("POST", "/api/v1/schedules/nope/pause", 404, """
                    {"type":"https://ringvault.io/problems/unknown-schedule","title":"the schedule does not exist",
                     "status":404,"detail":"schedule 'nope' does not exist","reason":"unknown-schedule"}""");

            Cli.Result create = new Cli()
                    .run(
                            "schedules",
                            "create",
                            "--name",
                            "bad",
                            "--cron",
                            "0 2 * *",
                            "--keyspace",
                            "shop",
                            "--coordinator",
                            coordinator.url());
            Cli.Result pause = new Cli().run("schedules", "pause", "nope", "--coordinator", coordinator.url());

            assertThat(create.exit()).isEqualTo(ExitCode.USAGE);
            assertThat(create.err()).contains("4 fields");
            assertThat(pause.exit()).isEqualTo(ExitCode.USAGE);
            assertThat(pause.err()).contains("schedule 'nope' does not exist");
        }
    }

    @Test
    void shouldListAndShowSchedulesWithTheirFiringsAsTextOrJson() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("GET", "/api/v1/schedules", 200, "[" + SCHEDULE + "]");
            coordinator.on("GET", "/api/v1/schedules/nightly", 200, SCHEDULE);

            Cli.Result list = new Cli().run("schedules", "list", "--coordinator", coordinator.url());
            Cli.Result show = new Cli().run("schedules", "show", "nightly", "--coordinator", coordinator.url());
            Cli.Result json =
                    new Cli().run("schedules", "show", "nightly", "--json", "--coordinator", coordinator.url());

            assertThat(list.exit()).isZero();
            assertThat(list.out().lines())
                    .containsExactly(
                            "NAME     STATE   CRON       TIME ZONE     ACTION                 KEYSPACES  NEXT"
                                    + "                 LAST",
                            "nightly  active  0 2 * * *  Europe/Paris  backup (differential)  shop       2026-11-22"
                                    + " 01:00:00  completed");
            assertThat(show.out())
                    .contains("cron         0 2 * * * (Europe/Paris)")
                    .contains("retention    keepLast 7, maxAge P30D")
                    .contains("next         2026-11-22T01:00:00Z (2026-11-22T02:00:00+01:00[Europe/Paris])")
                    .contains("missed       0 skipped while no coordinator ran (policy catch-up)")
                    .contains("1a3c251c-6045-31a7-a950-da83121cd255  completed")
                    .contains("739fa18d-0866-38cd-bff0-75bb2cf23f72  refused: backup-in-progress (caught up)");
            assertThat(Json.MAPPER.readTree(json.out())).isEqualTo(Json.MAPPER.readTree(SCHEDULE));
        }
    }

    @Test
    void shouldPauseResumeAndDeleteNamingWhoAsked() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("POST", "/api/v1/schedules/nightly/pause", 200, """
                    {"name":"nightly","state":"paused","changed":true}""");
            coordinator.on("POST", "/api/v1/schedules/nightly/resume", 200, """
                    {"name":"nightly","state":"active","changed":false}""");
            coordinator.on("DELETE", "/api/v1/schedules/nightly", 200, """
                    {"name":"nightly","state":"deleted","changed":true}""");

            Cli.Result pause = new Cli()
                    .run("schedules", "pause", "nightly", "--requested-by", "bob", "--coordinator", coordinator.url());
            Cli.Result resume = new Cli().run("schedules", "resume", "nightly", "--coordinator", coordinator.url());
            Cli.Result delete =
                    new Cli().run("schedules", "delete", "nightly", "--json", "--coordinator", coordinator.url());

            assertThat(pause.out()).isEqualTo("schedule nightly paused\n");
            assertThat(coordinator
                            .only("POST", "/api/v1/schedules/nightly/pause")
                            .header("X-Requested-By"))
                    .isEqualTo("bob");
            assertThat(resume.out()).isEqualTo("schedule nightly active (it already was)\n");
            assertThat(Json.MAPPER.readTree(delete.out()).get("state").asString())
                    .isEqualTo("deleted");
            assertThat(delete.exit()).isZero();
        }
    }
}
