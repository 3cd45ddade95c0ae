package io.ringvault.coordinator.catalog;

import io.ringvault.common.backup.BackupIndex;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.message.BackupRequested;
import io.ringvault.common.message.LogicalFormat;
import io.ringvault.common.message.PartialBackup;
import io.ringvault.storage.ListedObject;
import io.ringvault.storage.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The backups as the object store holds them: node manifests, the backup manifest and the index. What is written here
 * is enough to list and restore a backup with only the bucket: no Kafka history, no coordinator.
 */
public class BackupCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(BackupCatalog.class);

    private final ObjectStore store;
    private final ObjectLayout layout;
    private final JsonMapper json;

    public BackupCatalog(ObjectStore store, ObjectLayout layout, JsonMapper json) {
        this.store = store;
        this.layout = layout;
        this.json = json;
    }

    /** {@link #publish(String, BackupRequested, PartialBackup, Instant, Instant, List)} of a backup of every node. */
    public BackupManifest publish(
            String backupId,
            BackupRequested request,
            Instant startedAt,
            Instant completedAt,
            List<NodeManifest> nodes) {
        return publish(backupId, request, null, startedAt, completedAt, nodes);
    }

    /**
     * Writes every node manifest, then the backup manifest, then the index entry. The node manifests of an incremental
     * backup also list the files of the backup it builds on ({@link IncrementalChain}). The backup manifest is written only
     * after all node manifests are stored, so its presence means the backup is complete. It records the datacenters the
     * backup covers (those of its nodes, whatever was asked) and, for a partial backup, what it lacks.
     *
     * @param partial what a partial backup lacks; null for a backup of every node in its scope
     */
    public BackupManifest publish(
            String backupId,
            BackupRequested request,
            PartialBackup partial,
            Instant startedAt,
            Instant completedAt,
            List<NodeManifest> ownNodes) {
        return publish(backupId, request, partial, startedAt, completedAt, ownNodes, null);
    }

    /**
     * {@link #publish(String, BackupRequested, PartialBackup, Instant, Instant, List)}, for a logical backup with the
     * rows its nodes exported per table (null for a snapshot backup). A logical backup in CSV also gets its schema as a
     * CQL script ({@link ObjectLayout#schemaScript}), written before the backup manifest like the node manifests.
     */
    public BackupManifest publish(
            String backupId,
            BackupRequested request,
            PartialBackup partial,
            Instant startedAt,
            Instant completedAt,
            List<NodeManifest> ownNodes,
            Map<String, Long> rows) {
        List<String> chain = List.of();
        List<NodeManifest> nodes = ownNodes;
        if (request.buildsOn() != null) {
            BackupManifest previous = manifest(request.buildsOn())
                    .orElseThrow(() -> new IllegalStateException("backup '" + request.buildsOn()
                            + "', which this incremental backup builds on, is gone from " + store.describe()));
            Map<String, NodeManifest> previousNodes = new TreeMap<>();
            for (BackupManifest.NodeEntry entry : previous.nodes()) {
                previousNodes.put(
                        entry.hostId(),
                        nodeManifest(entry.manifestKey())
                                .orElseThrow(() -> new IllegalStateException("backup '" + previous.backupId()
                                        + "', which this incremental backup builds on, lacks the manifest of node "
                                        + entry.hostId() + " at " + entry.manifestKey())));
            }
            chain = IncrementalChain.chainAfter(previous);
            nodes = IncrementalChain.cumulative(ownNodes, previousNodes);
        }
        List<BackupManifest.NodeEntry> entries = new ArrayList<>();
        Map<String, String> schema = new TreeMap<>();
        long files = 0, bytes = 0;
        for (NodeManifest node : nodes) {
            String key = layout.nodeManifest(backupId, node.node().hostId());
            store.put(key, json.writeValueAsBytes(node));
            long nodeBytes =
                    node.files().stream().mapToLong(NodeManifest.File::size).sum();
            entries.add(new BackupManifest.NodeEntry(
                    node.node().hostId(),
                    node.node().address(),
                    node.node().datacenter(),
                    node.node().rack(),
                    key,
                    node.files().size(),
                    nodeBytes));
            node.schema().forEach(schema::putIfAbsent);
            files += node.files().size();
            bytes += nodeBytes;
        }
        List<String> datacenters = entries.stream()
                .map(BackupManifest.NodeEntry::datacenter)
                .distinct()
                .sorted()
                .toList();
        if (request.logicalBackup() && request.format() == LogicalFormat.CSV) {
            // cqlsh -f runs it: the keyspaces' scripts one after the other, in keyspace order.
            store.put(
                    layout.schemaScript(backupId),
                    String.join("", schema.values()).getBytes(StandardCharsets.UTF_8));
        }
        BackupManifest manifest = new BackupManifest(
                BackupManifest.SCHEMA_VERSION,
                backupId,
                layout.cluster(),
                request.mode(),
                request.keyspaces(),
                request.tables(),
                datacenters,
                startedAt,
                completedAt,
                schema,
                entries,
                partial,
                request.schedule(),
                request.buildsOn(),
                chain,
                store.encryptionKeyId().orElse(null),
                request.method(),
                request.format(),
                request.logicalBackup() ? (rows == null ? Map.of() : rows) : null);
        store.put(layout.backupManifest(backupId), json.writeValueAsBytes(manifest));
        // Read, add, write: the owner of each backup updates the index once; see DESIGN.md for concurrent writers.
        BackupIndex index = index().with(new BackupIndex.Entry(
                backupId,
                completedAt,
                request.keyspaces(),
                datacenters,
                entries.size(),
                files,
                bytes,
                layout.backupManifest(backupId),
                request.mode(),
                request.tables(),
                startedAt,
                partial != null,
                request.schedule(),
                request.buildsOn(),
                request.method(),
                request.format()));
        store.put(layout.index(), json.writeValueAsBytes(index));
        LOG.info(
                "backup manifest written backupId={} nodes={} partial={} files={} bytes={} store={}",
                backupId,
                entries.size(),
                partial != null,
                files,
                bytes,
                store.describe());
        return manifest;
    }

    /**
     * Writes a backup whose files were stored without a snapshot (an import): each node manifest at the key its entry
     * in {@code manifest} names, then the backup manifest (under the store's encryption key, if any), then the index
     * entry, in that order for the same reason as {@link #publish(String, BackupRequested, PartialBackup, Instant,
     * Instant, List)}.
     *
     * @return the manifest as written
     */
    public BackupManifest publishWritten(BackupManifest manifest, List<NodeManifest> nodes) {
        Map<String, String> keys = new TreeMap<>();
        manifest.nodes().forEach(entry -> keys.put(entry.hostId(), entry.manifestKey()));
        for (NodeManifest node : nodes) {
            String key = keys.get(node.node().hostId());
            if (key == null) {
                throw new IllegalArgumentException("backup " + manifest.backupId() + " has no entry for node "
                        + node.node().hostId());
            }
            store.put(key, json.writeValueAsBytes(node));
        }
        if (manifest.logicalFormat() == LogicalFormat.CSV) {
            // As for a CSV logical backup ringvault took: the schema beside the manifest, for cqlsh -f.
            store.put(
                    layout.schemaScript(manifest.backupId()),
                    (String.join("\n\n", manifest.schema().values()) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        BackupManifest written =
                manifest.withEncryptionKeyId(store.encryptionKeyId().orElse(null));
        store.put(layout.backupManifest(written.backupId()), json.writeValueAsBytes(written));
        BackupIndex index = index().with(new BackupIndex.Entry(
                written.backupId(),
                written.completedAt(),
                written.keyspaces(),
                written.datacenters(),
                written.nodes().size(),
                written.nodes().stream()
                        .mapToLong(BackupManifest.NodeEntry::files)
                        .sum(),
                written.nodes().stream()
                        .mapToLong(BackupManifest.NodeEntry::bytes)
                        .sum(),
                layout.backupManifest(written.backupId()),
                written.mode(),
                written.tables(),
                written.startedAt(),
                false,
                written.schedule(),
                written.buildsOn(),
                written.method(),
                written.format(),
                written.source()));
        store.put(layout.index(), json.writeValueAsBytes(index));
        LOG.info(
                "backup manifest written backupId={} source={} nodes={} store={}",
                written.backupId(),
                written.source(),
                written.nodes().size(),
                store.describe());
        return written;
    }

    /**
     * Removes a backup's entry from the index (read, remove, write), the first step of deleting it: from then on the
     * bucket no longer lists it, and a restorer deleting the backup reads the index to learn which backups remain. The
     * index is written only by the coordinator, here and in {@link #publish}. Nothing is written when the entry is
     * already gone (a delete run again).
     *
     * @return whether the index had the entry
     */
    public boolean unlist(String backupId) {
        BackupIndex index = index();
        BackupIndex without = index.without(backupId);
        if (without.backups().size() == index.backups().size()) {
            return false;
        }
        store.put(layout.index(), json.writeValueAsBytes(without));
        LOG.info("backup removed from the index backupId={} store={}", backupId, store.describe());
        return true;
    }

    /**
     * Removes the entries of several backups from the index in one write, the first step of a purge; see
     * {@link #unlist(String)}. Nothing is written when none of them is listed.
     *
     * @return how many entries the index had
     */
    public int unlist(Collection<String> backupIds) {
        BackupIndex index = index();
        BackupIndex without = index;
        for (String backupId : backupIds) {
            without = without.without(backupId);
        }
        int removed = index.backups().size() - without.backups().size();
        if (removed > 0) {
            store.put(layout.index(), json.writeValueAsBytes(without));
            LOG.info("backups removed from the index count={} store={}", removed, store.describe());
        }
        return removed;
    }

    /**
     * Whether node manifests of a backup remain in the store: a delete that stopped after it deleted the backup manifest
     * leaves them, and a new delete of the backup finishes the job.
     */
    public boolean hasNodeManifests(String backupId) {
        String nodes = layout.nodeManifest(backupId, "x");
        return store.list(nodes.substring(0, nodes.length() - "x.json".length()), 1)
                .map(list -> !list.isEmpty())
                // More than one: some remain.
                .orElse(true);
    }

    /** The index of complete backups; empty when none was written yet. */
    public BackupIndex index() {
        return store.getSmall(layout.index())
                .map(bytes -> json.readValue(bytes, BackupIndex.class))
                .orElseGet(() -> new BackupIndex(List.of()));
    }

    /** The manifest of a complete backup; empty when the backup does not exist or never completed. */
    public Optional<BackupManifest> manifest(String backupId) {
        return manifest(layout.cluster(), backupId);
    }

    /** The manifest of a complete backup stored under another cluster's name in the same store (prefix). */
    public Optional<BackupManifest> manifest(String cluster, String backupId) {
        return store.getSmall(new ObjectLayout(layout.prefix(), cluster).backupManifest(backupId))
                .map(bytes -> json.readValue(bytes, BackupManifest.class));
    }

    /**
     * Each node's tokens in a complete backup, in the backup manifest's order: what new nodes need to own the same
     * ranges ({@link NodeTokens}). Empty when the backup does not exist or never completed.
     *
     * @param cluster the cluster name the backup is stored under
     * @throws IllegalStateException when a node's manifest is missing or records no tokens
     */
    public Optional<List<NodeTokens>> tokens(String cluster, String backupId) {
        return manifest(cluster, backupId)
                .map(backup -> backup.nodes().stream()
                        .map(entry -> {
                            NodeManifest node = nodeManifest(entry.manifestKey())
                                    .orElseThrow(() ->
                                            new IllegalStateException("backup " + backupId + ": the manifest of node "
                                                    + entry.hostId() + " is missing at " + entry.manifestKey()));
                            if (node.tokens().isEmpty()) {
                                throw new IllegalStateException(
                                        "backup " + backupId + ": node " + entry.hostId() + " recorded no tokens");
                            }
                            return NodeTokens.of(entry, node);
                        })
                        .toList());
    }

    /** A node's manifest, by the key its backup manifest gives; empty when the object does not exist. */
    public Optional<NodeManifest> nodeManifest(String manifestKey) {
        return store.getSmall(manifestKey).map(bytes -> json.readValue(bytes, NodeManifest.class));
    }

    /** The store, for messages (no secrets). */
    public String describeStore() {
        return store.describe();
    }

    /** The cluster's part of the store: {@code [prefix/]<cluster>/}, where the index sits. */
    public String root() {
        String index = layout.index();
        return index.substring(0, index.length() - "index.json".length());
    }

    /** Hands every object under {@link #root()} to {@code visitor}, page by page. */
    public void walk(Consumer<ListedObject> visitor) {
        store.walk(root(), visitor);
    }

    public ObjectLayout layout() {
        return layout;
    }
}
