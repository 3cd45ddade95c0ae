package io.ringvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.cli.client.Json;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class BackupsCommandTest {
    private static final String BACKUP = """
            {"id":"b-1","state":"COMPLETED","keyspaces":["ks1","ks2"],"tables":[],"datacenters":["dc1"],
             "mode":"differential","acceptedAt":"2026-11-21T12:00:00Z","finishedAt":"2026-11-21T12:01:00Z",
             "nodes":3,"files":120,"bytes":5242880,"bytesTransferred":1048576}""";

    @Test
    void shouldListBackupsAsATable() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("GET", "/api/v1/backups", 200, "[" + BACKUP + "]");

            Cli.Result result = new Cli().run("backups", "list", "--coordinator", coordinator.url());

            assertThat(result.exit()).isZero();
            assertThat(result.out().lines())
                    .containsExactly(
                            "ID   STATE      MODE          KEYSPACES  DATACENTERS  NODES  FILES  SIZE     STARTED",
                            "b-1  COMPLETED  differential  ks1,ks2    dc1          3      120    5.0 MiB"
                                    + "  2026-11-21 12:00:00");
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

            assertThat(list.out()).contains("b-1  COMPLETED (partial)  differential");
            assertThat(show.out())
                    .contains("partial      1 node(s) missing: c9d8e7f6 (127.0.0.3, dc2)")
                    .contains("ks2: 1 token range(s) no backed-up replica holds: the whole ring");
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
                    .contains("size         5.0 MiB (1.0 MiB uploaded)");
            assertThat(Json.MAPPER.readTree(json.out())).isEqualTo(Json.MAPPER.readTree(BACKUP));
        }
    }
}
