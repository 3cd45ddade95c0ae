package io.ringvault.uploader.upload;

import io.ringvault.common.backup.BackupIndex;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The table listings and the backup index one backup's lookups read, kept for its later batches: a differential
 * backup's files reach an uploader in several polls, and each poll would otherwise list the same directories again.
 * Kept by backup, so a new backup always lists afresh: what it reuses was in the store when it looked.
 *
 * <p>Bounded: at most {@link #OBJECTS_KEPT} listed objects and {@link #INDEXES_KEPT} indexes, the least recently used
 * going first.
 */
final class BackupListings {
    static final int OBJECTS_KEPT = 50_000;
    static final int INDEXES_KEPT = 4;

    private final LinkedHashMap<String, Kept> listings = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Once<Optional<BackupIndex>>> indexes = new LinkedHashMap<>(INDEXES_KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Once<Optional<BackupIndex>>> eldest) {
            return size() > INDEXES_KEPT;
        }
    };
    private long objectsKept;

    /** The listing of {@code directory} for backup {@code backupId}: {@code lister}'s, by the first batch that asks. */
    Once<Optional<Map<String, Long>>> listing(
            String backupId, String directory, Supplier<Optional<Map<String, Long>>> lister) {
        String key = backupId + "|" + directory;
        synchronized (this) {
            return listings.computeIfAbsent(
                            key,
                            ignored -> new Kept(new Once<>(() -> {
                                Optional<Map<String, Long>> listed = lister.get();
                                keep(key, listed.map(Map::size).orElse(0));
                                return listed;
                            })))
                    .listing();
        }
    }

    /** The backup index as backup {@code backupId}'s first batch read it. */
    synchronized Once<Optional<BackupIndex>> index(String backupId, Supplier<Optional<BackupIndex>> reader) {
        return indexes.computeIfAbsent(backupId, ignored -> new Once<>(reader));
    }

    synchronized long objectsKept() {
        return objectsKept;
    }

    /** Counts a listing that has been read, and lets the least recently used ones go past the bound. */
    private synchronized void keep(String key, int objects) {
        Kept kept = listings.get(key);
        if (kept == null) {
            return; // let go while it was read
        }
        kept.objects = objects;
        objectsKept += objects;
        Iterator<Map.Entry<String, Kept>> eldest = listings.entrySet().iterator();
        while (objectsKept > OBJECTS_KEPT && eldest.hasNext()) {
            Map.Entry<String, Kept> entry = eldest.next();
            if (!entry.getKey().equals(key)) {
                objectsKept -= entry.getValue().objects;
                eldest.remove();
            }
        }
    }

    private static final class Kept {
        private final Once<Optional<Map<String, Long>>> listing;
        private int objects;

        Kept(Once<Optional<Map<String, Long>>> listing) {
            this.listing = listing;
        }

        Once<Optional<Map<String, Long>>> listing() {
            return listing;
        }
    }
}
