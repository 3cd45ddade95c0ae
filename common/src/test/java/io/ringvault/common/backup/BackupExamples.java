package io.ringvault.common.backup;

import io.ringvault.common.Examples;
import io.ringvault.common.message.BackupMethod;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.LogicalFormat;
import io.ringvault.common.message.NodeRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stored documents of two backups of the cluster of {@link Examples} ({@code shop-prod}, under the prefix
 * {@code backups}), the ones {@code docs/storage-layout.md} shows:
 *
 * <ol>
 *   <li>{@link Examples#BACKUP_ID}, full, of {@code shop.orders} and {@code shop.customers} on both nodes;
 *   <li>{@link #DIFFERENTIAL_ID}, differential, a day later: {@code orders} has gained SSTable 4 since, everything else
 *       is unchanged and reused.
 * </ol>
 */
public final class BackupExamples {
    public static final String FULL_ID = Examples.BACKUP_ID;
    public static final String DIFFERENTIAL_ID = "7d2a9e4b-5c1f-4a3d-8e6b-2f9c0a1d3e57";
    public static final ObjectLayout LAYOUT = Examples.LAYOUT;
    public static final String ORDERS_DIRECTORY = Examples.TABLE_DIRECTORY;
    public static final String CUSTOMERS_DIRECTORY = "customers-2b7e4c90e1f211ee9a4b0f1c2d3e4f50";

    /** The components of a compressed SSTable of Cassandra's "big" format, with plausible sizes for a Data.db size. */
    private static final List<String> COMPONENTS = List.of(
            "CompressionInfo.db",
            "Data.db",
            "Digest.crc32",
            "Filter.db",
            "Index.db",
            "Statistics.db",
            "Summary.db",
            "TOC.txt");

    private BackupExamples() {}

    // --- the full backup, 2026-03-14 ---

    public static final Instant FULL_STARTED = Instant.parse("2026-03-14T02:00:01.201Z");
    public static final Instant FULL_COMPLETED = Instant.parse("2026-03-14T02:14:33.918Z");

    // --- the differential backup, 2026-03-15 ---

    public static final Instant DIFFERENTIAL_STARTED = Instant.parse("2026-03-15T02:00:01.087Z");
    public static final Instant DIFFERENTIAL_COMPLETED = Instant.parse("2026-03-15T02:01:46.530Z");

    /** One node's manifest in one of the two backups. */
    public static NodeManifest nodeManifest(String backupId, NodeRef node) {
        boolean differential = backupId.equals(DIFFERENTIAL_ID);
        boolean first = node.equals(Examples.NODE_1);
        long scale = first ? 1 : 2;
        List<NodeManifest.File> files = new ArrayList<>();
        // customers: one SSTable, unchanged between the backups.
        files.addAll(sstable(backupId, node, "customers", CUSTOMERS_DIRECTORY, 1, 2_097_152L * scale, differential));
        files.addAll(snapshotFiles(backupId, node, "customers", CUSTOMERS_DIRECTORY, 1));
        // orders: SSTable 3 in both backups; SSTable 4 was flushed after the full backup.
        files.addAll(sstable(backupId, node, "orders", ORDERS_DIRECTORY, 3, 73_400_320L * scale, differential));
        if (differential) {
            files.addAll(sstable(backupId, node, "orders", ORDERS_DIRECTORY, 4, 5_242_880L * scale, false));
        }
        files.addAll(snapshotFiles(backupId, node, "orders", ORDERS_DIRECTORY, differential ? 2 : 1));
        Instant completed = differential ? DIFFERENTIAL_COMPLETED : FULL_COMPLETED;
        return new NodeManifest(
                backupId,
                node,
                Examples.CASSANDRA_VERSION,
                first ? Examples.TOKENS_1 : Examples.TOKENS_2,
                Examples.SCHEMA,
                files,
                first ? completed.minusMillis(2_411) : completed);
    }

    public static List<NodeManifest> nodeManifests(String backupId) {
        return List.of(nodeManifest(backupId, Examples.NODE_1), nodeManifest(backupId, Examples.NODE_2));
    }

    /** The backup manifest, built from the node manifests as the coordinator builds it. */
    public static BackupManifest backupManifest(String backupId) {
        boolean differential = backupId.equals(DIFFERENTIAL_ID);
        List<BackupManifest.NodeEntry> nodes = new ArrayList<>();
        for (NodeManifest node : nodeManifests(backupId)) {
            nodes.add(new BackupManifest.NodeEntry(
                    node.node().hostId(),
                    node.node().address(),
                    node.node().datacenter(),
                    node.node().rack(),
                    LAYOUT.nodeManifest(backupId, node.node().hostId()),
                    node.files().size(),
                    node.files().stream().mapToLong(NodeManifest.File::size).sum()));
        }
        return new BackupManifest(
                BackupManifest.SCHEMA_VERSION,
                backupId,
                LAYOUT.cluster(),
                differential ? BackupMode.DIFFERENTIAL : BackupMode.FULL,
                Examples.BACKUP.keyspaces(),
                Examples.BACKUP.tables(),
                Examples.BACKUP.datacenters(),
                differential ? DIFFERENTIAL_STARTED : FULL_STARTED,
                differential ? DIFFERENTIAL_COMPLETED : FULL_COMPLETED,
                Examples.SCHEMA,
                nodes);
    }

    /** An incremental backup, on top of the differential one: its manifest names the chain. */
    public static final String INCREMENTAL_ID = "9b3d5f7a-1c2e-4a6b-8d0f-4e6a8c0b2d91";

    /**
     * The manifest of the incremental backup: the differential backup's nodes (its node manifests list their files and
     * the SSTables flushed since), building on it, a snapshot backup.
     */
    public static BackupManifest incrementalBackupManifest() {
        BackupManifest differential = backupManifest(DIFFERENTIAL_ID);
        return new BackupManifest(
                BackupManifest.SCHEMA_VERSION,
                INCREMENTAL_ID,
                LAYOUT.cluster(),
                BackupMode.INCREMENTAL,
                differential.keyspaces(),
                differential.tables(),
                differential.datacenters(),
                Instant.parse("2026-03-15T03:00:00.412Z"),
                Instant.parse("2026-03-15T03:00:09.020Z"),
                differential.schema(),
                differential.nodes().stream()
                        .map(node -> new BackupManifest.NodeEntry(
                                node.hostId(),
                                node.address(),
                                node.datacenter(),
                                node.rack(),
                                LAYOUT.nodeManifest(INCREMENTAL_ID, node.hostId()),
                                node.files(),
                                node.bytes()))
                        .toList(),
                null,
                "hourly",
                DIFFERENTIAL_ID,
                List.of(DIFFERENTIAL_ID),
                "kek-2026-03");
    }

    /** A logical backup in CSV of {@code shop.orders}: one CSV file per node, of the ranges it is primary for. */
    public static final String LOGICAL_ID = "3e7a9c1b-6d2f-4b8a-a0c4-8f1e3b5d7a29";

    /** One node's manifest of the logical backup: its CSV file of {@code orders}, with its rows. */
    public static NodeManifest logicalNodeManifest(NodeRef node) {
        boolean first = node.equals(Examples.NODE_1);
        String key = LAYOUT.snapshotFile(node.hostId(), "shop", ORDERS_DIRECTORY, LOGICAL_ID, 0, "orders.csv");
        return new NodeManifest(
                LOGICAL_ID,
                node,
                Examples.CASSANDRA_VERSION,
                first ? Examples.TOKENS_1 : Examples.TOKENS_2,
                Examples.SCHEMA,
                List.of(new NodeManifest.File(
                        "shop",
                        "orders",
                        "orders.csv",
                        key,
                        first ? 23_117_824L : 23_402_110L,
                        Examples.checksum(key),
                        false,
                        first ? 182_304L : 184_551L)),
                Instant.parse("2026-03-16T02:03:12.004Z"));
    }

    /** The manifest of the logical backup: method, format and the rows of each table. */
    public static BackupManifest logicalBackupManifest() {
        List<BackupManifest.NodeEntry> nodes = new ArrayList<>();
        long rows = 0;
        for (NodeRef ref : List.of(Examples.NODE_1, Examples.NODE_2)) {
            NodeManifest node = logicalNodeManifest(ref);
            rows += node.files().get(0).rows();
            nodes.add(new BackupManifest.NodeEntry(
                    ref.hostId(),
                    ref.address(),
                    ref.datacenter(),
                    ref.rack(),
                    LAYOUT.nodeManifest(LOGICAL_ID, ref.hostId()),
                    node.files().size(),
                    node.files().get(0).size()));
        }
        return new BackupManifest(
                BackupManifest.SCHEMA_VERSION,
                LOGICAL_ID,
                LAYOUT.cluster(),
                BackupMode.FULL,
                List.of("shop"),
                List.of("shop.orders"),
                List.of("dc1", "dc2"),
                Instant.parse("2026-03-16T02:00:00.511Z"),
                Instant.parse("2026-03-16T02:03:12.250Z"),
                Examples.SCHEMA,
                nodes,
                null,
                null,
                null,
                null,
                null,
                BackupMethod.LOGICAL,
                LogicalFormat.CSV,
                java.util.Map.of("shop.orders", rows));
    }

    /** The logical backup as if its CSV files wrote {@code NULL} for null: the manifest names the marker. */
    public static BackupManifest logicalBackupManifestWithNullMarker() {
        BackupManifest logical = logicalBackupManifest();
        return new BackupManifest(
                logical.schemaVersion(),
                logical.backupId(),
                logical.cluster(),
                logical.mode(),
                logical.keyspaces(),
                logical.tables(),
                logical.datacenters(),
                logical.startedAt(),
                logical.completedAt(),
                logical.schema(),
                logical.nodes(),
                logical.partial(),
                logical.schedule(),
                logical.buildsOn(),
                logical.chain(),
                logical.encryptionKeyId(),
                logical.method(),
                logical.format(),
                logical.rows(),
                "NULL");
    }

    /** A backup made by {@code ringvault import} from a cqlsh {@code DESCRIBE} and {@code COPY TO} backup. */
    public static final String IMPORTED_ID = "2e4a6c8e-0b1d-4f3a-8c5e-7a9b1d3f5e60";

    /** The node that stands for the operator's files in an imported backup: no Cassandra node wrote them. */
    public static final NodeRef IMPORT_NODE = new NodeRef("import", null, "import", null);

    /** The node manifest of the imported backup: one CSV file per table, kept under the backup. */
    public static NodeManifest importedNodeManifest() {
        return new NodeManifest(
                IMPORTED_ID,
                IMPORT_NODE,
                null,
                List.of(),
                Examples.SCHEMA,
                List.of(
                        new NodeManifest.File(
                                "shop",
                                "customers",
                                "customers.csv",
                                LAYOUT.importedFile(IMPORTED_ID, "shop", "customers", "customers.csv"),
                                48213,
                                "sha256:9f2c6a1e4b7d0c3f5a8e1b4d7c0f3a6e9b2d5c8f1a4e7b0d3c6f9a2e5b8d1c4f",
                                false),
                        new NodeManifest.File(
                                "shop",
                                "orders",
                                "orders.csv",
                                LAYOUT.importedFile(IMPORTED_ID, "shop", "orders", "orders.csv"),
                                1904377,
                                "sha256:3b6e9c2f5a8d1b4e7c0f3a6d9b2e5c8f1a4d7b0e3c6f9a2d5b8e1c4f7a0d3b6e",
                                false)),
                Instant.parse("2026-03-16T09:12:41.377Z"));
    }

    /** The manifest of the imported backup: a csv-format logical backup whose files came from an import. */
    public static BackupManifest importedBackupManifest() {
        NodeManifest node = importedNodeManifest();
        return new BackupManifest(
                BackupManifest.SCHEMA_VERSION,
                IMPORTED_ID,
                LAYOUT.cluster(),
                BackupMode.FULL,
                List.of("shop"),
                List.of("shop.customers", "shop.orders"),
                List.of(IMPORT_NODE.datacenter()),
                Instant.parse("2026-03-16T09:12:40.052Z"),
                node.completedAt(),
                Examples.SCHEMA,
                List.of(new BackupManifest.NodeEntry(
                        IMPORT_NODE.hostId(),
                        null,
                        IMPORT_NODE.datacenter(),
                        null,
                        LAYOUT.nodeManifest(IMPORTED_ID, IMPORT_NODE.hostId()),
                        node.files().size(),
                        node.files().stream().mapToLong(NodeManifest.File::size).sum())),
                null,
                null,
                null,
                null,
                null,
                BackupMethod.LOGICAL,
                LogicalFormat.CSV,
                Map.of("shop.customers", 1200L, "shop.orders", 20518L),
                "NULL",
                BackupManifest.SOURCE_IMPORT);
    }

    /** A partial backup ({@link Examples#PARTIAL}): taken while node 2 was down, so it holds node 1 only. */
    public static final String PARTIAL_ID = "5c8e1a3f-2d4b-4f6a-9e0c-7b1d3f5a8c62";

    /** The manifest of the partial backup: node 1's files of the full backup, and what the backup lacks. */
    public static BackupManifest partialBackupManifest() {
        NodeManifest node = nodeManifest(FULL_ID, Examples.NODE_1);
        return new BackupManifest(
                BackupManifest.SCHEMA_VERSION,
                PARTIAL_ID,
                LAYOUT.cluster(),
                Examples.PARTIAL_BACKUP.mode(),
                Examples.PARTIAL_BACKUP.keyspaces(),
                Examples.PARTIAL_BACKUP.tables(),
                List.of(Examples.NODE_1.datacenter()),
                FULL_STARTED,
                FULL_COMPLETED,
                Examples.SCHEMA,
                List.of(new BackupManifest.NodeEntry(
                        node.node().hostId(),
                        node.node().address(),
                        node.node().datacenter(),
                        node.node().rack(),
                        LAYOUT.nodeManifest(PARTIAL_ID, node.node().hostId()),
                        node.files().size(),
                        node.files().stream().mapToLong(NodeManifest.File::size).sum())),
                Examples.PARTIAL,
                "nightly");
    }

    /** The index entry the coordinator adds for a backup. */
    public static BackupIndex.Entry indexEntry(String backupId) {
        BackupManifest manifest = backupManifest(backupId);
        return new BackupIndex.Entry(
                backupId,
                manifest.completedAt(),
                manifest.keyspaces(),
                manifest.datacenters(),
                manifest.nodes().size(),
                manifest.nodes().stream()
                        .mapToLong(BackupManifest.NodeEntry::files)
                        .sum(),
                manifest.nodes().stream()
                        .mapToLong(BackupManifest.NodeEntry::bytes)
                        .sum(),
                LAYOUT.backupManifest(backupId),
                manifest.mode(),
                manifest.tables(),
                manifest.startedAt());
    }

    /** The index after both backups. */
    public static BackupIndex index() {
        return new BackupIndex(List.of()).with(indexEntry(FULL_ID)).with(indexEntry(DIFFERENTIAL_ID));
    }

    /** The index entry of the logical backup. */
    public static BackupIndex.Entry logicalIndexEntry() {
        BackupManifest manifest = logicalBackupManifest();
        return new BackupIndex.Entry(
                LOGICAL_ID,
                manifest.completedAt(),
                manifest.keyspaces(),
                manifest.datacenters(),
                manifest.nodes().size(),
                manifest.nodes().stream()
                        .mapToLong(BackupManifest.NodeEntry::files)
                        .sum(),
                manifest.nodes().stream()
                        .mapToLong(BackupManifest.NodeEntry::bytes)
                        .sum(),
                LAYOUT.backupManifest(LOGICAL_ID),
                manifest.mode(),
                manifest.tables(),
                manifest.startedAt(),
                false,
                null,
                null,
                manifest.method(),
                manifest.format());
    }

    /** Every object key the two backups leave in the store, for the tree in the documentation. */
    public static Set<String> allKeys() {
        Set<String> keys = new java.util.TreeSet<>();
        keys.add(LAYOUT.index());
        for (String backupId : List.of(FULL_ID, DIFFERENTIAL_ID)) {
            keys.add(LAYOUT.backupManifest(backupId));
            for (NodeManifest node : nodeManifests(backupId)) {
                keys.add(LAYOUT.nodeManifest(backupId, node.node().hostId()));
                node.files().forEach(file -> keys.add(file.objectKey()));
            }
        }
        return keys;
    }

    private static List<NodeManifest.File> sstable(
            String backupId,
            NodeRef node,
            String table,
            String tableDirectory,
            int generation,
            long dataSize,
            boolean reused) {
        List<NodeManifest.File> files = new ArrayList<>();
        for (String component : COMPONENTS) {
            String fileName = "nb-" + generation + "-big-" + component;
            long size = switch (component) {
                case "Data.db" -> dataSize;
                case "Index.db" -> dataSize / 40;
                case "Filter.db" -> dataSize / 3_120;
                case "Summary.db" -> dataSize / 8_938;
                case "CompressionInfo.db" -> dataSize / 3_200;
                case "Statistics.db" -> 10_754;
                case "Digest.crc32" -> 10;
                default -> 92;
            };
            files.add(file(backupId, node, table, tableDirectory, fileName, size, reused));
        }
        return files;
    }

    /** Cassandra's manifest.json and schema.cql of the table's snapshot: kept per backup, never reused. */
    private static List<NodeManifest.File> snapshotFiles(
            String backupId, NodeRef node, String table, String tableDirectory, int sstables) {
        return List.of(
                file(backupId, node, table, tableDirectory, "manifest.json", 96L + 40L * sstables, false),
                file(
                        backupId,
                        node,
                        table,
                        tableDirectory,
                        "schema.cql",
                        table.equals("orders") ? 1_184 : 1_021,
                        false));
    }

    private static NodeManifest.File file(
            String backupId,
            NodeRef node,
            String table,
            String tableDirectory,
            String fileName,
            long size,
            boolean reused) {
        String key = LAYOUT.snapshotFile(node.hostId(), "shop", tableDirectory, backupId, 0, fileName);
        return new NodeManifest.File("shop", table, fileName, key, size, Examples.checksum(key), reused);
    }
}
