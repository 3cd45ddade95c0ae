package io.ringvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.cli.client.Json;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** {@code ringvault backups copy ID --to TARGET}: the request, the wait, the report and the exit codes. */
class CopyCommandTest {
    private static final String RUNNING_COPY = """
            {"id":"c-1","kind":"copy","state":"RUNNING","phase":"copying","acceptedAt":"2026-11-21T12:00:00Z",
             "progress":{"filesDone":1,"filesTotal":3,"bytesDone":100,"bytesTotal":300,"bytesTransferred":100},
             "copy":{"backupId":"b-1","target":"gcs-eu","finished":false,"objectsCopied":1,"objectsSkipped":0,
                     "objectsTotal":3,"bytesCopied":100,"bytesSkipped":0,"bytesTotal":300}}""";
    private static final String DONE_COPY = """
            {"id":"c-1","kind":"copy","state":"COMPLETED","phase":"done","acceptedAt":"2026-11-21T12:00:00Z",
             "finishedAt":"2026-11-21T12:00:05Z",
             "progress":{"filesDone":3,"filesTotal":3,"bytesDone":3072,"bytesTotal":3072,"bytesTransferred":2048},
             "copy":{"backupId":"b-1","target":"gcs-eu","finished":true,"objectsCopied":2,"objectsSkipped":1,
                     "objectsTotal":3,"bytesCopied":2048,"bytesSkipped":1024,"bytesTotal":3072}}""";
    private static final String FAILED_COPY = """
            {"id":"c-1","kind":"copy","state":"FAILED","phase":"failed","acceptedAt":"2026-11-21T12:00:00Z",
             "finishedAt":"2026-11-21T12:00:05Z",
             "failure":{"reason":"checksum-mismatch","detail":"object c/nodes/h1/ks/t-1/nb-1-big-Data.db differs"},
             "progress":{"filesDone":1,"filesTotal":3,"bytesDone":100,"bytesTotal":300,"bytesTransferred":100},
             "copy":{"backupId":"b-1","target":"gcs-eu","finished":true,"objectsCopied":1,"objectsSkipped":0,
                     "objectsTotal":3,"bytesCopied":100,"bytesSkipped":0,"bytesTotal":300}}""".replace("3\n             object", "3 object");

    @Test
    void shouldAskForTheCopyWaitAndSayWhatWasCopiedAndSkipped() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("POST", "/api/v1/backups/b-1/copy", 202, "{\"operationId\":\"c-1\",\"state\":\"accepted\"}");
            coordinator.on(
                    "GET",
                    "/api/v1/operations/c-1",
                    new StubCoordinator.Answer(200, RUNNING_COPY),
                    new StubCoordinator.Answer(200, DONE_COPY));

            Cli.Result result = new Cli()
                    .run(
                            "backups",
                            "copy",
                            "b-1",
                            "--to",
                            "gcs-eu",
                            "--requested-by",
                            "ops",
                            "--coordinator",
                            coordinator.url());

            assertThat(result.exit()).isEqualTo(ExitCode.OK);
            assertThat(Json.MAPPER.readTree(
                            coordinator.only("POST", "/api/v1/backups/b-1/copy").body()))
                    .isEqualTo(Json.MAPPER.readTree("{\"target\":\"gcs-eu\",\"requestedBy\":\"ops\"}"));
            assertThat(result.err()).contains("copy c-1 of backup b-1 to gcs-eu");
            assertThat(result.out())
                    .contains("objects 1/3")
                    .contains("copy of backup b-1 to gcs-eu: 3 of 3 object(s) there")
                    .contains("2 object(s) copied (2.0 KiB), 1 already in the target with the same SHA-256 (1.0 KiB)");
        }
    }

    @Test
    void shouldExitOneNamingTheCorruptObjectWhenTheCopyFails() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("POST", "/api/v1/backups/b-1/copy", 202, "{\"operationId\":\"c-1\",\"state\":\"accepted\"}");
            coordinator.on("GET", "/api/v1/operations/c-1", 200, FAILED_COPY);

            Cli.Result result =
                    new Cli().run("backups", "copy", "b-1", "--to", "gcs-eu", "--coordinator", coordinator.url());

            assertThat(result.exit()).isEqualTo(ExitCode.OPERATION_FAILED);
            assertThat(result.out() + result.err()).contains("checksum-mismatch", "nb-1-big-Data.db");
        }
    }

    @Test
    void shouldSayWhichTargetIsUnknownAndExitTwo() throws IOException {
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on(
                    "POST",
                    "/api/v1/backups/b-1/copy",
                    400,
                    "{\"type\":\"https://ringvault.io/problems/unknown-target\",\"title\":\"no copy target of that"
                            + " name is configured\",\"status\":400,\"reason\":\"unknown-target\",\"detail\":\"there is"
                            + " no copy target 's3' (ringvault.storage.targets): the targets are gcs-eu\"}");

            Cli.Result result =
                    new Cli().run("backups", "copy", "b-1", "--to", "s3", "--coordinator", coordinator.url());

            assertThat(result.exit()).isEqualTo(ExitCode.USAGE);
            assertThat(result.err()).contains("no copy target 's3'", "the targets are gcs-eu");
        }
    }

    @Test
    void shouldRefuseACopyWithoutATarget() {
        Cli.Result result = new Cli().run("backups", "copy", "b-1", "--coordinator", "http://127.0.0.1:1");

        assertThat(result.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("--to");
    }
}
