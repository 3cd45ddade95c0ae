package io.ringvault.cli;

import static io.ringvault.cli.Fixtures.OPERATION_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.cli.client.Json;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class RestoreCommandTest {
    @Test
    void shouldPostTheRestoreRequestAndPrintTheOperationId() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("POST", "/api/v1/restores", 202, Fixtures.accepted());

            Cli.Result result = new Cli()
                    .run(
                            "restore",
                            "backup-1",
                            "--coordinator",
                            coordinator.url(),
                            "--keyspace",
                            "ks1",
                            "--table",
                            "ks1.users");

            assertThat(result.exit()).isZero();
            assertThat(result.out().strip()).isEqualTo(OPERATION_ID);
            assertThat(Json.MAPPER.readTree(
                            coordinator.only("POST", "/api/v1/restores").body()))
                    .isEqualTo(Json.MAPPER.readTree("""
                            {"backupId":"backup-1","keyspaces":["ks1"],"tables":["ks1.users"],
                             "requestedBy":"alice@laptop"}"""));
        }
    }

    @Test
    void shouldSendTheRestoreOptions() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("POST", "/api/v1/restores", 202, Fixtures.accepted());

            Cli.Result result = new Cli()
                    .run(
                            "restore",
                            "backup-1",
                            "--coordinator",
                            coordinator.url(),
                            "--truncate",
                            "--allow-schema-mismatch",
                            "--map",
                            "old-host=new-host",
                            "--source-cluster",
                            "prod-eu");

            assertThat(result.exit()).isZero();
            assertThat(Json.MAPPER.readTree(
                            coordinator.only("POST", "/api/v1/restores").body()))
                    .isEqualTo(Json.MAPPER.readTree("""
                            {"backupId":"backup-1","keyspaces":[],"tables":[],"requestedBy":"alice@laptop",
                             "truncate":true,"allowSchemaMismatch":true,"nodeMapping":{"old-host":"new-host"},
                             "sourceCluster":"prod-eu"}"""));
        }
    }

    @Test
    void shouldAskForARepairWithRepair() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("POST", "/api/v1/restores", 202, Fixtures.accepted());

            Cli.Result result = new Cli()
                    .run("restore", "backup-1", "--coordinator", coordinator.url(), "--keyspace", "ks1", "--repair");

            assertThat(result.exit()).isZero();
            assertThat(Json.MAPPER.readTree(
                            coordinator.only("POST", "/api/v1/restores").body()))
                    .isEqualTo(Json.MAPPER.readTree("""
                            {"backupId":"backup-1","keyspaces":["ks1"],"tables":[],"requestedBy":"alice@laptop",
                             "repair":true}"""));
        }
    }

    @Test
    void shouldSayInADryRunsPlanThatARepairWouldRun() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("POST", "/api/v1/restores", 202, Fixtures.accepted());
            coordinator.on(
                    "GET",
                    "/api/v1/operations/" + OPERATION_ID,
                    new StubCoordinator.Answer(200, Fixtures.operation("COMPLETED", null, 0, 0, 0, 0)));
            coordinator.on(
                    "GET",
                    "/api/v1/operations/" + OPERATION_ID + "/events",
                    200,
                    PLANNED_EVENTS.replace("\"dryRun\":true,", "\"dryRun\":true,\"repair\":true,"));

            Cli.Result result =
                    new Cli().run("restore", "backup-1", "--coordinator", coordinator.url(), "--dry-run", "--repair");

            assertThat(result.exit()).isZero();
            assertThat(Json.MAPPER.readTree(
                            coordinator.only("POST", "/api/v1/restores").body()))
                    .isEqualTo(Json.MAPPER.readTree("""
                            {"backupId":"backup-1","keyspaces":[],"tables":[],"requestedBy":"alice@laptop",
                             "repair":true,"dryRun":true}"""));
            assertThat(result.out()).contains("repair   would run after the import");
        }
    }

    @Test
    void shouldSendTheRenamesAndMaxErrorsOfALogicalRestore() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("POST", "/api/v1/restores", 202, Fixtures.accepted());

            Cli.Result result = new Cli()
                    .run(
                            "restore",
                            "backup-1",
                            "--coordinator",
                            coordinator.url(),
                            "--rename",
                            "shop.orders=archive.orders_2026",
                            "--rename",
                            "shop.users=shop.users_copy",
                            "--rename-keyspace",
                            "shop=shop2",
                            "--max-errors",
                            "25");

            assertThat(result.exit()).isZero();
            assertThat(Json.MAPPER.readTree(
                            coordinator.only("POST", "/api/v1/restores").body()))
                    .isEqualTo(Json.MAPPER.readTree("""
                            {"backupId":"backup-1","keyspaces":[],"tables":[],"requestedBy":"alice@laptop",
                             "renames":{"shop.orders":"archive.orders_2026","shop.users":"shop.users_copy"},
                             "renameKeyspaces":{"shop":"shop2"},"maxErrors":25}"""));
        }
    }

    @Test
    void shouldPrintALogicalPlanTableByTable() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("POST", "/api/v1/restores", 202, Fixtures.accepted());
            coordinator.on(
                    "GET",
                    "/api/v1/operations/" + OPERATION_ID,
                    new StubCoordinator.Answer(200, Fixtures.operation("COMPLETED", null, 0, 0, 0, 0)));
            coordinator.on("GET", "/api/v1/operations/" + OPERATION_ID + "/events", 200, """
                    [{"specversion":"1.0","id":"e2","source":"/ringvault/restorer","type":"io.ringvault.restore.planned",
                      "time":"2026-11-21T12:00:01Z","subject":"%1$s",
                      "data":{"backupId":"backup-1","tables":["shop2.orders"],"filesTotal":4,"bytesTotal":8388608,
                              "dryRun":true,
                              "nodes":[{"sourceHostId":"old-1,old-2","target":{"hostId":"cql","datacenter":"dc1"},
                                        "mappedBy":"cql","files":4,"bytes":8388608,"method":"cql"}],
                              "logicalTables":[{"source":"shop.orders","target":"shop2.orders","files":4,
                                                "bytes":8388608,"rows":120000}],
                              "replication":{"shop2":"{'class': 'NetworkTopologyStrategy', 'dc1': '1'}"}}}]""".formatted(OPERATION_ID));

            Cli.Result result = new Cli()
                    .run(
                            "restore",
                            "backup-1",
                            "--coordinator",
                            coordinator.url(),
                            "--dry-run",
                            "--rename-keyspace",
                            "shop=shop2");

            assertThat(result.exit()).isZero();
            assertThat(result.out())
                    .contains(
                            "method   cql: the restorer writes every row through CQL",
                            "4 files",
                            "keyspace shop2 is created with replication {'class': 'NetworkTopologyStrategy', 'dc1':"
                                    + " '1'}")
                    .containsPattern("shop\\.orders +shop2\\.orders +4 +8(\\.0)? MiB +120000")
                    .doesNotContain("MAPPED BY");
        }
    }

    @Test
    void shouldRestoreOnlyTheDatacentersNamedWithDc() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("POST", "/api/v1/restores", 202, Fixtures.accepted());

            Cli.Result result = new Cli()
                    .run("restore", "backup-1", "--coordinator", coordinator.url(), "--dc", "dc2", "--dc", "dc3");

            assertThat(result.exit()).isZero();
            assertThat(Json.MAPPER.readTree(
                            coordinator.only("POST", "/api/v1/restores").body()))
                    .isEqualTo(Json.MAPPER.readTree("""
                            {"backupId":"backup-1","keyspaces":[],"tables":[],"datacenters":["dc2","dc3"],
                             "requestedBy":"alice@laptop"}"""));
        }
    }

    private static final String PLANNED_EVENTS = """
            [{"specversion":"1.0","id":"e1","source":"/ringvault/coordinator","type":"io.ringvault.operation.accepted",
              "time":"2026-11-21T12:00:00Z","subject":"%1$s","data":{}},
             {"specversion":"1.0","id":"e2","source":"/ringvault/restorer","type":"io.ringvault.restore.planned",
              "time":"2026-11-21T12:00:01Z","subject":"%1$s",
              "data":{"backupId":"backup-1","tables":["ks1.users"],"filesTotal":12,"bytesTotal":3145728,
                      "dryRun":true,
                      "nodes":[
                        {"sourceHostId":"old-1","target":{"hostId":"new-1","address":"10.0.0.1",
                         "datacenter":"dc1","rack":"rack1"},"mappedBy":"datacenter","files":6,"bytes":2097152,
                         "method":"stream"},
                        {"sourceHostId":"old-2","target":{"hostId":"new-1","address":"10.0.0.1",
                         "datacenter":"dc1","rack":"rack1"},"mappedBy":"datacenter","files":6,"bytes":1048576,
                         "method":"stream"}]}}]""".formatted(OPERATION_ID);

    @Test
    void shouldAskForADryRunAndPrintThePlanOnceTheOperationEnds() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("POST", "/api/v1/restores", 202, Fixtures.accepted());
            coordinator.on(
                    "GET",
                    "/api/v1/operations/" + OPERATION_ID,
                    new StubCoordinator.Answer(200, Fixtures.operation("RUNNING", "planning", 0, 0, 0, 0)),
                    new StubCoordinator.Answer(200, Fixtures.operation("COMPLETED", null, 0, 0, 0, 0)));
            coordinator.on("GET", "/api/v1/operations/" + OPERATION_ID + "/events", 200, PLANNED_EVENTS);

            Cli.Result result = new Cli().run("restore", "backup-1", "--coordinator", coordinator.url(), "--dry-run");

            assertThat(result.exit()).isZero();
            assertThat(Json.MAPPER.readTree(
                            coordinator.only("POST", "/api/v1/restores").body()))
                    .isEqualTo(Json.MAPPER.readTree("""
                            {"backupId":"backup-1","keyspaces":[],"tables":[],"requestedBy":"alice@laptop",
                             "dryRun":true}"""));
            assertThat(result.out())
                    .contains(
                            "dry run " + OPERATION_ID + ": nothing was changed",
                            "backup   backup-1",
                            "tables   ks1.users",
                            "nodes    2 backed-up node(s) onto 1 node(s) of the cluster: 12 files",
                            "SOURCE",
                            "METHOD")
                    .containsPattern("old-1 +new-1 +10\\.0\\.0\\.1 +dc1 +rack1 +datacenter +stream +6 ")
                    .containsPattern("old-2 +new-1 .* +stream +6 ");
        }
    }

    @Test
    void shouldPrintThePlanAsJsonAndExitOneWhenNoPlanIsPossible() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("POST", "/api/v1/restores", 202, Fixtures.accepted());
            coordinator.on(
                    "GET",
                    "/api/v1/operations/" + OPERATION_ID,
                    200,
                    Fixtures.operation("COMPLETED", null, 0, 0, 0, 0));
            coordinator.on("GET", "/api/v1/operations/" + OPERATION_ID + "/events", 200, PLANNED_EVENTS);

            Cli.Result json =
                    new Cli().run("restore", "backup-1", "--coordinator", coordinator.url(), "--dry-run", "--json");

            assertThat(json.exit()).isZero();
            assertThat(Json.MAPPER
                            .readTree(json.out())
                            .path("nodes")
                            .get(1)
                            .path("method")
                            .asString())
                    .isEqualTo("stream");
        }
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("POST", "/api/v1/restores", 202, Fixtures.accepted());
            coordinator.on(
                    "GET",
                    "/api/v1/operations/" + OPERATION_ID,
                    200,
                    Fixtures.operation(
                            "FAILED",
                            null,
                            0,
                            0,
                            0,
                            0,
                            "{\"reason\":\"unknown-datacenter\",\"detail\":\"the cluster has no datacenter dc2\"}"));

            Cli.Result failed = new Cli().run("restore", "backup-1", "--coordinator", coordinator.url(), "--dry-run");

            assertThat(failed.exit()).isEqualTo(ExitCode.OPERATION_FAILED);
            assertThat(failed.err())
                    .contains("could not plan the restore: unknown-datacenter: the cluster has no datacenter dc2");
        }
    }

    @Test
    void shouldPrintEachBackedUpNodesTokensAsCassandraYamlWithoutRestoring() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("GET", "/api/v1/backups/backup-1/tokens", 200, """
                    [{"hostId":"11111111-1111-1111-1111-111111111111","address":"10.0.0.1","datacenter":"dc1",
                      "rack":"r1","tokens":["-9","42"],"cassandraYaml":"num_tokens: 2\\ninitial_token: -9,42\\n"}]""");

            Cli.Result result =
                    new Cli().run("restore", "backup-1", "--print-tokens", "--coordinator", coordinator.url());

            assertThat(result.exit()).as(result.err()).isZero();
            assertThat(result.out())
                    .contains("# backup backup-1: 1 node(s)")
                    .contains("# dc1/r1, was 11111111-1111-1111-1111-111111111111 (10.0.0.1)")
                    .contains("num_tokens: 2\ninitial_token: -9,42");
            assertThat(coordinator.received())
                    .noneMatch(request -> request.method().equals("POST"));
        }
    }

    @Test
    void shouldExitTwoWithoutABackupId() {
        Cli.Result result = new Cli().run("restore");

        assertThat(result.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("Missing required parameter: 'BACKUP_ID'");
    }
}
