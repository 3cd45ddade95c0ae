package io.ringvault.systemtest;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.message.BackupMethod;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.LogicalFormat;
import io.ringvault.common.message.NodeRef;
import io.ringvault.logical.csv.CsvExporter;
import io.ringvault.logical.csv.CsvOptions;
import io.ringvault.logical.export.ExportOptions;
import io.ringvault.logical.export.ExportResult;
import io.ringvault.logical.export.ExportedChunk;
import io.ringvault.logical.export.TableExporter;
import io.ringvault.logical.schema.SchemaExport;
import io.ringvault.storage.ObjectStore;
import io.ringvault.testkit.CassandraEndpoint;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Logical backups written the way a logical backup stores them, with the logical engine, for the logical restore
 * suites: chunk files (or CSV files) under the backup, a node manifest with the keyspace's schema script, and the
 * backup manifest that completes it.
 */
final class LogicalBackups {
    private LogicalBackups() {}

    /**
     * A logical backup of {@code tables} of {@code ks} in the object store, as the logical backup writes it: each
     * table's files (native chunks in several ranges and chunks, or one CSV file) under the backup, one node manifest
     * with the keyspace's schema, and the backup manifest that completes it. Returns its id.
     */
    static String write(
            RingvaultSystem system, CqlSession cql, Path work, String ks, List<String> tables, LogicalFormat format)
            throws Exception {
        String backupId = "logical-" + UUID.randomUUID();
        ObjectLayout layout = system.layout();
        String directory = layout.backupManifest(backupId).replace("manifest.json", "");
        CassandraEndpoint endpoint = system.stack.cassandra();
        NodeRef node = new NodeRef(
                system.hostId(), endpoint.cql().getAddress().getHostAddress(), endpoint.datacenter(), endpoint.rack());
        List<NodeManifest.File> files = new ArrayList<>();
        Map<String, Long> rows = new TreeMap<>();
        Map<String, String> schema;
        try (ObjectStore store = system.objectStore()) {
            schema = Map.of(
                    ks,
                    SchemaExport.script(SchemaExport.statements(
                            cql, cql.getMetadata().getKeyspace(ks).orElseThrow(), table -> true)));
            for (String table : tables) {
                Path out = Files.createDirectories(work.resolve(backupId).resolve(table));
                List<Path> written = new ArrayList<>();
                if (format == LogicalFormat.CSV) {
                    var exported = new CsvExporter(cql, CsvOptions.defaults(), ConsistencyLevel.LOCAL_QUORUM)
                            .export(ks, table, out.resolve(table + ".csv"));
                    written.add(exported.file());
                    rows.put(ks + "." + table, exported.rows());
                } else {
                    ExportResult exported = new TableExporter(
                                    cql,
                                    ExportOptions.defaults()
                                            .withMaxRowsPerChunk(100)
                                            .withSplitsPerRange(2))
                            .export(ks, table, out);
                    exported.chunks().stream()
                            .map(ExportedChunk::summary)
                            .forEach(summary -> written.add(summary.file()));
                    rows.put(ks + "." + table, exported.rows());
                }
                for (Path file : written) {
                    String key =
                            directory + "data/" + node.hostId() + "/" + ks + "/" + table + "/" + file.getFileName();
                    try (InputStream in = Files.newInputStream(file)) {
                        store.put(key, in, Files.size(file));
                    }
                    files.add(new NodeManifest.File(
                            ks, table, file.getFileName().toString(), key, Files.size(file), sha256(file), false));
                }
            }
            Instant now = Instant.now();
            NodeManifest manifest = new NodeManifest(backupId, node, "5.0", List.of(), schema, files, now);
            String manifestKey = layout.nodeManifest(backupId, node.hostId());
            store.put(manifestKey, RingvaultSystem.CODEC.mapper().writeValueAsBytes(manifest));
            BackupManifest backup = new BackupManifest(
                    BackupManifest.SCHEMA_VERSION,
                    backupId,
                    RingvaultSystem.CLUSTER,
                    BackupMode.FULL,
                    List.of(ks),
                    List.of(),
                    List.of(node.datacenter()),
                    now,
                    now,
                    schema,
                    List.of(new BackupManifest.NodeEntry(
                            node.hostId(),
                            node.address(),
                            node.datacenter(),
                            node.rack(),
                            manifestKey,
                            files.size(),
                            files.stream().mapToLong(NodeManifest.File::size).sum())),
                    null,
                    null,
                    null,
                    null,
                    null,
                    BackupMethod.LOGICAL,
                    format,
                    rows,
                    null);
            store.put(
                    layout.backupManifest(backupId),
                    RingvaultSystem.CODEC.mapper().writeValueAsBytes(backup));
        }
        return backupId;
    }

    static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }
}
