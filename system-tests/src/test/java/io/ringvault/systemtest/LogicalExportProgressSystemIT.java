package io.ringvault.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.message.FileStored;
import io.ringvault.common.message.OperationCancelled;
import io.ringvault.common.message.Payload;
import io.ringvault.common.message.SnapshotTaken;
import io.ringvault.storage.ObjectStore;
import io.ringvault.testkit.LocalService;
import io.ringvault.testkit.SharedStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * A logical export shows progress while it runs: the agent announces each chunk file as soon as it is closed, so the
 * uploaders store it and the coordinator counts it before the node reports its totals. The agents export small chunks
 * (200 rows) under a throttle (400 rows a second), so that the export of a few thousand rows takes about 15 s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogicalExportProgressSystemIT {
    private static final String KEYSPACE = "logical_progress_it";
    private static final int ROWS_PER_CHUNK = 200;
    private static final int ROWS_PER_SECOND = 400;
    private static final Map<String, Integer> TABLES = Map.of("events", 4000, "users", 2000);

    private RingvaultSystem system;
    private KafkaEvents kafka;

    @BeforeAll
    void start() throws Exception {
        system = new RingvaultSystem(
                SharedStack.get(),
                null,
                Files.createTempDirectory("ringvault-logical-progress-"),
                null,
                2,
                Map.of(
                        "ringvault.agent.logical.rows-per-chunk", String.valueOf(ROWS_PER_CHUNK),
                        "ringvault.agent.logical.max-rows-per-second", String.valueOf(ROWS_PER_SECOND)));
        try (CqlSession session = cql()) {
            session.execute("DROP KEYSPACE IF EXISTS " + KEYSPACE);
            session.execute("CREATE KEYSPACE " + KEYSPACE
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            for (Map.Entry<String, Integer> table : TABLES.entrySet()) {
                session.execute(
                        "CREATE TABLE " + KEYSPACE + "." + table.getKey() + " (id int PRIMARY KEY, payload text)");
                PreparedStatement insert = session.prepare(
                        "INSERT INTO " + KEYSPACE + "." + table.getKey() + " (id, payload) VALUES (?, ?)");
                List<java.util.concurrent.CompletionStage<?>> pending = new ArrayList<>();
                for (int id = 0; id < table.getValue(); id++) {
                    pending.add(session.executeAsync(insert.bind(id, "payload of row " + id)));
                    if (pending.size() == 64) {
                        pending.forEach(stage -> stage.toCompletableFuture().join());
                        pending.clear();
                    }
                }
                pending.forEach(stage -> stage.toCompletableFuture().join());
            }
        }
        system.start();
        kafka = new KafkaEvents(system.stack.kafkaBootstrapServers(), system.topicPrefix + ".events");
    }

    @AfterAll
    void stop() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
        if (system != null) {
            system.close();
        }
        try (CqlSession session = cql()) {
            session.execute("DROP KEYSPACE IF EXISTS " + KEYSPACE);
        }
    }

    private CqlSession cql() {
        return LogicalRestoreSteps.cql(SharedStack.get().cassandra());
    }

    private Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        try (CqlSession session = cql()) {
            for (String table : TABLES.keySet()) {
                counts.put(
                        KEYSPACE + "." + table,
                        session.execute("SELECT count(*) FROM " + KEYSPACE + "." + table)
                                .one()
                                .getLong(0));
            }
        }
        return counts;
    }

    private String requestLogicalBackup() throws Exception {
        JsonNode accepted = system.post(
                "/api/v1/backups",
                "{\"keyspaces\":[\"" + KEYSPACE + "\"],\"method\":\"logical\"}",
                "logical-progress-it");
        String id = accepted.path("operationId").asString();
        assertThat(id).as(accepted.toString()).isNotBlank();
        return id;
    }

    /** Waits until the operation shows rows stored while its node still exports, and returns that view. */
    private JsonNode awaitRowsStoredWhileExporting(String id) {
        AtomicReference<JsonNode> seen = new AtomicReference<>();
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> {
                    JsonNode operation = system.get("/api/v1/operations/" + id);
                    seen.set(operation);
                    JsonNode node = operation.path("nodes").get(0);
                    return operation.path("progress").path("rowsDone").asLong() > 0
                            && "exporting".equals(node.path("phase").asString());
                });
        return seen.get();
    }

    /** The agent's export directory of {@code backupId}: {@code <work-dir>/logical/<backupId>}. */
    private Path exportDirectory(String backupId) {
        return system.directory.resolve("agent").resolve("logical").resolve(backupId);
    }

    @Test
    @Order(1)
    void shouldStoreChunksAndShowTheirRowsWhileTheExportRuns() throws Exception {
        Map<String, Long> expected = counts();
        String id = requestLogicalBackup();

        JsonNode during = awaitRowsStoredWhileExporting(id);

        JsonNode node = during.path("nodes").get(0);
        assertThat(during.path("state").asString()).isEqualTo("RUNNING");
        assertThat(node.path("state").asString()).as(during.toString()).isEqualTo("RUNNING");
        assertThat(node.path("filesDone").asLong()).isPositive();
        assertThat(node.path("filesTotal").asLong())
                .as("not known while exporting")
                .isZero();
        assertThat(node.path("rowsDone").asLong()).isPositive();
        long rowsDuring = during.path("progress").path("rowsDone").asLong();
        long total = expected.values().stream().mapToLong(Long::longValue).sum();
        assertThat(rowsDuring).as("rows stored while exporting").isLessThan(total);
        assertThat(during.path("rows").properties().stream()
                        .mapToLong(entry -> entry.getValue().asLong())
                        .sum())
                .isEqualTo(rowsDuring);
        assertThat(exportDirectory(id)).isDirectory();

        JsonNode end = system.awaitOperationEnd(id, Duration.ofMinutes(3));
        assertThat(end.path("state").asString()).as(end.toString()).isEqualTo("COMPLETED");
        assertThat(end.path("progress").path("rowsDone").asLong()).isEqualTo(total);

        // On the events topic (one partition per operation, so in order): files stored before the node's totals.
        List<Payload> events = kafka.of(id, Payload.class);
        int firstStored = indexOfFirst(events, FileStored.class);
        int taken = indexOfFirst(events, SnapshotTaken.class);
        assertThat(firstStored).isNotNegative();
        assertThat(taken).isGreaterThan(firstStored);
        long storedBeforeTaken = events.subList(0, taken).stream()
                .filter(FileStored.class::isInstance)
                .count();
        SnapshotTaken totals = (SnapshotTaken) events.get(taken);
        assertThat(storedBeforeTaken).as("stored before node.snapshot.taken").isPositive();
        assertThat(kafka.of(id, FileStored.class)).hasSize((int) totals.fileCount());
        assertThat(totals.rows()).isEqualTo(expected);

        try (ObjectStore store = system.objectStore()) {
            BackupManifest manifest = RingvaultSystem.CODEC
                    .mapper()
                    .readValue(
                            store.getSmall(system.layout().backupManifest(id)).orElseThrow(), BackupManifest.class);
            assertThat(manifest.rows()).isEqualTo(expected);
            Map<String, Long> rowsOfFiles = new TreeMap<>();
            long chunks = 0;
            for (BackupManifest.NodeEntry nodeEntry : manifest.nodes()) {
                NodeManifest nodeManifest = RingvaultSystem.CODEC
                        .mapper()
                        .readValue(store.getSmall(nodeEntry.manifestKey()).orElseThrow(), NodeManifest.class);
                for (NodeManifest.File file : nodeManifest.files()) {
                    assertThat(file.rows()).as(file.objectKey()).isBetween(1L, (long) ROWS_PER_CHUNK);
                    assertThat(store.head(file.objectKey()))
                            .as(file.objectKey())
                            .isPresent();
                    rowsOfFiles.merge(file.keyspace() + "." + file.table(), file.rows(), Long::sum);
                    chunks++;
                }
            }
            assertThat(rowsOfFiles).isEqualTo(expected);
            assertThat(chunks).isEqualTo(totals.fileCount());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(exportDirectory(id)));
    }

    @Test
    @Order(2)
    void shouldStopARunningExportWhenTheBackupIsCancelledAndLeaveNothingOnceCollected() throws Exception {
        String id = requestLogicalBackup();
        awaitRowsStoredWhileExporting(id);
        assertThat(exportDirectory(id)).isDirectory();

        JsonNode cancel = system.post("/api/v1/operations/" + id + "/cancel", "{}", "logical-progress-it");
        assertThat(cancel.toString()).doesNotContain("\"status\":4");

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(system.get("/api/v1/operations/" + id)
                                .path("state")
                                .asString())
                        .isEqualTo("CANCELLED"));
        // The export stopped, and the agent removed what it wrote.
        await().atMost(Duration.ofSeconds(60)).until(() -> !Files.exists(exportDirectory(id)));
        assertThat(kafka.of(id, OperationCancelled.class)).hasSize(1);
        assertThat(kafka.of(id, SnapshotTaken.class))
                .as("the export never finished")
                .isEmpty();
        List<String> storedKeys = kafka.of(id, FileStored.class).stream()
                .map(FileStored::objectKey)
                .toList();
        assertThat(storedKeys).as("files stored before the cancel").isNotEmpty();

        try (ObjectStore store = system.objectStore()) {
            assertThat(store.getSmall(system.layout().backupManifest(id))).isEmpty();
        }
        // As for a cancelled snapshot backup, the files it stored go with the next garbage collection.
        try (LocalService restorer = system.startRestorer("restorer-logical-progress", Map.of())) {
            JsonNode accepted = system.post(
                    "/api/v1/backups/gc", "{\"requestedBy\":\"logical-progress-it\",\"gracePeriod\":\"PT0S\"}");
            String gc = accepted.path("operationId").asString();
            assertThat(gc).as(accepted.toString()).isNotBlank();
            JsonNode collected = system.awaitOperationEnd(gc, Duration.ofMinutes(3));
            assertThat(collected.path("state").asString())
                    .as(collected.toString())
                    .isEqualTo("COMPLETED");
        }
        try (ObjectStore store = system.objectStore()) {
            for (String key : storedKeys) {
                assertThat(store.head(key)).as(key).isEmpty();
            }
        }
    }

    private static int indexOfFirst(List<Payload> events, Class<? extends Payload> type) {
        for (int i = 0; i < events.size(); i++) {
            if (type.isInstance(events.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
