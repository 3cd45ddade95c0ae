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
    void shouldExitTwoWithoutABackupId() {
        Cli.Result result = new Cli().run("restore");

        assertThat(result.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("Missing required parameter: 'BACKUP_ID'");
    }
}
