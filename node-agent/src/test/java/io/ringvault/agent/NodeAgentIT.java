package io.ringvault.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ringvault.agent.AgentHarness.Received;
import io.ringvault.agent.AgentHarness.Response;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.CancelOperation;
import io.ringvault.common.message.ClearSnapshot;
import io.ringvault.common.message.FileReady;
import io.ringvault.common.message.NodeFailed;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.SnapshotTaken;
import io.ringvault.common.message.TakeSnapshot;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The node agent in-process on the real stack; the test plays the coordinator (commands on Kafka) and the uploaders
 * (HTTP downloads), and checks what the agent announces against what is on disk.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class NodeAgentIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static AgentHarness harness;

    @Value("${local.server.port}")
    int port;

    private String keyspace;

    @DynamicPropertySource
    static void agentProperties(DynamicPropertyRegistry registry) {
        harness = new AgentHarness("agent-it-" + UUID.randomUUID().toString().substring(0, 8));
        harness.properties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @AfterAll
    static void closeHarness() {
        harness.close();
    }

    @BeforeEach
    void newKeyspace() {
        keyspace = "agent_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    @Test
    void shouldAnnounceEveryFileOfTheSnapshotThenSnapshotTaken() throws Exception {
        harness.createKeyspace(keyspace, 300, "orders", "customers");
        String backupId = backupId();

        harness.send(backupId, new TakeSnapshot(backupId, List.of(keyspace), List.of(), BackupMode.FULL, nodes()));

        SnapshotTaken taken = awaitSnapshotTaken(backupId);
        List<Received> received = harness.collector().about(backupId);
        List<FileReady> files = harness.collector().payloads(backupId, FileReady.class);
        Set<String> onDisk = harness.snapshotFilesOnDisk(backupId);

        // Every file on disk announced once, with its size, and nothing else.
        assertThat(files.stream().map(NodeAgentIT::describe).collect(Collectors.toSet()))
                .isEqualTo(onDisk);
        assertThat(files).hasSize(onDisk.size());
        // The rows were never flushed by the test: the snapshot's own flush wrote them.
        for (String table : List.of("orders", "customers")) {
            assertThat(files)
                    .filteredOn(f -> f.table().equals(table))
                    .extracting(FileReady::fileName)
                    .contains("manifest.json", "schema.cql")
                    .anyMatch(name -> name.endsWith("-Data.db"));
        }
        String hostId = harness.hostId();
        assertThat(files).allSatisfy(file -> {
            assertThat(file.node().hostId()).isEqualTo(hostId);
            assertThat(file.keyspace()).isEqualTo(keyspace);
            assertThat(file.mode()).isEqualTo(BackupMode.FULL);
            assertThat(file.tableDirectory()).isEqualTo(file.table() + "-" + file.tableId());
            assertThat(file.agentUrl()).isEqualTo("http://127.0.0.1:" + port);
            assertThat(Path.of(file.localPath())).hasFileName(file.fileName()).hasSize(file.size());
        });
        assertThat(received)
                .filteredOn(r -> r.event().data() instanceof FileReady)
                .allSatisfy(r -> {
                    FileReady file = (FileReady) r.event().data();
                    assertThat(r.topic()).isEqualTo(harness.topic("files"));
                    assertThat(r.key())
                            .isEqualTo(hostId + "/" + keyspace + "/" + file.tableDirectory() + "/" + file.fileName());
                });

        // The files are dealt over the partitions by size: no partition gets more than the largest file over another.
        Map<Integer, Long> bytesByPartition = received.stream()
                .filter(r -> r.event().data() instanceof FileReady)
                .collect(Collectors.groupingBy(
                        Received::partition,
                        Collectors.summingLong(r -> ((FileReady) r.event().data()).size())));
        assertThat(bytesByPartition).hasSizeGreaterThan(1);
        long largest = files.stream().mapToLong(FileReady::size).max().orElseThrow();
        assertThat(Collections.max(bytesByPartition.values()) - Collections.min(bytesByPartition.values()))
                .isLessThanOrEqualTo(largest);

        // SnapshotTaken comes after every FileReady and sums them up.
        Received last = received.stream()
                .filter(r -> r.event().data() instanceof SnapshotTaken)
                .findFirst()
                .orElseThrow();
        assertThat(last.topic()).isEqualTo(harness.topic("events"));
        assertThat(last.key()).isEqualTo(backupId);
        assertThat(taken.fileCount()).isEqualTo(files.size());
        assertThat(taken.totalBytes())
                .isEqualTo(files.stream().mapToLong(FileReady::size).sum());
        assertThat(taken.node().hostId()).isEqualTo(hostId);
        assertThat(taken.node().datacenter())
                .isEqualTo(harness.stack.cassandra().datacenter());
        Set<String> tokens =
                harness.cql().execute("SELECT tokens FROM system.local").one().getSet(0, String.class);
        assertThat(taken.tokens()).isNotEmpty().containsExactlyInAnyOrderElementsOf(tokens);
        assertThat(taken.cassandraVersion())
                .isEqualTo(harness.cql()
                        .execute("SELECT release_version FROM system.local")
                        .one()
                        .getString(0));
        assertThat(taken.schema()).containsOnlyKeys(keyspace);
        assertThat(taken.schema().get(keyspace))
                .contains("CREATE KEYSPACE " + keyspace)
                .contains("CREATE TABLE " + keyspace + ".orders")
                .contains("CREATE TABLE " + keyspace + ".customers");
    }

    @Test
    void shouldAnnounceOnlyTheRequestedTables() throws Exception {
        harness.createKeyspace(keyspace, 10, "wanted", "unwanted");
        String backupId = backupId();

        harness.send(
                backupId,
                new TakeSnapshot(
                        backupId, List.of(keyspace), List.of(keyspace + ".wanted"), BackupMode.DIFFERENTIAL, nodes()));

        SnapshotTaken taken = awaitSnapshotTaken(backupId);
        List<FileReady> files = harness.collector().payloads(backupId, FileReady.class);
        assertThat(files).extracting(FileReady::table).containsOnly("wanted");
        assertThat(files.stream().map(NodeAgentIT::describe).collect(Collectors.toSet()))
                .isEqualTo(harness.snapshotFilesOnDisk(backupId));
        assertThat(taken.fileCount()).isEqualTo(files.size());
    }

    @Test
    void shouldListAgainWhenTheSameSnapshotCommandIsDeliveredTwice() throws Exception {
        harness.createKeyspace(keyspace, 50, "events");
        String backupId = backupId();
        TakeSnapshot command = new TakeSnapshot(backupId, List.of(keyspace), List.of(), null, nodes());

        harness.send(backupId, command);
        harness.send(backupId, command);

        await().atMost(WAIT)
                .until(() -> harness.collector()
                                .payloads(backupId, SnapshotTaken.class)
                                .size()
                        == 2);
        List<SnapshotTaken> taken = harness.collector().payloads(backupId, SnapshotTaken.class);
        assertThat(taken.get(1).fileCount()).isEqualTo(taken.get(0).fileCount());
        assertThat(taken.get(1).totalBytes()).isEqualTo(taken.get(0).totalBytes());
        assertThat(harness.collector().payloads(backupId, NodeFailed.class)).isEmpty();
        List<FileReady> files = harness.collector().payloads(backupId, FileReady.class);
        assertThat(files).hasSize(2 * (int) taken.get(0).fileCount());
        assertThat(files.stream().map(NodeAgentIT::describe).collect(Collectors.toSet()))
                .isEqualTo(harness.snapshotFilesOnDisk(backupId));
    }

    @Test
    void shouldServeSnapshotFilesByteForByteAndByRange() throws Exception {
        String backupId = snapshotWithData();
        FileReady largest = harness.collector().payloads(backupId, FileReady.class).stream()
                .max(Comparator.comparingLong(FileReady::size))
                .orElseThrow();
        byte[] onDisk = Files.readAllBytes(Path.of(largest.localPath()));
        assertThat(onDisk.length).isGreaterThan(100);

        Response whole = harness.get(url(largest), harness.bearer());
        assertThat(whole.status()).isEqualTo(200);
        assertThat(sha256(whole.body())).isEqualTo(sha256(onDisk));

        Response tail =
                harness.get(url(largest), Map.of("Authorization", "Bearer " + harness.token, "Range", "bytes=100-"));
        assertThat(tail.status()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(onDisk, 100, onDisk.length));

        Response middle =
                harness.get(url(largest), Map.of("Authorization", "Bearer " + harness.token, "Range", "bytes=10-19"));
        assertThat(middle.status()).isEqualTo(206);
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(onDisk, 10, 20));

        Response pastTheEnd = harness.get(
                url(largest),
                Map.of("Authorization", "Bearer " + harness.token, "Range", "bytes=" + onDisk.length + "-"));
        assertThat(pastTheEnd.status()).isEqualTo(416);

        // HEAD answers the headers only: a body sent anyway would corrupt the next answer on the same connection.
        Response head = harness.send("HEAD", url(largest), harness.bearer(), HttpRequest.BodyPublishers.noBody());
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        Response again = harness.get(url(largest), harness.bearer());
        assertThat(again.status()).isEqualTo(200);
        assertThat(sha256(again.body())).isEqualTo(sha256(onDisk));
    }

    @Test
    void shouldRefuseRequestsWithoutTheToken() throws Exception {
        String backupId = snapshotWithData();
        FileReady file = harness.collector().payloads(backupId, FileReady.class).get(0);
        byte[] onDisk = Files.readAllBytes(Path.of(file.localPath()));

        Response missing = harness.get(url(file), Map.of());
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.text()).contains("missing-token");

        Response basic = harness.get(url(file), Map.of("Authorization", "Basic dXNlcjpwYXNz"));
        assertThat(basic.status()).isEqualTo(401);

        String wrongToken = "not-the-token-" + UUID.randomUUID();
        Response wrong = harness.get(url(file), Map.of("Authorization", "Bearer " + wrongToken));
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.contentType()).startsWith("application/problem+json");
        assertThat(wrong.text())
                .contains("wrong-token")
                .doesNotContain(wrongToken)
                .doesNotContain(harness.token);

        for (Response refused : List.of(missing, basic, wrong)) {
            assertThat(refused.body()).isNotEqualTo(onDisk);
        }
    }

    @Test
    void shouldServeOnlyFilesOfItsOwnSnapshots() throws Exception {
        String backupId = snapshotWithData();
        FileReady file = harness.collector().payloads(backupId, FileReady.class).stream()
                .filter(f -> f.fileName().equals("manifest.json"))
                .findFirst()
                .orElseThrow();
        String base = "http://127.0.0.1:" + port + "/api/v1/snapshots/";
        String tablePath = file.dataDirectory() + "/" + keyspace + "/" + file.tableDirectory() + "/";

        // A snapshot the agent did not take, with the same layout.
        String foreign = "foreign-" + UUID.randomUUID();
        harness.jmxSnapshot(foreign, keyspace);
        try {
            byte[] foreignManifest = Files.readAllBytes(Path.of(file.localPath())
                    .getParent()
                    .resolveSibling(foreign)
                    .resolve("manifest.json"));
            Response notTaken = harness.get(base + foreign + "/files/" + tablePath + "manifest.json", harness.bearer());
            assertThat(notTaken.status()).isEqualTo(404);
            assertThat(notTaken.contentType()).startsWith("application/problem+json");
            assertThat(notTaken.text()).contains("unknown-snapshot");
            assertThat(notTaken.body()).isNotEqualTo(foreignManifest);

            List<String> traversals = List.of(
                    base + backupId + "/files/" + tablePath + "../" + foreign + "/manifest.json",
                    base + backupId + "/files/" + tablePath + "..%2F..%2F..%2Fsnapshots%2F" + foreign
                            + "%2Fmanifest.json",
                    base + backupId + "/files/" + tablePath + "%2e%2e%2f" + foreign + "%2fmanifest.json",
                    base + backupId + "/files/" + tablePath + "%2e%2e",
                    base + backupId + "/files/" + file.dataDirectory() + "/" + keyspace + "/..%2F..%2F" + keyspace
                            + "/manifest.json",
                    base + "..%2F" + foreign + "/files/" + tablePath + "manifest.json",
                    base + backupId + "/files/" + tablePath + "%2Fetc%2Fpasswd",
                    base + backupId + "/files/" + tablePath + "%2F"
                            + file.localPath().substring(1).replace("/", "%2F"),
                    base + backupId + "/files/7/" + keyspace + "/" + file.tableDirectory() + "/manifest.json",
                    base + backupId + "/files/-1/" + keyspace + "/" + file.tableDirectory() + "/manifest.json",
                    base + backupId + "/files/" + tablePath + "no-such-file.db");
            for (String traversal : traversals) {
                Response refused = harness.get(traversal, harness.bearer());
                assertThat(refused.status()).as(traversal).isIn(400, 403, 404);
                assertThat(refused.body()).as(traversal).isNotEqualTo(foreignManifest);
                assertThat(refused.text()).as(traversal).doesNotContain("root:");
            }
        } finally {
            harness.jmxClearSnapshot(foreign);
        }
    }

    @Test
    void shouldRefuseASymbolicLinkPointingOutOfTheSnapshot() throws Exception {
        String backupId = snapshotWithData();
        FileReady file = harness.collector().payloads(backupId, FileReady.class).get(0);
        Path secret = Files.createTempFile("ringvault-secret-", ".txt");
        String secretText = "secret-" + UUID.randomUUID();
        Files.writeString(secret, secretText);
        Path link = Path.of(file.localPath()).resolveSibling("nb-999-big-Data.db");
        Files.createSymbolicLink(link, secret);
        try {
            Response refused = harness.get(
                    "http://127.0.0.1:" + port + "/api/v1/snapshots/" + backupId + "/files/" + file.dataDirectory()
                            + "/" + keyspace + "/" + file.tableDirectory() + "/nb-999-big-Data.db",
                    harness.bearer());
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.text()).contains("outside-snapshot").doesNotContain(secretText);
        } finally {
            Files.delete(link);
            Files.delete(secret);
        }
    }

    @Test
    void shouldClearTheSnapshotOnClearSnapshot() throws Exception {
        String backupId = snapshotWithData();
        FileReady file = harness.collector().payloads(backupId, FileReady.class).get(0);
        assertThat(harness.snapshotDirectories(backupId)).isNotEmpty();

        harness.send(backupId, new ClearSnapshot(backupId, nodes()));

        await().atMost(WAIT).until(() -> harness.snapshotDirectories(backupId).isEmpty());
        await().atMost(WAIT)
                .until(() -> harness.get(url(file), harness.bearer()).status() == 404);
    }

    @Test
    void shouldClearTheSnapshotOnCancel() throws Exception {
        String backupId = snapshotWithData();
        assertThat(harness.snapshotDirectories(backupId)).isNotEmpty();

        harness.send(backupId, new CancelOperation("cancelled by the test"));

        await().atMost(WAIT).until(() -> harness.snapshotDirectories(backupId).isEmpty());
    }

    @Test
    void shouldFailWithoutSnapshotWhenAKeyspaceIsMissing() throws Exception {
        harness.createKeyspace(keyspace, 10, "present");
        String missing = keyspace + "_missing";
        String backupId = backupId();

        harness.send(backupId, new TakeSnapshot(backupId, List.of(keyspace, missing), List.of(), null, nodes()));

        NodeFailed failed = awaitNodeFailed(backupId);
        assertThat(failed.reason().code()).isEqualTo("keyspace-missing");
        assertThat(failed.detail()).contains(missing);
        assertThat(failed.node().hostId()).isEqualTo(harness.hostId());
        assertThat(failed.reportedBy()).isEqualTo("node-agent");
        assertThat(harness.snapshotDirectories(backupId)).isEmpty();
        assertThat(harness.collector().payloads(backupId, FileReady.class)).isEmpty();
        assertThat(harness.collector().payloads(backupId, SnapshotTaken.class)).isEmpty();
    }

    @Test
    void shouldFailWhenATableIsMissing() throws Exception {
        harness.createKeyspace(keyspace, 10, "present");
        String backupId = backupId();

        harness.send(
                backupId,
                new TakeSnapshot(
                        backupId,
                        List.of(keyspace),
                        List.of(keyspace + ".present", keyspace + ".absent"),
                        null,
                        nodes()));

        NodeFailed failed = awaitNodeFailed(backupId);
        assertThat(failed.reason().code()).isEqualTo("table-missing");
        assertThat(failed.detail()).contains(keyspace + ".absent");
        assertThat(harness.snapshotDirectories(backupId)).isEmpty();
    }

    @Test
    void shouldRefuseSystemKeyspaces() throws Exception {
        String backupId = backupId();

        harness.send(backupId, new TakeSnapshot(backupId, List.of("system_schema"), List.of(), null, nodes()));

        NodeFailed failed = awaitNodeFailed(backupId);
        assertThat(failed.reason().code()).isEqualTo("keyspace-not-allowed");
        assertThat(failed.detail()).contains("system_schema");
        assertThat(harness.snapshotDirectories(backupId)).isEmpty();
    }

    @Test
    void shouldIgnoreCommandsForOtherNodes() throws Exception {
        harness.createKeyspace(keyspace, 10, "things");
        String elsewhere = backupId();
        String here = backupId();

        harness.send(
                elsewhere,
                new TakeSnapshot(elsewhere, List.of(keyspace), List.of(), null, List.of(AgentHarness.otherNode())));
        harness.send(here, new TakeSnapshot(here, List.of(keyspace), List.of(), null, nodes()));

        // The commands topic has one partition: once the second command is answered, the first was read.
        awaitSnapshotTaken(here);
        assertThat(harness.collector().about(elsewhere)).isEmpty();
        assertThat(harness.snapshotDirectories(elsewhere)).isEmpty();
    }

    @Test
    void shouldReportCassandraInHealth() throws Exception {
        Response health = harness.get("http://127.0.0.1:" + port + "/actuator/health", Map.of());
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.text())
                .contains("\"status\":\"UP\"")
                .contains("\"cassandra\"")
                .contains(harness.hostId());
    }

    // ---- helpers

    private String snapshotWithData() throws Exception {
        harness.createKeyspace(keyspace, 300, "items");
        String backupId = backupId();
        harness.send(backupId, new TakeSnapshot(backupId, List.of(keyspace), List.of(), null, nodes()));
        awaitSnapshotTaken(backupId);
        return backupId;
    }

    private static String backupId() {
        return "backup-" + UUID.randomUUID();
    }

    private static List<NodeRef> nodes() {
        return List.of(AgentHarness.otherNode(), harness.self());
    }

    private static SnapshotTaken awaitSnapshotTaken(String backupId) {
        await().atMost(WAIT)
                .until(() -> !harness.collector()
                                .payloads(backupId, SnapshotTaken.class)
                                .isEmpty()
                        || !harness.collector()
                                .payloads(backupId, NodeFailed.class)
                                .isEmpty());
        assertThat(harness.collector().payloads(backupId, NodeFailed.class)).isEmpty();
        return harness.collector().payloads(backupId, SnapshotTaken.class).get(0);
    }

    private static NodeFailed awaitNodeFailed(String backupId) {
        await().atMost(WAIT)
                .until(() -> !harness.collector()
                        .payloads(backupId, NodeFailed.class)
                        .isEmpty());
        return harness.collector().payloads(backupId, NodeFailed.class).get(0);
    }

    private String url(FileReady file) {
        String backupId = Path.of(file.localPath()).getParent().getFileName().toString();
        return file.agentUrl() + "/api/v1/snapshots/" + backupId + "/files/" + file.dataDirectory() + "/"
                + file.keyspace() + "/" + file.tableDirectory() + "/" + file.fileName();
    }

    private static String describe(FileReady file) {
        return file.dataDirectory() + "/" + file.keyspace() + "/" + file.tableDirectory() + "/" + file.fileName() + ":"
                + file.size();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
