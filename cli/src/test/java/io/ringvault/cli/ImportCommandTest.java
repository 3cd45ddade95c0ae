package io.ringvault.cli;

import static io.ringvault.cli.Fixtures.OPERATION_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.cli.client.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportCommandTest {
    private static final String IMPORTED = """
            {"backupId":"imp-1","tables":["shop.notes"],"rows":{"shop.notes":2},"files":2,"bytes":61,"duplicate":false}""";

    @TempDir
    Path dir;

    @Test
    void shouldUploadTheSchemaAndFilesAsOneMultipartRequestThenRestoreTheBackup() throws IOException {
        Path schema = write("schema.cql", "CREATE KEYSPACE shop WITH replication = {};\n");
        Path first = write("notes.csv", "id,body\r\n1,\"two\r\nlines\"\r\n");
        Path second = write("notes.csv.1", "id,body\r\n2,x\r\n");
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("POST", "/api/v1/imports", 201, IMPORTED);
            coordinator.on("POST", "/api/v1/restores", 202, Fixtures.accepted());

            Cli.Result result = new Cli()
                    .run(
                            "import",
                            "--coordinator",
                            coordinator.url(),
                            "--schema",
                            schema.toString(),
                            "--csv",
                            "shop.notes=" + first,
                            "--csv",
                            "shop.notes=" + second,
                            "--null",
                            "NULL",
                            "--truncate",
                            "--max-errors",
                            "5");

            assertThat(result.exit()).as(result.err()).isZero();
            assertThat(result.out().strip()).isEqualTo(OPERATION_ID);
            assertThat(result.err()).contains("imported as backup imp-1: 2 file(s), shop.notes 2 rows");

            StubCoordinator.Received upload = coordinator.only("POST", "/api/v1/imports");
            String contentType = upload.header("Content-Type");
            assertThat(contentType).startsWith("multipart/form-data; boundary=");
            String boundary = contentType.substring(contentType.indexOf('=') + 1);
            assertThat(Long.parseLong(upload.header("Content-Length")))
                    .isEqualTo(upload.body().getBytes(StandardCharsets.UTF_8).length);
            assertThat(upload.body())
                    .isEqualTo("--" + boundary + "\r\n"
                            + "Content-Disposition: form-data; name=\"schema\"; filename=\"schema.cql\"\r\n"
                            + "Content-Type: application/octet-stream\r\n\r\n"
                            + "CREATE KEYSPACE shop WITH replication = {};\n\r\n"
                            + "--" + boundary + "\r\n"
                            + "Content-Disposition: form-data; name=\"csv:shop.notes\"; filename=\"notes.csv\"\r\n"
                            + "Content-Type: application/octet-stream\r\n\r\n"
                            + "id,body\r\n1,\"two\r\nlines\"\r\n\r\n"
                            + "--" + boundary + "\r\n"
                            + "Content-Disposition: form-data; name=\"csv:shop.notes\"; filename=\"notes.csv.1\"\r\n"
                            + "Content-Type: application/octet-stream\r\n\r\n"
                            + "id,body\r\n2,x\r\n\r\n"
                            + "--" + boundary + "--\r\n");
            assertThat(Json.MAPPER.readTree(
                            coordinator.only("POST", "/api/v1/restores").body()))
                    .isEqualTo(Json.MAPPER.readTree("""
                            {"backupId":"imp-1","keyspaces":[],"tables":[],"requestedBy":"alice@laptop",
                             "truncate":true,"maxErrors":5}"""));
        }
    }

    @Test
    void shouldOnlyStoreTheBackupWithNoRestore() throws IOException {
        Path schema = write("schema.cql", "CREATE KEYSPACE shop WITH replication = {};\n");
        Path csv = write("notes.csv", "id,body\r\n");
        try (StubCoordinator coordinator = new StubCoordinator()) {
            coordinator.on("POST", "/api/v1/imports", 201, IMPORTED);

            Cli.Result result = new Cli()
                    .run(
                            "import",
                            "--coordinator",
                            coordinator.url(),
                            "--schema",
                            schema.toString(),
                            "--csv",
                            "shop.notes=" + csv,
                            "--no-restore");

            assertThat(result.exit()).as(result.err()).isZero();
            assertThat(result.out().strip()).isEqualTo("imp-1");
            assertThat(coordinator.received()).hasSize(1);
        }
    }

    @Test
    void shouldRefuseACsvOptionThatIsNotTableEqualsFileBeforeSendingAnything() throws IOException {
        Path schema = write("schema.cql", "CREATE KEYSPACE shop WITH replication = {};\n");
        try (StubCoordinator coordinator = new StubCoordinator()) {
            Cli.Result noTable = new Cli()
                    .run(
                            "import",
                            "--coordinator",
                            coordinator.url(),
                            "--schema",
                            schema.toString(),
                            "--csv",
                            dir.resolve("notes.csv").toString());
            Cli.Result noFile = new Cli()
                    .run(
                            "import",
                            "--coordinator",
                            coordinator.url(),
                            "--schema",
                            schema.toString(),
                            "--csv",
                            "shop.notes=" + dir.resolve("missing.csv"));

            assertThat(noTable.exit()).isEqualTo(ExitCode.USAGE);
            assertThat(noTable.err()).contains("--csv must be KEYSPACE.TABLE=FILE");
            assertThat(noFile.exit()).isEqualTo(ExitCode.USAGE);
            assertThat(noFile.err()).contains("missing.csv is not a readable file");
            assertThat(coordinator.received()).isEmpty();
        }
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }
}
