package io.ringvault.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.ringvault.cli.CliEnvironment;
import io.ringvault.cli.RingvaultCommand;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.message.BackupMethod;
import io.ringvault.common.message.LogicalFormat;
import io.ringvault.storage.ObjectStore;
import io.ringvault.testkit.LocalService;
import io.ringvault.testkit.SharedStack;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * {@code ringvault import} end to end: files exactly as cqlsh 6.2.2 wrote them ({@code DESCRIBE KEYSPACE} and
 * {@code COPY TO}, with and without a header; {@code src/test/resources/cqlsh}) uploaded through the CLI to the real
 * coordinator, stored as a csv-format logical backup in the object store, listed, verified deep by a real restorer,
 * and restored through CQL: every cell compared with the rows the fixtures' source inserts, and a malformed line
 * reported with its row number and {@code --max-errors}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CqlshImportSystemIT {
    private static final Path FIXTURES = Path.of("src/test/resources/cqlsh");
    /** The fixtures' keyspace, renamed in their text: the build's Cassandra node is shared with other suites. */
    private static final String FIXTURE_KEYSPACE = "cqlsh_src";

    private static final String KEYSPACE = "cqlsh_import";

    RingvaultSystem system;
    LocalService restorer;
    Path files;

    @BeforeAll
    void start() throws Exception {
        Path directory = Files.createTempDirectory("ringvault-import-");
        system = new RingvaultSystem(SharedStack.get(), false, directory, null, 1, Map.of());
        try (CqlSession session = cql()) {
            session.execute("DROP KEYSPACE IF EXISTS " + KEYSPACE);
        }
        system.start();
        restorer = system.startRestorer("restorer-import", Map.of("ringvault.restorer.progress-interval", "200ms"));
        files = Files.createDirectories(directory.resolve("cqlsh"));
        for (String name : List.of("schema.cql", "every_type.csv", "every_type_noheader.csv")) {
            Files.writeString(
                    files.resolve(name),
                    Files.readString(FIXTURES.resolve(name), StandardCharsets.UTF_8)
                            .replace(FIXTURE_KEYSPACE, KEYSPACE),
                    StandardCharsets.UTF_8);
        }
    }

    @AfterAll
    void stop() {
        if (restorer != null) {
            restorer.close();
        }
        if (system != null) {
            system.close();
        }
    }

    @Test
    void shouldStoreCqlshFilesAsAListedCsvLogicalBackupThatVerifiesDeep() throws Exception {
        Run run = ringvault(
                "import",
                "--schema",
                files.resolve("schema.cql").toString(),
                "--csv",
                KEYSPACE + ".every_type=" + files.resolve("every_type.csv"),
                "--null",
                "<null>",
                "--no-restore");

        assertThat(run.exit()).as(run.err()).isZero();
        String backupId = run.out().strip();
        assertThat(run.err())
                .contains("imported as backup " + backupId + ": 1 file(s), " + KEYSPACE + ".every_type 7 rows");

        try (ObjectStore store = system.objectStore()) {
            BackupManifest manifest = RingvaultSystem.CODEC
                    .mapper()
                    .readValue(
                            store.getSmall(system.layout().backupManifest(backupId))
                                    .orElseThrow(),
                            BackupManifest.class);
            assertThat(manifest.method()).isEqualTo(BackupMethod.LOGICAL);
            assertThat(manifest.format()).isEqualTo(LogicalFormat.CSV);
            assertThat(manifest.source()).isEqualTo(BackupManifest.SOURCE_IMPORT);
            assertThat(manifest.rows()).isEqualTo(Map.of(KEYSPACE + ".every_type", 7L));
            assertThat(manifest.csvNull()).isNull();
            assertThat(manifest.tables()).containsExactly(KEYSPACE + ".every_type");
            assertThat(manifest.schema()).containsOnlyKeys(KEYSPACE);
            assertThat(manifest.schema().get(KEYSPACE))
                    .startsWith("CREATE KEYSPACE " + KEYSPACE)
                    .contains("CREATE TYPE " + KEYSPACE + ".point")
                    .contains("CREATE TABLE " + KEYSPACE + ".every_type");
            NodeManifest node = RingvaultSystem.CODEC
                    .mapper()
                    .readValue(
                            store.getSmall(manifest.nodes().get(0).manifestKey())
                                    .orElseThrow(),
                            NodeManifest.class);
            assertThat(node.files()).singleElement().satisfies(file -> {
                assertThat(file.keyspace()).isEqualTo(KEYSPACE);
                assertThat(file.table()).isEqualTo("every_type");
                assertThat(file.fileName()).endsWith(".csv");
                assertThat(file.checksum()).startsWith("sha256:");
            });
            // The schema beside the manifest, as for any CSV logical backup: cqlsh -f loads it.
            assertThat(new String(
                            store.getSmall(system.layout().schemaScript(backupId))
                                    .orElseThrow(),
                            StandardCharsets.UTF_8))
                    .contains("CREATE TABLE " + KEYSPACE + ".every_type");
            // The object holds cqlsh's file byte for byte.
            try (InputStream in = store.get(node.files().get(0).objectKey(), 0)) {
                assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(files.resolve("every_type.csv")));
            }
        }

        JsonNode listed = null;
        for (JsonNode backup : system.get("/api/v1/backups")) {
            if (backup.path("id").asString().equals(backupId)) {
                listed = backup;
            }
        }
        assertThat(listed).as("the import in GET /api/v1/backups").isNotNull();
        assertThat(listed.path("method").asString()).isEqualTo("logical");
        assertThat(listed.path("format").asString()).isEqualTo("csv");
        assertThat(listed.path("source").asString()).isEqualTo("import");
        assertThat(listed.path("state").asString()).isEqualTo("COMPLETED");

        JsonNode verify = system.post("/api/v1/backups/" + backupId + "/verify", "{\"deep\":true}");
        String verifyId = verify.path("operationId").asString();
        assertThat(verifyId).as(verify.toString()).isNotBlank();
        JsonNode verified = system.awaitOperationEnd(verifyId, Duration.ofMinutes(2));
        assertThat(verified.path("state").asString()).as(verified.toString()).isEqualTo("COMPLETED");
    }

    @Test
    void shouldGiveHeaderlessFilesTheSchemaColumnsAndKeepCqlshDefaultNull() throws Exception {
        Run run = ringvault(
                "import",
                "--schema",
                files.resolve("schema.cql").toString(),
                "--csv",
                KEYSPACE + ".every_type=" + files.resolve("every_type_noheader.csv"),
                "--no-header",
                "--no-restore",
                "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode imported = RingvaultSystem.CODEC.mapper().readTree(run.out());
        String backupId = imported.path("backupId").asString();
        assertThat(imported.path("rows").path(KEYSPACE + ".every_type").asLong())
                .isEqualTo(7);
        try (ObjectStore store = system.objectStore()) {
            BackupManifest manifest = RingvaultSystem.CODEC
                    .mapper()
                    .readValue(
                            store.getSmall(system.layout().backupManifest(backupId))
                                    .orElseThrow(),
                            BackupManifest.class);
            assertThat(manifest.csvNull()).isEmpty();
            NodeManifest node = RingvaultSystem.CODEC
                    .mapper()
                    .readValue(
                            store.getSmall(manifest.nodes().get(0).manifestKey())
                                    .orElseThrow(),
                            NodeManifest.class);
            try (InputStream in = store.get(node.files().get(0).objectKey(), 0)) {
                String stored = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                // The header COPY TO writes with HEADER = TRUE, then cqlsh's file as it was.
                assertThat(stored)
                        .isEqualTo(Files.readString(files.resolve("every_type.csv"))
                                        .lines()
                                        .findFirst()
                                        .orElseThrow()
                                + "\r\n" + Files.readString(files.resolve("every_type_noheader.csv")));
            }
        }
    }

    @Test
    void shouldRefuseATableTheSchemaLacksNamingIt() throws Exception {
        Run run = ringvault(
                "import",
                "--schema",
                files.resolve("schema.cql").toString(),
                "--csv",
                KEYSPACE + ".every_type=" + files.resolve("every_type.csv"),
                "--csv",
                KEYSPACE + ".orders=" + files.resolve("every_type.csv"),
                "--no-restore");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err())
                .contains("refused")
                .contains("table '" + KEYSPACE + ".orders' is not in the schema file, which creates " + KEYSPACE
                        + ".every_type");
    }

    /**
     * The whole migration: cqlsh's files imported and restored through the logical restore, then every cell compared
     * with a table the fixtures' {@code source.cql} filled (cell bytes, so null and empty differ, floats bit for bit).
     */
    @Test
    void shouldLoadTheCqlshBackupRowForRowThroughARestoreOperation() throws Exception {
        String target = "cqlsh_import_rows";
        String reference = "cqlsh_import_ref";
        try (CqlSession session = cql()) {
            session.execute("DROP KEYSPACE IF EXISTS " + target);
            session.execute("DROP KEYSPACE IF EXISTS " + reference);
            for (String statement : Files.readString(FIXTURES.resolve("source.cql"), StandardCharsets.UTF_8)
                    .replace(FIXTURE_KEYSPACE, reference)
                    .split(";\n")) {
                if (!statement.isBlank()) {
                    session.execute(statement);
                }
            }
        }

        Run run = ringvault(
                "import",
                "--schema",
                renamed("schema.cql", target).toString(),
                "--csv",
                target + ".every_type=" + renamed("every_type.csv", target),
                "--null",
                "<null>",
                "--wait");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        String operationId = run.out().lines().findFirst().orElseThrow().strip();
        JsonNode operation = system.get("/api/v1/operations/" + operationId);
        assertThat(operation.path("kind").asString()).isEqualTo("restore");
        assertThat(operation.path("state").asString()).as(operation.toString()).isEqualTo("COMPLETED");
        try (CqlSession session = cql()) {
            Map<String, java.util.Set<String>> restored = TableCells.of(session, target, List.of("every_type"));
            assertThat(restored.get("every_type")).hasSize(7);
            assertThat(restored.get("every_type"))
                    .isEqualTo(TableCells.of(session, reference, List.of("every_type"))
                            .get("every_type"));
        }
    }

    /**
     * A malformed line: the restore names the table, the file and the line, and fails past {@code --max-errors}; with
     * room for it, the other rows load and the rejected line is kept next to the backup.
     */
    @Test
    void shouldReportAMalformedLineWithItsRowAndFailPastMaxErrors() throws Exception {
        String target = "cqlsh_import_bad";
        try (CqlSession session = cql()) {
            session.execute("DROP KEYSPACE IF EXISTS " + target);
        }
        Path schema = renamed("schema.cql", target);
        // Line 5 of the file is the row of id 4; its double becomes text no double parses from.
        Path csv = renamed("every_type.csv", target);
        List<String> lines = new ArrayList<>(List.of(Files.readString(csv).split("\r\n", -1)));
        assertThat(lines.get(4)).startsWith("4,unicode,x,<null>,<null>,<null>,<null>,1e-05,");
        lines.set(4, lines.get(4).replace(",1e-05,", ",one point five,"));
        Files.writeString(csv, String.join("\r\n", lines), StandardCharsets.UTF_8);

        Run refused = ringvault(
                "import",
                "--schema",
                schema.toString(),
                "--csv",
                target + ".every_type=" + csv,
                "--null",
                "<null>",
                "--wait");

        assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(1);
        String failedId = refused.out().lines().findFirst().orElseThrow().strip();
        JsonNode failed = system.get("/api/v1/operations/" + failedId);
        assertThat(failed.path("state").asString()).isEqualTo("FAILED");
        assertThat(failed.path("failure").path("reason").asString()).isEqualTo("import-failed");
        assertThat(failed.path("failure").path("detail").asString())
                .contains(target + ".every_type")
                .contains("every_type.csv")
                .contains("line 5");

        Run loaded = ringvault(
                "import",
                "--schema",
                schema.toString(),
                "--csv",
                target + ".every_type=" + csv,
                "--null",
                "<null>",
                "--max-errors",
                "1",
                "--truncate",
                "--wait");

        assertThat(loaded.exit()).as(loaded.out() + loaded.err()).isZero();
        String backupId = loaded.err()
                .lines()
                .filter(line -> line.startsWith("imported as backup "))
                .map(line -> line.substring("imported as backup ".length(), line.indexOf(':')))
                .findFirst()
                .orElseThrow();
        try (CqlSession session = cql()) {
            assertThat(session.execute("SELECT id FROM " + target + ".every_type")
                            .all())
                    .extracting(row -> row.getInt("id"))
                    .containsExactlyInAnyOrder(1, 2, 3, 5, 6, 7);
        }
        List<String> kept = new ArrayList<>();
        try (ObjectStore store = system.objectStore()) {
            String manifestKey = system.layout().backupManifest(backupId);
            store.walk(
                    manifestKey.substring(0, manifestKey.length() - "manifest.json".length()) + "restores/", object -> {
                        try (InputStream in = store.get(object.key(), 0)) {
                            kept.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
        }
        assertThat(kept)
                .singleElement()
                .satisfies(errors -> assertThat(errors).contains("\"line\":5").contains("one point five"));
    }

    /** A fixture with the keyspace renamed to {@code keyspace}, written beside the others. */
    private Path renamed(String fixture, String keyspace) throws java.io.IOException {
        Path directory = Files.createDirectories(files.resolve(keyspace));
        return Files.writeString(
                directory.resolve(fixture),
                Files.readString(FIXTURES.resolve(fixture), StandardCharsets.UTF_8)
                        .replace(FIXTURE_KEYSPACE, keyspace),
                StandardCharsets.UTF_8);
    }

    record Run(int exit, String out, String err) {}

    Run ringvault(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment environment = new CliEnvironment(
                Map.of("USER", "operator", "HOSTNAME", "import-it", "RINGVAULT_TOKEN", system.apiToken())::get,
                () -> false,
                Clock.systemUTC(),
                ZoneOffset.UTC,
                Duration.ofMillis(300));
        List<String> withCoordinator = new ArrayList<>(List.of("--coordinator", system.coordinator.url()));
        withCoordinator.addAll(List.of(args));
        int exit = new CommandLine(new RingvaultCommand(environment))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(withCoordinator.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    CqlSession cql() {
        // DDL on a busy two-core machine takes longer than the driver's default 2 s.
        return CqlSession.builder()
                .addContactPoint(system.stack.cassandra().cql())
                .withLocalDatacenter(system.stack.cassandra().datacenter())
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(60))
                        .build())
                .build();
    }
}
