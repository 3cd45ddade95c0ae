package io.ringvault.uploader.upload;

import io.ringvault.common.backup.BackupIndex;
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

    private final BoundedCache<Optional<Map<String, Long>>> listings =
            new BoundedCache<>(OBJECTS_KEPT, listing -> listing.map(Map::size).orElse(0));
    private final BoundedCache<Optional<BackupIndex>> indexes = new BoundedCache<>(INDEXES_KEPT, index -> 1);

    /** The listing of {@code directory} for backup {@code backupId}: {@code lister}'s, by the first batch that asks. */
    Optional<Map<String, Long>> listing(
            String backupId, String directory, Supplier<Optional<Map<String, Long>>> lister) {
        return listings.get(backupId + "|" + directory, lister);
    }

    /** The backup index as backup {@code backupId}'s first batch read it. */
    Optional<BackupIndex> index(String backupId, Supplier<Optional<BackupIndex>> reader) {
        return indexes.get(backupId, reader);
    }

    long objectsKept() {
        return listings.weight();
    }
}
