package io.ringvault.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.common.failure.FailureReason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ObjectStore} must do, run against each backend by a subclass. Checksums are compared with digests
 * computed independently of the store; large objects are generated on the fly, never held in memory (the Failsafe JVM
 * of this module has a heap smaller than they are).
 */
abstract class ObjectStoreContract {
    static final int MiB = 1024 * 1024;

    ObjectStore store;
    String prefix;

    /**
     * A store whose S3 part size, where it has one, is 5 MiB with 2 parts at once: objects over 15 MiB are multipart
     * uploads, which is why the tests of overwrites, races and failures use 17-18 MiB.
     */
    abstract ObjectStore open();

    @BeforeEach
    void openStore() {
        store = open();
        prefix = "contract-" + UUID.randomUUID() + "/";
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void shouldRoundTripAnObjectWithItsChecksum() throws IOException {
        byte[] bytes = new byte[MiB + 17];
        new Random(1).nextBytes(bytes);
        String key = prefix + "ks/table-1/nb-1-big-Data.db";

        StoredObject stored = store.put(key, new ByteArrayInputStream(bytes), bytes.length);

        String expected = GeneratedContent.checksum(bytes);
        assertThat(stored).isEqualTo(new StoredObject(key, bytes.length, expected));
        assertThat(store.head(key)).contains(new StoredObject(key, bytes.length, expected));
        try (InputStream in = store.get(key, 0)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
        assertThat(store.getSmall(key))
                .hasValueSatisfying(read -> assertThat(read).isEqualTo(bytes));
    }

    @Test
    void shouldStoreAnEmptyObject() {
        String key = prefix + "empty";
        assertThat(store.put(key, new byte[0]).checksum()).isEqualTo(GeneratedContent.checksum(new byte[0]));
        assertThat(store.head(key))
                .hasValueSatisfying(head -> assertThat(head.size()).isZero());
    }

    @Test
    void shouldListTheObjectsDirectlyUnderADirectoryWithTheirSizes() {
        String table = prefix + "nodes/host-1/shop/orders-1/";
        store.put(table + "nb-1-big-Data.db", new byte[] {1, 2, 3});
        store.put(table + "nb-1-big-Filter.db", new byte[0]);
        store.put(table + "snapshots/backup-1/manifest.json", new byte[] {4});
        store.put(prefix + "nodes/host-1/shop/orders-10/nb-9-big-Data.db", new byte[] {5});

        assertThat(store.list(table, 2))
                .hasValueSatisfying(listed -> assertThat(listed)
                        .containsExactlyInAnyOrder(
                                new StoredObject(table + "nb-1-big-Data.db", 3, null),
                                new StoredObject(table + "nb-1-big-Filter.db", 0, null)));
        assertThat(store.list(table, 1)).as("more objects than asked for").isEmpty();
        assertThat(store.list(prefix + "nodes/host-2/shop/orders-1/", 10)).contains(List.of());
        assertThatThrownBy(() -> store.list(prefix + "nodes/host-1/shop/orders-1", 10))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.INVALID_REQUEST))
                .hasMessageContaining("ends with '/'");
    }

    @Test
    void shouldStreamALargeObjectInPartsWithAMatchingChecksum() {
        long size = 67L * MiB + 123; // 14 parts of 5 MiB, the last one short
        String key = prefix + "large.bin";

        StoredObject stored = store.put(key, new GeneratedContent(64, size), size);

        String expected = GeneratedContent.checksum(64, size);
        assertThat(stored.checksum()).isEqualTo(expected);
        assertThat(store.head(key)).contains(new StoredObject(key, size, expected));
        assertThat(GeneratedContent.checksum(store.get(key, 0))).isEqualTo(expected);
    }

    /** Needs a small heap (this module's Failsafe runs with -Xmx96m): the object is bigger than all of it. */
    @Test
    void shouldStreamAnObjectLargerThanTheWholeHeap() {
        long heap = Runtime.getRuntime().maxMemory();
        org.junit.jupiter.api.Assumptions.assumeTrue(heap < 256L * MiB, "run with a small heap, as Failsafe does");
        long size = heap + 10L * MiB + 321;
        String key = prefix + "larger-than-heap.bin";

        assertThat(store.put(key, new GeneratedContent(65, size), size).checksum())
                .isEqualTo(GeneratedContent.checksum(65, size));
        assertThat(store.head(key).orElseThrow().checksum()).isEqualTo(GeneratedContent.checksum(65, size));
    }

    @Test
    void shouldReadFromAnOffset() throws IOException {
        long size = 12L * MiB + 5;
        long offset = 7L * MiB + 3;
        String key = prefix + "offset.bin";
        store.put(key, new GeneratedContent(7, size), size);

        InputStream expected = new GeneratedContent(7, size);
        expected.skipNBytes(offset);
        assertThat(GeneratedContent.checksum(store.get(key, offset))).isEqualTo(GeneratedContent.checksum(expected));
        try (InputStream atEnd = store.get(key, size)) {
            assertThat(atEnd.read()).isEqualTo(-1);
        }
    }

    @Test
    void shouldLeaveOneCorrectObjectWhenOverwritten() {
        String key = prefix + "overwritten";
        store.put(key, new GeneratedContent(1, 17L * MiB), 17L * MiB);
        store.put(key, "second".getBytes(StandardCharsets.UTF_8));

        assertThat(store.head(key))
                .contains(
                        new StoredObject(key, 6, GeneratedContent.checksum("second".getBytes(StandardCharsets.UTF_8))));
        assertThat(store.getSmall(key))
                .hasValueSatisfying(bytes ->
                        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("second"));

        store.put(key, new GeneratedContent(2, 17L * MiB), 17L * MiB);
        assertThat(store.head(key)).contains(new StoredObject(key, 17L * MiB, GeneratedContent.checksum(2, 17L * MiB)));
        assertThat(GeneratedContent.checksum(store.get(key, 0))).isEqualTo(GeneratedContent.checksum(2, 17L * MiB));
    }

    @Test
    void shouldLeaveOneCorrectObjectWhenTwoWritersRace() throws Exception {
        String key = prefix + "raced";
        long size = 17L * MiB;
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            List<Callable<StoredObject>> puts = List.of(
                    () -> store.put(key, new GeneratedContent(100, size), size),
                    () -> store.put(key, new GeneratedContent(200, size), size));
            for (Future<StoredObject> put : writers.invokeAll(puts)) {
                put.get();
            }
        } finally {
            writers.shutdown();
        }

        String stored = GeneratedContent.checksum(store.get(key, 0));
        assertThat(stored).isIn(GeneratedContent.checksum(100, size), GeneratedContent.checksum(200, size));
        assertThat(store.head(key)).contains(new StoredObject(key, size, stored));
    }

    @Test
    void shouldFindNothingForAMissingKey() {
        String key = prefix + "missing";
        assertThat(store.head(key)).isEmpty();
        assertThat(store.getSmall(key)).isEmpty();
        assertThatThrownBy(() -> store.get(key, 0).close())
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.OBJECT_NOT_FOUND));
    }

    @Test
    void shouldRefuseContentShorterOrLongerThanAnnouncedAndStoreNothing() {
        String shorter = prefix + "shorter";
        assertThatThrownBy(() -> store.put(shorter, new GeneratedContent(3, 6L * MiB), 17L * MiB))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.SIZE_MISMATCH);
                    assertThat(e.reason().retryable()).isFalse();
                });
        assertThat(store.head(shorter)).isEmpty();

        String longer = prefix + "longer";
        assertThatThrownBy(() -> store.put(longer, new GeneratedContent(3, 100), 99))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.SIZE_MISMATCH));
        assertThat(store.head(longer)).isEmpty();
    }

    @Test
    void shouldReportAFailingSourceAndStoreNothing() {
        String key = prefix + "source-fails";
        InputStream failing = new java.io.SequenceInputStream(new GeneratedContent(4, 8L * MiB), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset by the agent");
            }
        });
        assertThatThrownBy(() -> store.put(key, failing, 18L * MiB))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.fromSource()).isTrue();
                    assertThat(e.getCause()).hasMessage("connection reset by the agent");
                });
        assertThat(store.head(key)).isEmpty();
    }

    @Test
    void shouldDelete() {
        String key = prefix + "deleted";
        store.put(key, new byte[] {1, 2, 3});
        store.delete(key);
        assertThat(store.head(key)).isEmpty();
        store.delete(key); // deleting what is not there is not an error
    }

    @Test
    void shouldWalkEveryObjectUnderAPrefixAtAnyDepthWithSizeAndLastModified() {
        // Stores keep whole seconds (S3's LastModified), so the window is widened by one on each side.
        Instant before = Instant.now().minusSeconds(1);
        String table = prefix + "cluster/nodes/host-1/shop/orders-1/";
        store.put(table + "nb-1-big-Data.db", new byte[] {1, 2, 3});
        store.put(table + "snapshots/backup-1/manifest.json", new byte[] {4});
        store.put(prefix + "cluster/backups/backup-1/nodes/host-1.json", new byte[] {5, 6});
        store.put(prefix + "cluster/index.json", new byte[0]);
        store.put(prefix + "cluster-2/index.json", new byte[] {7}); // shares the prefix's text, not its directory
        Instant after = Instant.now().plusSeconds(1);

        List<ListedObject> walked = new ArrayList<>();
        store.walk(prefix + "cluster/", walked::add);

        assertThat(walked)
                .extracting(ListedObject::key, ListedObject::size)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(table + "nb-1-big-Data.db", 3L),
                        org.assertj.core.groups.Tuple.tuple(table + "snapshots/backup-1/manifest.json", 1L),
                        org.assertj.core.groups.Tuple.tuple(prefix + "cluster/backups/backup-1/nodes/host-1.json", 2L),
                        org.assertj.core.groups.Tuple.tuple(prefix + "cluster/index.json", 0L));
        assertThat(walked)
                .allSatisfy(object -> assertThat(object.lastModified()).isBetween(before, after));

        List<ListedObject> nothing = new ArrayList<>();
        store.walk(prefix + "no-such-cluster/", nothing::add);
        assertThat(nothing).isEmpty();
        assertThatThrownBy(() -> store.walk(prefix + "cluster", object -> {}))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.INVALID_REQUEST));
    }

    @Test
    void shouldLetTheVisitorOfAWalkDeleteWhatItWasHanded() {
        for (int i = 0; i < 5; i++) {
            store.put(prefix + "walked/dir-" + i + "/object-" + i, new byte[] {(byte) i});
        }
        List<String> deleted = new ArrayList<>();
        store.walk(prefix + "walked/", object -> {
            store.delete(object.key());
            deleted.add(object.key());
        });

        assertThat(deleted).hasSize(5);
        List<ListedObject> left = new ArrayList<>();
        store.walk(prefix + "walked/", left::add);
        assertThat(left).isEmpty();
    }

    /** More keys than one S3 DeleteObjects request takes, and a key that is already gone. */
    @Test
    void shouldDeleteAllTheKeysInBatchesAndTakeAKeyAlreadyGoneAsDeleted() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1003; i++) {
            String key = prefix + "many/" + (i % 7) + "/object-" + i;
            store.put(key, new byte[] {(byte) i});
            keys.add(key);
        }
        String kept = prefix + "many/kept";
        store.put(kept, new byte[] {42});
        keys.add(prefix + "many/never-written");

        store.deleteAll(keys);

        List<ListedObject> left = new ArrayList<>();
        store.walk(prefix + "many/", left::add);
        assertThat(left).extracting(ListedObject::key).containsExactly(kept);
        store.deleteAll(List.of()); // nothing to do
    }
}
