package io.ringvault.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import io.ringvault.common.message.LogicalFormat;
import io.ringvault.common.message.RestoreFinished;
import io.ringvault.common.message.RestoreMethod;
import io.ringvault.common.message.RestorePhase;
import io.ringvault.common.message.RestorePlanned;
import io.ringvault.common.message.RestoreProgress;
import io.ringvault.common.message.RestoreRequested;
import io.ringvault.storage.ObjectStore;
import io.ringvault.testkit.LocalService;
import io.ringvault.testkit.LogicalDataset;
import io.ringvault.testkit.SharedStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Logical restores end to end, on the build's Cassandra node, Kafka and a filesystem object store, with the coordinator,
 * the node agent, an uploader and the restorer as processes: a logical backup ({@code POST /api/v1/backups} with
 * method logical) restored through {@code POST /api/v1/restores} after its keyspace was dropped, every cell
 * compared with its write time and TTL; renamed into another keyspace and table; a CSV-format backup; a counter table
 * that is not empty; and a restore cancelled in the middle and run again, which skips the files the first run
 * imported; and rows Cassandra refuses (names that are not ASCII restored into an ascii column): past
 * {@code maxErrors} the restore fails naming the table, file and row, within it the restore completes and keeps exactly
 * the refused rows in the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogicalRestoreSystemIT {
    private static final int ROWS = 120;
    private static final int BIG_ROWS = 4000;
    private static final int ERRORS_ROWS = 40;
    /** The rows of the errors suite whose name is not ASCII. */
    private static final java.util.Set<Integer> NOT_ASCII_IDS = java.util.Set.of(3, 11, 19, 27, 35);

    RingvaultSystem system;
    KafkaEvents kafka;
    LocalService restorer;
    Path work;
    final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 6);
    final String keyspace = "lrst_" + suffix;
    final String bigKeyspace = "lrst_big_" + suffix;
    final String errorsKeyspace = "lrst_err_" + suffix;
    final String asciiKeyspace = "lrst_err_" + suffix + "_ascii";
    /** A second target: a restore into the first again would resume the failed run and skip the files it imported. */
    final String freshAsciiKeyspace = "lrst_err_" + suffix + "_fresh";

    Map<String, Map<String, Map<String, Object>>> before = new TreeMap<>();
    String nativeBackup;
    String errorsBackup;

    @BeforeAll
    void start() throws Exception {
        work = Files.createTempDirectory("ringvault-logical-");
        // Small chunk files, so that each table is several files: the restore imports and resumes file by file.
        system = new RingvaultSystem(
                SharedStack.get(),
                false,
                work.resolve("system"),
                null,
                1,
                Map.of("ringvault.agent.logical.rows-per-chunk", "100"));
        system.start();
        kafka = new KafkaEvents(system.stack.kafkaBootstrapServers(), system.topicPrefix + ".events");
        // One file at a time, throttled, so that the big restore is still importing when it is cancelled.
        restorer = system.startRestorer(
                "restorer-logical",
                Map.of(
                        "ringvault.restorer.progress-interval", "300ms",
                        "ringvault.restorer.logical.parallelism", "1",
                        "ringvault.restorer.logical.max-rows-per-second", "800",
                        "ringvault.restorer.logical.work-directory",
                                work.resolve("restorer-work").toString()));
        Files.createDirectories(work.resolve("restorer-work"));
        try (CqlSession cql = cql()) {
            LogicalDataset.create(cql, keyspace, "{'class': 'SimpleStrategy', 'replication_factor': 1}");
            LogicalDataset.load(cql, keyspace, ROWS);
            for (String table : LogicalDataset.TABLES) {
                before.put(table, LogicalDataset.rows(cql, keyspace, table, true));
            }
        }
        assertThat(before.get("MyTable")).hasSize(ROWS + 2);
    }

    @AfterAll
    void stop() throws Exception {
        if (restorer != null) {
            restorer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (system != null) {
            system.close();
        }
    }

    CqlSession cql() {
        return LogicalRestoreSteps.cql(system.stack.cassandra());
    }

    @Test
    @Order(1)
    void shouldRestoreEveryCellWithItsWriteTimeAndTtlAfterTheKeyspaceIsDropped() throws Exception {
        nativeBackup = logicalBackup(keyspace, LogicalDataset.TABLES, LogicalFormat.NATIVE);
        try (CqlSession cql = cql()) {
            cql.execute("DROP KEYSPACE " + keyspace);
        }

        String operationId = restore(new RestoreRequested(nativeBackup, List.of(keyspace), null, "logical-it"));

        assertThat(awaitEnd(operationId).path("state").asString()).isEqualTo("COMPLETED");
        try (CqlSession cql = cql()) {
            for (String table : LogicalDataset.TABLES) {
                LogicalDataset.assertSameRows(LogicalDataset.rows(cql, keyspace, table, true), before.get(table));
            }
            // The index is recreated with the table; Cassandra built it from the rows.
            assertThat(cql.execute("SELECT \"Ck\" FROM " + keyspace + ".\"MyTable\" WHERE i = 62")
                            .one()
                            .getString(0))
                    .isEqualTo("ck-2");
        }
        RestorePlanned plan = kafka.of(operationId, RestorePlanned.class).get(0);
        assertThat(plan.nodes())
                .singleElement()
                .satisfies(n -> assertThat(n.method()).isEqualTo(RestoreMethod.CQL));
        assertThat(plan.logicalTables())
                .extracting(RestorePlanned.LogicalTable::source, RestorePlanned.LogicalTable::target)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(keyspace + ".MyTable", keyspace + ".MyTable"),
                        org.assertj.core.groups.Tuple.tuple(keyspace + ".counts", keyspace + ".counts"));
        RestoreProgress done = lastProgress(operationId, "MyTable");
        assertThat(done.phase()).isEqualTo(RestorePhase.DONE);
        assertThat(done.filesDone()).isEqualTo(done.filesTotal()).isGreaterThan(3);
        assertThat(done.rows()).isEqualTo(ROWS + 2);
        assertThat(finished(operationId).importedTables())
                .containsExactlyInAnyOrder(keyspace + ".MyTable", keyspace + ".counts");
    }

    @Test
    @Order(2)
    void shouldRefuseACounterTableWithRowsUnlessTruncated() throws Exception {
        String refused = restore(new RestoreRequested(nativeBackup, List.of(keyspace), null, "logical-it"));

        JsonNode failed = awaitEnd(refused);
        assertThat(failed.path("state").asString()).isEqualTo("FAILED");
        assertThat(finished(refused).detail()).contains("counter table " + keyspace + ".counts has rows");

        String truncated = restore(new RestoreRequested(
                nativeBackup, List.of(keyspace), null, null, "logical-it", true, null, null, null));
        assertThat(awaitEnd(truncated).path("state").asString()).isEqualTo("COMPLETED");
        try (CqlSession cql = cql()) {
            // Counted once, not added to the counts already there.
            LogicalDataset.assertSameRows(LogicalDataset.rows(cql, keyspace, "counts", true), before.get("counts"));
            LogicalDataset.assertSameRows(LogicalDataset.rows(cql, keyspace, "MyTable", true), before.get("MyTable"));
        }
    }

    @Test
    @Order(3)
    void shouldRestoreIntoARenamedKeyspaceAndTable() throws Exception {
        String copy = keyspace + "_copy";
        String other = keyspace + "_other";
        String operationId = restore(LogicalRestoreSteps.logicalRestore(
                nativeBackup,
                keyspace,
                Map.of(keyspace + ".MyTable", other + ".Renamed"),
                Map.of(keyspace, copy),
                null,
                null));

        assertThat(awaitEnd(operationId).path("state").asString()).isEqualTo("COMPLETED");
        try (CqlSession cql = cql()) {
            LogicalDataset.assertSameRows(LogicalDataset.rows(cql, other, "Renamed", true), before.get("MyTable"));
            LogicalDataset.assertSameRows(LogicalDataset.rows(cql, copy, "counts", true), before.get("counts"));
            // The source keyspace is untouched, and the renamed table's index has a name of its own.
            assertThat(cql.execute("SELECT index_name FROM system_schema.indexes WHERE keyspace_name = ?", other)
                            .one()
                            .getString(0))
                    .isEqualTo("Renamed_my_i");
        }
        assertThat(kafka.of(operationId, RestorePlanned.class).get(0).logicalTables())
                .extracting(RestorePlanned.LogicalTable::target)
                .containsExactly(other + ".Renamed", copy + ".counts");
    }

    @Test
    @Order(4)
    void shouldRestoreACsvFormatBackup() throws Exception {
        String csvBackup = logicalBackup(keyspace, LogicalDataset.TABLES, LogicalFormat.CSV);
        String target = keyspace + "_csv";

        String operationId = restore(
                LogicalRestoreSteps.logicalRestore(csvBackup, keyspace, null, Map.of(keyspace, target), null, null));

        assertThat(awaitEnd(operationId).path("state").asString()).isEqualTo("COMPLETED");
        try (CqlSession cql = cql()) {
            // CSV carries values only (cqlsh's format has no write times or TTLs): every value comes back.
            for (String table : LogicalDataset.TABLES) {
                assertThat(LogicalDataset.rows(cql, target, table, false))
                        .as(table)
                        .isEqualTo(LogicalDataset.rows(cql, keyspace, table, false));
            }
        }
    }

    @Test
    @Order(5)
    void shouldSkipTheFilesACancelledRunImportedWhenTheRestoreIsRunAgain() throws Exception {
        try (CqlSession cql = cql()) {
            cql.execute("CREATE KEYSPACE " + bigKeyspace
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            cql.execute("CREATE TABLE " + bigKeyspace + ".items (id int PRIMARY KEY, v text)");
            var insert = cql.prepare("INSERT INTO " + bigKeyspace + ".items (id, v) VALUES (?, ?)");
            List<java.util.concurrent.CompletionStage<?>> writes = new ArrayList<>();
            for (int id = 0; id < BIG_ROWS; id++) {
                writes.add(cql.executeAsync(insert.bind(id, "value " + id)));
                if (writes.size() == 100) {
                    writes.forEach(w -> w.toCompletableFuture().join());
                    writes.clear();
                }
            }
            writes.forEach(w -> w.toCompletableFuture().join());
        }
        String backup = logicalBackup(bigKeyspace, List.of("items"), LogicalFormat.NATIVE);
        String copy = bigKeyspace + "_copy";
        RestoreRequested request =
                LogicalRestoreSteps.logicalRestore(backup, bigKeyspace, null, Map.of(bigKeyspace, copy), null, null);

        String first = restore(request);
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> kafka.of(first, RestoreProgress.class).stream().anyMatch(p -> p.filesDone() >= 3));
        JsonNode cancel = system.post("/api/v1/operations/" + first + "/cancel", "{}");
        assertThat(cancel.toString()).doesNotContain("\"status\":4");
        assertThat(awaitEnd(first).path("state").asString()).isEqualTo("CANCELLED");
        long importedByFirst = kafka.of(first, RestoreProgress.class).stream()
                .mapToLong(RestoreProgress::filesDone)
                .max()
                .orElseThrow();
        long total = lastProgress(first, "items").filesTotal();
        assertThat(importedByFirst).as("cancelled in the middle").isBetween(3L, total - 1);

        String second = restore(request);

        assertThat(awaitEnd(second).path("state").asString()).isEqualTo("COMPLETED");
        // The second run starts where the first stopped: its first progress counts the files the first imported.
        RestoreProgress start = kafka.of(second, RestoreProgress.class).get(0);
        assertThat(start.phase()).isEqualTo(RestorePhase.IMPORTING);
        assertThat(start.filesDone()).isBetween(importedByFirst, total - 1);
        RestoreProgress end = lastProgress(second, "items");
        assertThat(end.filesDone()).isEqualTo(total);
        assertThat(end.rows()).as("rows written by the second run").isLessThan(BIG_ROWS);
        try (CqlSession cql = cql()) {
            assertThat(LogicalDataset.rows(cql, copy, "items", true))
                    .isEqualTo(LogicalDataset.rows(cql, bigKeyspace, "items", true));
        }
        // A completed restore forgets what it imported: the next one starts from the beginning.
        List<String> resume = new ArrayList<>();
        try (ObjectStore store = system.objectStore()) {
            String directory = system.layout().backupManifest(backup).replace("manifest.json", "restores/");
            store.walk(directory, object -> resume.add(object.key()));
        }
        assertThat(resume).isEmpty();
    }

    @Test
    @Order(6)
    void shouldFailNamingTheTableFileAndRowWhenMoreRowsAreRejectedThanMaxErrors() throws Exception {
        errorsBackup = backupOfNamesSomeNotAscii();
        try (CqlSession cql = cql()) {
            // The same table, but its name column ascii: Cassandra refuses the rows whose name is not ASCII.
            for (String target : List.of(asciiKeyspace, freshAsciiKeyspace)) {
                cql.execute("CREATE KEYSPACE " + target
                        + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
                cql.execute("CREATE TABLE " + target + ".people (id int PRIMARY KEY, name ascii)");
            }
        }

        String operationId = restore(intoAsciiTable(asciiKeyspace, NOT_ASCII_IDS.size() - 1L));

        assertThat(awaitEnd(operationId).path("state").asString()).isEqualTo("FAILED");
        RestoreFinished finished = finished(operationId);
        assertThat(finished.reason()).isEqualTo(io.ringvault.common.failure.FailureReason.IMPORT_FAILED);
        assertThat(finished.detail())
                .contains("restore of " + errorsKeyspace + ".people into " + asciiKeyspace + ".people, file ")
                .contains("/" + errorsKeyspace + "/people-")
                .containsPattern("row \\d+: ")
                .contains("more rows rejected than maxErrors (" + (NOT_ASCII_IDS.size() - 1) + ")");
    }

    @Test
    @Order(7)
    void shouldCompleteAndKeepExactlyTheRejectedRowsWhenMaxErrorsAllowsThem() throws Exception {
        String operationId = restore(intoAsciiTable(freshAsciiKeyspace, NOT_ASCII_IDS.size() + 5L));

        assertThat(awaitEnd(operationId).path("state").asString()).isEqualTo("COMPLETED");
        try (CqlSession cql = cql()) {
            Map<Integer, String> restored = new TreeMap<>();
            cql.execute("SELECT id, name FROM " + freshAsciiKeyspace + ".people")
                    .forEach(row -> restored.put(row.getInt(0), row.getString(1)));
            Map<Integer, String> expected = new TreeMap<>();
            for (int id = 0; id < ERRORS_ROWS; id++) {
                if (!NOT_ASCII_IDS.contains(id)) {
                    expected.put(id, name(id));
                }
            }
            assertThat(restored).isEqualTo(expected);
        }
        // The rejected rows, each with its key, its values and Cassandra's error, in the store next to the backup.
        List<String> errorKeys = new ArrayList<>();
        List<JsonNode> rejected = new ArrayList<>();
        try (ObjectStore store = system.objectStore()) {
            String directory = system.layout()
                    .backupManifest(errorsBackup)
                    .replace("manifest.json", "restores/" + operationId + "/errors/" + freshAsciiKeyspace + ".people/");
            store.walk(directory, object -> errorKeys.add(object.key()));
            for (String key : errorKeys) {
                try (var in = new java.io.BufferedReader(
                        new java.io.InputStreamReader(store.get(key, 0), java.nio.charset.StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        rejected.add(RingvaultSystem.CODEC.mapper().readTree(line));
                    }
                }
            }
        }
        // One error file per chunk file that had rejected rows.
        assertThat(errorKeys).isNotEmpty().allSatisfy(key -> assertThat(key).endsWith(".jsonl"));
        assertThat(rejected)
                .extracting(row -> row.path("key").get(0).asString())
                .containsExactlyInAnyOrderElementsOf(NOT_ASCII_IDS.stream()
                        .map(id -> String.format("0x%08x", id))
                        .toList());
        assertThat(rejected).allSatisfy(row -> {
            assertThat(row.path("table").asString()).isEqualTo(freshAsciiKeyspace + ".people");
            assertThat(row.path("row").asLong()).isBetween(1L, (long) ERRORS_ROWS);
            assertThat(row.path("error").asString()).containsIgnoringCase("ascii");
        });
        // The operation's events say how many rows were rejected and where they are.
        assertThat(finished(operationId).detail())
                .contains(NOT_ASCII_IDS.size() + " rows rejected")
                .contains(errorKeys);
    }

    /** A table of names, some of them not ASCII, and its logical backup's id. */
    String backupOfNamesSomeNotAscii() throws Exception {
        try (CqlSession cql = cql()) {
            cql.execute("CREATE KEYSPACE " + errorsKeyspace
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            cql.execute("CREATE TABLE " + errorsKeyspace + ".people (id int PRIMARY KEY, name text)");
            var insert = cql.prepare("INSERT INTO " + errorsKeyspace + ".people (id, name) VALUES (?, ?)");
            for (int id = 0; id < ERRORS_ROWS; id++) {
                cql.execute(insert.bind(id, name(id)));
            }
        }
        return logicalBackup(errorsKeyspace, List.of("people"), LogicalFormat.NATIVE);
    }

    static String name(int id) {
        return NOT_ASCII_IDS.contains(id) ? "Zoë " + id : "Zoe " + id;
    }

    RestoreRequested intoAsciiTable(String target, long maxErrors) {
        return LogicalRestoreSteps.logicalRestore(
                errorsBackup, errorsKeyspace, null, Map.of(errorsKeyspace, target), true, maxErrors);
    }

    // --- helpers ---

    /** A logical backup of {@code ks}, which holds only {@code tables}, through the coordinator; its id. */
    String logicalBackup(String ks, List<String> tables, LogicalFormat format) throws Exception {
        // The keyspaces of this suite hold only the tables it restores: the backup takes the whole keyspace.
        assertThat(tables).isNotEmpty();
        return LogicalRestoreSteps.logicalBackup(system, ks, format, "logical-restore-it");
    }

    String restore(RestoreRequested request) throws Exception {
        return LogicalRestoreSteps.restore(system, request);
    }

    JsonNode awaitEnd(String operationId) {
        return system.awaitOperationEnd(operationId, Duration.ofMinutes(5));
    }

    RestoreFinished finished(String operationId) {
        await().atMost(Duration.ofMinutes(1))
                .until(() -> !kafka.of(operationId, RestoreFinished.class).isEmpty());
        return kafka.of(operationId, RestoreFinished.class).get(0);
    }

    RestoreProgress lastProgress(String operationId, String table) {
        await().atMost(Duration.ofMinutes(1))
                .until(() -> kafka.of(operationId, RestoreProgress.class).stream()
                        .anyMatch(p -> p.table().equals(table)));
        List<RestoreProgress> all = kafka.of(operationId, RestoreProgress.class).stream()
                .filter(p -> p.table().equals(table))
                .toList();
        return all.get(all.size() - 1);
    }
}
