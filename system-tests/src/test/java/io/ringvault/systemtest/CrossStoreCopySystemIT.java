package io.ringvault.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.ObjectStores;
import io.ringvault.storage.StorageProperties;
import io.ringvault.testkit.CassandraEndpoint;
import io.ringvault.testkit.Directories;
import io.ringvault.testkit.FakeGcsServer;
import io.ringvault.testkit.LocalService;
import io.ringvault.testkit.SharedStack;
import io.ringvault.testkit.StoreTarget;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The migration story of issue 21: a backup made to one store is copied to a store of another type and restored from
 * there, row for row. A first deployment backs up to a filesystem store and copies the backup to fake-gcs-server (its
 * copy target {@code gcs}); a copy to an unknown target is refused naming the known ones, a second copy skips every
 * object, and a copy (to a second bucket) of a backup whose source object was corrupted fails naming that object,
 * which that bucket then does not hold. Then the first deployment stops, the tables are truncated, and a second
 * deployment whose primary store is the GCS bucket (same prefix and cluster name, other topics) lists the backup and
 * restores it; every cell is compared with what was backed up.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossStoreCopySystemIT {
    private static final Duration OPERATION_TIMEOUT = Duration.ofMinutes(5);
    private static final List<String> TABLES = List.of("accounts", "documents");

    Path directory;
    FakeGcsServer gcs;
    StoreTarget gcsStore;
    String scratchBucket;
    String prefix;
    String keyspace;
    RingvaultSystem source;
    LocalService sourceRestorer;
    RingvaultSystem migrated;
    LocalService migratedRestorer;

    @BeforeAll
    void start() throws Exception {
        directory = Files.createTempDirectory("ringvault-system-copy-");
        String bucket = "ringvault-copy-" + UUID.randomUUID().toString().substring(0, 8);
        scratchBucket = bucket + "-scratch";
        gcs = FakeGcsServer.start(directory.resolve("emulator"), Duration.ofMinutes(1), bucket, scratchBucket);
        gcsStore = StoreTarget.gcs(gcs.endpoint(), bucket);
        // Both deployments read and write the same keys: the copy keeps them.
        prefix = "copy-" + UUID.randomUUID().toString().substring(0, 8);
        keyspace = "e2e_copy_" + UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> targets = new HashMap<>();
        gcsStore.properties()
                .forEach((key, value) ->
                        targets.put(key.replace("ringvault.storage.", "ringvault.storage.targets.gcs."), value));
        targets.put("ringvault.storage.targets.gcs.type", "gcs");
        targets.put("ringvault.storage.targets.gcs.gcs.chunk-size", "1MB");
        // A second bucket, only for the corrupted-source copy (the first already holds every object whole).
        StoreTarget.gcs(gcs.endpoint(), scratchBucket)
                .properties()
                .forEach((key, value) ->
                        targets.put(key.replace("ringvault.storage.", "ringvault.storage.targets.scratch."), value));
        targets.put("ringvault.storage.targets.scratch.type", "gcs");
        targets.put("ringvault.storage.targets.scratch.gcs.chunk-size", "1MB");
        source = new RingvaultSystem(SharedStack.get(), null, directory.resolve("source"), prefix, 1, targets);
        try (CqlSession session = cql()) {
            session.execute("CREATE KEYSPACE " + keyspace
                    + " WITH replication = {'class':'SimpleStrategy','replication_factor':1}");
            session.execute("CREATE TABLE " + keyspace + ".accounts (id uuid PRIMARY KEY, name text, balance decimal,"
                    + " opened timestamp, tags set<text>, avatar blob)");
            session.execute(
                    "CREATE TABLE " + keyspace + ".documents (id int PRIMARY KEY, title text, body text, size bigint)");
        }
        source.start();
        sourceRestorer = source.startRestorer("restorer-source", Map.of());
    }

    @AfterAll
    void stop() {
        Stream.of(sourceRestorer, migratedRestorer).filter(s -> s != null).forEach(LocalService::close);
        Stream.of(source, migrated).filter(s -> s != null).forEach(RingvaultSystem::close);
        if (keyspace != null) {
            try (CqlSession session = cql()) {
                session.execute("DROP KEYSPACE IF EXISTS " + keyspace);
            } catch (RuntimeException e) {
                // The shared stack survives a leftover keyspace; the test's result is what matters.
            }
        }
        if (gcs != null) {
            gcs.close();
        }
        if (directory != null) {
            Directories.deleteRecursively(directory);
        }
    }

    @Test
    void shouldCopyABackupToAStoreOfAnotherTypeAndRestoreItFromThereRowForRow() throws Exception {
        write(new Random(5));
        Map<String, Set<String>> before = contents();
        assertThat(before.values().stream().mapToInt(Set::size).sum()).isGreaterThan(1000);
        String backupId =
                completed(source, source.post("/api/v1/backups", "{\"keyspaces\":[\"" + keyspace + "\"]}"), "backup");

        // Copy to the GCS target: every object written, checked on the way.
        JsonNode copy = completedView(
                source,
                source.post("/api/v1/backups/" + backupId + "/copy", "{\"target\":\"gcs\",\"requestedBy\":\"it\"}"),
                "copy");
        long objects = copy.path("copy").path("objectsTotal").asLong();
        assertThat(objects).as(copy.toString()).isPositive();
        assertThat(copy.path("copy").path("objectsCopied").asLong()).isEqualTo(objects);
        assertThat(copy.path("kind").asString()).isEqualTo("copy");

        // An unknown target is refused, naming the known ones.
        JsonNode refused = source.post("/api/v1/backups/" + backupId + "/copy", "{\"target\":\"azure\"}");
        assertThat(refused.path("reason").asString()).as(refused.toString()).isEqualTo("unknown-target");
        assertThat(refused.path("detail").asString()).contains("'azure'", "gcs, scratch");

        // Copied again: every object is already there with its checksum.
        JsonNode again = completedView(
                source, source.post("/api/v1/backups/" + backupId + "/copy", "{\"target\":\"gcs\"}"), "second copy");
        assertThat(again.path("copy").path("objectsSkipped").asLong())
                .as(again.toString())
                .isEqualTo(objects);
        assertThat(again.path("copy").path("objectsCopied").asLong()).isZero();

        // A source object flipped in place: the copy to the scratch target fails naming it.
        Path corrupted = largestObject(source.objectRoot);
        byte[] good = Files.readAllBytes(corrupted);
        byte[] flipped = good.clone();
        flipped[flipped.length / 2] ^= 0x01;
        Files.write(corrupted, flipped);
        JsonNode failed = source.awaitOperationEnd(
                accepted(source.post("/api/v1/backups/" + backupId + "/copy", "{\"target\":\"scratch\"}")),
                OPERATION_TIMEOUT);
        Files.write(corrupted, good);
        assertThat(failed.path("state").asString()).as(failed.toString()).isEqualTo("FAILED");
        assertThat(failed.path("failure").path("reason").asString()).isEqualTo("checksum-mismatch");
        String key = source.objectRoot.relativize(corrupted).toString().replace('\\', '/');
        assertThat(failed.path("failure").path("detail").asString()).contains(key);
        try (ObjectStore scratch = ObjectStores.open(new StorageProperties(
                StorageProperties.Type.GCS,
                RingvaultSystem.CLUSTER,
                prefix,
                null,
                null,
                new StorageProperties.Gcs(
                        scratchBucket, gcs.endpoint().toString(), "ringvault-local", null, null, null),
                null))) {
            // The mismatch was found before the last bytes reached GCS: the resumable upload was never finalized.
            assertThat(scratch.head(key))
                    .as("the corrupted object in the scratch bucket")
                    .isEmpty();
            assertThat(scratch.getSmall(source.layout().backupManifest(backupId)))
                    .as("a failed copy writes no backup manifest")
                    .isEmpty();
        }

        // The first deployment goes away; the data is lost.
        sourceRestorer.close();
        sourceRestorer = null;
        source.close();
        source = null;
        try (CqlSession session = cql()) {
            for (String table : TABLES) {
                session.execute("TRUNCATE " + keyspace + "." + table);
            }
        }
        assertThat(contents().values().stream().mapToInt(Set::size).sum()).isZero();

        // A second deployment whose primary store is the GCS bucket lists the backup and restores it.
        migrated = new RingvaultSystem(SharedStack.get(), gcsStore, directory.resolve("migrated"), prefix, 1, Map.of());
        migrated.start();
        migratedRestorer = migrated.startRestorer("restorer-migrated", Map.of());
        JsonNode backups = migrated.get("/api/v1/backups");
        List<String> listed = new java.util.ArrayList<>();
        backups.forEach(backup -> listed.add(backup.path("id").asString()));
        assertThat(listed).as(backups.toString()).contains(backupId);
        completed(
                migrated,
                migrated.post(
                        "/api/v1/restores",
                        "{\"backupId\":\"" + backupId + "\",\"keyspaces\":[\"" + keyspace + "\"],\"truncate\":true}"),
                "restore from the copy");

        Map<String, Set<String>> after = contents();
        for (String table : TABLES) {
            assertThat(after.get(table))
                    .as("%s.%s restored from the copy", keyspace, table)
                    .hasSameSizeAs(before.get(table))
                    .isEqualTo(before.get(table));
        }
    }

    /** The largest SSTable object of the keyspace in the filesystem store (not a checksum sidecar). */
    private Path largestObject(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(path -> path.toString().contains("/" + keyspace + "/"))
                    .filter(path -> path.getFileName().toString().endsWith("-Data.db"))
                    .max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length()))
                    .orElseThrow();
        }
    }

    private void write(Random random) {
        try (CqlSession session = cql()) {
            PreparedStatement account = session.prepare("INSERT INTO " + keyspace
                    + ".accounts (id, name, balance, opened, tags, avatar) VALUES (?, ?, ?, ?, ?, ?)");
            for (int i = 0; i < 1000; i++) {
                byte[] avatar = new byte[random.nextInt(64)];
                random.nextBytes(avatar);
                session.execute(account.bind(
                        new UUID(random.nextLong(), random.nextLong()),
                        i % 13 == 0 ? null : "account-" + i + "-é-" + Long.toHexString(random.nextLong()),
                        BigDecimal.valueOf(random.nextLong(), random.nextInt(6)),
                        Instant.ofEpochMilli(1_600_000_000_000L + random.nextInt(Integer.MAX_VALUE)),
                        i % 4 == 0 ? Set.of() : Set.of("t" + random.nextInt(10)),
                        ByteBuffer.wrap(avatar)));
            }
            PreparedStatement document = session.prepare(
                    "INSERT INTO " + keyspace + ".documents (id, title, body, size) VALUES (?, ?, ?, ?)");
            for (int i = 0; i < 300; i++) {
                // Random text does not compress: a Data.db of a couple of MiB, sent to GCS in 1 MiB chunks.
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

    private static String completed(RingvaultSystem system, JsonNode accepted, String what) {
        return completedView(system, accepted, what).path("id").asString();
    }

    private static JsonNode completedView(RingvaultSystem system, JsonNode accepted, String what) {
        JsonNode operation = system.awaitOperationEnd(accepted(accepted), OPERATION_TIMEOUT);
        assertThat(operation.path("state").asString())
                .as(what + ": " + operation)
                .isEqualTo("COMPLETED");
        return operation;
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
