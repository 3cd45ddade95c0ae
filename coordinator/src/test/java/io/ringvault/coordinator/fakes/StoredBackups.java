package io.ringvault.coordinator.fakes;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.backup.BackupIndex;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.NodeRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * Complete backups written into an in-memory store the way the coordinator writes them: node manifests, the backup
 * manifest and the index entry. Each node also gets a per-snapshot {@code schema.cql} of {@link #SCHEMA_BYTES}.
 */
public final class StoredBackups {
    public static final long SCHEMA_BYTES = 7;

    private final InMemoryObjectStore store;
    private final ObjectLayout layout;
    private final JsonMapper json = new CloudEventCodec().mapper();
    private BackupIndex index = new BackupIndex(List.of());

    public StoredBackups(InMemoryObjectStore store, ObjectLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    /**
     * Stores a complete backup of keyspace {@code ks}.
     *
     * @param filesByNode host id → SSTable file name → size; the same name on the same host is the same object
     * @param schedule the schedule that took it, or null
     */
    public void store(String backupId, Instant completed, Map<String, Map<String, Long>> filesByNode, String schedule) {
        List<BackupManifest.NodeEntry> nodes = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, Map<String, Long>> node : new TreeMap<>(filesByNode).entrySet()) {
            String hostId = node.getKey();
            String tableDirectory = layout.cluster() + "/nodes/" + hostId + "/ks/t-1/";
            List<NodeManifest.File> files = new ArrayList<>();
            new TreeMap<>(node.getValue())
                    .forEach((name, size) -> files.add(
                            new NodeManifest.File("ks", "t", name, tableDirectory + name, size, null, false)));
            files.add(new NodeManifest.File(
                    "ks",
                    "t",
                    "schema.cql",
                    tableDirectory + "snapshots/" + backupId + "/schema.cql",
                    SCHEMA_BYTES,
                    null,
                    false));
            String key = layout.nodeManifest(backupId, hostId);
            store.put(
                    key,
                    json.writeValueAsBytes(new NodeManifest(
                            backupId,
                            new NodeRef(hostId, null, "dc1", null),
                            "5.0.9",
                            List.of(),
                            Map.of(),
                            files,
                            completed)));
            long bytes = files.stream().mapToLong(NodeManifest.File::size).sum();
            total += bytes;
            nodes.add(new BackupManifest.NodeEntry(hostId, null, "dc1", null, key, files.size(), bytes));
        }
        store.put(
                layout.backupManifest(backupId),
                json.writeValueAsBytes(new BackupManifest(
                        BackupManifest.SCHEMA_VERSION,
                        backupId,
                        layout.cluster(),
                        BackupMode.DIFFERENTIAL,
                        List.of("ks"),
                        List.of(),
                        List.of("dc1"),
                        completed.minusSeconds(60),
                        completed,
                        Map.of(),
                        nodes)));
        index = index.with(new BackupIndex.Entry(
                backupId,
                completed,
                List.of("ks"),
                List.of("dc1"),
                nodes.size(),
                0,
                total,
                layout.backupManifest(backupId),
                BackupMode.DIFFERENTIAL,
                List.of(),
                completed.minusSeconds(60),
                false,
                schedule));
        writeIndex();
    }

    /** Removes the backup's index entry, as a delete does first. */
    public void unlist(String backupId) {
        index = index.without(backupId);
        writeIndex();
    }

    private void writeIndex() {
        store.put(layout.index(), json.writeValueAsBytes(index));
    }
}
