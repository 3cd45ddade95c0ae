package io.ringvault.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ringvault.common.Envelope;
import io.ringvault.common.MessageType;
import io.ringvault.common.backup.BackupIndex;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.ClearSnapshot;
import io.ringvault.common.message.FileStored;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.OperationCancelled;
import io.ringvault.common.message.Payload;
import io.ringvault.common.message.SnapshotTaken;
import io.ringvault.common.message.TakeSnapshot;
import io.ringvault.storage.FilesystemObjectStore;
import io.ringvault.storage.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The coordinator on real Kafka and Cassandra; the test plays the node agent and uploader where it needs them. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CoordinatorIT {
    static final CoordinatorHarness harness =
            new CoordinatorHarness("it-coord-" + UUID.randomUUID().toString().substring(0, 8));
    static final String KEYSPACE = "coord_it";

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void stackProperties(DynamicPropertyRegistry registry) {
        harness.properties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @BeforeAll
    static void createSchema() {
        harness.createKeyspace(KEYSPACE, "users", "orders");
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    JsonNode awaitOperation(String id, String state) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    CoordinatorHarness.Response response = harness.get(url(), "/api/v1/operations/" + id);
                    assertThat(response.status()).isEqualTo(200);
                    last[0] = response.body();
                    assertThat(response.body().get("state").asString()).isEqualTo(state);
                });
        return last[0];
    }

    @Test
    void shouldAcceptABackupOverRestAndSendTheSnapshotCommandToTheRealNode() throws Exception {
        CoordinatorHarness.Response response = harness.post(
                url(),
                "/api/v1/backups",
                "{\"keyspaces\":[\"" + KEYSPACE + "\"],\"tables\":[\"" + KEYSPACE
                        + ".users\"],\"requestedBy\":\"alice\"}",
                Map.of());

        assertThat(response.status()).isEqualTo(202);
        String id = response.body().get("operationId").asString();
        JsonNode operation = awaitOperation(id, "ACCEPTED");
        assertThat(operation.get("kind").asString()).isEqualTo("backup");
        assertThat(operation.get("requestedBy").asString()).isEqualTo("alice");
        assertThat(operation.get("channel").asString()).isEqualTo("rest");
        assertThat(operation.get("request").get("mode").asString()).isEqualTo("differential");
        assertThat(operation.get("nodes")).hasSize(1);
        assertThat(operation.get("nodes").get(0).get("hostId").asString()).isEqualTo(harness.localHostId());
        assertThat(operation.get("datacenters").get(0).get("name").asString())
                .isEqualTo(harness.stack.cassandra().datacenter());

        List<Envelope<Payload>> commands = harness.messages(harness.topic("commands"));
        assertThat(commands)
                .filteredOn(c -> id.equals(c.subject()) && c.data() instanceof TakeSnapshot)
                .singleElement()
                .satisfies(command -> {
                    TakeSnapshot snapshot = (TakeSnapshot) command.data();
                    assertThat(snapshot.backupId()).isEqualTo(id);
                    assertThat(snapshot.tables()).containsExactly(KEYSPACE + ".users");
                    assertThat(snapshot.nodes()).extracting(NodeRef::hostId).containsExactly(harness.localHostId());
                });

        JsonNode events =
                harness.get(url(), "/api/v1/operations/" + id + "/events").body();
        assertThat(events.get(0).get("type").asString()).isEqualTo("io.ringvault.operation.accepted");
        assertThat(events.get(0).get("subject").asString()).isEqualTo(id);
        assertThat(events.get(0).get("data").get("requestSource").asString()).isEqualTo("/ringvault/rest");
    }

    @Test
    void shouldAcceptARawJsonRequestPublishedWithPlainKafkaClients() throws Exception {
        String id = "nightly-" + UUID.randomUUID();
        harness.publishRaw(
                harness.topic("requests"),
                id,
                CoordinatorHarness.backupRequest(
                        id,
                        "/cron/nightly",
                        "{\"keyspaces\":[\"" + KEYSPACE + "\"],\"mode\":\"full\",\"requestedBy\":\"cron\"}"));

        JsonNode operation = awaitOperation(id, "ACCEPTED");
        assertThat(operation.get("channel").asString()).isEqualTo("kafka");
        assertThat(operation.get("requestSource").asString()).isEqualTo("/cron/nightly");
        assertThat(operation.get("request").get("mode").asString()).isEqualTo("full");
    }

    @Test
    void shouldMakeOneOperationOfARequestSentTwice() throws Exception {
        String id = "twice-" + UUID.randomUUID();
        String request = CoordinatorHarness.backupRequest(id, "/test", "{\"keyspaces\":[\"" + KEYSPACE + "\"]}");
        harness.publishRaw(harness.topic("requests"), id, request);
        harness.publishRaw(harness.topic("requests"), id, request);
        awaitOperation(id, "ACCEPTED");

        String key = "rest-twice-" + UUID.randomUUID();
        String body = "{\"keyspaces\":[\"" + KEYSPACE + "\"]}";
        CoordinatorHarness.Response first =
                harness.post(url(), "/api/v1/backups", body, Map.of("Idempotency-Key", key));
        CoordinatorHarness.Response second =
                harness.post(url(), "/api/v1/backups", body, Map.of("Idempotency-Key", key));
        assertThat(first.body().get("operationId").asString()).isEqualTo(key);
        assertThat(second.body().get("operationId").asString()).isEqualTo(key);
        assertThat(second.body().get("duplicate").asBoolean()).isTrue();

        // Give a second acceptance every chance to show up before counting.
        Thread.sleep(1000);
        for (String operationId : List.of(id, key)) {
            List<Envelope<Payload>> accepted = harness.messages(harness.topic("events")).stream()
                    .filter(e -> operationId.equals(e.subject()) && e.type() == MessageType.OPERATION_ACCEPTED)
                    .toList();
            assertThat(accepted).as("accepted events of %s", operationId).hasSize(1);
            long snapshotCommands = harness.messages(harness.topic("commands")).stream()
                    .filter(e -> operationId.equals(e.subject()) && e.type() == MessageType.TAKE_SNAPSHOT)
                    .count();
            assertThat(snapshotCommands).isEqualTo(1);
        }
        long listed = 0;
        for (JsonNode op : harness.get(url(), "/api/v1/operations").body()) {
            listed += op.get("id").asString().equals(key)
                            || op.get("id").asString().equals(id)
                    ? 1
                    : 0;
        }
        assertThat(listed).isEqualTo(2);
    }

    @Test
    void shouldDeadLetterMalformedAndInvalidRequestsAndStillProcessTheNextOne() throws Exception {
        String garbage = "{this is not json";
        String unknownKeyspaceId = "bad-ks-" + UUID.randomUUID();
        String unknownKeyspace =
                CoordinatorHarness.backupRequest(unknownKeyspaceId, "/test", "{\"keyspaces\":[\"no_such_keyspace\"]}");
        String javaClassType = unknownKeyspace
                .replace(unknownKeyspaceId, "bad-type-" + UUID.randomUUID())
                .replace("io.ringvault.backup.requested", "io.ringvault.common.message.BackupRequested");
        String validId = "after-poison-" + UUID.randomUUID();
        harness.publishRaw(harness.topic("requests"), "x", garbage);
        harness.publishRaw(harness.topic("requests"), unknownKeyspaceId, unknownKeyspace);
        harness.publishRaw(harness.topic("requests"), "y", javaClassType);
        harness.publishRaw(
                harness.topic("requests"),
                validId,
                CoordinatorHarness.backupRequest(validId, "/test", "{\"keyspaces\":[\"" + KEYSPACE + "\"]}"));

        awaitOperation(validId, "ACCEPTED");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<ConsumerRecord<String, byte[]>> dead = harness.readAll(harness.topic("dlq"));
            assertThat(dead)
                    .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .contains(garbage, unknownKeyspace, javaClassType);
            assertThat(dead)
                    .extracting(r -> header(r, "ringvault.rejection.reason"))
                    .contains("malformed-json", "unknown-keyspace", "unknown-type");
            assertThat(dead)
                    .filteredOn(r -> "unknown-keyspace".equals(header(r, "ringvault.rejection.reason")))
                    .allSatisfy(r ->
                            assertThat(header(r, "ringvault.rejection.detail")).contains("no_such_keyspace"));
        });
        JsonNode history = harness.get(url(), "/api/v1/operations/" + unknownKeyspaceId + "/events")
                .body();
        assertThat(history.get(0).get("type").asString()).isEqualTo("io.ringvault.request.rejected");
        assertThat(history.get(0).get("data").get("reason").asString()).isEqualTo("unknown-keyspace");
        assertThat(harness.get(url(), "/api/v1/operations/" + unknownKeyspaceId).status())
                .isEqualTo(404);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldRejectBadRestRequestsWithProblemJsonNamingTheProblem() throws Exception {
        Map<String, String[]> cases = Map.of(
                "{\"keyspaces\":[\"nope_ks\"]}",
                new String[] {"unknown-keyspace", "nope_ks"},
                "{\"keyspaces\":[\"" + KEYSPACE + "\"],\"tables\":[\"" + KEYSPACE + ".nope\"]}",
                new String[] {"unknown-table", KEYSPACE + ".nope"},
                "{\"keyspaces\":[\"" + KEYSPACE + "\"],\"datacenters\":[\"mars\"]}",
                new String[] {"unknown-datacenter", "mars"},
                "{\"tables\":[]}",
                new String[] {"invalid-data", "keyspaces"},
                "{\"keyspaces\":[\"" + KEYSPACE + "\"],\"mode\":\"weekly\"}",
                new String[] {"invalid-data", "weekly"},
                "{\"keyspaces\":[",
                new String[] {"malformed-json", "could not be read"});
        for (Map.Entry<String, String[]> entry : cases.entrySet()) {
            CoordinatorHarness.Response response = harness.post(url(), "/api/v1/backups", entry.getKey(), Map.of());
            assertThat(response.status()).as(entry.getKey()).isEqualTo(400);
            assertThat(response.contentType()).as(entry.getKey()).startsWith("application/problem+json");
            assertThat(response.body().path("reason").asString())
                    .as(entry.getKey() + " -> " + response.body())
                    .isEqualTo(entry.getValue()[0]);
            assertThat(response.body().get("detail").asString())
                    .as(entry.getKey())
                    .contains(entry.getValue()[1]);
        }

        CoordinatorHarness.Response restore =
                harness.post(url(), "/api/v1/restores", "{\"backupId\":\"no-such-backup\"}", Map.of());
        assertThat(restore.status()).isEqualTo(400);
        assertThat(restore.body().get("reason").asString()).isEqualTo("unknown-backup");
        assertThat(restore.body().get("detail").asString()).contains("no-such-backup");

        CoordinatorHarness.Response missing = harness.get(url(), "/api/v1/operations/never-heard-of-it");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
    }

    @Test
    void shouldCompleteABackupOnceEveryFileIsStoredAndThenAcceptItsRestore() throws Exception {
        String id = harness.post(url(), "/api/v1/backups", "{\"keyspaces\":[\"" + KEYSPACE + "\"]}", Map.of())
                .body()
                .get("operationId")
                .asString();
        TakeSnapshot command = awaitCommand(id);
        NodeRef node = command.nodes().get(0);

        // The test plays the node agent and an uploader (the real ones arrive with the backup issue).
        harness.publish(
                harness.topic("events"),
                id,
                new SnapshotTaken(
                        node, 2, 300, "5.0.9", List.of("-42", "42"), Map.of(KEYSPACE, "CREATE KEYSPACE coord_it;")));
        harness.publish(
                harness.topic("events"),
                id,
                new FileStored(node, KEYSPACE, "users", "nb-1-big-Data.db", "k/1", 200, "crc32c:1", false));
        // Delivered twice, counted once.
        harness.publish(
                harness.topic("events"),
                id,
                new FileStored(node, KEYSPACE, "users", "nb-1-big-Data.db", "k/1", 200, "crc32c:1", false));
        JsonNode running = awaitOperation(id, "RUNNING");
        assertThat(running.get("phase").asString()).isEqualTo("upload");
        assertThat(running.get("progress").get("filesDone").asLong()).isEqualTo(1);
        assertThat(running.get("progress").get("filesTotal").asLong()).isEqualTo(2);

        harness.publish(
                harness.topic("events"),
                id,
                new FileStored(node, KEYSPACE, "users", "nb-1-big-Index.db", "k/2", 100, "crc32c:2", true));
        JsonNode done = awaitOperation(id, "COMPLETED");
        assertThat(done.get("progress").get("bytesDone").asLong()).isEqualTo(300);
        assertThat(done.get("progress").get("bytesTransferred").asLong()).isEqualTo(200);
        assertThat(done.get("nodes").get(0).get("state").asString()).isEqualTo("DONE");
        assertThat(harness.messages(harness.topic("commands")))
                .anyMatch(c -> id.equals(c.subject()) && c.data() instanceof ClearSnapshot);

        JsonNode backup = harness.get(url(), "/api/v1/backups/" + id).body();
        assertThat(backup.get("state").asString()).isEqualTo("COMPLETED");
        assertThat(backup.get("files").asLong()).isEqualTo(2);

        // Self-describing: the bucket alone holds the manifests and the index.
        ObjectLayout layout = new ObjectLayout("", "it-cluster");
        try (ObjectStore store = new FilesystemObjectStore(harness.objectStoreRoot)) {
            BackupManifest manifest = CoordinatorHarness.CODEC
                    .mapper()
                    .readValue(store.getSmall(layout.backupManifest(id)).orElseThrow(), BackupManifest.class);
            assertThat(manifest.backupId()).isEqualTo(id);
            assertThat(manifest.schema()).containsEntry(KEYSPACE, "CREATE KEYSPACE coord_it;");
            assertThat(manifest.nodes()).singleElement().satisfies(entry -> {
                assertThat(entry.hostId()).isEqualTo(node.hostId());
                assertThat(entry.files()).isEqualTo(2);
                assertThat(entry.bytes()).isEqualTo(300);
            });
            NodeManifest nodeManifest = CoordinatorHarness.CODEC
                    .mapper()
                    .readValue(
                            store.getSmall(layout.nodeManifest(id, node.hostId()))
                                    .orElseThrow(),
                            NodeManifest.class);
            assertThat(nodeManifest.tokens()).containsExactly("-42", "42");
            assertThat(nodeManifest.files())
                    .extracting(NodeManifest.File::objectKey, NodeManifest.File::checksum, NodeManifest.File::reused)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("k/1", "crc32c:1", false),
                            org.assertj.core.groups.Tuple.tuple("k/2", "crc32c:2", true));
            BackupIndex index = CoordinatorHarness.CODEC
                    .mapper()
                    .readValue(store.getSmall(layout.index()).orElseThrow(), BackupIndex.class);
            assertThat(index.backups()).extracting(BackupIndex.Entry::backupId).contains(id);
        }

        CoordinatorHarness.Response restore = harness.post(
                url(),
                "/api/v1/restores",
                "{\"backupId\":\"" + id + "\",\"tables\":[\"" + KEYSPACE + ".users\"]}",
                Map.of());
        assertThat(restore.status()).isEqualTo(202);
        JsonNode restoreOp = awaitOperation(restore.body().get("operationId").asString(), "ACCEPTED");
        assertThat(restoreOp.get("kind").asString()).isEqualTo("restore");
    }

    @Test
    void shouldListAndRestoreABackupThatOnlyTheBucketKnows() throws Exception {
        // A backup of another deployment (or from before the event log was lost): only its objects exist.
        String id = "bucket-only-" + java.util.UUID.randomUUID();
        NodeRef node = new NodeRef(harness.localHostId(), "127.0.0.1", "dc1", "rack1");
        java.time.Instant completed = java.time.Instant.parse("2026-01-02T03:04:05Z");
        try (ObjectStore store = new FilesystemObjectStore(harness.objectStoreRoot)) {
            new io.ringvault.coordinator.catalog.BackupCatalog(
                            store, new ObjectLayout("", "it-cluster"), CoordinatorHarness.CODEC.mapper())
                    .publish(
                            id,
                            new io.ringvault.common.message.BackupRequested(
                                    List.of(KEYSPACE), List.of(), List.of(), BackupMode.FULL, "test"),
                            completed.minusSeconds(30),
                            completed,
                            List.of(new NodeManifest(
                                    id,
                                    node,
                                    "5.0.9",
                                    List.of("0"),
                                    Map.of(KEYSPACE, "CREATE KEYSPACE " + KEYSPACE + ";"),
                                    List.of(new NodeManifest.File(
                                            KEYSPACE, "users", "nb-1-big-Data.db", "k/1", 10, "sha256:00", false)),
                                    completed)));
        }

        CoordinatorHarness.Response list = harness.get(url(), "/api/v1/backups");
        assertThat(list.status()).isEqualTo(200);
        JsonNode listed = null;
        for (JsonNode backup : list.body()) {
            if (backup.get("id").asString().equals(id)) {
                listed = backup;
            }
        }
        assertThat(listed).as("listed from the bucket's index: %s", list.body()).isNotNull();
        assertThat(listed.get("state").asString()).isEqualTo("COMPLETED");
        assertThat(listed.get("mode").asString()).isEqualTo("full");
        assertThat(listed.get("files").asLong()).isEqualTo(1);
        assertThat(harness.get(url(), "/api/v1/backups/" + id).status()).isEqualTo(200);

        CoordinatorHarness.Response restore =
                harness.post(url(), "/api/v1/restores", "{\"backupId\":\"" + id + "\"}", Map.of());
        assertThat(restore.status()).as(restore.body().toString()).isEqualTo(202);
        CoordinatorHarness.Response notInBackup = harness.post(
                url(), "/api/v1/restores", "{\"backupId\":\"" + id + "\",\"keyspaces\":[\"other_ks\"]}", Map.of());
        assertThat(notInBackup.status()).isEqualTo(400);
        assertThat(notInBackup.body().get("reason").asString()).isEqualTo("not-in-backup");
    }

    /** Writes a complete backup of {@code nodes} straight into the bucket, as another deployment would have. */
    private String bucketOnlyBackup(List<NodeRef> nodes) throws Exception {
        String id = "bucket-only-" + java.util.UUID.randomUUID();
        java.time.Instant completed = java.time.Instant.parse("2026-01-02T03:04:05Z");
        try (ObjectStore store = new FilesystemObjectStore(harness.objectStoreRoot)) {
            new io.ringvault.coordinator.catalog.BackupCatalog(
                            store, new ObjectLayout("", "it-cluster"), CoordinatorHarness.CODEC.mapper())
                    .publish(
                            id,
                            new io.ringvault.common.message.BackupRequested(
                                    List.of(KEYSPACE), List.of(), List.of(), BackupMode.FULL, "test"),
                            completed.minusSeconds(30),
                            completed,
                            nodes.stream()
                                    .map(node -> new NodeManifest(
                                            id,
                                            node,
                                            "5.0.9",
                                            List.of("0"),
                                            Map.of(KEYSPACE, "CREATE KEYSPACE " + KEYSPACE + ";"),
                                            List.of(new NodeManifest.File(
                                                    KEYSPACE,
                                                    "users",
                                                    "nb-1-big-Data.db",
                                                    "k/" + node.hostId(),
                                                    10,
                                                    "sha256:00",
                                                    false)),
                                            completed))
                                    .toList());
        }
        return id;
    }

    @Test
    void shouldAcceptAVerifyOnceAndFailItAsBackupCorruptWhenTheRestorerReportsProblems() throws Exception {
        NodeRef node = new NodeRef(harness.localHostId(), "127.0.0.1", "dc1", "rack1");
        String backupId = bucketOnlyBackup(List.of(node));
        String key = "verify-" + UUID.randomUUID();
        String body = "{\"deep\":true,\"requestedBy\":\"alice\"}";
        CoordinatorHarness.Response first =
                harness.post(url(), "/api/v1/backups/" + backupId + "/verify", body, Map.of("Idempotency-Key", key));
        CoordinatorHarness.Response second =
                harness.post(url(), "/api/v1/backups/" + backupId + "/verify", body, Map.of("Idempotency-Key", key));
        assertThat(first.status()).as(first.body().toString()).isEqualTo(202);
        assertThat(first.body().get("operationId").asString()).isEqualTo(key);
        assertThat(second.body().get("duplicate").asBoolean()).isTrue();
        CoordinatorHarness.Response unknown =
                harness.post(url(), "/api/v1/backups/no-such-backup/verify", "{}", Map.of());
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get("reason").asString()).isEqualTo("unknown-backup");
        assertThat(unknown.body().get("detail").asString()).contains("no-such-backup");

        // One command for the restorers, whatever the number of requests.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> harness.messages(harness.topic("commands")).stream()
                        .anyMatch(e -> key.equals(e.subject()) && e.type() == MessageType.START_VERIFY));
        List<io.ringvault.common.message.StartVerify> commands = harness.messages(harness.topic("commands")).stream()
                .filter(e -> key.equals(e.subject()) && e.type() == MessageType.START_VERIFY)
                .map(e -> (io.ringvault.common.message.StartVerify) e.data())
                .toList();
        assertThat(commands)
                .containsExactly(new io.ringvault.common.message.StartVerify(
                        new io.ringvault.common.message.VerifyRequested(backupId, true, "alice"), "it-cluster"));

        // The test plays the restorer.
        harness.publish(harness.topic("events"), key, new io.ringvault.common.message.VerifyProgress(0, 1, 0, 10, 0));
        JsonNode running = awaitOperation(key, "RUNNING");
        assertThat(running.get("kind").asString()).isEqualTo("verify");
        assertThat(running.get("progress").get("filesTotal").asLong()).isEqualTo(1);
        io.ringvault.common.message.VerifyFinished.Problem missing =
                new io.ringvault.common.message.VerifyFinished.Problem(
                        io.ringvault.common.message.VerifyFinished.ProblemKind.MISSING,
                        "k/" + node.hostId(),
                        node,
                        KEYSPACE,
                        "users",
                        10L,
                        null,
                        null,
                        null,
                        "object k/" + node.hostId() + ": not in the store");
        harness.publish(
                harness.topic("events"),
                key,
                new io.ringvault.common.message.VerifyFinished(
                        io.ringvault.common.message.VerifyFinished.Outcome.COMPLETED,
                        true,
                        1,
                        1,
                        10,
                        1,
                        List.of(missing),
                        null,
                        null));

        JsonNode failed = awaitOperation(key, "FAILED");
        assertThat(failed.get("failure").get("reason").asString()).isEqualTo("backup-corrupt");
        assertThat(failed.get("failure").get("detail").asString()).contains(backupId, "k/" + node.hostId());
        JsonNode problem = failed.get("verify").get("problems").get(0);
        assertThat(problem.get("kind").asString()).isEqualTo("missing");
        assertThat(problem.get("objectKey").asString()).isEqualTo("k/" + node.hostId());
        assertThat(problem.get("node").get("hostId").asString()).isEqualTo(node.hostId());
        assertThat(problem.get("table").asString()).isEqualTo("users");

        // The same request from any system, on the requests topic.
        String fromKafka = "verify-kafka-" + UUID.randomUUID();
        harness.publishRaw(
                harness.topic("requests"),
                fromKafka,
                CoordinatorHarness.backupRequest(fromKafka, "/cron/weekly", "{\"backupId\":\"" + backupId + "\"}")
                        .replace("io.ringvault.backup.requested", "io.ringvault.backup.verify.requested"));
        JsonNode accepted = awaitOperation(fromKafka, "ACCEPTED");
        assertThat(accepted.get("kind").asString()).isEqualTo("verify");
        assertThat(accepted.get("channel").asString()).isEqualTo("kafka");
        assertThat(accepted.get("request").get("backupId").asString()).isEqualTo(backupId);
    }

    @Test
    void shouldTakeADeletedBackupOffTheIndexAndEndTheDeleteAsTheRestorerSays() throws Exception {
        NodeRef node = new NodeRef(harness.localHostId(), "127.0.0.1", "dc1", "rack1");
        String backupId = bucketOnlyBackup(List.of(node));
        CoordinatorHarness.Response unknown = harness.delete(url(), "/api/v1/backups/no-such-backup", Map.of());
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get("reason").asString()).isEqualTo("unknown-backup");
        assertThat(unknown.body().get("detail").asString()).contains("no-such-backup");

        // Backups other tests left running are refused a delete (backup-in-progress) until they time out.
        String[] key = new String[1];
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    key[0] = "delete-" + UUID.randomUUID();
                    CoordinatorHarness.Response response = harness.delete(
                            url(),
                            "/api/v1/backups/" + backupId,
                            Map.of("Idempotency-Key", key[0], "X-Requested-By", "alice"));
                    assertThat(response.status()).as(response.body().toString()).isEqualTo(202);
                });
        String id = key[0];
        CoordinatorHarness.Response again = harness.delete(
                url(), "/api/v1/backups/" + backupId, Map.of("Idempotency-Key", id, "X-Requested-By", "alice"));
        assertThat(again.body().get("duplicate").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> harness.messages(harness.topic("commands")).stream()
                        .anyMatch(e -> id.equals(e.subject()) && e.type() == MessageType.START_DELETE));
        assertThat(harness.messages(harness.topic("commands")).stream()
                        .filter(e -> id.equals(e.subject()) && e.type() == MessageType.START_DELETE)
                        .map(e -> e.data()))
                .containsExactly(new io.ringvault.common.message.StartDelete(
                        new io.ringvault.common.message.DeleteRequested(backupId, "alice"), "it-cluster"));
        try (ObjectStore store = new FilesystemObjectStore(harness.objectStoreRoot)) {
            assertThat(new io.ringvault.coordinator.catalog.BackupCatalog(
                                    store, new ObjectLayout("", "it-cluster"), CoordinatorHarness.CODEC.mapper())
                            .index()
                            .backups())
                    .as("off the index before the restorer deletes anything")
                    .noneMatch(entry -> entry.backupId().equals(backupId));
        }
        // While it runs, a backup is refused.
        CoordinatorHarness.Response backup =
                harness.post(url(), "/api/v1/backups", "{\"keyspaces\":[\"" + KEYSPACE + "\"]}", Map.of());
        assertThat(backup.status()).as(backup.body().toString()).isEqualTo(409);
        assertThat(backup.body().get("reason").asString()).isEqualTo("backup-in-progress");

        // The test plays the restorer: the store fails half-way.
        harness.publish(harness.topic("events"), id, new io.ringvault.common.message.DeleteProgress(0, 1, 0));
        JsonNode running = awaitOperation(id, "RUNNING");
        assertThat(running.get("kind").asString()).isEqualTo("delete");
        assertThat(running.get("delete").get("objectsToDelete").asLong()).isEqualTo(1);
        harness.publish(
                harness.topic("events"),
                id,
                new io.ringvault.common.message.DeleteFinished(
                        io.ringvault.common.message.DeleteFinished.Outcome.FAILED,
                        0,
                        0,
                        0,
                        1,
                        FailureReason.STORAGE_FAILED,
                        "the delete failed deleting objects (access-denied): denied"));
        JsonNode failed = awaitOperation(id, "FAILED");
        assertThat(failed.get("failure").get("reason").asString()).isEqualTo("storage-failed");
        assertThat(failed.get("failure").get("detail").asString()).contains(backupId, "a new delete");

        // The same backup again, from any system on the requests topic: the event log does not know it, but its
        // manifests are still in the store (no restorer deleted anything here).
        String fromKafka = "delete-kafka-" + UUID.randomUUID();
        harness.publishRaw(
                harness.topic("requests"),
                fromKafka,
                CoordinatorHarness.backupRequest(fromKafka, "/cron/weekly", "{\"backupId\":\"" + backupId + "\"}")
                        .replace("io.ringvault.backup.requested", "io.ringvault.backup.delete.requested"));
        JsonNode accepted = awaitOperation(fromKafka, "ACCEPTED");
        assertThat(accepted.get("kind").asString()).isEqualTo("delete");
        assertThat(accepted.get("channel").asString()).isEqualTo("kafka");
        harness.publish(
                harness.topic("events"),
                fromKafka,
                new io.ringvault.common.message.DeleteFinished(
                        io.ringvault.common.message.DeleteFinished.Outcome.COMPLETED, 1, 0, 10, 1, null, null));
        JsonNode completed = awaitOperation(fromKafka, "COMPLETED");
        assertThat(completed.get("delete").get("objectsDeleted").asLong()).isEqualTo(1);
        assertThat(completed.get("delete").get("bytesFreed").asLong()).isEqualTo(10);

        assertThat(harness.get(url(), "/api/v1/backups/" + backupId).status()).isEqualTo(404);
        for (JsonNode backupListed : harness.get(url(), "/api/v1/backups").body()) {
            assertThat(backupListed.get("id").asString()).isNotEqualTo(backupId);
        }
        CoordinatorHarness.Response restore =
                harness.post(url(), "/api/v1/restores", "{\"backupId\":\"" + backupId + "\"}", Map.of());
        assertThat(restore.status()).isEqualTo(400);
        assertThat(restore.body().get("reason").asString()).isEqualTo("backup-deleted");
        assertThat(restore.body().get("detail").asString()).contains(fromKafka);
    }

    /** A backup only the bucket knows, completed at {@code completed}, with one object of its own. */
    private String bucketOnlyBackupCompletedAt(NodeRef node, java.time.Instant completed) {
        String id = "purged-" + UUID.randomUUID();
        try (ObjectStore store = new FilesystemObjectStore(harness.objectStoreRoot)) {
            new io.ringvault.coordinator.catalog.BackupCatalog(
                            store, new ObjectLayout("", "it-cluster"), CoordinatorHarness.CODEC.mapper())
                    .publish(
                            id,
                            new io.ringvault.common.message.BackupRequested(
                                    List.of(KEYSPACE), List.of(), List.of(), BackupMode.FULL, "test"),
                            completed.minusSeconds(30),
                            completed,
                            List.of(new NodeManifest(
                                    id,
                                    node,
                                    "5.0.9",
                                    List.of("0"),
                                    Map.of(KEYSPACE, "CREATE KEYSPACE " + KEYSPACE + ";"),
                                    List.of(new NodeManifest.File(
                                            KEYSPACE, "users", "nb-1-big-Data.db", "k/" + id, 10, "sha256:00", false)),
                                    completed)));
        }
        return id;
    }

    private List<String> indexedBackups() {
        try (ObjectStore store = new FilesystemObjectStore(harness.objectStoreRoot)) {
            return new io.ringvault.coordinator.catalog.BackupCatalog(
                            store, new ObjectLayout("", "it-cluster"), CoordinatorHarness.CODEC.mapper())
                    .index().backups().stream().map(BackupIndex.Entry::backupId).toList();
        }
    }

    /**
     * Purges over REST and Kafka. The bucket holds the backups of the other tests too, so the policy is keep-last
     * (everything but this test's two backups, the oldest of the bucket): the purge chooses exactly those two.
     */
    @Test
    void shouldPlanAPurgeDryRunThenPurgeTakingTheChosenBackupsOffTheIndex() throws Exception {
        NodeRef node = new NodeRef(harness.localHostId(), "127.0.0.1", "dc1", "rack1");
        String oldest = bucketOnlyBackupCompletedAt(node, java.time.Instant.parse("2020-01-01T00:00:00Z"));
        String older = bucketOnlyBackupCompletedAt(node, java.time.Instant.parse("2020-02-01T00:00:00Z"));

        CoordinatorHarness.Response invalid =
                harness.post(url(), "/api/v1/backups/purge", "{\"retention\":{\"keepLast\":0}}", Map.of());
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body().get("reason").asString()).isEqualTo("invalid-retention");
        assertThat(invalid.body().get("detail").asString()).contains("keepLast 0");
        CoordinatorHarness.Response noPolicy = harness.post(url(), "/api/v1/backups/purge", "{}", Map.of());
        assertThat(noPolicy.status()).as(noPolicy.body().toString()).isIn(400, 409);
        if (noPolicy.status() == 400) {
            assertThat(noPolicy.body().get("reason").asString()).isEqualTo("no-retention-policy");
        }

        // A dry run over REST, once. Backups other tests left running refuse it (backup-in-progress) until they time
        // out.
        String[] dry = new String[1];
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    dry[0] = "purge-dry-" + UUID.randomUUID();
                    CoordinatorHarness.Response response = harness.post(
                            url(),
                            "/api/v1/backups/purge",
                            "{\"dryRun\":true,\"retention\":{\"keepLast\":"
                                    + (indexedBackups().size() - 2) + "}}",
                            Map.of("Idempotency-Key", dry[0], "X-Requested-By", "alice"));
                    assertThat(response.status()).as(response.body().toString()).isEqualTo(202);
                });
        CoordinatorHarness.Response duplicate = harness.post(
                url(),
                "/api/v1/backups/purge",
                "{\"dryRun\":true}",
                Map.of("Idempotency-Key", dry[0], "X-Requested-By", "alice"));
        assertThat(duplicate.body().get("duplicate").asBoolean()).isTrue();
        JsonNode dryRun = awaitOperation(dry[0], "ACCEPTED");
        assertThat(dryRun.get("kind").asString()).isEqualTo("purge");
        assertThat(dryRun.get("requestedBy").asString()).isEqualTo("alice");
        assertThat(dryRun.get("purge").get("dryRun").asBoolean()).isTrue();
        List<String> chosen = new java.util.ArrayList<>();
        dryRun.get("purge")
                .get("plan")
                .get("delete")
                .forEach(b -> chosen.add(b.get("backupId").asString()));
        assertThat(chosen).containsExactly(oldest, older);
        assertThat(indexedBackups()).as("a dry run leaves the index as it is").contains(oldest, older);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> harness.messages(harness.topic("commands")).stream()
                        .anyMatch(e -> dry[0].equals(e.subject()) && e.type() == MessageType.START_PURGE));
        io.ringvault.common.message.StartPurge dryCommand =
                (io.ringvault.common.message.StartPurge) harness.messages(harness.topic("commands")).stream()
                        .filter(e -> dry[0].equals(e.subject()) && e.type() == MessageType.START_PURGE)
                        .findFirst()
                        .orElseThrow()
                        .data();
        assertThat(dryCommand.dryRun()).isTrue();
        assertThat(dryCommand.backups())
                .extracting(io.ringvault.common.message.PurgePlan.Chosen::backupId)
                .containsExactly(oldest, older);
        // The test plays the restorer.
        harness.publish(
                harness.topic("events"),
                dry[0],
                new io.ringvault.common.message.PurgeFinished(
                        io.ringvault.common.message.PurgeFinished.Outcome.COMPLETED,
                        true,
                        List.of(),
                        2,
                        0,
                        20,
                        4,
                        null,
                        null));
        JsonNode dryDone = awaitOperation(dry[0], "COMPLETED");
        assertThat(dryDone.get("purge").get("bytesFreed").asLong()).isEqualTo(20);
        assertThat(harness.get(url(), "/api/v1/backups/" + oldest).status()).isEqualTo(200);

        // The real purge, from any system on the requests topic.
        String key = "purge-kafka-" + UUID.randomUUID();
        int keep = indexedBackups().size() - 2;
        harness.publishRaw(
                harness.topic("requests"),
                key,
                CoordinatorHarness.backupRequest(
                                key,
                                "/cron/purge",
                                "{\"retention\":{\"keepLast\":" + keep + "},\"requestedBy\":\"cron\"}")
                        .replace("io.ringvault.backup.requested", "io.ringvault.backup.purge.requested"));
        JsonNode accepted = awaitOperation(key, "ACCEPTED");
        assertThat(accepted.get("channel").asString()).isEqualTo("kafka");
        assertThat(accepted.get("requestedBy").asString()).isEqualTo("cron");
        assertThat(accepted.get("purge").get("plan").get("keep").size()).isEqualTo(keep);
        assertThat(indexedBackups()).as("off the index on accept").doesNotContain(oldest, older);
        // While it runs, a backup and a second purge are refused.
        CoordinatorHarness.Response backup =
                harness.post(url(), "/api/v1/backups", "{\"keyspaces\":[\"" + KEYSPACE + "\"]}", Map.of());
        assertThat(backup.status()).as(backup.body().toString()).isEqualTo(409);
        assertThat(backup.body().get("reason").asString()).isEqualTo("backup-in-progress");
        assertThat(backup.body().get("detail").asString()).contains(key);
        CoordinatorHarness.Response second =
                harness.post(url(), "/api/v1/backups/purge", "{\"retention\":{\"keepLast\":1}}", Map.of());
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.body().get("reason").asString()).isEqualTo("backup-in-progress");

        harness.publish(
                harness.topic("events"), key, new io.ringvault.common.message.PurgeProgress(false, 2, 1, 2, 10));
        JsonNode running = awaitOperation(key, "RUNNING");
        assertThat(running.get("purge").get("objectsDeleted").asLong()).isEqualTo(1);
        harness.publish(
                harness.topic("events"),
                key,
                new io.ringvault.common.message.PurgeFinished(
                        io.ringvault.common.message.PurgeFinished.Outcome.COMPLETED,
                        false,
                        List.of(),
                        2,
                        0,
                        20,
                        4,
                        null,
                        null));
        JsonNode completed = awaitOperation(key, "COMPLETED");
        assertThat(completed.get("progress").get("bytesDone").asLong()).isEqualTo(20);
        assertThat(harness.get(url(), "/api/v1/backups/" + oldest).status()).isEqualTo(404);
        CoordinatorHarness.Response restore =
                harness.post(url(), "/api/v1/restores", "{\"backupId\":\"" + older + "\"}", Map.of());
        assertThat(restore.status()).isEqualTo(400);
        assertThat(restore.body().get("reason").asString()).isEqualTo("backup-deleted");
        assertThat(restore.body().get("detail").asString()).contains(key);
    }

    @Test
    void shouldAcceptAGcOverRestAndKafkaRefuseWhatTheRuleExcludesAndEndItAsTheRestorerSays() throws Exception {
        CoordinatorHarness.Response negative =
                harness.post(url(), "/api/v1/backups/gc", "{\"gracePeriod\":\"-PT1H\"}", Map.of());
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.body().get("reason").asString()).isEqualTo("invalid-grace-period");
        assertThat(negative.body().get("detail").asString()).contains("-PT1H");

        // Backups other tests left running refuse a gc (backup-in-progress) until they time out.
        String[] key = new String[1];
        java.time.Instant[] before = new java.time.Instant[1];
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    key[0] = "gc-" + UUID.randomUUID();
                    before[0] = java.time.Instant.now();
                    CoordinatorHarness.Response response = harness.post(
                            url(),
                            "/api/v1/backups/gc",
                            "{\"gracePeriod\":\"PT1H\",\"dryRun\":true}",
                            Map.of("Idempotency-Key", key[0], "X-Requested-By", "alice"));
                    assertThat(response.status()).as(response.body().toString()).isEqualTo(202);
                });
        String id = key[0];
        await().atMost(Duration.ofSeconds(30))
                .until(() -> harness.messages(harness.topic("commands")).stream()
                        .anyMatch(e -> id.equals(e.subject()) && e.type() == MessageType.START_GC));
        io.ringvault.common.message.StartGc command =
                (io.ringvault.common.message.StartGc) harness.messages(harness.topic("commands")).stream()
                        .filter(e -> id.equals(e.subject()) && e.type() == MessageType.START_GC)
                        .findFirst()
                        .orElseThrow()
                        .data();
        assertThat(command.request()).isEqualTo(new io.ringvault.common.message.GcRequested("alice", "PT1H", true));
        assertThat(command.sourceCluster()).isEqualTo("it-cluster");
        assertThat(command.dryRun()).isTrue();
        assertThat(command.cutoff())
                .isBetween(
                        before[0].minus(Duration.ofHours(1)),
                        java.time.Instant.now().minus(Duration.ofHours(1)));

        // While it runs, a backup and a second gc are refused.
        CoordinatorHarness.Response backup =
                harness.post(url(), "/api/v1/backups", "{\"keyspaces\":[\"" + KEYSPACE + "\"]}", Map.of());
        assertThat(backup.status()).as(backup.body().toString()).isEqualTo(409);
        assertThat(backup.body().get("reason").asString()).isEqualTo("gc-in-progress");
        assertThat(backup.body().get("detail").asString()).contains(id);
        CoordinatorHarness.Response second = harness.post(url(), "/api/v1/backups/gc", "{}", Map.of());
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.body().get("reason").asString()).isEqualTo("gc-in-progress");

        // The test plays the restorer.
        String orphan = "it-cluster/nodes/h1/ks/t-1/nb-9-big-Data.db";
        harness.publish(harness.topic("events"), id, new io.ringvault.common.message.GcProgress(10, 1, 100));
        JsonNode running = awaitOperation(id, "RUNNING");
        assertThat(running.get("kind").asString()).isEqualTo("gc");
        assertThat(running.get("gc").get("objectsListed").asLong()).isEqualTo(10);
        harness.publish(
                harness.topic("events"),
                id,
                new io.ringvault.common.message.GcFinished(
                        io.ringvault.common.message.GcFinished.Outcome.COMPLETED,
                        true,
                        12,
                        10,
                        1,
                        1,
                        100,
                        List.of(orphan),
                        null,
                        null));
        JsonNode completed = awaitOperation(id, "COMPLETED");
        assertThat(completed.get("gc").get("dryRun").asBoolean()).isTrue();
        assertThat(completed.get("gc").get("objectsDeleted").asLong()).isEqualTo(1);
        assertThat(completed.get("gc").get("deletedKeys").get(0).asString()).isEqualTo(orphan);

        // From any system on the requests topic; it fails as the restorer says.
        String fromKafka = "gc-kafka-" + UUID.randomUUID();
        harness.publishRaw(
                harness.topic("requests"),
                fromKafka,
                CoordinatorHarness.backupRequest(fromKafka, "/cron/weekly", "{\"gracePeriod\":\"P1D\"}")
                        .replace("io.ringvault.backup.requested", "io.ringvault.backup.gc.requested"));
        JsonNode accepted = awaitOperation(fromKafka, "ACCEPTED");
        assertThat(accepted.get("kind").asString()).isEqualTo("gc");
        assertThat(accepted.get("channel").asString()).isEqualTo("kafka");
        harness.publish(
                harness.topic("events"),
                fromKafka,
                new io.ringvault.common.message.GcFinished(
                        io.ringvault.common.message.GcFinished.Outcome.FAILED,
                        false,
                        3,
                        0,
                        0,
                        0,
                        0,
                        List.of(),
                        FailureReason.BACKUP_CORRUPT,
                        "it-cluster/backups/b1/nodes/h1.json is not a readable manifest"));
        JsonNode failed = awaitOperation(fromKafka, "FAILED");
        assertThat(failed.get("failure").get("reason").asString()).isEqualTo("backup-corrupt");
        assertThat(failed.get("failure").get("detail").asString()).contains("b1/nodes/h1.json", "a new gc");
    }

    @Test
    void shouldFoldTheRestorersEventsAndEndTheRestoreAsTheRestorerSays() throws Exception {
        NodeRef node = new NodeRef(harness.localHostId(), "127.0.0.1", "dc1", "rack1");
        String backupId = bucketOnlyBackup(List.of(node));
        CoordinatorHarness.Response accepted = harness.post(
                url(), "/api/v1/restores", "{\"backupId\":\"" + backupId + "\",\"truncate\":true}", Map.of());
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
        String id = accepted.body().get("operationId").asString();

        // The coordinator hands the restore to the restorers, with the options and where the backup is stored.
        io.ringvault.common.message.StartRestore command = awaitStartRestore(id);
        assertThat(command.request().backupId()).isEqualTo(backupId);
        assertThat(command.request().truncate()).isTrue();
        assertThat(command.sourceCluster()).isEqualTo("it-cluster");

        // The test plays the restorer.
        harness.publish(
                harness.topic("events"),
                id,
                new io.ringvault.common.message.RestorePlanned(
                        backupId,
                        List.of(new io.ringvault.common.message.RestorePlanned.NodeMapping(
                                node.hostId(), node, "same-host-id", 2, 100)),
                        List.of(KEYSPACE + ".users"),
                        2,
                        100));
        harness.publish(
                harness.topic("events"),
                id,
                new io.ringvault.common.message.RestoreProgress(
                        node,
                        KEYSPACE,
                        "users",
                        io.ringvault.common.message.RestorePhase.DOWNLOADING,
                        1,
                        2,
                        60,
                        100,
                        30L,
                        2L,
                        null,
                        null));
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            JsonNode view = harness.get(url(), "/api/v1/operations/" + id).body();
            assertThat(view.get("phase").asString()).isEqualTo("downloading");
            JsonNode nodeView = view.get("nodes").get(0);
            assertThat(nodeView.get("sourceHostId").asString()).isEqualTo(node.hostId());
            assertThat(nodeView.get("bytesDone").asLong()).isEqualTo(60);
            assertThat(nodeView.get("bytesTotal").asLong()).isEqualTo(100);
            JsonNode table = nodeView.get("tables").get(0);
            assertThat(table.get("table").asString()).isEqualTo("users");
            assertThat(table.get("phase").asString()).isEqualTo("downloading");
            assertThat(table.get("etaSeconds").asLong()).isEqualTo(2);
        });
        harness.publish(
                harness.topic("events"),
                id,
                new io.ringvault.common.message.RestoreProgress(
                        node,
                        KEYSPACE,
                        "users",
                        io.ringvault.common.message.RestorePhase.DONE,
                        2,
                        2,
                        100,
                        100,
                        null,
                        null,
                        null,
                        null));
        harness.publish(
                harness.topic("events"),
                id,
                new io.ringvault.common.message.RestoreFinished(
                        io.ringvault.common.message.RestoreFinished.Outcome.COMPLETED,
                        List.of(KEYSPACE + ".users"),
                        null,
                        null));
        JsonNode done = awaitOperation(id, "COMPLETED");
        assertThat(done.get("progress").get("bytesDone").asLong()).isEqualTo(100);
        assertThat(done.get("nodes"))
                .isNotEmpty()
                .allSatisfy(
                        restored -> assertThat(restored.get("state").asString()).isEqualTo("DONE"));

        // Cancel: the restorer stops and says what it imported; only then is the restore cancelled, naming those.
        String second = harness.post(url(), "/api/v1/restores", "{\"backupId\":\"" + backupId + "\"}", Map.of())
                .body()
                .get("operationId")
                .asString();
        awaitStartRestore(second);
        CoordinatorHarness.Response cancel = harness.post(
                url(),
                "/api/v1/operations/" + second + "/cancel",
                "",
                Map.of("Authorization", CoordinatorHarness.bearer("bob")));
        assertThat(cancel.status()).as(cancel.body().toString()).isLessThan(300);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> harness.messages(harness.topic("commands")).stream()
                        .anyMatch(c -> second.equals(c.subject())
                                && c.data() instanceof io.ringvault.common.message.CancelOperation));
        assertThat(harness.get(url(), "/api/v1/operations/" + second)
                        .body()
                        .get("state")
                        .asString())
                .isNotEqualTo("CANCELLED");
        harness.publish(
                harness.topic("events"),
                second,
                new io.ringvault.common.message.RestoreFinished(
                        io.ringvault.common.message.RestoreFinished.Outcome.CANCELLED,
                        List.of(KEYSPACE + ".users"),
                        io.ringvault.common.failure.FailureReason.CANCELLED,
                        "cancelled by bob"));
        awaitOperation(second, "CANCELLED");
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(harness.messages(harness.topic("events")))
                        .anySatisfy(e -> {
                            assertThat(e.subject()).isEqualTo(second);
                            assertThat(e.data()).isInstanceOfSatisfying(OperationCancelled.class, c -> {
                                assertThat(c.importedTables()).containsExactly(KEYSPACE + ".users");
                                assertThat(c.requestedBy()).isEqualTo("bob");
                            });
                        }));
    }

    @Test
    void shouldRefuseARestoreIntoADatacenterTheClusterDoesNotHave() throws Exception {
        NodeRef node = new NodeRef(harness.localHostId(), "127.0.0.1", "dc1", "rack1");
        NodeRef elsewhere = new NodeRef(java.util.UUID.randomUUID().toString(), "10.9.9.9", "mars", "rack2");
        String backupId = bucketOnlyBackup(List.of(node, elsewhere));
        CoordinatorHarness.Response refused =
                harness.post(url(), "/api/v1/restores", "{\"backupId\":\"" + backupId + "\"}", Map.of());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("reason").asString()).isEqualTo("unknown-datacenter");
        assertThat(refused.body().get("detail").asString()).contains("datacenter 'mars'", "--dc");

        CoordinatorHarness.Response notInBackup = harness.post(
                url(), "/api/v1/restores", "{\"backupId\":\"" + backupId + "\",\"datacenters\":[\"venus\"]}", Map.of());
        assertThat(notInBackup.status()).isEqualTo(400);
        assertThat(notInBackup.body().get("reason").asString()).isEqualTo("datacenter-not-in-backup");
    }

    private io.ringvault.common.message.StartRestore awaitStartRestore(String id) {
        io.ringvault.common.message.StartRestore[] found = new io.ringvault.common.message.StartRestore[1];
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            found[0] = harness.messages(harness.topic("commands")).stream()
                    .filter(c -> id.equals(c.subject()) && c.data() instanceof io.ringvault.common.message.StartRestore)
                    .map(c -> (io.ringvault.common.message.StartRestore) c.data())
                    .findFirst()
                    .orElseThrow();
        });
        return found[0];
    }

    @Test
    void shouldFailAnOperationWhoseNodeNeverAnswersNamingTheNode() throws Exception {
        String id = harness.post(url(), "/api/v1/backups", "{\"keyspaces\":[\"" + KEYSPACE + "\"]}", Map.of())
                .body()
                .get("operationId")
                .asString();
        String hostId = harness.localHostId();

        JsonNode failed = awaitOperation(id, "FAILED");
        assertThat(failed.get("failure").get("reason").asString()).isEqualTo("timeout");
        assertThat(failed.get("failure").get("detail").asString())
                .contains(hostId)
                .contains("did not answer");
        assertThat(failed.get("failure").get("nodeFailures").get(hostId).asString())
                .startsWith("timeout");
        assertThat(failed.get("nodes").get(0).get("state").asString()).isEqualTo("FAILED");
        assertThat(harness.messages(harness.topic("events")))
                .anyMatch(e -> id.equals(e.subject()) && e.type() == MessageType.NODE_FAILED);
        try (ObjectStore store = new FilesystemObjectStore(harness.objectStoreRoot)) {
            assertThat(store.head(new ObjectLayout("", "it-cluster").backupManifest(id)))
                    .as("a failed backup never has a manifest")
                    .isEmpty();
        }
        assertThat(harness.messages(harness.topic("commands")))
                .as("the snapshot is cleared after a failure")
                .anyMatch(c -> id.equals(c.subject()) && c.data() instanceof ClearSnapshot);
    }

    @Test
    void shouldCancelARunningOperationOnceAndRefuseASecondCancel() throws Exception {
        String id = harness.post(
                        url(), "/api/v1/backups", "{\"keyspaces\":[\"" + KEYSPACE + "\"],\"mode\":\"full\"}", Map.of())
                .body()
                .get("operationId")
                .asString();
        awaitOperation(id, "ACCEPTED");

        CoordinatorHarness.Response cancel = harness.post(
                url(),
                "/api/v1/operations/" + id + "/cancel",
                "",
                Map.of("Authorization", CoordinatorHarness.bearer("bob")));
        assertThat(cancel.status()).isEqualTo(202);
        awaitOperation(id, "CANCELLED");
        assertThat(harness.messages(harness.topic("commands")))
                .anyMatch(c -> id.equals(c.subject()) && c.type() == MessageType.CANCEL_OPERATION);

        CoordinatorHarness.Response again = harness.post(url(), "/api/v1/operations/" + id + "/cancel", "", Map.of());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("reason").asString()).isEqualTo("operation-over");
    }

    @Test
    void shouldServeOpenApiHealthAndPrometheusMetrics() throws Exception {
        CoordinatorHarness.Response openApi = harness.get(url(), "/v3/api-docs");
        assertThat(openApi.status()).isEqualTo(200);
        assertThat(openApi.body().get("paths").has("/api/v1/backups")).isTrue();
        assertThat(openApi.body().get("paths").has("/api/v1/operations/{id}/events"))
                .isTrue();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            CoordinatorHarness.Response health = harness.get(url(), "/actuator/health");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.body()
                            .get("components")
                            .get("eventLog")
                            .get("status")
                            .asString())
                    .isEqualTo("UP");
        });
        // The readiness probe (Kubernetes, docker-compose) waits for the event log too.
        CoordinatorHarness.Response readiness = harness.get(url(), "/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.body().get("components").has("eventLog")).isTrue();

        harness.post(url(), "/api/v1/backups", "{\"keyspaces\":[\"metrics_nope\"]}", Map.of());
        var prometheus = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url() + "/actuator/prometheus"))
                                .header("Authorization", CoordinatorHarness.bearer("victor"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(prometheus.body())
                .contains("ringvault_operations{")
                .contains("ringvault_requests_rejected_total{channel=\"rest\",reason=\"unknown-keyspace\"}");
    }

    private TakeSnapshot awaitCommand(String id) {
        TakeSnapshot[] found = new TakeSnapshot[1];
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            found[0] = harness.messages(harness.topic("commands")).stream()
                    .filter(c -> id.equals(c.subject()) && c.data() instanceof TakeSnapshot)
                    .map(c -> (TakeSnapshot) c.data())
                    .findFirst()
                    .orElseThrow();
        });
        assertThat(found[0].mode()).isEqualTo(BackupMode.DIFFERENTIAL);
        return found[0];
    }
}
