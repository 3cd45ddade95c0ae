package io.ringvault.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.datastax.oss.driver.api.core.type.codec.TypeCodecs;
import io.ringvault.agent.node.CassandraJmx;
import io.ringvault.agent.node.LocalNode;
import io.ringvault.agent.restore.BulkLoaderCommand;
import io.ringvault.agent.restore.ImportResult;
import io.ringvault.agent.restore.ImportService;
import io.ringvault.agent.restore.JmxSSTableImport;
import io.ringvault.agent.restore.LoadMethod;
import io.ringvault.agent.restore.ProcessBulkLoader;
import io.ringvault.agent.restore.StagedTable;
import io.ringvault.agent.restore.StagingArea;
import io.ringvault.agent.snapshot.JmxSnapshotOperations;
import io.ringvault.connections.CassandraConnection;
import io.ringvault.connections.CqlSessions;
import io.ringvault.testkit.CassandraEndpoint;
import io.ringvault.testkit.LocalBulkLoader;
import io.ringvault.testkit.LocalStack;
import io.ringvault.testkit.StackSpec;
import io.ringvault.testkit.Topology;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming restore on a real two-node Cassandra 5.0 cluster with Cassandra's real bulk loader: the SSTables one
 * node holds of a table replicated on both nodes are staged as a restore stages them, then streamed into a table of
 * another keyspace that has one replica per partition, so that about half the partitions belong to the other node.
 * An import on the first node would refuse those ({@code verifyTokens}); the stream must deliver every row to its
 * owner.
 */
class BulkLoaderIT {
    private static final String SOURCE = "bulk_source";
    private static final String TARGET = "bulk_target";
    private static final String TABLE = "items";
    private static final int ROWS = 400;

    @TempDir
    static Path directory;

    private static LocalStack stack;
    private static CqlSession cql;

    @BeforeAll
    static void cluster() {
        stack = LocalStack.start(StackSpec.in(directory.resolve("stack"))
                .topology(Topology.parse("dc1:2"))
                .withoutKafka()
                .withoutObjectStore());
        CassandraEndpoint first = stack.cassandraNodes().get(0);
        cql = CqlSession.builder()
                .addContactPoint(first.cql())
                .withLocalDatacenter(first.datacenter())
                // Schema changes wait for both nodes to agree: longer than the driver's 2 s on a busy 2-core machine.
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(60))
                        .build())
                .build();
    }

    @AfterAll
    static void stop() {
        if (cql != null) {
            cql.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldStreamOneNodesSSTablesToTheReplicasOfAnotherKeyspace() throws Exception {
        CassandraEndpoint node = stack.cassandraNodes().get(0);
        create(SOURCE, 2);
        create(TARGET, 1);
        PreparedStatement insert =
                cql.prepare("INSERT INTO " + SOURCE + "." + TABLE + " (id, name, tags, payload) VALUES (?, ?, ?, ?)");
        for (int id = 0; id < ROWS; id++) {
            cql.execute(insert.bind(
                    id,
                    "item-" + id,
                    Set.of("t" + (id % 7), "u" + (id % 3)),
                    ByteBuffer.wrap(("payload-" + id).repeat(1 + id % 5).getBytes())));
        }
        Map<Integer, String> written = rows(SOURCE);
        assertThat(written).hasSize(ROWS);

        String operationId = "bulk-it-1";
        StagedTable staged = new StagedTable(operationId, TARGET, TABLE);
        StagingArea staging = new StagingArea(directory.resolve("staging"));
        try (CassandraJmx jmx = new CassandraJmx(node.jmxServiceUrl(), null, null, false);
                LocalNode local = LocalNode.connect(
                        contactPoint(node),
                        CqlSessions.connector(new CassandraConnection(
                                List.of(contactPoint(node)), node.datacenter(), null, null, null)))) {
            // The first node's SSTables of the source table, as a snapshot (the flush included) leaves them.
            new JmxSnapshotOperations(jmx).takeSnapshot("bulk-it", List.of(SOURCE + "." + TABLE));
            List<Path> files = snapshotFiles(node, "bulk-it");
            assertThat(files).anyMatch(f -> f.getFileName().toString().endsWith("-Data.db"));
            for (Path file : files) {
                byte[] content = Files.readAllBytes(file);
                try (InputStream in = Files.newInputStream(file)) {
                    staging.stage(staged, file.getFileName().toString(), sha256(content), content.length, in);
                }
            }
            Path stagedDirectory = directory
                    .resolve("staging")
                    .resolve(operationId)
                    .resolve(TARGET)
                    .resolve(TABLE);
            assertThat(stagedDirectory).isDirectory();

            ImportService imports = new ImportService(
                    staging,
                    local,
                    new JmxSSTableImport(jmx),
                    new ProcessBulkLoader(
                            new BulkLoaderCommand(
                                    List.of(LocalBulkLoader.script(directory.resolve("loader"))
                                            .toString()),
                                    node.cql().getHostString(),
                                    node.cql().getPort(),
                                    // What the agent does: the storage port the node reports.
                                    local.storagePort().getAsInt(),
                                    null,
                                    null,
                                    null,
                                    List.of()),
                            Duration.ofMinutes(5),
                            "node " + node.name()),
                    Clock.systemUTC());

            ImportResult result = imports.importTable(staged, false, LoadMethod.STREAM);

            assertThat(result.method()).isEqualTo(LoadMethod.STREAM);
            assertThat(result.importedFiles()).isEqualTo(files.size());
            assertThat(stagedDirectory).doesNotExist();
        }

        // Every row arrived, equal to what was written, and the other node owns part of them: with one replica, a row
        // it owns can only have been read from it.
        assertThat(rows(TARGET)).isEqualTo(written);
        TokenMap tokens = cql.getMetadata().getTokenMap().orElseThrow();
        Set<String> owners = new HashSet<>();
        for (int id : written.keySet()) {
            ByteBuffer key = TypeCodecs.INT.encode(id, cql.getContext().getProtocolVersion());
            for (Node replica : tokens.getReplicas(TARGET, key)) {
                owners.add(replica.getEndPoint().resolve().toString());
            }
        }
        assertThat(owners).hasSize(2);
    }

    private static void create(String keyspace, int replicas) {
        cql.execute("CREATE KEYSPACE " + keyspace + " WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': "
                + replicas + "}");
        cql.execute("CREATE TABLE " + keyspace + "." + TABLE
                + " (id int PRIMARY KEY, name text, tags set<text>, payload blob)");
    }

    /** Every row of the table, as text, by id: read at ALL, so that no replica is left out. */
    private static Map<Integer, String> rows(String keyspace) {
        Map<Integer, String> rows = new TreeMap<>();
        SimpleStatement all = SimpleStatement.newInstance(
                        "SELECT id, name, tags, payload FROM " + keyspace + "." + TABLE)
                .setConsistencyLevel(DefaultConsistencyLevel.ALL);
        for (Row row : cql.execute(all)) {
            rows.put(
                    row.getInt("id"),
                    row.getString("name") + "|" + new TreeSet<>(row.getSet("tags", String.class)) + "|"
                            + HexFormat.of().formatHex(bytes(row.getByteBuffer("payload"))));
        }
        return rows;
    }

    private static List<Path> snapshotFiles(CassandraEndpoint node, String tag) throws Exception {
        Path keyspace = node.dataDirectories().get(0).resolve(SOURCE);
        try (Stream<Path> tables = Files.list(keyspace)) {
            Path table = tables.filter(t -> t.getFileName().toString().startsWith(TABLE + "-"))
                    .findFirst()
                    .orElseThrow();
            try (Stream<Path> files = Files.list(table.resolve("snapshots").resolve(tag))) {
                return files.filter(Files::isRegularFile)
                        .filter(f -> !f.getFileName().toString().equals("manifest.json"))
                        .filter(f -> !f.getFileName().toString().equals("schema.cql"))
                        .sorted()
                        .toList();
            }
        }
    }

    private static String contactPoint(CassandraEndpoint node) {
        return node.cql().getHostString() + ":" + node.cql().getPort();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
