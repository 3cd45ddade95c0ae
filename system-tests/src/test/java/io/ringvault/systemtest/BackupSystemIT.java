package io.ringvault.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.ringvault.common.backup.BackupIndex;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.message.DeleteFinished;
import io.ringvault.common.message.DeleteProgress;
import io.ringvault.common.message.FileStored;
import io.ringvault.common.message.GcFinished;
import io.ringvault.common.message.PurgeFinished;
import io.ringvault.common.message.SnapshotTaken;
import io.ringvault.common.message.VerifyFinished;
import io.ringvault.common.message.VerifyProgress;
import io.ringvault.storage.ObjectStore;
import io.ringvault.testkit.CassandraEndpoint;
import io.ringvault.testkit.LocalService;
import io.ringvault.testkit.SharedStack;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * A snapshot backup end to end, on real Cassandra, Kafka and an object store, with the services as processes. The
 * tests run in order: each backup builds on the one before, as they would on a real cluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class BackupSystemIT {
    static final List<String> TABLES = List.of("customers", "orders", "events");
    /** How long a cancel may take to reach the uploaders and stop them, once the coordinator has acknowledged it. */
    static final Duration CANCEL_GRACE = Duration.ofSeconds(5);

    RingvaultSystem system;
    String keyspace;
    String firstBackup;

    abstract boolean s3();

    @BeforeAll
    void start() throws Exception {
        keyspace = "sys_" + (s3() ? "s3" : "fs");
        system = new RingvaultSystem(SharedStack.get(), s3());
        createAndFill();
        system.start(Map.of(
                "ringvault.coordinator.monitoring.usage-refresh", "2s",
                "ringvault.coordinator.monitoring.store-census", "2s"));
    }

    @AfterAll
    void stop() {
        if (system != null) {
            system.close();
        }
    }

    CqlSession cql() {
        CassandraEndpoint node = system.stack.cassandra();
        return CqlSession.builder()
                .addContactPoint(node.cql())
                .withLocalDatacenter(node.datacenter())
                // Schema changes on a busy two-core machine take longer than the driver's default 2 s.
                .withConfigLoader(com.datastax.oss.driver.api.core.config.DriverConfigLoader.programmaticBuilder()
                        .withDuration(
                                com.datastax.oss.driver.api.core.config.DefaultDriverOption.REQUEST_TIMEOUT,
                                java.time.Duration.ofSeconds(30))
                        .build())
                .build();
    }

    private void createAndFill() {
        try (CqlSession session = cql()) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + keyspace
                    + " WITH replication = {'class':'SimpleStrategy','replication_factor':1}");
            for (String table : TABLES) {
                // No compaction: the live SSTables must stay the ones the backups saw, so they can be compared.
                session.execute("CREATE TABLE IF NOT EXISTS " + keyspace + "." + table
                        + " (id int PRIMARY KEY, payload blob) WITH compaction = "
                        + "{'class':'SizeTieredCompactionStrategy','enabled':'false'}");
            }
            write(session, 0, 3000);
        }
        flush();
    }

    private void write(CqlSession session, int from, int to) {
        Random random = new Random(from);
        for (String table : TABLES) {
            PreparedStatement insert =
                    session.prepare("INSERT INTO " + keyspace + "." + table + " (id, payload) VALUES (?, ?)");
            for (int id = from; id < to; id++) {
                byte[] payload = new byte[200];
                random.nextBytes(payload);
                session.execute(insert.bind(id, ByteBuffer.wrap(payload)));
            }
        }
    }

    void flush() {
        try (JMXConnector jmx = JMXConnectorFactory.connect(
                new JMXServiceURL(system.stack.cassandra().jmxServiceUrl()))) {
            jmx.getMBeanServerConnection()
                    .invoke(
                            new ObjectName("org.apache.cassandra.db:type=StorageService"),
                            "forceKeyspaceFlush",
                            new Object[] {keyspace, new String[0]},
                            new String[] {String.class.getName(), String[].class.getName()});
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    String backup(String mode) throws Exception {
        JsonNode accepted =
                system.post("/api/v1/backups", "{\"keyspaces\":[\"" + keyspace + "\"],\"mode\":\"" + mode + "\"}");
        String id = accepted.path("operationId").asString();
        assertThat(id).as(accepted.toString()).isNotBlank();
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    JsonNode operation = system.get("/api/v1/operations/" + id);
                    assertThat(operation.path("state").asString())
                            .as(operation.toString())
                            .isIn("COMPLETED", "FAILED");
                });
        JsonNode operation = system.get("/api/v1/operations/" + id);
        assertThat(operation.path("state").asString()).as(operation.toString()).isEqualTo("COMPLETED");
        return id;
    }

    BackupManifest manifest(ObjectStore store, String backupId) {
        return RingvaultSystem.CODEC
                .mapper()
                .readValue(
                        store.getSmall(system.layout().backupManifest(backupId)).orElseThrow(), BackupManifest.class);
    }

    NodeManifest nodeManifest(ObjectStore store, String backupId) {
        BackupManifest manifest = manifest(store, backupId);
        assertThat(manifest.nodes()).hasSize(1);
        return RingvaultSystem.CODEC
                .mapper()
                .readValue(store.getSmall(manifest.nodes().get(0).manifestKey()).orElseThrow(), NodeManifest.class);
    }

    /** The live SSTable files of the keyspace, by file name, outside any snapshot. */
    Map<String, Path> liveFiles() throws Exception {
        Map<String, Path> files = new HashMap<>();
        for (Path dataDirectory : system.stack.cassandra().dataDirectories()) {
            // Snapshot directories are skipped, not walked: the agent may clear one while this walks.
            Files.walkFileTree(dataDirectory.resolve(keyspace), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    String name = dir.getFileName().toString();
                    return name.equals("snapshots") || name.equals("backups")
                            ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        files.put(file.getParent().getFileName() + "/" + file.getFileName(), file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        return files;
    }

    static String sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (in) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    boolean snapshotsOnDisk(String backupId) {
        return RingvaultSystem.snapshotOnDisk(system.stack.cassandra(), keyspace, backupId);
    }

    /** Asks for a full backup of the suite's keyspace, and returns its operation id without waiting. */
    String requestFullBackup() throws Exception {
        return system.post("/api/v1/backups", "{\"keyspaces\":[\"" + keyspace + "\"],\"mode\":\"full\"}")
                .path("operationId")
                .asString();
    }

    /** Waits until the backup has stored a file: it is uploading. */
    void awaitFirstFileStored(String id, Duration timeout) {
        await().atMost(timeout)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> system.get("/api/v1/operations/" + id)
                                .path("progress")
                                .path("filesDone")
                                .asLong()
                        > 0);
    }

    /** Every object of the backup's manifest has the SHA-256 of the file it was made from. */
    void assertEveryObjectMatchesItsFile(String id) throws Exception {
        try (ObjectStore store = system.objectStore()) {
            for (NodeManifest.File file : nodeManifest(store, id).files()) {
                assertThat(sha256(store.get(file.objectKey(), 0)))
                        .as(file.objectKey())
                        .isEqualTo(file.checksum());
            }
        }
    }

    /** Stops every uploader and starts two new ones, numbered from {@code first}, with {@code settings}. */
    void replaceUploaders(int first, Map<String, String> settings) {
        system.uploaders.forEach(LocalService::close);
        system.uploaders.clear();
        for (int number = first; number <= first + 1; number++) {
            system.uploaders.add(system.startUploader(number, settings));
        }
    }

    @Test
    @Order(1)
    void shouldStoreEverySnapshotFileWithAChecksumMatchingTheFileOnDisk() throws Exception {
        firstBackup = backup("full");
        Map<String, Path> live = liveFiles();
        try (ObjectStore store = system.objectStore()) {
            NodeManifest node = nodeManifest(store, firstBackup);
            assertThat(node.node().hostId()).isEqualTo(hostId());
            assertThat(node.tokens()).isNotEmpty();
            assertThat(node.schema().get(keyspace)).contains("CREATE TABLE " + keyspace + ".orders");
            Set<String> tablesWithData = node.files().stream()
                    .filter(f -> f.fileName().endsWith("-Data.db"))
                    .map(NodeManifest.File::table)
                    .collect(Collectors.toSet());
            assertThat(tablesWithData).containsExactlyInAnyOrderElementsOf(TABLES);
            assertThat(node.files())
                    .extracting(NodeManifest.File::fileName)
                    .contains("manifest.json", "schema.cql")
                    .anyMatch(n -> n.endsWith("-Statistics.db"))
                    .anyMatch(n -> n.endsWith("-TOC.txt"));
            for (NodeManifest.File file : node.files()) {
                // The object's bytes hash to the checksum recorded for it...
                assertThat(sha256(store.get(file.objectKey(), 0)))
                        .as(file.objectKey())
                        .isEqualTo(file.checksum());
                assertThat(store.head(file.objectKey()).orElseThrow().size()).isEqualTo(file.size());
                if (!ObjectLayout.isPerSnapshot(file.fileName())) {
                    // ...and to the SSTable file on the node's disk.
                    Path onDisk = live.entrySet().stream()
                            .filter(e -> e.getKey().endsWith("/" + file.fileName())
                                    && e.getKey().startsWith(file.table() + "-"))
                            .map(Map.Entry::getValue)
                            .findFirst()
                            .orElseThrow(() -> new AssertionError("no live file for " + file));
                    assertThat(sha256(Files.newInputStream(onDisk)))
                            .as(onDisk.toString())
                            .isEqualTo(file.checksum());
                }
            }
            BackupIndex index = RingvaultSystem.CODEC
                    .mapper()
                    .readValue(store.getSmall(system.layout().index()).orElseThrow(), BackupIndex.class);
            assertThat(index.backups()).extracting(BackupIndex.Entry::backupId).contains(firstBackup);
        }
        // Both uploaders took part: the files topic spreads one node's files over partitions.
        JsonNode events = system.get("/api/v1/operations/" + firstBackup + "/events");
        Set<String> uploaderSources = stream(events)
                .filter(e -> e.path("type").asString().equals("io.ringvault.file.stored"))
                .map(e -> e.path("source").asString())
                .collect(Collectors.toSet());
        assertThat(uploaderSources).containsExactlyInAnyOrder("/ringvault/uploader-1", "/ringvault/uploader-2");
        await().atMost(Duration.ofSeconds(60)).until(() -> !snapshotsOnDisk(firstBackup));
    }

    @Test
    @Order(2)
    void shouldReuseEverySstableWhenNothingWasWritten() throws Exception {
        String second = backup("differential");
        try (ObjectStore store = system.objectStore()) {
            NodeManifest node = nodeManifest(store, second);
            List<NodeManifest.File> sstables = node.files().stream()
                    .filter(f -> !ObjectLayout.isPerSnapshot(f.fileName()))
                    .toList();
            assertThat(sstables)
                    .isNotEmpty()
                    .allSatisfy(f -> assertThat(f.reused()).as(f.fileName()).isTrue());
            assertThat(sstables)
                    .extracting(NodeManifest.File::objectKey)
                    .containsExactlyInAnyOrderElementsOf(nodeManifest(store, firstBackup).files().stream()
                            .filter(f -> !ObjectLayout.isPerSnapshot(f.fileName()))
                            .map(NodeManifest.File::objectKey)
                            .toList());
        }
        JsonNode operation = system.get("/api/v1/operations/" + second);
        long transferred = operation.path("progress").path("bytesTransferred").asLong();
        long perSnapshotBytes = 0;
        try (ObjectStore store = system.objectStore()) {
            perSnapshotBytes = nodeManifest(store, second).files().stream()
                    .filter(f -> ObjectLayout.isPerSnapshot(f.fileName()))
                    .mapToLong(NodeManifest.File::size)
                    .sum();
        }
        // Only Cassandra's per-snapshot manifest.json and schema.cql moved: no SSTable byte.
        assertThat(transferred).isEqualTo(perSnapshotBytes);
    }

    @Test
    @Order(3)
    void shouldUploadOnlyTheNewSstablesAfterMoreWrites() throws Exception {
        try (CqlSession session = cql()) {
            write(session, 3000, 3500);
        }
        flush();
        String third = backup("differential");
        try (ObjectStore store = system.objectStore()) {
            Set<String> before = nodeManifest(store, firstBackup).files().stream()
                    .map(NodeManifest.File::objectKey)
                    .collect(Collectors.toSet());
            NodeManifest node = nodeManifest(store, third);
            List<NodeManifest.File> uploaded =
                    node.files().stream().filter(f -> !f.reused()).toList();
            assertThat(uploaded).isNotEmpty();
            for (NodeManifest.File file : uploaded) {
                assertThat(before).as("uploaded again: " + file.fileName()).doesNotContain(file.objectKey());
            }
            assertThat(node.files().stream().filter(NodeManifest.File::reused).map(NodeManifest.File::objectKey))
                    .allMatch(before::contains);
            assertThat(uploaded).anyMatch(f -> f.fileName().endsWith("-Data.db"));
        }
    }

    @Test
    @Order(4)
    void shouldCompleteACorrectBackupWhenAnUploaderIsKilledInTheMiddle() throws Exception {
        LocalService victim = system.uploaders.remove(0);
        String id = requestFullBackup();
        awaitFirstFileStored(id, Duration.ofSeconds(60));
        victim.kill();
        system.uploaders.add(system.startUploader(3));
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(system.get("/api/v1/operations/" + id)
                                .path("state")
                                .asString())
                        .isEqualTo("COMPLETED"));
        assertEveryObjectMatchesItsFile(id);
    }

    /**
     * A backup cancelled while it uploads: the uploaders drop its queued files and abort its uploads in flight, so
     * nothing more is stored or reported for it, and the node's snapshot is cleared. Throttled uploaders keep the
     * backup uploading long enough to be cancelled in the middle; the tests after it keep them throttled.
     */
    @Test
    @Order(5)
    void shouldStoreAndReportNothingMoreOnceABackupIsCancelledWhileItUploads() throws Exception {
        replaceUploaders(4, Map.of("ringvault.uploader.max-bytes-per-second", "64KB"));
        // The uploader killed by the test before left its temporary files: they are not this backup's.
        List<Path> leftByTheKill = temporaryObjectFiles();
        try (KafkaEvents kafka =
                new KafkaEvents(system.stack.kafkaBootstrapServers(), system.topicPrefix + ".events")) {
            String id = system.post("/api/v1/backups", "{\"keyspaces\":[\"" + keyspace + "\"],\"mode\":\"full\"}")
                    .path("operationId")
                    .asString();
            // Cancelled once objects are being written: uploads in flight, the other files queued.
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(50))
                    .ignoreExceptions() // a temporary file renamed while the directories are walked
                    .until(() ->
                            !withoutAll(temporaryObjectFiles(), leftByTheKill).isEmpty());
            assertThat(snapshotsOnDisk(id)).isTrue();
            JsonNode cancel = system.post("/api/v1/operations/" + id + "/cancel", "{}");
            Instant acknowledged = Instant.now();
            assertThat(cancel.toString()).doesNotContain("\"status\":4");

            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(system.get("/api/v1/operations/" + id)
                                    .path("state")
                                    .asString())
                            .isEqualTo("CANCELLED"));
            // The cancel reaches the uploaders within the grace; from then on nothing is written or reported.
            Instant settled = acknowledged.plus(CANCEL_GRACE);
            await().atMost(CANCEL_GRACE.plusSeconds(5))
                    .until(() -> Instant.now().isAfter(settled));
            int stored = kafka.of(id, FileStored.class).size();
            Map<String, Instant> objects = objectFiles();
            await().during(Duration.ofSeconds(10))
                    .atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> assertThat(kafka.of(id, FileStored.class))
                            .as("file.stored after the cancel")
                            .hasSize(stored));
            Map<String, Instant> written = objectFiles();
            written.entrySet()
                    .removeIf(file -> file.getValue().equals(objects.get(file.getKey()))
                            && file.getValue().isBefore(settled));
            assertThat(written).as("objects written after the cancel").isEmpty();
            assertThat(withoutAll(temporaryObjectFiles(), leftByTheKill))
                    .as("partial objects")
                    .isEmpty();
            // The test could fail: the backup was cut short, files of it were never stored.
            SnapshotTaken taken = kafka.of(id, SnapshotTaken.class).get(0);
            assertThat((long) stored)
                    .as("files stored of %d", taken.fileCount())
                    .isLessThan(taken.fileCount());

            assertThat(system.uploaders)
                    .as("the uploaders log the files they dropped")
                    .anySatisfy(uploader -> assertThat(Files.readString(uploader.logFile()))
                            .contains("files of a cancelled backup dropped backupId=" + id));
            await().atMost(Duration.ofSeconds(60)).until(() -> !snapshotsOnDisk(id));
        }
    }

    /**
     * The node agent killed in the middle of a backup and restarted where it ran, as its supervisor would: the
     * uploaders' retries reach it again, it still serves the backup's snapshot (its registry is on disk), and the backup
     * completes with every object matching its file.
     */
    @Test
    @Order(6)
    void shouldCompleteTheBackupWhenTheNodeAgentIsRestartedInTheMiddle() throws Exception {
        replaceUploaders(
                6,
                Map.of(
                        "ringvault.uploader.max-bytes-per-second", "64KB",
                        // Retries that outlast the agent's restart: about 45 s of waits.
                        "ringvault.uploader.retry.max-attempts", "12",
                        "ringvault.uploader.retry.max-backoff", "5s"));
        String id = requestFullBackup();
        awaitFirstFileStored(id, Duration.ofMinutes(2));
        system.restartAgent(system.stack.cassandra());
        JsonNode restarted = system.get("/api/v1/operations/" + id);
        // The test could fail: the backup was still uploading when the agent went.
        assertThat(restarted.path("state").asString()).as(restarted.toString()).isEqualTo("RUNNING");
        assertThat(restarted.path("progress").path("filesDone").asLong())
                .isLessThan(restarted.path("progress").path("filesTotal").asLong());

        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> system.get("/api/v1/operations/" + id)
                        .path("state")
                        .asString()
                        .matches("COMPLETED|FAILED"));
        JsonNode operation = system.get("/api/v1/operations/" + id);
        assertThat(operation.path("state").asString()).as(operation.toString()).isEqualTo("COMPLETED");
        assertEveryObjectMatchesItsFile(id);
        await().atMost(Duration.ofSeconds(60)).until(() -> !snapshotsOnDisk(id));
    }

    /** The files of the filesystem store (objects and checksum sidecars) and when each was last written. */
    Map<String, Instant> objectFiles() throws Exception {
        Map<String, Instant> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(system.objectRoot)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(
                        system.objectRoot.relativize(file).toString(),
                        Files.getLastModifiedTime(file).toInstant());
            }
        }
        return files;
    }

    /**
     * {@code backups verify} end to end, through the coordinator's REST API, Kafka and a real restorer reading the
     * object store: a whole backup has no problem; then one object is deleted, one truncated and one changed in place
     * (same size, one byte flipped). A plain verify (sizes) names the deleted and the truncated one, not the changed
     * one; a deep verify (checksums) names all three, each by node, table and key. Runs last: the damaged objects are
     * shared with the suite's earlier backups.
     */
    @Test
    @Order(7)
    void shouldNameEveryDeletedTruncatedOrChangedObjectWhenABackupIsVerified() throws Exception {
        String backupId = backup("full");
        List<NodeManifest.File> damaged;
        try (ObjectStore store = system.objectStore()) {
            // The three largest SSTable components: distinct objects, each large enough to truncate.
            damaged = nodeManifest(store, backupId).files().stream()
                    .filter(file -> !ObjectLayout.isPerSnapshot(file.fileName()))
                    .sorted(java.util.Comparator.comparingLong(NodeManifest.File::size)
                            .reversed())
                    .limit(3)
                    .toList();
        }
        assertThat(damaged).hasSize(3);
        LocalService restorer =
                system.startRestorer("restorer-verify", Map.of("ringvault.restorer.progress-interval", "200ms"));
        try (KafkaEvents kafka =
                new KafkaEvents(system.stack.kafkaBootstrapServers(), system.topicPrefix + ".events")) {
            String unknown = "no-such-backup-" + keyspace;
            JsonNode refused = system.post("/api/v1/backups/" + unknown + "/verify", "{\"deep\":true}");
            assertThat(refused.path("reason").asString()).as(refused.toString()).isEqualTo("unknown-backup");
            assertThat(refused.path("detail").asString()).contains(unknown);

            VerifyFinished whole = verify(kafka, backupId, true, "COMPLETED");
            int objects;
            try (ObjectStore store = system.objectStore()) {
                objects = nodeManifest(store, backupId).files().size();
            }
            assertThat(whole.outcome()).isEqualTo(VerifyFinished.Outcome.COMPLETED);
            assertThat(whole.problemCount()).isZero();
            assertThat(whole.objectsChecked()).isEqualTo(objects);

            try (ObjectStore store = system.objectStore()) {
                store.delete(damaged.get(0).objectKey());
                byte[] truncated = store.get(damaged.get(1).objectKey(), 0).readAllBytes();
                store.put(damaged.get(1).objectKey(), java.util.Arrays.copyOf(truncated, truncated.length - 100));
                byte[] flipped = store.get(damaged.get(2).objectKey(), 0).readAllBytes();
                flipped[flipped.length / 2] ^= (byte) 0x01;
                store.put(damaged.get(2).objectKey(), flipped);
            }

            VerifyFinished plain = verify(kafka, backupId, false, "FAILED");
            assertThat(plain.problemCount()).isEqualTo(2);
            assertThat(plain.problems())
                    .extracting(
                            p -> p.kind(),
                            p -> p.objectKey(),
                            p -> p.node().hostId(),
                            p -> p.keyspace(),
                            p -> p.table())
                    .containsExactlyInAnyOrder(
                            problem(VerifyFinished.ProblemKind.MISSING, damaged.get(0)),
                            problem(VerifyFinished.ProblemKind.SIZE_MISMATCH, damaged.get(1)));
            assertThat(plain.problems())
                    .filteredOn(p -> p.kind() == VerifyFinished.ProblemKind.SIZE_MISMATCH)
                    .singleElement()
                    .satisfies(p -> {
                        assertThat(p.expectedSize()).isEqualTo(damaged.get(1).size());
                        assertThat(p.actualSize()).isEqualTo(damaged.get(1).size() - 100);
                        assertThat(p.node().address()).isNotBlank();
                        assertThat(p.node().datacenter())
                                .isEqualTo(system.stack.cassandra().datacenter());
                    });

            VerifyFinished deep = verify(kafka, backupId, true, "FAILED");
            assertThat(deep.problems())
                    .extracting(
                            p -> p.kind(),
                            p -> p.objectKey(),
                            p -> p.node().hostId(),
                            p -> p.keyspace(),
                            p -> p.table())
                    .containsExactlyInAnyOrder(
                            problem(VerifyFinished.ProblemKind.MISSING, damaged.get(0)),
                            problem(VerifyFinished.ProblemKind.SIZE_MISMATCH, damaged.get(1)),
                            problem(VerifyFinished.ProblemKind.CHECKSUM_MISMATCH, damaged.get(2)));
            assertThat(deep.problems())
                    .filteredOn(p -> p.kind() == VerifyFinished.ProblemKind.CHECKSUM_MISMATCH)
                    .singleElement()
                    .satisfies(p -> {
                        assertThat(p.expectedChecksum())
                                .isEqualTo(damaged.get(2).checksum());
                        assertThat(p.actualChecksum())
                                .isNotEqualTo(damaged.get(2).checksum());
                    });
        } finally {
            restorer.close();
        }
    }

    /**
     * A full backup A (which also uploads again every object scenario 7 damaged), new rows flushed, and a differential
     * backup B that reuses A's SSTables and adds its own. Deleting A removes its manifests, its index entry and the
     * objects of A no other backup references (the per-snapshot files, here), and keeps every object B (or any other
     * backup) references: B still verifies deep. A is then gone from the list, and refused for restore, verify and
     * delete.
     */
    @Test
    @Order(8)
    void shouldDeleteABackupAndOnlyTheObjectsNoOtherBackupReferences() throws Exception {
        String a = backup("full");
        try (CqlSession session = cql()) {
            write(session, 3500, 4000);
        }
        flush();
        String b = backup("differential");
        NodeManifest nodeOfA;
        Set<String> keysOfB;
        Set<String> referencedByOthers = new java.util.HashSet<>();
        String nodeManifestOfA;
        try (ObjectStore store = system.objectStore()) {
            nodeOfA = nodeManifest(store, a);
            nodeManifestOfA = manifest(store, a).nodes().get(0).manifestKey();
            NodeManifest nodeOfB = nodeManifest(store, b);
            keysOfB = nodeOfB.files().stream().map(NodeManifest.File::objectKey).collect(Collectors.toSet());
            assertThat(nodeOfB.files()).as("B has objects of its own").anyMatch(f -> !f.reused());
            BackupIndex index = RingvaultSystem.CODEC
                    .mapper()
                    .readValue(store.getSmall(system.layout().index()).orElseThrow(), BackupIndex.class);
            for (BackupIndex.Entry entry : index.backups()) {
                if (!entry.backupId().equals(a)) {
                    nodeManifest(store, entry.backupId()).files().forEach(f -> referencedByOthers.add(f.objectKey()));
                }
            }
        }
        assertThat(nodeOfA.files()).as("B shares objects with A").anyMatch(f -> keysOfB.contains(f.objectKey()));
        List<NodeManifest.File> unshared = nodeOfA.files().stream()
                .filter(f -> !referencedByOthers.contains(f.objectKey()))
                .toList();
        assertThat(unshared).isNotEmpty();

        LocalService restorer =
                system.startRestorer("restorer-delete", Map.of("ringvault.restorer.progress-interval", "200ms"));
        try (KafkaEvents kafka =
                new KafkaEvents(system.stack.kafkaBootstrapServers(), system.topicPrefix + ".events")) {
            String unknown = "no-such-backup-" + keyspace;
            JsonNode refused = system.delete("/api/v1/backups/" + unknown, "backup-system-it");
            assertThat(refused.path("reason").asString()).as(refused.toString()).isEqualTo("unknown-backup");
            assertThat(refused.path("detail").asString()).contains(unknown);

            JsonNode accepted = system.delete("/api/v1/backups/" + a, "backup-system-it");
            String id = accepted.path("operationId").asString();
            assertThat(id).as(accepted.toString()).isNotBlank();
            JsonNode operation = system.awaitOperationEnd(id, Duration.ofMinutes(3));
            assertThat(operation.path("state").asString())
                    .as(operation.toString())
                    .isEqualTo("COMPLETED");
            assertThat(operation.path("kind").asString()).isEqualTo("delete");
            // Who asked is the caller the token authenticates, not what the request says.
            assertThat(operation.path("requestedBy").asString()).isEqualTo(system.apiCaller());

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !kafka.of(id, DeleteFinished.class).isEmpty());
            DeleteFinished finished = kafka.of(id, DeleteFinished.class).get(0);
            assertThat(finished.outcome()).isEqualTo(DeleteFinished.Outcome.COMPLETED);
            assertThat(finished.objectsDeleted()).isEqualTo(unshared.size());
            assertThat(finished.objectsKept()).isEqualTo(nodeOfA.files().size() - unshared.size());
            assertThat(finished.bytesFreed())
                    .isEqualTo(
                            unshared.stream().mapToLong(NodeManifest.File::size).sum());
            assertThat(finished.manifestsDeleted())
                    .as("the backup manifest and one node manifest")
                    .isEqualTo(2);
            assertThat(kafka.of(id, DeleteProgress.class))
                    .isNotEmpty()
                    .allSatisfy(p -> assertThat(p.objectsToDelete()).isEqualTo(unshared.size()));
            assertThat(operation.path("delete").path("objectsKept").asLong()).isEqualTo(finished.objectsKept());
            assertThat(operation.path("progress").path("filesDone").asLong()).isEqualTo(unshared.size());

            try (ObjectStore store = system.objectStore()) {
                assertThat(store.getSmall(system.layout().backupManifest(a))).isEmpty();
                assertThat(store.getSmall(nodeManifestOfA)).isEmpty();
                unshared.forEach(f ->
                        assertThat(store.head(f.objectKey())).as(f.objectKey()).isEmpty());
                keysOfB.forEach(key -> assertThat(store.head(key)).as(key).isPresent());
                nodeOfA.files().stream()
                        .filter(f -> !unshared.contains(f))
                        .forEach(f -> assertThat(store.head(f.objectKey()))
                                .as("shared, kept: " + f.objectKey())
                                .isPresent());
                BackupIndex index = RingvaultSystem.CODEC
                        .mapper()
                        .readValue(store.getSmall(system.layout().index()).orElseThrow(), BackupIndex.class);
                assertThat(index.backups())
                        .extracting(BackupIndex.Entry::backupId)
                        .doesNotContain(a)
                        .contains(b);
            }
            assertThat(stream(system.get("/api/v1/backups"))
                            .map(backup -> backup.path("id").asString()))
                    .doesNotContain(a)
                    .contains(b);
            assertThat(system.get("/api/v1/backups/" + a).path("reason").asString())
                    .isEqualTo("unknown-backup");
            for (JsonNode again : List.of(
                    system.post("/api/v1/backups/" + a + "/verify", "{}"),
                    system.post("/api/v1/restores", "{\"backupId\":\"" + a + "\"}"),
                    system.delete("/api/v1/backups/" + a, "backup-system-it"))) {
                assertThat(again.path("reason").asString()).as(again.toString()).isEqualTo("backup-deleted");
                assertThat(again.path("detail").asString()).contains(id);
            }

            VerifyFinished whole = verify(kafka, b, true, "COMPLETED");
            assertThat(whole.problemCount()).isZero();
            assertThat(whole.objectsChecked()).isEqualTo(keysOfB.size());
        } finally {
            restorer.close();
        }
    }

    /**
     * The monitoring contract: every metric the shipped Grafana dashboard ({@code docs/monitoring/}) queries is
     * exposed by a service of the suite, and the coordinator's backup figures match the store: one size per backup in
     * the index, equal to its index entry's bytes, what deleting it frees no more than that, and the age of the
     * keyspace's last complete backup no older than the newest index entry. Runs last: it needs backups of every kind
     * the earlier scenarios take.
     */
    @Test
    @Order(12)
    void shouldExposeEveryMetricTheDashboardQueriesWithTheStoresFigures() throws Exception {
        Set<String> queried = DashboardMetrics.queried(Path.of("..", "docs", "monitoring", "grafana-dashboard.json"));
        assertThat(queried)
                .contains("ringvault_backup_last_complete_age_seconds", "ringvault_backup_unique_size_bytes");
        BackupIndex index;
        try (ObjectStore store = system.objectStore()) {
            index = RingvaultSystem.CODEC
                    .mapper()
                    .readValue(store.getSmall(system.layout().index()).orElseThrow(), BackupIndex.class);
        }
        assertThat(index.backups()).isNotEmpty();

        LocalService restorer = system.startRestorer("restorer-metrics", Map.of());
        try {
            // The coordinator refreshes its figures every 2 s in this suite.
            String newestId = index.backups().get(0).backupId();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> DashboardMetrics.value(
                                    DashboardMetrics.scrape(system.coordinator.url(), system.apiToken()),
                                    "ringvault_backup_size_bytes",
                                    "backup",
                                    newestId)
                            != null);
            Map<String, Double> coordinator = DashboardMetrics.scrape(system.coordinator.url(), system.apiToken());
            Set<String> exposed = new java.util.HashSet<>(DashboardMetrics.names(coordinator));
            for (LocalService uploader : system.uploaders) {
                exposed.addAll(DashboardMetrics.names(DashboardMetrics.scrape(uploader.url())));
            }
            exposed.addAll(DashboardMetrics.names(DashboardMetrics.scrape(restorer.url())));
            assertThat(exposed).as("metrics the dashboard queries").containsAll(queried);

            assertThat(DashboardMetrics.value(coordinator, "ringvault_store_objects"))
                    .as("the store holds at least what the backups reference")
                    .isGreaterThanOrEqualTo(DashboardMetrics.value(coordinator, "ringvault_store_referenced_objects"));
            assertThat(DashboardMetrics.value(coordinator, "ringvault_store_reclaimable_size_bytes"))
                    .isLessThanOrEqualTo(DashboardMetrics.value(coordinator, "ringvault_store_size_bytes"));
            assertThat(DashboardMetrics.value(coordinator, "ringvault_backups"))
                    .isEqualTo((double) index.backups().size());
            for (BackupIndex.Entry entry : index.backups()) {
                assertThat(DashboardMetrics.value(
                                coordinator, "ringvault_backup_size_bytes", "backup", entry.backupId()))
                        .as(entry.backupId())
                        .isEqualTo((double) entry.bytes());
                assertThat(DashboardMetrics.value(
                                coordinator, "ringvault_backup_unique_size_bytes", "backup", entry.backupId()))
                        .as(entry.backupId())
                        .isBetween(1.0, (double) entry.bytes());
            }
            Instant newest = index.backups().stream()
                    .filter(entry -> entry.keyspaces().contains(keyspace) && !entry.partial())
                    .map(BackupIndex.Entry::completedAt)
                    .max(Instant::compareTo)
                    .orElseThrow();
            assertThat(DashboardMetrics.value(
                            coordinator, "ringvault_backup_last_complete_timestamp_seconds", "keyspace", keyspace))
                    .isEqualTo(newest.toEpochMilli() / 1000.0);

            JsonNode shown = system.get("/api/v1/backups/" + newestId);
            assertThat(shown.path("uniqueBytes").asLong())
                    .isEqualTo(DashboardMetrics.value(
                                    coordinator, "ringvault_backup_unique_size_bytes", "backup", newestId)
                            .longValue());
        } finally {
            restorer.close();
        }
    }

    /**
     * Retention: three more backups (full, then differential twice over new rows), then a purge keeping the newest one.
     * Its dry run reports every other backup of the index and the bytes their objects no remaining backup references
     * hold, and deletes nothing; the purge then deletes them: the index holds the newest backup alone, which still
     * verifies deep, and every object only the purged backups referenced is gone from the store.
     */
    @Test
    @Order(10)
    void shouldPurgeEveryBackupARetentionPolicyNoLongerKeeps() throws Exception {
        String full = backup("full");
        try (CqlSession session = cql()) {
            write(session, 4000, 4300);
        }
        flush();
        String firstDifferential = backup("differential");
        try (CqlSession session = cql()) {
            write(session, 4300, 4600);
        }
        flush();
        String newest = backup("differential");

        // What a keep-last-1 purge chooses: every backup of the index but the newest, with the objects only they hold.
        List<String> chosen;
        Map<String, Long> onlyPurged = new TreeMap<>();
        Set<String> keysOfNewest;
        try (ObjectStore store = system.objectStore()) {
            BackupIndex index = RingvaultSystem.CODEC
                    .mapper()
                    .readValue(store.getSmall(system.layout().index()).orElseThrow(), BackupIndex.class);
            chosen = index.backups().stream()
                    .map(BackupIndex.Entry::backupId)
                    .filter(id -> !id.equals(newest))
                    .toList();
            assertThat(chosen).contains(full, firstDifferential);
            keysOfNewest = objectsOf(store, newest).keySet();
            for (String id : chosen) {
                objectsOf(store, id).forEach(onlyPurged::putIfAbsent);
            }
            onlyPurged.keySet().removeAll(keysOfNewest);
        }
        assertThat(onlyPurged)
                .as("the older backups hold objects the newest does not")
                .isNotEmpty();
        long bytesOnlyPurged =
                onlyPurged.values().stream().mapToLong(Long::longValue).sum();

        LocalService restorer =
                system.startRestorer("restorer-purge", Map.of("ringvault.restorer.progress-interval", "200ms"));
        try (KafkaEvents kafka =
                new KafkaEvents(system.stack.kafkaBootstrapServers(), system.topicPrefix + ".events")) {
            JsonNode refused = system.post("/api/v1/backups/purge", "{\"retention\":{\"maxAge\":\"PT1M\"}}");
            assertThat(refused.path("reason").asString()).as(refused.toString()).isEqualTo("invalid-retention");

            String dryRun = purge(true);
            JsonNode dry = system.awaitOperationEnd(dryRun, Duration.ofMinutes(3));
            assertThat(dry.path("state").asString()).as(dry.toString()).isEqualTo("COMPLETED");
            assertThat(dry.path("kind").asString()).isEqualTo("purge");
            assertThat(stream(dry.path("purge").path("plan").path("delete"))
                            .map(b -> b.path("backupId").asString()))
                    .containsExactlyInAnyOrderElementsOf(chosen);
            assertThat(stream(dry.path("purge").path("plan").path("keep")))
                    .singleElement()
                    .satisfies(kept -> {
                        assertThat(kept.path("backupId").asString()).isEqualTo(newest);
                        assertThat(kept.path("reasons").get(0).asString()).isEqualTo("newest 1");
                    });
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !kafka.of(dryRun, PurgeFinished.class).isEmpty());
            PurgeFinished wouldBe = kafka.of(dryRun, PurgeFinished.class).get(0);
            assertThat(wouldBe.dryRun()).isTrue();
            assertThat(wouldBe.objectsDeleted()).isEqualTo(onlyPurged.size());
            assertThat(wouldBe.bytesFreed()).isEqualTo(bytesOnlyPurged);
            assertThat(wouldBe.backups())
                    .extracting(PurgeFinished.Purged::backupId)
                    .containsExactlyInAnyOrderElementsOf(chosen);
            try (ObjectStore store = system.objectStore()) {
                onlyPurged
                        .keySet()
                        .forEach(key -> assertThat(store.head(key))
                                .as("a dry run deletes nothing: " + key)
                                .isPresent());
                assertThat(indexOf(store)).containsExactlyInAnyOrderElementsOf(allOf(chosen, newest));
            }

            String id = purge(false);
            JsonNode operation = system.awaitOperationEnd(id, Duration.ofMinutes(3));
            assertThat(operation.path("state").asString())
                    .as(operation.toString())
                    .isEqualTo("COMPLETED");
            // Who asked is the caller the token authenticates, not what the request says.
            assertThat(operation.path("requestedBy").asString()).isEqualTo(system.apiCaller());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !kafka.of(id, PurgeFinished.class).isEmpty());
            PurgeFinished finished = kafka.of(id, PurgeFinished.class).get(0);
            assertThat(finished.outcome()).isEqualTo(PurgeFinished.Outcome.COMPLETED);
            assertThat(finished.dryRun()).isFalse();
            assertThat(finished.objectsDeleted()).isEqualTo(onlyPurged.size());
            assertThat(finished.bytesFreed()).isEqualTo(bytesOnlyPurged);
            assertThat(operation.path("progress").path("bytesDone").asLong()).isEqualTo(bytesOnlyPurged);

            try (ObjectStore store = system.objectStore()) {
                assertThat(indexOf(store)).containsExactly(newest);
                onlyPurged
                        .keySet()
                        .forEach(key -> assertThat(store.head(key))
                                .as("only purged backups referenced " + key)
                                .isEmpty());
                keysOfNewest.forEach(key -> assertThat(store.head(key)).as(key).isPresent());
                for (String purged : chosen) {
                    assertThat(store.getSmall(system.layout().backupManifest(purged)))
                            .as(purged)
                            .isEmpty();
                }
            }
            assertThat(stream(system.get("/api/v1/backups"))
                            .map(b -> b.path("id").asString()))
                    .contains(newest)
                    .doesNotContainAnyElementsOf(chosen);
            JsonNode again = system.post("/api/v1/restores", "{\"backupId\":\"" + full + "\"}");
            assertThat(again.path("reason").asString()).as(again.toString()).isEqualTo("backup-deleted");
            assertThat(again.path("detail").asString()).contains(id);

            VerifyFinished whole = verify(kafka, newest, true, "COMPLETED");
            assertThat(whole.problemCount()).isZero();
            assertThat(whole.objectsChecked()).isEqualTo(keysOfNewest.size());
        } finally {
            restorer.close();
        }
    }

    /** Asks for a keep-last-1 purge, waiting while an operation of an earlier scenario still blocks it. */
    String purge(boolean dryRun) {
        String[] id = new String[1];
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    JsonNode accepted = system.post(
                            "/api/v1/backups/purge",
                            "{\"dryRun\":" + dryRun + ",\"retention\":{\"keepLast\":1}}",
                            "backup-system-it");
                    id[0] = accepted.path("operationId").asString();
                    assertThat(id[0]).as(accepted.toString()).isNotBlank();
                });
        return id[0];
    }

    /** Every object key of the backup's node manifests, with its recorded size. */
    Map<String, Long> objectsOf(ObjectStore store, String backupId) {
        Map<String, Long> objects = new TreeMap<>();
        for (BackupManifest.NodeEntry node : manifest(store, backupId).nodes()) {
            RingvaultSystem.CODEC
                    .mapper()
                    .readValue(store.getSmall(node.manifestKey()).orElseThrow(), NodeManifest.class)
                    .files()
                    .forEach(f -> objects.put(f.objectKey(), f.size()));
        }
        return objects;
    }

    List<String> indexOf(ObjectStore store) {
        return RingvaultSystem.CODEC
                .mapper()
                .readValue(store.getSmall(system.layout().index()).orElseThrow(), BackupIndex.class)
                .backups()
                .stream()
                .map(BackupIndex.Entry::backupId)
                .toList();
    }

    static List<String> allOf(List<String> ids, String more) {
        return Stream.concat(ids.stream(), Stream.of(more)).toList();
    }

    /**
     * {@code backups gc} on the real store. Planted garbage: an SSTable-like object under the node's table directory
     * that no manifest lists, and the node manifest of a backup that never completed (no {@code manifest.json}). A gc
     * with the default grace period keeps both (they are minutes old); one with {@code PT0S} deletes both, and its report
     * names them with their bytes. Every backup in the index still verifies deep. Then a backup and a gc requested at
     * the same moment, several times: one is refused ({@code backup-in-progress} for the gc, {@code gc-in-progress} for
     * the backup) or they ran one after the other; every backup in the index still verifies deep.
     */
    @Test
    @Order(9)
    void shouldCollectOnlyGarbageAndNeverRunBesideABackup() throws Exception {
        String orphan;
        String orphanManifest;
        long plantedBytes;
        try (ObjectStore store = system.objectStore()) {
            String latest = index(store).backups().get(0).backupId();
            NodeManifest node = nodeManifest(store, latest);
            String someFile = node.files().stream()
                    .filter(f -> !ObjectLayout.isPerSnapshot(f.fileName()))
                    .findFirst()
                    .orElseThrow()
                    .objectKey();
            orphan = someFile.substring(0, someFile.lastIndexOf('/') + 1) + "nb-999999-big-Data.db";
            byte[] orphanBytes = new byte[4321];
            new Random(9).nextBytes(orphanBytes);
            store.put(orphan, orphanBytes);
            String failedBackup = java.util.UUID.randomUUID().toString();
            orphanManifest =
                    system.layout().nodeManifest(failedBackup, node.node().hostId());
            byte[] manifestBytes = RingvaultSystem.CODEC
                    .mapper()
                    .writeValueAsBytes(new NodeManifest(
                            failedBackup,
                            node.node(),
                            node.cassandraVersion(),
                            node.tokens(),
                            node.schema(),
                            List.of(new NodeManifest.File(
                                    keyspace, "orders", "nb-999999-big-Data.db", orphan, 4321, "sha256:x", false)),
                            Instant.now()));
            store.put(orphanManifest, manifestBytes);
            plantedBytes = orphanBytes.length + manifestBytes.length;
        }

        LocalService restorer =
                system.startRestorer("restorer-gc", Map.of("ringvault.restorer.progress-interval", "200ms"));
        try (KafkaEvents kafka =
                new KafkaEvents(system.stack.kafkaBootstrapServers(), system.topicPrefix + ".events")) {
            JsonNode negative = system.post("/api/v1/backups/gc", "{\"gracePeriod\":\"-PT1H\"}");
            assertThat(negative.path("reason").asString())
                    .as(negative.toString())
                    .isEqualTo("invalid-grace-period");

            GcFinished young = gc(kafka, "{\"requestedBy\":\"backup-system-it\"}");
            assertThat(young.deletedKeys()).doesNotContain(orphan, orphanManifest);
            assertThat(young.objectsKeptYoung()).isGreaterThanOrEqualTo(2);
            try (ObjectStore store = system.objectStore()) {
                assertThat(store.head(orphan)).as(orphan).isPresent();
                assertThat(store.head(orphanManifest)).as(orphanManifest).isPresent();
            }

            GcFinished old = gc(kafka, "{\"gracePeriod\":\"PT0S\",\"requestedBy\":\"backup-system-it\"}");
            assertThat(old.deletedKeys()).contains(orphan, orphanManifest);
            assertThat(old.objectsKeptYoung()).isZero();
            assertThat(old.bytesFreed()).isGreaterThanOrEqualTo(plantedBytes);
            try (ObjectStore store = system.objectStore()) {
                assertThat(store.head(orphan)).as(orphan).isEmpty();
                assertThat(store.head(orphanManifest)).as(orphanManifest).isEmpty();
                old.deletedKeys()
                        .forEach(key -> assertThat(key)
                                .startsWith(system.layout().index().replace("index.json", "")));
            }
            verifyEveryBackupInTheIndex(kafka);

            for (int round = 0; round < 3; round++) {
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
                JsonNode backupAnswer;
                JsonNode gcAnswer;
                try {
                    java.util.concurrent.Future<JsonNode> backup = two.submit(() -> {
                        start.await();
                        return system.post(
                                "/api/v1/backups", "{\"keyspaces\":[\"" + keyspace + "\"],\"mode\":\"differential\"}");
                    });
                    java.util.concurrent.Future<JsonNode> gc = two.submit(() -> {
                        start.await();
                        return system.post("/api/v1/backups/gc", "{\"gracePeriod\":\"PT0S\"}");
                    });
                    start.countDown();
                    backupAnswer = backup.get(1, java.util.concurrent.TimeUnit.MINUTES);
                    gcAnswer = gc.get(1, java.util.concurrent.TimeUnit.MINUTES);
                } finally {
                    two.shutdownNow();
                }
                String backupId = backupAnswer.path("operationId").asString("");
                String gcId = gcAnswer.path("operationId").asString("");
                assertThat(backupId.isEmpty() && gcId.isEmpty())
                        .as("round %d: %s / %s", round, backupAnswer, gcAnswer)
                        .isFalse();
                if (backupId.isEmpty()) {
                    assertThat(backupAnswer.path("reason").asString()).isEqualTo("gc-in-progress");
                }
                if (gcId.isEmpty()) {
                    assertThat(gcAnswer.path("reason").asString()).isEqualTo("backup-in-progress");
                }
                JsonNode backupRun =
                        backupId.isEmpty() ? null : system.awaitOperationEnd(backupId, Duration.ofMinutes(3));
                JsonNode gcRun = gcId.isEmpty() ? null : system.awaitOperationEnd(gcId, Duration.ofMinutes(3));
                if (backupRun != null) {
                    assertThat(backupRun.path("state").asString())
                            .as(backupRun.toString())
                            .isEqualTo("COMPLETED");
                }
                if (gcRun != null) {
                    assertThat(gcRun.path("state").asString())
                            .as(gcRun.toString())
                            .isEqualTo("COMPLETED");
                }
                if (backupRun != null && gcRun != null) {
                    // Both accepted: one had ended before the other was accepted.
                    Instant backupStart =
                            Instant.parse(backupRun.path("acceptedAt").asString());
                    Instant backupEnd =
                            Instant.parse(backupRun.path("finishedAt").asString());
                    Instant gcStart = Instant.parse(gcRun.path("acceptedAt").asString());
                    Instant gcEnd = Instant.parse(gcRun.path("finishedAt").asString());
                    assertThat(!backupEnd.isAfter(gcStart) || !gcEnd.isAfter(backupStart))
                            .as("round %d: backup %s-%s, gc %s-%s", round, backupStart, backupEnd, gcStart, gcEnd)
                            .isTrue();
                }
            }
            verifyEveryBackupInTheIndex(kafka);
        } finally {
            restorer.close();
        }
    }

    BackupIndex index(ObjectStore store) {
        return RingvaultSystem.CODEC
                .mapper()
                .readValue(store.getSmall(system.layout().index()).orElseThrow(), BackupIndex.class);
    }

    /** Every backup the index lists verifies deep: no object a complete backup references is missing or changed. */
    void verifyEveryBackupInTheIndex(KafkaEvents kafka) throws Exception {
        List<String> backups;
        try (ObjectStore store = system.objectStore()) {
            backups = index(store).backups().stream()
                    .map(BackupIndex.Entry::backupId)
                    .toList();
        }
        assertThat(backups).isNotEmpty();
        for (String backupId : backups) {
            VerifyFinished whole = verify(kafka, backupId, true, "COMPLETED");
            assertThat(whole.problemCount()).as(backupId).isZero();
        }
    }

    /** Asks for a gc with {@code body}, waits for it to complete, and returns the restorer's report from Kafka. */
    GcFinished gc(KafkaEvents kafka, String body) throws Exception {
        JsonNode accepted = system.post("/api/v1/backups/gc", body);
        String id = accepted.path("operationId").asString();
        assertThat(id).as(accepted.toString()).isNotBlank();
        JsonNode operation = system.awaitOperationEnd(id, Duration.ofMinutes(3));
        assertThat(operation.path("state").asString()).as(operation.toString()).isEqualTo("COMPLETED");
        assertThat(operation.path("kind").asString()).isEqualTo("gc");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !kafka.of(id, GcFinished.class).isEmpty());
        GcFinished finished = kafka.of(id, GcFinished.class).get(0);
        assertThat(finished.outcome()).isEqualTo(GcFinished.Outcome.COMPLETED);
        assertThat(operation.path("gc").path("objectsDeleted").asLong()).isEqualTo(finished.objectsDeleted());
        assertThat(operation.path("gc").path("bytesFreed").asLong()).isEqualTo(finished.bytesFreed());
        return finished;
    }

    org.assertj.core.groups.Tuple problem(VerifyFinished.ProblemKind kind, NodeManifest.File file) {
        return org.assertj.core.api.Assertions.tuple(kind, file.objectKey(), hostId(), keyspace, file.table());
    }

    /**
     * Asks the coordinator to verify the backup, waits for the operation to end in {@code state}, and returns the
     * restorer's report as it is on the events topic; the progress events counted up to every object.
     */
    VerifyFinished verify(KafkaEvents kafka, String backupId, boolean deep, String state) throws Exception {
        JsonNode accepted = system.post(
                "/api/v1/backups/" + backupId + "/verify",
                "{\"deep\":" + deep + ",\"requestedBy\":\"backup-system-it\"}");
        String id = accepted.path("operationId").asString();
        assertThat(id).as(accepted.toString()).isNotBlank();
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(300))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(system.get("/api/v1/operations/" + id)
                                .path("state")
                                .asString())
                        .isIn("COMPLETED", "FAILED"));
        JsonNode operation = system.get("/api/v1/operations/" + id);
        assertThat(operation.path("state").asString()).as(operation.toString()).isEqualTo(state);
        assertThat(operation.path("kind").asString()).isEqualTo("verify");
        if (state.equals("FAILED")) {
            assertThat(operation.path("failure").path("reason").asString()).isEqualTo("backup-corrupt");
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !kafka.of(id, VerifyFinished.class).isEmpty());
        VerifyFinished finished = kafka.of(id, VerifyFinished.class).get(0);
        assertThat(Boolean.TRUE.equals(finished.deep())).isEqualTo(deep);
        assertThat(kafka.of(id, VerifyProgress.class))
                .isNotEmpty()
                .allSatisfy(p -> assertThat(p.objectsTotal()).isEqualTo(finished.objectsTotal()));
        assertThat(operation.path("verify").path("problemCount").asLong()).isEqualTo(finished.problemCount());
        return finished;
    }

    static List<Path> withoutAll(List<Path> files, List<Path> left) {
        return files.stream().filter(file -> !left.contains(file)).toList();
    }

    /** The filesystem store's files being written: an upload in flight, or one abandoned half-way. */
    List<Path> temporaryObjectFiles() throws Exception {
        if (!Files.isDirectory(system.objectRoot)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(system.objectRoot)) {
            return walk.filter(file -> file.getFileName().toString().contains(".ringvault-tmp-"))
                    .toList();
        }
    }

    String hostId() {
        try (CqlSession session = cql()) {
            return session.execute("SELECT host_id FROM system.local")
                    .one()
                    .getUuid(0)
                    .toString();
        }
    }

    static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> nodes = new java.util.ArrayList<>();
        array.forEach(nodes::add);
        return nodes.stream();
    }

    /**
     * A schedule on the real stack: firing every 10 s, it takes a backup that completes, whose manifest and index entry
     * name it; paused, it fires no more; deleted, it is gone (its backup stays).
     */
    @Test
    @Order(11)
    void shouldTakeScheduledBackupsThatNameTheirScheduleUntilPausedAndDeleted() throws Exception {
        String name = "sys-every-10s-" + (s3() ? "s3" : "fs");
        JsonNode created = system.post(
                "/api/v1/schedules",
                "{\"name\":\"" + name + "\",\"cron\":\"*/10 * * * * *\",\"timeZone\":\"Europe/Paris\","
                        + "\"keyspaces\":[\"" + keyspace + "\"],\"mode\":\"differential\","
                        + "\"retention\":{\"keepLast\":3},\"requestedBy\":\"backup-system-it\"}");
        assertThat(created.path("state").asString()).as(created.toString()).isEqualTo("active");

        // The first firing that started a backup (a firing while a backup of another scenario ran may be refused).
        String[] fired = new String[1];
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .ignoreExceptions()
                .until(() -> {
                    for (JsonNode firing :
                            system.get("/api/v1/schedules/" + name).path("lastFirings")) {
                        if (!firing.path("outcome").asString().equals("refused")) {
                            fired[0] = firing.path("operationId").asString();
                            return true;
                        }
                    }
                    return false;
                });
        JsonNode paused = system.post("/api/v1/schedules/" + name + "/pause", "");
        assertThat(paused.path("state").asString()).as(paused.toString()).isEqualTo("paused");

        JsonNode backup = system.awaitOperationEnd(fired[0], Duration.ofMinutes(3));
        assertThat(backup.path("state").asString()).as(backup.toString()).isEqualTo("COMPLETED");
        assertThat(backup.path("channel").asString()).isEqualTo("schedule");
        try (ObjectStore store = system.objectStore()) {
            BackupManifest manifest = manifest(store, fired[0]);
            assertThat(manifest.schedule()).isEqualTo(name);
            BackupIndex index = RingvaultSystem.CODEC
                    .mapper()
                    .readValue(store.getSmall(system.layout().index()).orElseThrow(), BackupIndex.class);
            assertThat(index.backups())
                    .filteredOn(entry -> entry.backupId().equals(fired[0]))
                    .extracting(BackupIndex.Entry::schedule)
                    .containsExactly(name);
        }
        assertEveryObjectMatchesItsFile(fired[0]);
        JsonNode schedule = system.get("/api/v1/schedules/" + name);
        assertThat(schedule.path("state").asString()).isEqualTo("paused");
        assertThat(stream(schedule.path("lastFirings"))
                        .map(firing -> firing.path("operationId").asString()))
                .contains(fired[0]);

        // Paused: no firing for longer than its period.
        int firings = schedule.path("lastFirings").size();
        await().during(Duration.ofSeconds(15))
                .atMost(Duration.ofSeconds(20))
                .until(() -> system.get("/api/v1/schedules/" + name)
                                .path("lastFirings")
                                .size()
                        == firings);

        JsonNode deleted = system.delete("/api/v1/schedules/" + name, "backup-system-it");
        assertThat(deleted.path("state").asString()).as(deleted.toString()).isEqualTo("deleted");
        await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(system.get("/api/v1/schedules/" + name)
                                .path("reason")
                                .asString())
                        .isEqualTo("unknown-schedule"));
        assertThat(stream(system.get("/api/v1/schedules"))
                        .map(s -> s.path("name").asString()))
                .doesNotContain(name);
        assertThat(stream(system.get("/api/v1/backups")).map(b -> b.path("id").asString()))
                .contains(fired[0]);
    }
}
