package io.ringvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.cli.client.Json;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class BackupsCommandTest {
    private static final String BACKUP = """
            {"id":"b-1","state":"COMPLETED","keyspaces":["ks1","ks2"],"tables":[],"datacenters":["dc1"],
             "mode":"differential","acceptedAt":"2026-11-20T02:00:00Z","finishedAt":"2026-11-20T02:01:00Z",
             "nodes":3,"files":120,"bytes":5242880,"uniqueBytes":2097152,"schedule":"nightly",
             "bytesTransferred":1048576}""";

    @Test
    void shouldListBackupsAsATable() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("GET", "/api/v1/backups", 200, "[" + BACKUP + "]");

            Cli.Result result = new Cli().run("backups", "list", "--coordinator", coordinator.url());

            assertThat(result.exit()).isZero();
            assertThat(result.out().lines())
                    .containsExactly(
                            "ID   STATE      METHOD    MODE          SCHEDULE  KEYSPACES  DATACENTERS  NODES  SIZE     DELETE"
                                    + " FREES  AGE    STARTED",
                            "b-1  COMPLETED  snapshot  differential  nightly   ks1,ks2    dc1          3      5.0 MiB  2.0"
                                    + " MiB       1d09h  2026-11-20 02:00:00");
        }
    }

    @Test
    void shouldShowTheMethodAndSourceOfAnImportedBackup() throws IOException {
        String imported = BACKUP.replace(
                "\"bytesTransferred\":1048576}",
                "\"bytesTransferred\":1048576,\"method\":\"logical\",\"format\":\"csv\",\"source\":\"import\"}");
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("GET", "/api/v1/backups", 200, "[" + imported + "]");
            coordinator.on("GET", "/api/v1/backups/b-1", 200, imported);

            Cli.Result list = new Cli().run("backups", "list", "--coordinator", coordinator.url());
            Cli.Result show = new Cli().run("backups", "show", "b-1", "--coordinator", coordinator.url());

            assertThat(list.out().lines().skip(1).findFirst().orElseThrow()).contains("logical csv  differential");
            assertThat(show.out().lines()).contains("method       logical csv", "source       import");
        }
    }

    @Test
    void shouldMarkAPartialBackupAndSayWhatItLacks() throws IOException {
        String partial = BACKUP.replace("\"bytesTransferred\":1048576}", """
                "bytesTransferred":1048576,"partial":true,
                "missingNodes":[{"hostId":"c9d8e7f6-0000-4000-8000-00000000000c","address":"127.0.0.3",
                                 "datacenter":"dc2","rack":"rack1"}],
                "uncoveredRanges":[{"keyspace":"ks2","rangeCount":1,"ranges":[{"start":"-42","end":"-42"}]}]}""");
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("GET", "/api/v1/backups", 200, "[" + partial + "]");
            coordinator.on("GET", "/api/v1/backups/b-1", 200, partial);

            Cli.Result list = new Cli().run("backups", "list", "--coordinator", coordinator.url());
            Cli.Result show = new Cli().run("backups", "show", "b-1", "--coordinator", coordinator.url());

            assertThat(list.out()).contains("b-1  COMPLETED (partial)  snapshot  differential");
            assertThat(show.out())
                    .contains("partial      1 node(s) missing: c9d8e7f6 (127.0.0.3, dc2)")
                    .contains("ks2: 1 token range(s) no backed-up replica holds: the whole ring");
        }
    }

    @Test
    void shouldShowTheMethodOfALogicalBackupAndItsRowsPerTable() throws IOException {
        String logical = BACKUP.replace("\"mode\":\"differential\"", "\"mode\":\"full\"")
                .replace("\"bytesTransferred\":1048576}", """
                "bytesTransferred":1048576,"method":"logical","format":"csv",
                "rows":{"ks1.users":1200,"ks2.events":34}}""");
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("GET", "/api/v1/backups", 200, "[" + logical + "]");
            coordinator.on("GET", "/api/v1/backups/b-1", 200, logical);

            Cli.Result list = new Cli().run("backups", "list", "--coordinator", coordinator.url());
            Cli.Result show = new Cli().run("backups", "show", "b-1", "--coordinator", coordinator.url());

            assertThat(list.out()).contains("b-1  COMPLETED  logical csv  full");
            assertThat(show.out())
                    .contains("method       logical csv")
                    .contains("rows         1234 in 2 table(s)")
                    .contains("               ks1.users 1200")
                    .contains("               ks2.events 34");
        }
    }

    @Test
    void shouldSayThereAreNoBackups() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("GET", "/api/v1/backups", 200, "[]");

            assertThat(new Cli()
                            .run("backups", "list", "--coordinator", coordinator.url())
                            .out())
                    .isEqualTo("no backups\n");
        }
    }

    @Test
    void shouldShowABackupAsTextOrJson() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("GET", "/api/v1/backups/b-1", 200, BACKUP);

            Cli.Result text = new Cli().run("backups", "show", "b-1", "--coordinator", coordinator.url());
            Cli.Result json = new Cli().run("backups", "show", "b-1", "--json", "--coordinator", coordinator.url());

            assertThat(text.out())
                    .contains("keyspaces    ks1, ks2")
                    .contains("tables       all")
                    .contains("size         5.0 MiB (1.0 MiB uploaded)")
                    .contains("delete frees 2.0 MiB (the objects no other backup lists)")
                    .contains("schedule     nightly")
                    .contains("age          1d09h");
            assertThat(Json.MAPPER.readTree(json.out())).isEqualTo(Json.MAPPER.readTree(BACKUP));
        }
    }

    private static final String VERIFY_ID = "v-1";
    private static final String RUNNING_VERIFY = """
            {"id":"v-1","kind":"verify","state":"RUNNING","phase":"checking","acceptedAt":"2026-11-21T12:00:00Z",
             "progress":{"filesDone":1,"filesTotal":3,"bytesDone":100,"bytesTotal":300,"bytesTransferred":0},
             "verify":{"backupId":"b-1","deep":true,"finished":false,"objectsChecked":1,"objectsTotal":3,
                       "bytesChecked":100,"bytesTotal":300,"problemCount":0,"problems":[]}}""";
    private static final String CORRUPT_VERIFY = """
            {"id":"v-1","kind":"verify","state":"FAILED","phase":"failed","acceptedAt":"2026-11-21T12:00:00Z",
             "finishedAt":"2026-11-21T12:00:05Z",
             "failure":{"reason":"backup-corrupt","detail":"backup b-1 has 2 problem(s) in 3 object(s)"},
             "progress":{"filesDone":3,"filesTotal":3,"bytesDone":300,"bytesTotal":300,"bytesTransferred":0},
             "verify":{"backupId":"b-1","deep":true,"finished":true,"objectsChecked":3,"objectsTotal":3,
                       "bytesChecked":300,"bytesTotal":300,"problemCount":2,"problems":[
               {"kind":"missing","objectKey":"c/nodes/h1/ks/t-1/nb-1-big-Data.db",
                "node":{"hostId":"h1","address":"127.0.0.1","datacenter":"dc1"},"keyspace":"ks","table":"t",
                "expectedSize":100},
               {"kind":"checksum-mismatch","objectKey":"c/nodes/h1/ks/t-1/nb-1-big-Index.db",
                "node":{"hostId":"h1","address":"127.0.0.1","datacenter":"dc1"},"keyspace":"ks","table":"t",
                "expectedSize":100,
                "expectedChecksum":"sha256:0000000000000000aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                "actualChecksum":"sha256:1111111111111111bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}]}}""";
    private static final String WHOLE_VERIFY = """
            {"id":"v-1","kind":"verify","state":"COMPLETED","phase":"done","acceptedAt":"2026-11-21T12:00:00Z",
             "finishedAt":"2026-11-21T12:00:05Z",
             "progress":{"filesDone":3,"filesTotal":3,"bytesDone":300,"bytesTotal":300,"bytesTransferred":0},
             "verify":{"backupId":"b-1","deep":false,"finished":true,"objectsChecked":3,"objectsTotal":3,
                       "bytesChecked":300,"bytesTotal":300,"problemCount":0,"problems":[]}}""";

    @Test
    void shouldWaitForAVerifyAndNameEveryProblemByNodeTableAndObjectThenExitOne() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on(
                    "POST", "/api/v1/backups/b-1/verify", 202, "{\"operationId\":\"v-1\",\"state\":\"accepted\"}");
            coordinator.on(
                    "GET",
                    "/api/v1/operations/" + VERIFY_ID,
                    new StubCoordinator.Answer(200, RUNNING_VERIFY),
                    new StubCoordinator.Answer(200, CORRUPT_VERIFY));

            Cli.Result result = new Cli()
                    .run(
                            "backups",
                            "verify",
                            "b-1",
                            "--deep",
                            "--requested-by",
                            "ops",
                            "--coordinator",
                            coordinator.url());

            assertThat(result.exit()).isEqualTo(ExitCode.OPERATION_FAILED);
            assertThat(Json.MAPPER.readTree(coordinator
                            .only("POST", "/api/v1/backups/b-1/verify")
                            .body()))
                    .isEqualTo(Json.MAPPER.readTree("{\"deep\":true,\"requestedBy\":\"ops\"}"));
            assertThat(result.err()).contains("verify v-1 of backup b-1 (deep)");
            assertThat(result.out())
                    .contains("objects 1/3")
                    .contains("backup b-1: 2 problem(s); checked 3/3 object(s)")
                    .contains("h1 (127.0.0.1)  dc1         ks.t   missing            100 B")
                    .contains("c/nodes/h1/ks/t-1/nb-1-big-Data.db")
                    .contains("checksum-mismatch  sha256:0000000000000000…  sha256:1111111111111111…")
                    .contains("c/nodes/h1/ks/t-1/nb-1-big-Index.db");
        }
    }

    @Test
    void shouldPrintTheReportAsJsonAndExitZeroWhenTheBackupIsWhole() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on(
                    "POST", "/api/v1/backups/b-1/verify", 202, "{\"operationId\":\"v-1\",\"state\":\"accepted\"}");
            coordinator.on("GET", "/api/v1/operations/" + VERIFY_ID, 200, WHOLE_VERIFY);

            Cli.Result result = new Cli().run("backups", "verify", "b-1", "--json", "--coordinator", coordinator.url());

            assertThat(result.exit()).isEqualTo(ExitCode.OK);
            JsonNode report = Json.MAPPER.readTree(result.out());
            assertThat(report.path("operationId").asString()).isEqualTo("v-1");
            assertThat(report.path("state").asString()).isEqualTo("COMPLETED");
            assertThat(report.path("backupId").asString()).isEqualTo("b-1");
            assertThat(report.path("problemCount").asLong()).isZero();
            assertThat(report.path("objectsChecked").asLong()).isEqualTo(3);
            assertThat(report.path("failure").isNull()).isTrue();
            assertThat(coordinator.only("POST", "/api/v1/backups/b-1/verify").body())
                    .doesNotContain("deep");
        }
    }

    @Test
    void shouldSayWhichBackupIsUnknownAndExitTwo() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on(
                    "POST",
                    "/api/v1/backups/nope/verify",
                    400,
                    "{\"type\":\"https://ringvault.io/problems/unknown-backup\",\"title\":\"the backup does not"
                            + " exist\",\"status\":400,\"reason\":\"unknown-backup\",\"detail\":\"backup 'nope' does not"
                            + " exist\"}");

            Cli.Result result = new Cli().run("backups", "verify", "nope", "--coordinator", coordinator.url());

            assertThat(result.exit()).isEqualTo(ExitCode.USAGE);
            assertThat(result.err()).contains("backup 'nope' does not exist");
        }
    }

    private static final String RUNNING_DELETE = """
            {"id":"d-1","kind":"delete","state":"RUNNING","phase":"deleting","acceptedAt":"2026-11-21T12:00:00Z",
             "progress":{"filesDone":1,"filesTotal":4,"bytesDone":100,"bytesTotal":100,"bytesTransferred":0},
             "delete":{"backupId":"b-1","finished":false,"objectsDeleted":1,"objectsToDelete":4,"objectsKept":0,
                       "bytesFreed":100}}""";
    private static final String DONE_DELETE = """
            {"id":"d-1","kind":"delete","state":"COMPLETED","phase":"done","acceptedAt":"2026-11-21T12:00:00Z",
             "finishedAt":"2026-11-21T12:00:05Z",
             "progress":{"filesDone":4,"filesTotal":4,"bytesDone":2048,"bytesTotal":2048,"bytesTransferred":0},
             "delete":{"backupId":"b-1","finished":true,"objectsDeleted":4,"objectsToDelete":4,"objectsKept":7,
                       "bytesFreed":2048}}""";
    private static final String FAILED_DELETE = """
            {"id":"d-1","kind":"delete","state":"FAILED","phase":"failed","acceptedAt":"2026-11-21T12:00:00Z",
             "finishedAt":"2026-11-21T12:00:05Z",
             "failure":{"reason":"storage-failed","detail":"the delete of backup b-1 stopped (1 object(s) deleted)"},
             "progress":{"filesDone":1,"filesTotal":4,"bytesDone":100,"bytesTotal":100,"bytesTransferred":0},
             "delete":{"backupId":"b-1","finished":true,"objectsDeleted":1,"objectsToDelete":4,"objectsKept":7,
                       "bytesFreed":100}}""";

    @Test
    void shouldWaitForADeleteAndSumUpWhatItDeletedAndKept() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("DELETE", "/api/v1/backups/b-1", 202, "{\"operationId\":\"d-1\",\"state\":\"accepted\"}");
            coordinator.on(
                    "GET",
                    "/api/v1/operations/d-1",
                    new StubCoordinator.Answer(200, RUNNING_DELETE),
                    new StubCoordinator.Answer(200, DONE_DELETE));

            Cli.Result result = new Cli()
                    .run("backups", "delete", "b-1", "--requested-by", "ops", "--coordinator", coordinator.url());

            assertThat(result.exit()).isEqualTo(ExitCode.OK);
            assertThat(coordinator.only("DELETE", "/api/v1/backups/b-1").header("X-Requested-By"))
                    .isEqualTo("ops");
            assertThat(result.err()).contains("delete d-1 of backup b-1");
            assertThat(result.out())
                    .contains("objects 1/4")
                    .contains("backup b-1 deleted: 4 object(s) deleted, 7 kept as shared with other backups, 2.0 KiB"
                            + " freed");
        }
    }

    @Test
    void shouldPrintTheDeleteSummaryAsJsonAndExitOneWhenItFailed() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("DELETE", "/api/v1/backups/b-1", 202, "{\"operationId\":\"d-1\",\"state\":\"accepted\"}");
            coordinator.on("GET", "/api/v1/operations/d-1", 200, FAILED_DELETE);

            Cli.Result result = new Cli().run("backups", "delete", "b-1", "--json", "--coordinator", coordinator.url());

            assertThat(result.exit()).isEqualTo(ExitCode.OPERATION_FAILED);
            JsonNode summary = Json.MAPPER.readTree(result.out());
            assertThat(summary.path("operationId").asString()).isEqualTo("d-1");
            assertThat(summary.path("state").asString()).isEqualTo("FAILED");
            assertThat(summary.path("failure").path("reason").asString()).isEqualTo("storage-failed");
            assertThat(summary.path("objectsDeleted").asLong()).isEqualTo(1);
            assertThat(summary.path("objectsKept").asLong()).isEqualTo(7);
            assertThat(summary.path("bytesFreed").asLong()).isEqualTo(100);
        }
    }

    @Test
    void shouldSayWhyADeleteIsRefusedAndExitTwo() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on(
                    "DELETE",
                    "/api/v1/backups/b-1",
                    409,
                    "{\"type\":\"https://ringvault.io/problems/backup-in-use\",\"title\":\"a running operation"
                            + " reads the backup\",\"status\":409,\"reason\":\"backup-in-use\",\"detail\":\"restore r-1"
                            + " reads backup 'b-1': a delete waits until it is over\"}");

            Cli.Result result = new Cli().run("backups", "delete", "b-1", "--coordinator", coordinator.url());

            assertThat(result.exit()).isEqualTo(ExitCode.USAGE);
            assertThat(result.err()).contains("restore r-1 reads backup 'b-1'");
        }
    }

    private static final String RUNNING_GC = """
            {"id":"g-1","kind":"gc","state":"RUNNING","phase":"collecting","acceptedAt":"2026-11-21T12:00:00Z",
             "progress":{"filesDone":1,"filesTotal":1,"bytesDone":100,"bytesTotal":100,"bytesTransferred":0},
             "gc":{"dryRun":false,"gracePeriod":"PT1H","finished":false,"objectsListed":40,"objectsReferenced":0,
                   "objectsKeptYoung":0,"objectsDeleted":1,"bytesFreed":100,"deletedKeys":[]}}""";
    private static final String DONE_GC = """
            {"id":"g-1","kind":"gc","state":"COMPLETED","phase":"done","acceptedAt":"2026-11-21T12:00:00Z",
             "finishedAt":"2026-11-21T12:00:05Z",
             "progress":{"filesDone":2,"filesTotal":2,"bytesDone":3072,"bytesTotal":3072,"bytesTransferred":0},
             "gc":{"dryRun":false,"gracePeriod":"PT1H","finished":true,"objectsListed":50,"objectsReferenced":45,
                   "objectsKeptYoung":3,"objectsDeleted":2,"bytesFreed":3072,
                   "deletedKeys":["prod/nodes/h1/ks/t-1/nb-9-big-Data.db","prod/backups/b-9/nodes/h1.json"]}}""";
    private static final String DRY_GC = """
            {"id":"g-1","kind":"gc","state":"COMPLETED","phase":"done","acceptedAt":"2026-11-21T12:00:00Z",
             "finishedAt":"2026-11-21T12:00:05Z",
             "progress":{"filesDone":2,"filesTotal":2,"bytesDone":3072,"bytesTotal":3072,"bytesTransferred":0},
             "gc":{"dryRun":true,"finished":true,"objectsListed":50,"objectsReferenced":45,
                   "objectsKeptYoung":3,"objectsDeleted":2,"bytesFreed":3072,
                   "deletedKeys":["prod/nodes/h1/ks/t-1/nb-9-big-Data.db","prod/backups/b-9/nodes/h1.json"]}}""";

    @Test
    void shouldWaitForAGcAndPrintWhatItDeletedAndTheBytes() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("POST", "/api/v1/backups/gc", 202, "{\"operationId\":\"g-1\",\"state\":\"accepted\"}");
            coordinator.on(
                    "GET",
                    "/api/v1/operations/g-1",
                    new StubCoordinator.Answer(200, RUNNING_GC),
                    new StubCoordinator.Answer(200, DONE_GC));

            Cli.Result result = new Cli()
                    .run(
                            "backups",
                            "gc",
                            "--grace-period",
                            "PT1H",
                            "--requested-by",
                            "ops",
                            "--coordinator",
                            coordinator.url());

            assertThat(result.exit()).isEqualTo(ExitCode.OK);
            StubCoordinator.Received request = coordinator.only("POST", "/api/v1/backups/gc");
            assertThat(request.header("X-Requested-By")).isEqualTo("ops");
            assertThat(Json.MAPPER.readTree(request.body()))
                    .isEqualTo(Json.MAPPER.readTree("{\"gracePeriod\":\"PT1H\"}"));
            assertThat(result.err()).contains("gc g-1");
            assertThat(result.out())
                    .contains("objects 1/1")
                    .contains("gc: 2 object(s) deleted, 3.0 KiB freed")
                    .contains("50 object(s) listed, 45 referenced by complete backups, 3 unreferenced kept as younger")
                    .contains("  prod/nodes/h1/ks/t-1/nb-9-big-Data.db")
                    .contains("  prod/backups/b-9/nodes/h1.json");
        }
    }

    @Test
    void shouldSendADryRunAndSayNothingWasDeletedOrPrintItAsJson() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("POST", "/api/v1/backups/gc", 202, "{\"operationId\":\"g-1\",\"state\":\"accepted\"}");
            coordinator.on("GET", "/api/v1/operations/g-1", 200, DRY_GC);

            Cli.Result text = new Cli().run("backups", "gc", "--dry-run", "--coordinator", coordinator.url());
            Cli.Result json = new Cli().run("backups", "gc", "--dry-run", "--json", "--coordinator", coordinator.url());

            assertThat(text.exit()).isEqualTo(ExitCode.OK);
            assertThat(text.out()).contains("gc dry run: would delete 2 object(s), 3.0 KiB; nothing was deleted");
            assertThat(Json.MAPPER.readTree(coordinator.received().get(0).body()))
                    .isEqualTo(Json.MAPPER.readTree("{\"dryRun\":true}"));
            JsonNode report = Json.MAPPER.readTree(json.out());
            assertThat(report.path("operationId").asString()).isEqualTo("g-1");
            assertThat(report.path("state").asString()).isEqualTo("COMPLETED");
            assertThat(report.path("dryRun").asBoolean()).isTrue();
            assertThat(report.path("objectsDeleted").asLong()).isEqualTo(2);
            assertThat(report.path("bytesFreed").asLong()).isEqualTo(3072);
            assertThat(report.path("deletedKeys")).hasSize(2);
        }
    }

    @Test
    void shouldSayWhyAGcIsRefusedAndExitTwo() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on(
                    "POST",
                    "/api/v1/backups/gc",
                    409,
                    "{\"type\":\"https://ringvault.io/problems/backup-in-progress\",\"title\":\"a backup or a"
                            + " delete of a backup is running\",\"status\":409,\"reason\":\"backup-in-progress\","
                            + "\"detail\":\"backup b-2 is running: it may reuse objects no manifest references yet\"}");

            Cli.Result result = new Cli().run("backups", "gc", "--coordinator", coordinator.url());

            assertThat(result.exit()).isEqualTo(ExitCode.USAGE);
            assertThat(result.err()).contains("backup b-2 is running");
        }
    }
}
