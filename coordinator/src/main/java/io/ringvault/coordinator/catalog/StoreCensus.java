package io.ringvault.coordinator.catalog;

import io.ringvault.common.backup.BackupIndex;
import java.util.HashSet;
import java.util.Set;

/**
 * What the cluster's part of the object store holds, and how much of it no complete backup needs: the objects under
 * {@code nodes/} no backup of the index lists, and everything under {@code backups/<id>/} of a backup the index does
 * not list (a failed or cancelled backup's node manifests, a delete that stopped half-way). That is what a garbage
 * collection with no grace period would delete; a backup that completed but is missing from the index is counted as
 * reclaimable too, so the figure is an upper bound.
 *
 * <p>One walk of the store, page by page: on a large bucket it takes a while, which is why it runs less often than the
 * backup figures.
 */
public final class StoreCensus {
    private final BackupCatalog catalog;

    public StoreCensus(BackupCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Walks the store against {@code report}, the backups as last measured.
     *
     * @throws RuntimeException when the store cannot be listed (the store's failure)
     */
    public Census take(BackupUsage.Report report) {
        Set<String> indexed = new HashSet<>();
        for (BackupIndex.Entry entry : report.backups()) {
            indexed.add(entry.backupId());
        }
        String root = catalog.root();
        long[] counts = new long[4];
        catalog.walk(object -> {
            counts[0]++;
            counts[1] += object.size();
            if (reclaimable(object.key(), root, indexed, report)) {
                counts[2]++;
                counts[3] += object.size();
            }
        });
        return new Census(counts[0], counts[1], counts[2], counts[3]);
    }

    private static boolean reclaimable(String key, String root, Set<String> indexed, BackupUsage.Report report) {
        if (!key.startsWith(root)) {
            return false;
        }
        String relative = key.substring(root.length());
        if (relative.startsWith("nodes/")) {
            return !report.listed().contains(key);
        }
        if (relative.startsWith("backups/")) {
            int slash = relative.indexOf('/', "backups/".length());
            return slash > 0 && !indexed.contains(relative.substring("backups/".length(), slash));
        }
        return false;
    }

    /**
     * The store as walked.
     *
     * @param objects every object under the cluster's prefix
     * @param bytes their total size
     * @param reclaimableObjects those no complete backup of the index needs
     * @param reclaimableBytes their total size
     */
    public record Census(long objects, long bytes, long reclaimableObjects, long reclaimableBytes) {}
}
