package io.ringvault.uploader.upload;

import io.github.resilience4j.retry.Retry;
import io.ringvault.common.backup.BackupIndex;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.StoredObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one batch of a differential backup knows of the store, so that most files need no request of their own: one
 * listing per table directory of a node (which objects exist, and their sizes) and the files of the node's newest
 * complete backup that covered the table (their checksums, from its node manifest).
 *
 * <ul>
 *   <li>A key the listing does not hold is not stored: {@link Answer#ABSENT}, upload it.
 *   <li>A listed object of the file's size that the previous manifest records, same key and size, with a checksum is
 *       this file: {@link Answer#reuse}, with that checksum.
 *   <li>Anything else (stored by a backup that failed, or by one older than the newest) is {@link Answer#UNKNOWN}: a
 *       HeadObject decides.
 * </ul>
 *
 * <p>A table directory keeps every SSTable any backup of the node stored, so its listing grows with the node's history.
 * It is bounded by the files the batch looks up there: {@link #OBJECTS_LISTED_PER_FILE} objects each, at least one
 * page. Past that, the listing stops and the directory's files are {@link Answer#UNKNOWN}.
 *
 * <p>Made for one batch. The listings and the index it reads are kept for the same backup's later batches
 * ({@link BackupListings}); a new backup reads them afresh. A listing or a manifest that cannot be read leaves its files
 * {@link Answer#UNKNOWN}, never wrong.
 */
public final class StoredFiles {
    /** How many of the newest backups covering a table are tried for the node's manifest. */
    static final int MANIFESTS_TRIED = 3;

    /**
     * How many objects a listing may go through per file it answers. On S3 a page of a thousand costs what ten
     * HeadObjects cost (AWS prices a LIST at 12.5 HEADs), so a listing never costs more than the HeadObjects it saves.
     */
    static final int OBJECTS_LISTED_PER_FILE = 100;

    private static final int PAGE = 1000;

    /** Knows nothing: every lookup is a HeadObject. */
    public static final StoredFiles NONE = new StoredFiles(null, null, null, null, null, Map.of());

    private static final Logger LOG = LoggerFactory.getLogger(StoredFiles.class);

    private final ObjectStore store;
    private final ObjectLayout layout;
    private final PreviousBackups previous;
    private final Retry retry;
    private final Map<String, Integer> filesPerDirectory;
    private final BackupListings listings;
    private final Map<String, Once<Optional<Map<String, StoredObject>>>> previousFiles = new ConcurrentHashMap<>();
    private final AtomicInteger absent = new AtomicInteger();
    private final AtomicInteger known = new AtomicInteger();
    private final AtomicInteger unknown = new AtomicInteger();

    /** @param filesPerDirectory how many files the batch will look up in each table directory */
    StoredFiles(
            ObjectStore store,
            ObjectLayout layout,
            PreviousBackups previous,
            Retry retry,
            BackupListings listings,
            Map<String, Integer> filesPerDirectory) {
        this.store = store;
        this.layout = layout;
        this.previous = previous;
        this.retry = retry;
        this.listings = listings;
        this.filesPerDirectory = Map.copyOf(filesPerDirectory);
    }

    /** What is known of the object {@code key} that would hold a file of {@code size} bytes. */
    public record Answer(Kind kind, String checksum) {
        public enum Kind {
            ABSENT,
            STORED,
            UNKNOWN
        }

        public static final Answer ABSENT = new Answer(Kind.ABSENT, null);
        public static final Answer UNKNOWN = new Answer(Kind.UNKNOWN, null);

        static Answer reuse(String checksum) {
            return new Answer(Kind.STORED, checksum);
        }
    }

    /**
     * What backup {@code backupId} knows of {@code key}, the shared object of an SSTable file of {@code size} bytes of
     * {@code keyspace}.{@code table} of node {@code hostId}, in the table directory {@code tableDirectory}.
     */
    public Answer lookup(
            String backupId,
            String hostId,
            String keyspace,
            String table,
            String tableDirectory,
            String key,
            long size) {
        if (store == null) {
            unknown.incrementAndGet();
            return Answer.UNKNOWN;
        }
        String directory = layout.tableFiles(hostId, keyspace, tableDirectory);
        Optional<Map<String, Long>> listing = listings.listing(backupId, directory, () -> list(directory));
        if (listing.isEmpty()) {
            unknown.incrementAndGet();
            return Answer.UNKNOWN;
        }
        Long listedSize = listing.get().get(key);
        if (listedSize == null) {
            absent.incrementAndGet();
            return Answer.ABSENT;
        }
        if (listedSize == size) {
            StoredObject recorded = previousFiles
                    .computeIfAbsent(
                            backupId + "|" + hostId + "/" + keyspace + "." + table,
                            ignored -> new Once<>(() -> newestFiles(backupId, hostId, keyspace, table)))
                    .get()
                    .map(files -> files.get(key))
                    .orElse(null);
            if (recorded != null && recorded.size() == size && recorded.checksum() != null) {
                known.incrementAndGet();
                return Answer.reuse(recorded.checksum());
            }
        }
        unknown.incrementAndGet();
        return Answer.UNKNOWN;
    }

    /** Lookups answered so far: absent by the listing, stored by the previous manifest, left to a HeadObject. */
    public Map<String, Integer> answers() {
        return Map.of("listing", absent.get(), "manifest", known.get(), "head", unknown.get());
    }

    private Optional<Map<String, Long>> list(String directory) {
        int files = filesPerDirectory.getOrDefault(directory, 1);
        int atMost = (int) Math.min(Integer.MAX_VALUE - 1L, Math.max(PAGE, (long) files * OBJECTS_LISTED_PER_FILE));
        return read("the listing of " + directory, () -> store.list(directory, atMost))
                .flatMap(listed -> {
                    if (listed.isEmpty()) {
                        LOG.info(
                                "{} holds more than {} objects, its {} files are looked up one by one",
                                directory,
                                atMost,
                                files);
                    }
                    return listed;
                })
                .map(objects -> {
                    Map<String, Long> sizes = new HashMap<>();
                    objects.forEach(object -> sizes.put(object.key(), object.size()));
                    return sizes;
                });
    }

    /** The files of the newest complete backup that covered the table and has a manifest for the node. */
    private Optional<Map<String, StoredObject>> newestFiles(
            String backupId, String hostId, String keyspace, String table) {
        Optional<BackupIndex> backups = listings.index(backupId, () -> read("the backup index", previous::index));
        if (backups.isEmpty()) {
            return Optional.empty();
        }
        int tried = 0;
        for (BackupIndex.Entry backup : backups.get().backups()) {
            if (!covers(backup, keyspace, table)) {
                continue;
            }
            if (++tried > MANIFESTS_TRIED) {
                break;
            }
            Optional<Optional<Map<String, StoredObject>>> files = read(
                    "the manifest of node " + hostId + " in backup " + backup.backupId(),
                    () -> previous.nodeFiles(backup.backupId(), hostId));
            if (files.isEmpty()) {
                return Optional.empty();
            }
            if (files.get().isPresent()) {
                return files.get();
            }
        }
        return Optional.empty();
    }

    private static boolean covers(BackupIndex.Entry backup, String keyspace, String table) {
        List<String> tables = backup.tables();
        return backup.keyspaces().contains(keyspace) && (tables.isEmpty() || tables.contains(keyspace + "." + table));
    }

    /** {@code what}, read with the file retry; empty (and logged) when it cannot be read. */
    private <T> Optional<T> read(String what, Supplier<T> reader) {
        try {
            return Optional.of(retry.executeSupplier(reader));
        } catch (RuntimeException e) {
            LOG.warn("could not read {}, its files are looked up one by one: {}", what, e.getMessage());
            return Optional.empty();
        }
    }
}
