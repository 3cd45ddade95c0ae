package io.ringvault.uploader.upload;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.backup.BackupIndex;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.StoredObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * What complete backups stored for a node, read from the object store as a restore would: the backup index, then node
 * manifests. A differential backup takes the checksum of a file it reuses from here instead of a HeadObject per file.
 *
 * <p>The index changes with every backup, so it is read afresh by each caller ({@link #index}). A node manifest of a
 * complete backup never changes, so the ones read last are kept, each reduced to its SSTable files' keys, sizes and
 * checksums, up to {@link #FILES_KEPT} files together.
 */
public final class PreviousBackups {
    /** The SSTable files of the manifests kept, together: a few tens of MB at most. */
    static final int FILES_KEPT = 50_000;

    private final ObjectStore store;
    private final ObjectLayout layout;
    private final JsonMapper json = new CloudEventCodec().mapper();
    /** By backup id and host id; empty when that backup has no manifest for the node. */
    private final BoundedCache<Optional<Map<String, StoredObject>>> nodeFiles =
            new BoundedCache<>(FILES_KEPT, files -> files.map(Map::size).orElse(0));

    public PreviousBackups(ObjectStore store, ObjectLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    /** Every complete backup, newest first; empty before the first one completes. */
    public BackupIndex index() {
        return store.getSmall(layout.index())
                .map(bytes -> json.readValue(bytes, BackupIndex.class))
                .orElseGet(() -> new BackupIndex(null));
    }

    /**
     * The SSTable files the manifest of node {@code hostId} in complete backup {@code backupId} lists, by object key,
     * each with its size and checksum; empty when the backup has no manifest for the node (it covered other
     * datacenters).
     */
    public Optional<Map<String, StoredObject>> nodeFiles(String backupId, String hostId) {
        // Lookups of several tables of one node ask at once: one of them reads the manifest, the others wait.
        return nodeFiles.get(
                backupId + "/" + hostId,
                () -> store.getSmall(layout.nodeManifest(backupId, hostId))
                        .map(bytes -> json.readValue(bytes, NodeManifest.class))
                        .map(PreviousBackups::sharedFiles));
    }

    /** Per-snapshot files are never reused, so only the shared SSTable files are kept. */
    private static Map<String, StoredObject> sharedFiles(NodeManifest manifest) {
        Map<String, StoredObject> files = new HashMap<>();
        for (NodeManifest.File file : manifest.files()) {
            if (!ObjectLayout.isPerSnapshot(file.fileName()) && file.objectKey() != null) {
                files.put(file.objectKey(), new StoredObject(file.objectKey(), file.size(), file.checksum()));
            }
        }
        return files;
    }
}
