package io.ringvault.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.ringvault.storage.ObjectStore;
import io.ringvault.testkit.CassandraEndpoint;
import io.ringvault.testkit.Directories;
import io.ringvault.testkit.LocalService;
import io.ringvault.testkit.SharedStack;
import io.ringvault.testkit.StoreTarget;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * One backup and restore, end to end, on a cloud store's emulator: the services run as their own processes on the
 * shared stack's Cassandra and Kafka and write to the store the subclass starts. Three tables of varied types and a
 * few thousand rows (some large enough that their SSTables take the store's chunked path) are backed up, verified
 * deep, truncated, restored with truncation, and compared byte for byte, cell by cell.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CloudStoreBackupRestoreSystemIT {
    private static final Duration OPERATION_TIMEOUT = Duration.ofMinutes(5);
    private static final List<String> TABLES = List.of("accounts", "timelines", "documents");

    Path directory;
    RingvaultSystem system;
    LocalService restorer;
    String keyspace;

    /** Starts the emulator with its data under {@code directory} and returns where the services should write. */
    abstract StoreTarget startStore(Path directory) throws Exception;

    /** Stops the emulator. */
    abstract void stopStore();

    @BeforeAll
    void start() throws Exception {
        directory = Files.createTempDirectory("ringvault-system-store-");
        StoreTarget store = startStore(directory.resolve("emulator"));
        keyspace = "e2e_" + store.kind().propertyValue() + "_"
                + UUID.randomUUID().toString().substring(0, 6);
        system = new RingvaultSystem(SharedStack.get(), store, directory.resolve("ringvault"), null, 2, Map.of());
        try (CqlSession session = cql()) {
            session.execute("CREATE KEYSPACE " + keyspace
                    + " WITH replication = {'class':'SimpleStrategy','replication_factor':1}");
            session.execute("CREATE TABLE " + keyspace + ".accounts (id uuid PRIMARY KEY, name text, balance decimal,"
                    + " score double, active boolean, opened timestamp, visits bigint, tags set<text>,"
                    + " limits map<text, int>, avatar blob)");
            session.execute("CREATE TABLE " + keyspace + ".timelines (account int, at timeuuid, kind text,"
                    + " amounts list<bigint>, note varchar, PRIMARY KEY ((account), at)) WITH CLUSTERING ORDER BY"
                    + " (at DESC)");
            session.execute("CREATE TABLE " + keyspace + ".documents (id int PRIMARY KEY, title text, body text,"
                    + " checksum blob, day date, size varint)");
        }
        system.start();
        restorer = system.startRestorer("restorer-" + store.kind().propertyValue(), Map.of());
    }

    @AfterAll
    void stop() {
        if (restorer != null) {
            restorer.close();
        }
        if (system != null) {
            system.close();
        }
        if (keyspace != null && system != null) {
            try (CqlSession session = cql()) {
                session.execute("DROP KEYSPACE IF EXISTS " + keyspace);
            } catch (RuntimeException e) {
                // The shared stack survives a leftover keyspace; the test's result is what matters.
            }
        }
        stopStore();
        if (directory != null) {
            Directories.deleteRecursively(directory);
        }
    }

    @Test
    void shouldBackUpVerifyAndRestoreEveryRowThroughTheStore() throws Exception {
        write(new Random(21));
        Map<String, Set<String>> before = contents();
        assertThat(before.values().stream().mapToInt(Set::size).sum())
                .as("rows written")
                .isGreaterThan(3000);

        String backupId = completed(system.post("/api/v1/backups", "{\"keyspaces\":[\"" + keyspace + "\"]}"), "backup");
        assertStoredInTheEmulator(backupId);

        JsonNode verify = system.awaitOperationEnd(
                accepted(system.post(
                        "/api/v1/backups/" + backupId + "/verify", "{\"deep\":true,\"requestedBy\":\"store-it\"}")),
                OPERATION_TIMEOUT);
        assertThat(verify.path("state").asString()).as(verify.toString()).isEqualTo("COMPLETED");
        assertThat(verify.path("verify").path("problemCount").asLong())
                .as(verify.toString())
                .isZero();

        try (CqlSession session = cql()) {
            for (String table : TABLES) {
                session.execute("TRUNCATE " + keyspace + "." + table);
            }
            // Written after the backup: the restore's truncation must remove it.
            session.execute("INSERT INTO " + keyspace + ".documents (id, title) VALUES (-1, 'not in the backup')");
        }
        assertThat(contents().get("documents")).hasSize(1);

        completed(
                system.post(
                        "/api/v1/restores",
                        "{\"backupId\":\"" + backupId + "\",\"keyspaces\":[\"" + keyspace + "\"],\"truncate\":true}"),
                "restore");

        Map<String, Set<String>> after = contents();
        for (String table : TABLES) {
            assertThat(after.get(table))
                    .as("%s.%s after the restore", keyspace, table)
                    .hasSameSizeAs(before.get(table))
                    .isEqualTo(before.get(table));
        }
    }

    /** The manifest and the keyspace's SSTables are in the emulator, read back through a store of its own. */
    private void assertStoredInTheEmulator(String backupId) throws Exception {
        try (ObjectStore store = system.objectStore()) {
            assertThat(store.getSmall(system.layout().backupManifest(backupId)))
                    .as("the manifest of %s in %s", backupId, store.describe())
                    .isPresent();
            String index = system.layout().index();
            String nodes = index.substring(0, index.length() - "index.json".length()) + "nodes/";
            AtomicInteger sstables = new AtomicInteger();
            List<Long> sizes = new ArrayList<>();
            store.walk(nodes, object -> {
                if (object.key().contains("/" + keyspace + "/")) {
                    sstables.incrementAndGet();
                    sizes.add(object.size());
                }
            });
            assertThat(sstables.get())
                    .as("objects of %s under %s", keyspace, nodes)
                    .isPositive();
            // The documents' Data.db is larger than the 1 MiB chunk or block the system sets: the chunked path ran.
            assertThat(sizes).as("object sizes").anyMatch(size -> size > 1024 * 1024);
        }
    }

    /** A few thousand rows over the three tables: every column type set, some null, some collections empty. */
    private void write(Random random) {
        try (CqlSession session = cql()) {
            PreparedStatement account = session.prepare("INSERT INTO " + keyspace + ".accounts (id, name, balance,"
                    + " score, active, opened, visits, tags, limits, avatar) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            for (int i = 0; i < 1500; i++) {
                byte[] avatar = new byte[random.nextInt(64)];
                random.nextBytes(avatar);
                Map<String, Integer> limits = new LinkedHashMap<>();
                for (int j = random.nextInt(4); j > 0; j--) {
                    limits.put("limit-" + j, random.nextInt());
                }
                session.execute(account.bind(
                        new UUID(random.nextLong(), random.nextLong()),
                        i % 17 == 0 ? null : "account-" + i + "-ü-" + Long.toHexString(random.nextLong()),
                        BigDecimal.valueOf(random.nextLong(), random.nextInt(6)),
                        random.nextDouble() * 1e6,
                        random.nextBoolean(),
                        Instant.ofEpochMilli(1_600_000_000_000L + random.nextInt(Integer.MAX_VALUE)),
                        random.nextLong(),
                        i % 5 == 0 ? Set.of() : Set.of("t" + random.nextInt(10), "u" + random.nextInt(10)),
                        limits,
                        ByteBuffer.wrap(avatar)));
            }
            PreparedStatement event = session.prepare("INSERT INTO " + keyspace + ".timelines (account, at, kind,"
                    + " amounts, note) VALUES (?, ?, ?, ?, ?)");
            for (int i = 0; i < 1500; i++) {
                List<Long> amounts = new ArrayList<>();
                for (int j = random.nextInt(5); j > 0; j--) {
                    amounts.add(random.nextLong());
                }
                session.execute(event.bind(
                        random.nextInt(40),
                        Uuids.timeBased(),
                        List.of("deposit", "withdrawal", "fee").get(random.nextInt(3)),
                        amounts,
                        i % 3 == 0 ? null : "note " + i));
            }
            PreparedStatement document = session.prepare("INSERT INTO " + keyspace + ".documents (id, title, body,"
                    + " checksum, day, size) VALUES (?, ?, ?, ?, ?, ?)");
            for (int i = 0; i < 400; i++) {
                // Random text does not compress: 400 × 6 KiB make a Data.db of a few MiB.
                byte[] raw = new byte[4096];
                random.nextBytes(raw);
                String body = Base64.getEncoder().encodeToString(raw);
                byte[] checksum = new byte[32];
                random.nextBytes(checksum);
                session.execute(document.bind(
                        i,
                        "document " + i,
                        body,
                        ByteBuffer.wrap(checksum),
                        LocalDate.of(2020, 1, 1).plusDays(random.nextInt(2000)),
                        BigInteger.valueOf(random.nextLong()).multiply(BigInteger.TEN.pow(20))));
            }
        }
    }

    /** Every row of every table, as its cells' serialized bytes: equal sets mean equal data, type for type. */
    private Map<String, Set<String>> contents() {
        try (CqlSession session = cql()) {
            return TableCells.of(session, keyspace, TABLES);
        }
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private String completed(JsonNode accepted, String what) {
        String id = accepted(accepted);
        JsonNode operation = system.awaitOperationEnd(id, OPERATION_TIMEOUT);
        assertThat(operation.path("state").asString())
                .as(what + ": " + operation)
                .isEqualTo("COMPLETED");
        return id;
    }

    private static String accepted(JsonNode accepted) {
        String id = accepted.path("operationId").asString();
        assertThat(id).as(accepted.toString()).isNotBlank();
        return id;
    }

    private CqlSession cql() {
        CassandraEndpoint node = system.stack.cassandra();
        return CqlSession.builder()
                .addContactPoint(node.cql())
                .withLocalDatacenter(node.datacenter())
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                        .build())
                .build();
    }
}
