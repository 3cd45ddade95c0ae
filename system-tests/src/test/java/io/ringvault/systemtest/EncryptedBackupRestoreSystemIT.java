package io.ringvault.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.message.VerifyFinished;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.ObjectStores;
import io.ringvault.storage.StorageProperties;
import io.ringvault.testkit.CassandraEndpoint;
import io.ringvault.testkit.Directories;
import io.ringvault.testkit.LocalService;
import io.ringvault.testkit.SharedStack;
import io.ringvault.testkit.StoreTarget;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Client-side encryption end to end (issue 20, items 4 and 5), on a filesystem store the test can look into. A first
 * deployment encrypts under key file {@code kek-a}: a backup whose stored objects hold none of the SSTables' bytes and
 * whose manifest names the key, then a second backup that reuses every SSTable object. A second deployment, rotated to
 * {@code kek-b} with {@code kek-a} kept to read, backs up again still reusing the objects stored under {@code kek-a},
 * records {@code kek-b}, and restores the first backup row for row. Then one stored object is altered: a deep
 * verification reports it, and a restore fails naming it. No key, in base64 or otherwise, is in any service's log or on
 * the events topics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EncryptedBackupRestoreSystemIT {
    private static final Duration OPERATION_TIMEOUT = Duration.ofMinutes(5);
    private static final List<String> TABLES = List.of("accounts", "documents");

    Path directory;
    Path objects;
    Path keyA;
    Path keyB;
    String prefix;
    String keyspace;
    RingvaultSystem first;
    RingvaultSystem rotated;
    LocalService restorer;
    final List<String> topicPrefixes = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        directory = Files.createTempDirectory("ringvault-system-encrypted-");
        objects = Files.createDirectories(directory.resolve("objects"));
        Path keys = Files.createDirectories(directory.resolve("keys"));
        keyA = newKeyFile(keys.resolve("kek-a"));
        keyB = newKeyFile(keys.resolve("kek-b"));
        prefix = "enc-" + UUID.randomUUID().toString().substring(0, 8);
        keyspace = "e2e_enc_" + UUID.randomUUID().toString().substring(0, 6);
        try (CqlSession session = cql()) {
            session.execute("CREATE KEYSPACE " + keyspace
                    + " WITH replication = {'class':'SimpleStrategy','replication_factor':1}");
            session.execute("CREATE TABLE " + keyspace + ".accounts (id uuid PRIMARY KEY, name text, balance bigint,"
                    + " tags set<text>, avatar blob)");
            session.execute(
                    "CREATE TABLE " + keyspace + ".documents (id int PRIMARY KEY, title text, body text, size bigint)");
        }
    }

    @AfterAll
    void stop() {
        if (restorer != null) {
            restorer.close();
        }
        Stream.of(first, rotated).filter(s -> s != null).forEach(RingvaultSystem::close);
        if (keyspace != null) {
            try (CqlSession session = cql()) {
                session.execute("DROP KEYSPACE IF EXISTS " + keyspace);
            } catch (RuntimeException e) {
                // The shared stack survives a leftover keyspace; the test's result is what matters.
            }
        }
        if (directory != null) {
            Directories.deleteRecursively(directory);
        }
    }

    @Test
    void shouldBackUpEncryptedReuseAcrossRotationRestoreRowForRowAndRefuseAnAlteredObject() throws Exception {
        write(new Random(20));
        Map<String, Set<String>> before = contents();
        assertThat(before.values().stream().mapToInt(Set::size).sum()).isGreaterThan(1000);

        // Deployment one: key A.
        first = deployment("first", Map.of("ringvault.storage.encryption.key-file", keyA.toString()));
        String backup1 = completed(first, backup(first), "the first encrypted backup");
        assertStoredEncrypted();
        assertThat(manifest(backup1).encryptionKeyId()).isEqualTo("kek-a");
        String backup2 = completed(first, backup(first), "the second backup, under the same key");
        assertReusesTheSstablesOf(backup2, backup1);
        first.close();
        first = null;

        // Deployment two: rotated to key B, key A kept to read what was stored under it.
        rotated = deployment(
                "rotated",
                Map.of(
                        "ringvault.storage.encryption.key-file", keyB.toString(),
                        "ringvault.storage.encryption.previous-key-files", keyA.toString()));
        restorer = rotated.startRestorer("restorer-rotated", Map.of());
        String backup3 = completed(rotated, backup(rotated), "a backup after the rotation");
        assertThat(manifest(backup3).encryptionKeyId()).isEqualTo("kek-b");
        assertThat(keyIdInHeader(rotated.layout().backupManifest(backup3))).isEqualTo("kek-b");
        assertReusesTheSstablesOf(backup3, backup1);

        truncate();
        completed(rotated, restore(backup1), "the restore of the backup stored under key A");
        Map<String, Set<String>> after = contents();
        for (String table : TABLES) {
            assertThat(after.get(table))
                    .as("%s.%s restored", keyspace, table)
                    .hasSameSizeAs(before.get(table))
                    .isEqualTo(before.get(table));
        }

        // One byte of a stored SSTable altered: a deep verification reports the object, a restore refuses it.
        Path altered = largestDataObject();
        String alteredKey = objects.relativize(altered).toString().replace('\\', '/');
        try (RandomAccessFile file = new RandomAccessFile(altered.toFile(), "rw")) {
            long position = file.length() - 100; // inside the last chunk: past what a read authenticates on opening
            file.seek(position);
            int b = file.read();
            file.seek(position);
            file.write(b ^ 0x01);
        }
        try (KafkaEvents events =
                new KafkaEvents(rotated.stack.kafkaBootstrapServers(), rotated.topicPrefix + ".events")) {
            JsonNode verify = rotated.awaitOperationEnd(
                    accepted(rotated.post(
                            "/api/v1/backups/" + backup3 + "/verify", "{\"deep\":true,\"requestedBy\":\"enc-it\"}")),
                    OPERATION_TIMEOUT);
            assertThat(verify.path("state").asString()).as(verify.toString()).isEqualTo("FAILED");
            assertThat(verify.path("failure").path("reason").asString()).isEqualTo("backup-corrupt");
            String verifyId = verify.path("id").asString();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !events.of(verifyId, VerifyFinished.class).isEmpty());
            VerifyFinished report = events.of(verifyId, VerifyFinished.class).get(0);
            assertThat(report.problems())
                    .extracting(VerifyFinished.Problem::kind, VerifyFinished.Problem::objectKey)
                    .containsExactly(org.assertj.core.api.Assertions.tuple(
                            VerifyFinished.ProblemKind.CHECKSUM_MISMATCH, alteredKey));
        }
        JsonNode refused = rotated.awaitOperationEnd(accepted(restore(backup3)), OPERATION_TIMEOUT);
        assertThat(refused.path("state").asString()).as(refused.toString()).isEqualTo("FAILED");
        assertThat(refused.toString()).contains(alteredKey).contains("checksum-mismatch");

        assertNoKeyMaterialInLogsOrEvents();
    }

    private RingvaultSystem deployment(String name, Map<String, String> encryption) throws Exception {
        RingvaultSystem system = new RingvaultSystem(
                SharedStack.get(), StoreTarget.filesystem(objects), directory.resolve(name), prefix, 1, encryption);
        topicPrefixes.add(system.topicPrefix);
        system.start();
        return system;
    }

    private JsonNode backup(RingvaultSystem system) throws Exception {
        return system.post("/api/v1/backups", "{\"keyspaces\":[\"" + keyspace + "\"]}");
    }

    private JsonNode restore(String backupId) throws Exception {
        return rotated.post(
                "/api/v1/restores",
                "{\"backupId\":\"" + backupId + "\",\"keyspaces\":[\"" + keyspace + "\"],\"truncate\":true}");
    }

    /** Every object of the keyspace is an encrypted object, and none holds a run of the live SSTables' bytes. */
    private void assertStoredEncrypted() throws Exception {
        Path sstable = largestLiveDataFile();
        byte[] live = Files.readAllBytes(sstable);
        byte[] window = Arrays.copyOfRange(live, live.length / 2, live.length / 2 + 64);
        List<Path> stored = storedObjects();
        assertThat(stored).as("objects of the keyspace").isNotEmpty();
        for (Path object : stored) {
            byte[] bytes = Files.readAllBytes(object);
            assertThat(new String(bytes, 0, 5, StandardCharsets.ISO_8859_1))
                    .as(object.toString())
                    .isEqualTo("RVENC");
            assertThat(indexOf(bytes, window))
                    .as("%s holds bytes of %s", object, sstable)
                    .isEqualTo(-1);
        }
    }

    private void assertReusesTheSstablesOf(String later, String earlier) throws Exception {
        Map<String, NodeManifest.File> before = dataFiles(earlier);
        Map<String, NodeManifest.File> now = dataFiles(later);
        List<String> shared = now.keySet().stream().filter(before::containsKey).toList();
        assertThat(shared).as("SSTables both backups hold").isNotEmpty();
        for (String key : shared) {
            assertThat(now.get(key).reused()).as("%s in %s", key, later).isTrue();
            assertThat(now.get(key).checksum()).isEqualTo(before.get(key).checksum());
        }
    }

    private Map<String, NodeManifest.File> dataFiles(String backupId) throws Exception {
        try (ObjectStore store = reader()) {
            String hostId = rotated != null ? rotated.hostId() : first.hostId();
            NodeManifest node = RingvaultSystem.CODEC
                    .mapper()
                    .readValue(
                            store.getSmall(layout().nodeManifest(backupId, hostId))
                                    .orElseThrow(),
                            NodeManifest.class);
            Map<String, NodeManifest.File> files = new LinkedHashMap<>();
            node.files().stream()
                    .filter(file -> file.fileName().endsWith("-Data.db"))
                    .forEach(file -> files.put(file.objectKey(), file));
            return files;
        }
    }

    private BackupManifest manifest(String backupId) throws Exception {
        try (ObjectStore store = reader()) {
            return RingvaultSystem.CODEC
                    .mapper()
                    .readValue(store.getSmall(layout().backupManifest(backupId)).orElseThrow(), BackupManifest.class);
        }
    }

    private io.ringvault.common.backup.ObjectLayout layout() {
        return new io.ringvault.common.backup.ObjectLayout(prefix, RingvaultSystem.CLUSTER);
    }

    /** A store that reads what either deployment wrote. */
    private ObjectStore reader() {
        return ObjectStores.open(new StorageProperties(
                StorageProperties.Type.FILESYSTEM,
                RingvaultSystem.CLUSTER,
                prefix,
                new StorageProperties.Filesystem(objects),
                null,
                null,
                null,
                new StorageProperties.Encryption(keyB, List.of(keyA), null, null, null)));
    }

    /** The key id in the header of a stored object (format version 1: its length at byte 24, the id from byte 26). */
    private String keyIdInHeader(String key) throws Exception {
        byte[] header = Arrays.copyOf(Files.readAllBytes(objects.resolve(key)), 1024);
        int length = ((header[24] & 0xff) << 8) | (header[25] & 0xff);
        return new String(header, 26, length, StandardCharsets.UTF_8);
    }

    private List<Path> storedObjects() throws Exception {
        try (Stream<Path> files = Files.walk(objects)) {
            return files.filter(Files::isRegularFile)
                    .filter(path -> path.toString().contains("/" + keyspace + "/"))
                    .filter(path -> !path.getFileName().toString().contains(".ringvault-"))
                    .toList();
        }
    }

    private Path largestDataObject() throws Exception {
        return storedObjects().stream()
                .filter(path -> path.getFileName().toString().endsWith("-Data.db"))
                .max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length()))
                .orElseThrow();
    }

    /** The largest Data.db of the keyspace in the node's data directories, outside snapshots. */
    private Path largestLiveDataFile() throws Exception {
        List<Path> candidates = new ArrayList<>();
        for (Path data : SharedStack.get().cassandra().dataDirectories()) {
            Path ks = data.resolve(keyspace);
            if (Files.isDirectory(ks)) {
                try (Stream<Path> files = Files.walk(ks)) {
                    files.filter(Files::isRegularFile)
                            .filter(path -> path.getFileName().toString().endsWith("-Data.db"))
                            .filter(path -> !path.toString().contains("/snapshots/"))
                            .forEach(candidates::add);
                }
            }
        }
        return candidates.stream()
                .max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length()))
                .orElseThrow(() -> new AssertionError("no live SSTable of " + keyspace + " to compare with"));
    }

    /** Neither key, in base64 or hex, is in a service's log or in any event of either deployment. */
    private void assertNoKeyMaterialInLogsOrEvents() throws Exception {
        List<String> secrets = new ArrayList<>();
        for (Path key : List.of(keyA, keyB)) {
            String base64 = Files.readString(key).strip();
            secrets.add(base64);
            secrets.add(HexFormat.of().formatHex(Base64.getDecoder().decode(base64)));
        }
        List<Path> logs;
        try (Stream<Path> files = Files.walk(directory)) {
            logs = files.filter(Files::isRegularFile)
                    .filter(path -> path.getFileName().toString().endsWith(".log"))
                    .toList();
        }
        assertThat(logs).as("service logs").hasSizeGreaterThan(3);
        for (Path log : logs) {
            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            for (String secret : secrets) {
                assertThat(text).as(log.toString()).doesNotContainIgnoringCase(secret);
            }
        }
        int events = 0;
        for (String topicPrefix : topicPrefixes) {
            try (KafkaConsumer<String, byte[]> consumer = KafkaEvents.consumerOfEveryPartition(
                    SharedStack.get().kafkaBootstrapServers(), topicPrefix + ".events")) {
                consumer.seekToBeginning(consumer.assignment());
                int empty = 0;
                while (empty < 5) {
                    var records = consumer.poll(Duration.ofMillis(400));
                    empty = records.isEmpty() ? empty + 1 : 0;
                    for (ConsumerRecord<String, byte[]> record : records) {
                        events++;
                        String text = new String(record.value(), StandardCharsets.UTF_8);
                        for (String secret : secrets) {
                            assertThat(text).doesNotContainIgnoringCase(secret);
                        }
                    }
                }
            }
        }
        assertThat(events).as("events read").isPositive();
    }

    private void truncate() {
        try (CqlSession session = cql()) {
            for (String table : TABLES) {
                session.execute("TRUNCATE " + keyspace + "." + table);
            }
        }
        assertThat(contents().values().stream().mapToInt(Set::size).sum()).isZero();
    }

    private void write(Random random) {
        try (CqlSession session = cql()) {
            PreparedStatement account = session.prepare(
                    "INSERT INTO " + keyspace + ".accounts (id, name, balance, tags, avatar) VALUES (?, ?, ?, ?, ?)");
            for (int i = 0; i < 1000; i++) {
                byte[] avatar = new byte[random.nextInt(64)];
                random.nextBytes(avatar);
                session.execute(account.bind(
                        new UUID(random.nextLong(), random.nextLong()),
                        i % 13 == 0 ? null : "account-" + i + "-" + Long.toHexString(random.nextLong()),
                        random.nextLong(),
                        i % 4 == 0 ? Set.of() : Set.of("t" + random.nextInt(10)),
                        ByteBuffer.wrap(avatar)));
            }
            PreparedStatement document = session.prepare(
                    "INSERT INTO " + keyspace + ".documents (id, title, body, size) VALUES (?, ?, ?, ?)");
            for (int i = 0; i < 300; i++) {
                // Random text does not compress: a Data.db of a couple of MiB, many chunks of the encrypted format.
                byte[] raw = new byte[4096];
                random.nextBytes(raw);
                session.execute(
                        document.bind(i, "document " + i, Base64.getEncoder().encodeToString(raw), random.nextLong()));
            }
        }
    }

    /** Every row of every table, as its cells' serialized bytes: equal sets mean equal data, type for type. */
    private Map<String, Set<String>> contents() {
        try (CqlSession session = cql()) {
            return TableCells.of(session, keyspace, TABLES);
        }
    }

    private static Path newKeyFile(Path file) throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String completed(RingvaultSystem system, JsonNode accepted, String what) {
        JsonNode operation = system.awaitOperationEnd(accepted(accepted), OPERATION_TIMEOUT);
        assertThat(operation.path("state").asString())
                .as(what + ": " + operation)
                .isEqualTo("COMPLETED");
        return operation.path("id").asString();
    }

    private static String accepted(JsonNode accepted) {
        String id = accepted.path("operationId").asString();
        assertThat(id).as(accepted.toString()).isNotBlank();
        return id;
    }

    private CqlSession cql() {
        CassandraEndpoint node = SharedStack.get().cassandra();
        return CqlSession.builder()
                .addContactPoint(node.cql())
                .withLocalDatacenter(node.datacenter())
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                        .build())
                .build();
    }
}
