package io.ringvault.coordinator.catalog;

import io.ringvault.common.backup.BackupIndex;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the complete backups of the index occupy in the object store, and what deleting each would free: a backup's
 * <em>unique</em> objects are those no other backup's node manifest lists (SSTables are shared between differential
 * backups, so a backup's size is not what its delete frees).
 *
 * <p>Node manifests never change once written, so each backup's objects are read once and kept as 64-bit hashes of
 * their keys with their sizes (16 bytes per object, never the keys). A refresh reads the index and the manifests of
 * backups it has not seen, and forgets deleted ones. A backup whose manifests cannot be read is reported without
 * figures, and read again on the next refresh.
 */
public final class BackupUsage {
    private static final Logger LOG = LoggerFactory.getLogger(BackupUsage.class);

    private final BackupCatalog catalog;
    private final Map<String, Footprint> footprints = new HashMap<>();

    public BackupUsage(BackupCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Reads the index (and any manifest not read before) and measures every backup in it.
     *
     * @throws RuntimeException when the index cannot be read (the store's failure)
     */
    public synchronized Report refresh() {
        BackupIndex index = catalog.index();
        Set<String> listed = new HashSet<>();
        for (BackupIndex.Entry entry : index.backups()) {
            listed.add(entry.backupId());
            if (!footprints.containsKey(entry.backupId())) {
                try {
                    footprints.put(entry.backupId(), read(entry.backupId()));
                } catch (RuntimeException e) {
                    LOG.warn("backup usage: manifests of backup {} unreadable: {}", entry.backupId(), e.getMessage());
                }
            }
        }
        footprints.keySet().retainAll(listed);
        return measure(index);
    }

    private Report measure(BackupIndex index) {
        int total = footprints.values().stream().mapToInt(f -> f.hashes.length).sum();
        long[] all = new long[total];
        int at = 0;
        for (Footprint footprint : footprints.values()) {
            System.arraycopy(footprint.hashes, 0, all, at, footprint.hashes.length);
            at += footprint.hashes.length;
        }
        Arrays.sort(all);

        long referencedObjects = 0;
        long referencedBytes = 0;
        // Each distinct object counted once: at its first listing, marked by its first position in the sorted hashes.
        BitSet counted = new BitSet(total);
        for (Footprint footprint : footprints.values()) {
            for (int i = 0; i < footprint.hashes.length; i++) {
                int first = first(all, footprint.hashes[i]);
                if (!counted.get(first)) {
                    counted.set(first);
                    referencedObjects++;
                    referencedBytes += footprint.sizes[i];
                }
            }
        }

        Map<String, Measure> measures = new LinkedHashMap<>();
        for (BackupIndex.Entry entry : index.backups()) {
            Footprint footprint = footprints.get(entry.backupId());
            if (footprint == null) {
                continue;
            }
            long objects = footprint.hashes.length;
            long bytes = 0;
            long uniqueObjects = 0;
            long uniqueBytes = 0;
            for (int i = 0; i < footprint.hashes.length; i++) {
                bytes += footprint.sizes[i];
                if (occurrences(all, footprint.hashes[i]) == 1) {
                    uniqueObjects++;
                    uniqueBytes += footprint.sizes[i];
                }
            }
            measures.put(entry.backupId(), new Measure(objects, bytes, uniqueObjects, uniqueBytes));
        }
        return new Report(index.backups(), measures, referencedObjects, referencedBytes, new ListedKeys(all));
    }

    /** The first position of a hash that {@code sorted} holds. */
    private static int first(long[] sorted, long hash) {
        int at = Arrays.binarySearch(sorted, hash);
        while (at > 0 && sorted[at - 1] == hash) {
            at--;
        }
        return at;
    }

    private static int occurrences(long[] sorted, long hash) {
        int first = first(sorted, hash);
        int last = first;
        while (last < sorted.length - 1 && sorted[last + 1] == hash) {
            last++;
        }
        return last - first + 1;
    }

    private Footprint read(String backupId) {
        BackupManifest manifest = catalog.manifest(backupId)
                .orElseThrow(() -> new IllegalStateException("the index lists it but its manifest is missing"));
        // A key listed twice in one backup counts once.
        Map<Long, Long> objects = new LinkedHashMap<>();
        for (BackupManifest.NodeEntry node : manifest.nodes()) {
            NodeManifest nodeManifest = catalog.nodeManifest(node.manifestKey())
                    .orElseThrow(() -> new IllegalStateException("node manifest missing: " + node.manifestKey()));
            for (NodeManifest.File file : nodeManifest.files()) {
                objects.putIfAbsent(hash(file.objectKey()), file.size());
            }
        }
        long[] hashes = new long[objects.size()];
        long[] sizes = new long[objects.size()];
        int i = 0;
        for (Map.Entry<Long, Long> object : objects.entrySet()) {
            hashes[i] = object.getKey();
            sizes[i++] = object.getValue();
        }
        return new Footprint(hashes, sizes);
    }

    /** The first 64 bits of the key's SHA-256: a collision among a billion keys has odds of about 1 in 40 million. */
    static long hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private record Footprint(long[] hashes, long[] sizes) {}

    /** The object keys the complete backups list, as sorted 64-bit hashes. */
    public static final class ListedKeys {
        private final long[] sorted;

        ListedKeys(long[] sorted) {
            this.sorted = sorted;
        }

        /** Whether a complete backup whose manifests were read lists the key. */
        public boolean contains(String key) {
            return Arrays.binarySearch(sorted, hash(key)) >= 0;
        }
    }

    /**
     * One backup's objects.
     *
     * @param objects the distinct objects its node manifests list
     * @param bytes their total size
     * @param uniqueObjects those no other backup in the index lists: what deleting it removes
     * @param uniqueBytes their total size: what deleting it frees
     */
    public record Measure(long objects, long bytes, long uniqueObjects, long uniqueBytes) {}

    /**
     * The index as read, with each backup's measure.
     *
     * @param backups the index's entries, newest first
     * @param measures by backup id; a backup whose manifests could not be read has none
     * @param referencedObjects the distinct objects some backup lists
     * @param referencedBytes their total size
     * @param listed the keys some backup lists, to tell an object no backup needs
     */
    public record Report(
            List<BackupIndex.Entry> backups,
            Map<String, Measure> measures,
            long referencedObjects,
            long referencedBytes,
            ListedKeys listed) {
        public Report {
            backups = List.copyOf(backups);
            measures = Map.copyOf(measures);
        }

        /**
         * When the newest complete backup of each keyspace completed. Partial backups (nodes were down) do not count:
         * the question is when the keyspace was last backed up whole.
         */
        public Map<String, Instant> lastCompleteByKeyspace() {
            Map<String, Instant> last = new TreeMap<>();
            for (BackupIndex.Entry entry : backups) {
                if (!entry.partial() && entry.completedAt() != null) {
                    entry.keyspaces().forEach(keyspace -> last.merge(keyspace, entry.completedAt(), Report::later));
                }
            }
            return last;
        }

        /** When the newest complete (not partial) backup each schedule took completed. */
        public Map<String, Instant> lastCompleteBySchedule() {
            Map<String, Instant> last = new TreeMap<>();
            for (BackupIndex.Entry entry : backups) {
                if (!entry.partial() && entry.completedAt() != null && entry.schedule() != null) {
                    last.merge(entry.schedule(), entry.completedAt(), Report::later);
                }
            }
            return last;
        }

        private static Instant later(Instant a, Instant b) {
            return a.isAfter(b) ? a : b;
        }
    }
}
