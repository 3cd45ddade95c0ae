package io.ringvault.restorer.restore;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.NodeRef;
import io.ringvault.storage.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * A backup in an object store as the coordinator leaves it: the files' objects, one manifest per node and the backup's
 * manifest. {@link #standard} is backup {@code b1} of cluster {@code prod}: nodes {@code h1} and {@code h2}, tables
 * {@code shop.orders} and {@code shop.users}, two SSTable components of each table on each node (and Cassandra's
 * per-snapshot {@code manifest.json}, which a restore leaves out).
 */
final class TestBackup {
    static final String CLUSTER = "prod";
    static final String BACKUP_ID = "b1";
    static final NodeRef NODE_1 = new NodeRef("h1", "10.0.0.1", "dc1", "r1");
    static final NodeRef NODE_2 = new NodeRef("h2", "10.0.0.2", "dc1", "r1");
    static final String ORDERS = "shop.orders";
    static final String USERS = "shop.users";
    static final String DATA = "nb-1-big-Data.db";
    static final String INDEX = "nb-1-big-Index.db";
    static final JsonMapper JSON = new CloudEventCodec().mapper();
    static final ObjectLayout LAYOUT = new ObjectLayout("", CLUSTER);

    static final String ORDERS_TABLE = """
            CREATE TABLE shop.orders (
                id uuid PRIMARY KEY,
                total int
            ) WITH comment = ''""";
    static final String USERS_TABLE = """
            CREATE TABLE shop.users (
                id uuid PRIMARY KEY,
                name text
            ) WITH comment = ''""";
    static final String SCHEMA = "CREATE KEYSPACE shop WITH replication = {'class': 'NetworkTopologyStrategy',"
            + " 'dc1': '2'} AND durable_writes = true;\n\n" + ORDERS_TABLE + ";\n\n" + USERS_TABLE + ";\n";

    /**
     * One file of the backup: the bytes its node manifest describes (size and checksum), the bytes its object holds
     * (null: no object), and whether the manifest records a checksum at all.
     */
    private record Entry(
            NodeRef node, String table, String fileName, String listed, String stored, boolean checksummed) {}

    private final ObjectStore store;
    private final List<Entry> entries = new ArrayList<>();
    private final Set<String> withoutManifest = new LinkedHashSet<>();

    private TestBackup(ObjectStore store) {
        this.store = store;
    }

    static TestBackup standard(ObjectStore store) {
        TestBackup backup = new TestBackup(store);
        for (NodeRef node : List.of(NODE_1, NODE_2)) {
            for (String table : List.of(ORDERS, USERS)) {
                backup.file(node, table, DATA, content(node, table, DATA));
                backup.file(node, table, INDEX, content(node, table, INDEX));
                backup.file(node, table, "manifest.json", "{\"files\":[\"" + DATA + "\"]}");
            }
        }
        return backup;
    }

    /** The bytes of a file of the standard backup: distinct per node, table and file, of different sizes. */
    static String content(NodeRef node, String table, String fileName) {
        return (node.hostId() + " " + table + " " + fileName + "\n").repeat(fileName.equals(DATA) ? 200 : 20);
    }

    /** The object key of a file of the backup. */
    static String objectKey(NodeRef node, String table, String fileName) {
        String keyspace = table.substring(0, table.indexOf('.'));
        String name = table.substring(table.indexOf('.') + 1);
        return LAYOUT.nodeFile(node.hostId(), keyspace, name + "-0123456789abcdef", fileName);
    }

    TestBackup file(NodeRef node, String table, String fileName, String content) {
        entries.removeIf(e ->
                e.node().equals(node) && e.table().equals(table) && e.fileName().equals(fileName));
        entries.add(new Entry(node, table, fileName, content, content, true));
        return this;
    }

    /** The file's object holds other bytes than the ones its manifest's checksum describes. */
    TestBackup corrupted(NodeRef node, String table, String fileName) {
        Entry entry = entry(node, table, fileName);
        entries.set(
                entries.indexOf(entry),
                new Entry(
                        node,
                        table,
                        fileName,
                        entry.listed(),
                        "X" + entry.stored().substring(1),
                        true));
        return this;
    }

    /** The node manifest lists the file, but its object is gone. */
    TestBackup withoutObject(NodeRef node, String table, String fileName) {
        Entry entry = entry(node, table, fileName);
        entries.set(entries.indexOf(entry), new Entry(node, table, fileName, entry.listed(), null, true));
        return this;
    }

    /** The node manifest records no checksum for the file (a manifest the restore cannot verify against). */
    TestBackup withoutChecksum(NodeRef node, String table, String fileName) {
        Entry entry = entry(node, table, fileName);
        entries.set(entries.indexOf(entry), new Entry(node, table, fileName, entry.listed(), entry.stored(), false));
        return this;
    }

    /** The backup's manifest lists the node, but the node's manifest is missing. */
    TestBackup withoutManifestOf(NodeRef node) {
        withoutManifest.add(node.hostId());
        return this;
    }

    /** Writes the objects and the node manifests, then the backup's manifest (last, as the coordinator does). */
    void write() {
        List<BackupManifest.NodeEntry> nodes = new ArrayList<>();
        for (NodeRef node : List.of(NODE_1, NODE_2)) {
            List<NodeManifest.File> files = new ArrayList<>();
            for (Entry entry : entries) {
                if (entry.node().equals(node)) {
                    files.add(store(entry));
                }
            }
            String manifestKey = LAYOUT.nodeManifest(BACKUP_ID, node.hostId());
            if (!withoutManifest.contains(node.hostId())) {
                NodeManifest manifest = new NodeManifest(
                        BACKUP_ID,
                        node,
                        "5.0.4",
                        List.of(node == NODE_1 ? "-100" : "100"),
                        Map.of("shop", SCHEMA),
                        files,
                        Instant.parse("2025-01-01T00:00:00Z"));
                store.put(manifestKey, JSON.writeValueAsBytes(manifest));
            }
            nodes.add(new BackupManifest.NodeEntry(
                    node.hostId(),
                    node.address(),
                    node.datacenter(),
                    node.rack(),
                    manifestKey,
                    files.size(),
                    files.stream().mapToLong(NodeManifest.File::size).sum()));
        }
        BackupManifest backup = new BackupManifest(
                BackupManifest.SCHEMA_VERSION,
                BACKUP_ID,
                CLUSTER,
                BackupMode.FULL,
                List.of("shop"),
                List.of(),
                List.of("dc1"),
                Instant.parse("2025-01-01T00:00:00Z"),
                Instant.parse("2025-01-01T00:10:00Z"),
                Map.of("shop", SCHEMA),
                nodes);
        store.put(LAYOUT.backupManifest(BACKUP_ID), JSON.writeValueAsBytes(backup));
    }

    private NodeManifest.File store(Entry entry) {
        String key = objectKey(entry.node(), entry.table(), entry.fileName());
        if (entry.stored() != null) {
            store.put(key, entry.stored().getBytes(StandardCharsets.UTF_8));
        }
        byte[] listed = entry.listed().getBytes(StandardCharsets.UTF_8);
        return new NodeManifest.File(
                entry.table().substring(0, entry.table().indexOf('.')),
                entry.table().substring(entry.table().indexOf('.') + 1),
                entry.fileName(),
                key,
                listed.length,
                entry.checksummed() ? "sha256:" + sha256(listed) : null,
                false);
    }

    private Entry entry(NodeRef node, String table, String fileName) {
        return entries.stream()
                .filter(e -> e.node().equals(node)
                        && e.table().equals(table)
                        && e.fileName().equals(fileName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no file " + fileName + " of " + table));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
