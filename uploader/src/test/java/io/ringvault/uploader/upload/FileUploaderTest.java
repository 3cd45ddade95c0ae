package io.ringvault.uploader.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.retry.Retry;
import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.backup.BackupIndex;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.failure.Failures;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.Event;
import io.ringvault.common.message.FileReady;
import io.ringvault.common.message.FileStored;
import io.ringvault.common.message.NodeFailed;
import io.ringvault.common.message.NodeRef;
import io.ringvault.connections.retry.RetryPolicies;
import io.ringvault.storage.Bandwidth;
import io.ringvault.storage.FilesystemObjectStore;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.StorageException;
import io.ringvault.storage.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The upload rules without Kafka or HTTP: a filesystem store and a scripted file source. */
class FileUploaderTest {
    private static final byte[] CONTENT = "an sstable component".getBytes(StandardCharsets.UTF_8);
    private static final NodeRef NODE = new NodeRef("5a1e2f3b-7c4d-4e8f-9a0b-1c2d3e4f5a6b", null, "dc1", null);

    @TempDir
    Path directory;

    ObjectStore store;
    final AtomicInteger opens = new AtomicInteger();
    final ObjectLayout layout = new ObjectLayout("", "c1");
    final Retry retry =
            RetryPolicies.retry("test", new RetryPolicies.Policy(3, Duration.ofMillis(1), Duration.ofMillis(1)));
    final CancelledBackups cancels = new CancelledBackups(100, Duration.ofHours(1), Clock.systemUTC());

    @BeforeEach
    void open() {
        store = new FilesystemObjectStore(directory);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private FileUploader uploader(FileSource source) {
        return new FileUploader(store, layout, source, Bandwidth.of(0), retry, cancels);
    }

    private FileSource serving(byte[] bytes) {
        return (backupId, file) -> {
            opens.incrementAndGet();
            return new ByteArrayInputStream(bytes);
        };
    }

    private static FileReady file(String name, long size, BackupMode mode) {
        return new FileReady(NODE, "shop", "orders", "0a1b", name, size, mode, 0, null, "http://agent", null);
    }

    @Test
    void shouldUploadAndReportTheSha256() throws Exception {
        Event outcome = uploader(serving(CONTENT))
                .upload("b1", file("nb-1-big-Data.db", CONTENT.length, BackupMode.DIFFERENTIAL));

        String expected = "sha256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CONTENT));
        assertThat(outcome)
                .isEqualTo(new FileStored(
                        NODE,
                        "shop",
                        "orders",
                        "nb-1-big-Data.db",
                        "c1/nodes/" + NODE.hostId() + "/shop/orders-0a1b/nb-1-big-Data.db",
                        CONTENT.length,
                        expected,
                        false));
    }

    @Test
    void shouldReuseAStoredObjectOfTheSameSizeWithAChecksumOnlyInDifferentialMode() {
        FileUploader uploader = uploader(serving(CONTENT));
        uploader.upload("b1", file("nb-1-big-Data.db", CONTENT.length, BackupMode.DIFFERENTIAL));

        assertThat(uploader.upload("b2", file("nb-1-big-Data.db", CONTENT.length, BackupMode.DIFFERENTIAL)))
                .isInstanceOfSatisfying(
                        FileStored.class, stored -> assertThat(stored.reused()).isTrue());
        assertThat(opens).hasValue(1);

        assertThat(uploader.upload("b3", file("nb-1-big-Data.db", CONTENT.length, BackupMode.FULL)))
                .isInstanceOfSatisfying(
                        FileStored.class, stored -> assertThat(stored.reused()).isFalse());
        assertThat(opens).hasValue(2);
    }

    @Test
    void shouldUploadAgainWhenTheStoredObjectHasAnotherSize() {
        FileUploader uploader = uploader(serving(CONTENT));
        store.put(layout.nodeFile(NODE.hostId(), "shop", "orders-0a1b", "nb-1-big-Data.db"), new byte[3]);

        assertThat(uploader.upload("b1", file("nb-1-big-Data.db", CONTENT.length, BackupMode.DIFFERENTIAL)))
                .isInstanceOfSatisfying(
                        FileStored.class, stored -> assertThat(stored.reused()).isFalse());
        assertThat(opens).hasValue(1);
    }

    @Test
    void shouldKeepPerSnapshotFilesApartPerBackup() {
        FileUploader uploader = uploader(serving(CONTENT));
        Event first = uploader.upload("b1", file("manifest.json", CONTENT.length, BackupMode.DIFFERENTIAL));
        Event second = uploader.upload("b2", file("manifest.json", CONTENT.length, BackupMode.DIFFERENTIAL));

        assertThat(((FileStored) first).objectKey()).contains("/snapshots/b1/");
        assertThat(((FileStored) second).objectKey()).contains("/snapshots/b2/");
        assertThat(((FileStored) second).reused()).isFalse();
    }

    @Test
    void shouldRetryARetryableFailureThenSucceed() {
        FileSource flaky = (backupId, file) -> {
            if (opens.incrementAndGet() < 3) {
                throw new SourceException(FailureReason.IO_ERROR, "connection refused");
            }
            return new ByteArrayInputStream(CONTENT);
        };
        assertThat(uploader(flaky).upload("b1", file("nb-1-big-Data.db", CONTENT.length, BackupMode.FULL)))
                .isInstanceOf(FileStored.class);
        assertThat(opens).hasValue(3);
    }

    @Test
    void shouldFailTheNodeAtOnceOnAFatalFailure() {
        FileSource refused = (backupId, file) -> {
            opens.incrementAndGet();
            throw new SourceException(
                    FailureReason.WRONG_TOKEN, "the node agent refused the uploader's token (HTTP 401)");
        };
        Event outcome = uploader(refused).upload("b1", file("nb-1-big-Data.db", CONTENT.length, BackupMode.FULL));

        assertThat(outcome).isInstanceOfSatisfying(NodeFailed.class, failed -> {
            assertThat(failed.reason().code()).isEqualTo("upload-failed");
            assertThat(failed.detail()).contains("nb-1-big-Data.db", "b1", "HTTP 401");
            assertThat(failed.reportedBy()).isEqualTo("uploader");
        });
        assertThat(opens).hasValue(1);
    }

    @Test
    void shouldFailTheNodeWhenTheFileIsShorterThanAnnounced() {
        Event outcome =
                uploader(serving(CONTENT)).upload("b1", file("nb-1-big-Data.db", CONTENT.length + 1, BackupMode.FULL));
        assertThat(outcome).isInstanceOf(NodeFailed.class);
        assertThat(opens).hasValue(1);
        assertThat(store.head(layout.nodeFile(NODE.hostId(), "shop", "orders-0a1b", "nb-1-big-Data.db")))
                .isEmpty();
    }

    @Test
    void shouldRetryAccordingToTheSourceBehindAStorageSourceFailure() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws java.io.IOException {
                throw new SourceException(FailureReason.FILE_NOT_FOUND, "HTTP 410");
            }
        };
        assertThat(Failures.retryable(StorageException.source(
                        "reading failed", new SourceException(FailureReason.FILE_NOT_FOUND, "410"))))
                .isFalse();
        assertThat(Failures.retryable(StorageException.source("reading failed", new java.io.IOException("reset"))))
                .isTrue();
        assertThat(Failures.retryable(StorageException.source("reading failed", new TransferCancelled("b1", null))))
                .as("a cancelled backup's transfer")
                .isFalse();
        assertThat(Failures.retryable(new StorageException(FailureReason.ACCESS_DENIED, "403")))
                .isFalse();
        assertThat(Failures.retryable(new StorageException(FailureReason.THROTTLED, "503")))
                .isTrue();

        FileSource gone = (backupId, file) -> {
            opens.incrementAndGet();
            return failing;
        };
        assertThat(uploader(gone).upload("b1", file("nb-1-big-Data.db", 10, BackupMode.FULL)))
                .isInstanceOf(NodeFailed.class);
        assertThat(opens).hasValue(1);
    }

    @Test
    void shouldLookUpWithoutReadingTheFile() {
        FileUploader uploader = uploader(serving(CONTENT));
        FileReady first = file("nb-7-big-Data.db", CONTENT.length, BackupMode.DIFFERENTIAL);
        assertThat(uploader.reuse("b1", first)).isEmpty();
        FileStored stored = (FileStored) uploader.store("b1", first);
        assertThat(opens).hasValue(1);

        assertThat(uploader.reuse("b2", first))
                .hasValueSatisfying(outcome -> assertThat(outcome).isInstanceOfSatisfying(FileStored.class, reused -> {
                    assertThat(reused.reused()).isTrue();
                    assertThat(reused.checksum()).isEqualTo(stored.checksum());
                    assertThat(reused.objectKey()).isEqualTo(stored.objectKey());
                }));
        assertThat(uploader.reuse("b2", file("nb-7-big-Data.db", CONTENT.length, BackupMode.FULL)))
                .as("full mode never reuses")
                .isEmpty();
        assertThat(uploader.reuse("b2", file("nb-7-big-Data.db", CONTENT.length + 1, BackupMode.DIFFERENTIAL)))
                .as("another size is another file")
                .isEmpty();
        assertThat(opens).hasValue(1);
    }

    @Test
    void shouldReportALookupTheStoreRefuses() {
        // Everything but head works: a bucket policy that denies HeadObject.
        intercept("head", arguments -> {
            throw new StorageException(FailureReason.ACCESS_DENIED, "head " + arguments[0] + " was denied");
        });
        Event outcome = uploader(serving(CONTENT))
                .reuse("b1", file("nb-8-big-Data.db", CONTENT.length, BackupMode.DIFFERENTIAL))
                .orElseThrow();

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        NodeFailed.class,
                        failed -> assertThat(failed.detail()).contains("nb-8-big-Data.db", "was denied"));
        assertThat(opens).hasValue(0);
    }

    @Test
    void shouldReuseWhatThePreviousManifestRecordsWithoutAHeadObject() {
        FileReady file = file("nb-9-big-Data.db", CONTENT.length, BackupMode.DIFFERENTIAL);
        FileStored first = (FileStored) uploader(serving(CONTENT)).store("b1", file);
        completeBackup("b1", first);
        AtomicInteger heads = countHeads();

        FileUploader uploader = uploader(serving(CONTENT));
        StoredFiles known = uploader.storedFiles(List.of());
        assertThat(uploader.reuse("b2", file, known))
                .hasValue(new FileStored(
                        NODE,
                        "shop",
                        "orders",
                        file.fileName(),
                        first.objectKey(),
                        first.size(),
                        first.checksum(),
                        true));
        assertThat(heads).hasValue(0);
        assertThat(known.answers()).containsEntry("manifest", 1).containsEntry("head", 0);
        assertThat(opens).hasValue(1);
    }

    @Test
    void shouldListATableOncePerBackupAcrossBatches() {
        FileReady file = file("nb-14-big-Data.db", CONTENT.length, BackupMode.DIFFERENTIAL);
        FileStored first = (FileStored) uploader(serving(CONTENT)).store("b1", file);
        completeBackup("b1", first);
        AtomicInteger listings = new AtomicInteger();
        intercept("list", arguments -> {
            listings.incrementAndGet();
            return null;
        });

        FileUploader uploader = uploader(serving(CONTENT));
        for (int batch = 0; batch < 3; batch++) {
            assertThat(uploader.reuse("b2", file, uploader.storedFiles(List.of(file))))
                    .hasValueSatisfying(outcome ->
                            assertThat(((FileStored) outcome).reused()).isTrue());
        }
        assertThat(listings).hasValue(1);
        uploader.reuse("b3", file, uploader.storedFiles(List.of(file)));
        assertThat(listings).as("the next backup lists afresh").hasValue(2);
    }

    @Test
    void shouldUploadWithoutAHeadObjectWhatTheTablesListingDoesNotHold() {
        AtomicInteger heads = countHeads();
        FileUploader uploader = uploader(serving(CONTENT));
        StoredFiles known = uploader.storedFiles(List.of());

        assertThat(uploader.reuse("b1", file("nb-1-big-Data.db", CONTENT.length, BackupMode.DIFFERENTIAL), known))
                .isEmpty();
        assertThat(uploader.reuse("b1", file("nb-1-big-Index.db", CONTENT.length, BackupMode.DIFFERENTIAL), known))
                .isEmpty();
        assertThat(heads).hasValue(0);
        assertThat(known.answers()).containsEntry("listing", 2);
    }

    @Test
    void shouldUploadAgainAFileThePreviousManifestRecordsButTheStoreNoLongerHolds() {
        FileReady file = file("nb-10-big-Data.db", CONTENT.length, BackupMode.DIFFERENTIAL);
        FileStored first = (FileStored) uploader(serving(CONTENT)).store("b1", file);
        completeBackup("b1", first);
        store.delete(first.objectKey()); // expired by a bucket lifecycle rule, say

        FileUploader uploader = uploader(serving(CONTENT));
        assertThat(uploader.reuse("b2", file, uploader.storedFiles(List.of()))).isEmpty();
        assertThat(uploader.upload("b2", file)).isInstanceOfSatisfying(FileStored.class, stored -> {
            assertThat(stored.reused()).isFalse();
            assertThat(stored.checksum()).isEqualTo(first.checksum());
        });
    }

    @Test
    void shouldAskTheStoreForAStoredFileThatNoCompleteBackupRecords() {
        FileReady file = file("nb-11-big-Data.db", CONTENT.length, BackupMode.DIFFERENTIAL);
        FileStored first = (FileStored) uploader(serving(CONTENT)).store("failed-backup", file);
        AtomicInteger heads = countHeads();

        FileUploader uploader = uploader(serving(CONTENT));
        StoredFiles known = uploader.storedFiles(List.of());
        assertThat(uploader.reuse("b2", file, known))
                .hasValueSatisfying(
                        outcome -> assertThat(((FileStored) outcome).checksum()).isEqualTo(first.checksum()));
        assertThat(heads).hasValue(1);
        assertThat(known.answers()).containsEntry("head", 1);
    }

    @Test
    void shouldAskTheStoreWhenThePreviousManifestCannotBeRead() {
        FileReady file = file("nb-12-big-Data.db", CONTENT.length, BackupMode.DIFFERENTIAL);
        FileStored first = (FileStored) uploader(serving(CONTENT)).store("b1", file);
        completeBackup("b1", first);
        store.put(layout.nodeManifest("b1", NODE.hostId()), "{not json".getBytes(StandardCharsets.UTF_8));
        AtomicInteger heads = countHeads();

        FileUploader uploader = uploader(serving(CONTENT));
        assertThat(uploader.reuse("b2", file, uploader.storedFiles(List.of())))
                .hasValueSatisfying(
                        outcome -> assertThat(((FileStored) outcome).checksum()).isEqualTo(first.checksum()));
        assertThat(heads).hasValue(1);
    }

    @Test
    void shouldBoundATablesListingByTheFilesTheBatchLooksUpThereAndAskTheStorePastIt() {
        FileReady file = file("nb-13-big-Data.db", CONTENT.length, BackupMode.DIFFERENTIAL);
        FileStored first = (FileStored) uploader(serving(CONTENT)).store("b1", file);
        completeBackup("b1", first);
        AtomicInteger heads = countHeads();
        List<Integer> bounds = new java.util.ArrayList<>();
        // A directory with more objects than any bound: every listing stops short.
        intercept("list", arguments -> {
            bounds.add((Integer) arguments[1]);
            return java.util.Optional.empty();
        });
        List<FileReady> batch = java.util.stream.IntStream.range(0, 25)
                .mapToObj(i -> file("nb-" + (100 + i) + "-big-Data.db", 1, BackupMode.DIFFERENTIAL))
                .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
        batch.add(file);
        batch.add(file("manifest.json", 1, BackupMode.DIFFERENTIAL));

        FileUploader uploader = uploader(serving(CONTENT));
        StoredFiles known = uploader.storedFiles(batch);
        assertThat(uploader.reuse("b2", file, known))
                .hasValueSatisfying(
                        outcome -> assertThat(((FileStored) outcome).checksum()).isEqualTo(first.checksum()));
        assertThat(bounds).containsExactly(26 * StoredFiles.OBJECTS_LISTED_PER_FILE);
        assertThat(heads).hasValue(1);

        assertThat(uploader(serving(CONTENT))
                        .storedFiles(List.of(file))
                        .lookup(
                                "b3",
                                NODE.hostId(),
                                "shop",
                                "orders",
                                "orders-0a1b",
                                first.objectKey(),
                                CONTENT.length))
                .isEqualTo(StoredFiles.Answer.UNKNOWN);
        assertThat(bounds).as("at least a page").endsWith(1000);
    }

    @Test
    void shouldDropAFileOfACancelledBackupWithoutLookingItUpOrReadingIt() {
        AtomicInteger heads = countHeads();
        FileUploader uploader = uploader(serving(CONTENT));
        cancels.cancel("b1", "cancelled by alice", Instant.now());
        FileReady file = file("nb-1-big-Data.db", CONTENT.length, BackupMode.DIFFERENTIAL);

        assertThatThrownBy(() -> uploader.reuse("b1", file)).isInstanceOfSatisfying(UploadCancelled.class, e -> {
            assertThat(e.backupId()).isEqualTo("b1");
            assertThat(e.reason()).isEqualTo("cancelled by alice");
            assertThat(e.inFlight()).isFalse();
        });
        assertThatThrownBy(() -> uploader.store("b1", file))
                .isInstanceOfSatisfying(
                        UploadCancelled.class, e -> assertThat(e.inFlight()).isFalse());
        assertThat(heads).hasValue(0);
        assertThat(opens).hasValue(0);
        assertThat(store.head(layout.nodeFile(NODE.hostId(), "shop", "orders-0a1b", "nb-1-big-Data.db")))
                .isEmpty();
        // Another backup's file is not touched by the cancel.
        assertThat(uploader.upload("b2", file)).isInstanceOf(FileStored.class);
    }

    @Test
    void shouldAbortAnUploadInFlightWithoutRetryingAndLeaveNoObject() throws Exception {
        byte[] large = new byte[1024 * 1024];
        CountDownLatch halfWay = new CountDownLatch(1);
        FileUploader uploader = uploader((backupId, ready) -> {
            opens.incrementAndGet();
            return new StallingHalfWay(large, halfWay);
        });
        FileReady file = file("nb-2-big-Data.db", large.length, BackupMode.FULL);

        CompletableFuture<Event> upload = CompletableFuture.supplyAsync(() -> uploader.store("b1", file));
        assertThat(halfWay.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(cancels.cancel("b1", "cancelled", Instant.now()))
                .as("transfers aborted")
                .isEqualTo(1);

        assertThatThrownBy(() -> upload.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(UploadCancelled.class)
                .satisfies(e ->
                        assertThat(((UploadCancelled) e.getCause()).inFlight()).isTrue());
        assertThat(opens).as("a cancelled transfer is not retried").hasValue(1);
        assertThat(store.head(layout.nodeFile(NODE.hostId(), "shop", "orders-0a1b", "nb-2-big-Data.db")))
                .isEmpty();
        try (Stream<Path> files = Files.walk(directory)) {
            assertThat(files.filter(Files::isRegularFile))
                    .as("no partial object")
                    .isEmpty();
        }
        assertThat(cancels.inFlight()).isZero();
    }

    @Test
    void shouldNotReportAnUploadThatEndsAfterItsBackupWasCancelled() {
        ObjectStore real = store;
        intercept("put", arguments -> {
            StoredObject stored = real.put((String) arguments[0], (InputStream) arguments[1], (long) arguments[2]);
            cancels.cancel("b1", "cancelled", Instant.now());
            return stored;
        });
        FileUploader uploader = uploader(serving(CONTENT));

        assertThatThrownBy(() -> uploader.store("b1", file("nb-3-big-Data.db", CONTENT.length, BackupMode.FULL)))
                .isInstanceOfSatisfying(
                        UploadCancelled.class, e -> assertThat(e.inFlight()).isTrue());
    }

    /** Serves half of {@code bytes}, then blocks like a stalled download until it is closed. */
    private static final class StallingHalfWay extends InputStream {
        private final ByteArrayInputStream bytes;
        private final int half;
        private final CountDownLatch halfWay;
        private final CountDownLatch closed = new CountDownLatch(1);
        private int served;

        StallingHalfWay(byte[] bytes, CountDownLatch halfWay) {
            this.bytes = new ByteArrayInputStream(bytes);
            this.half = bytes.length / 2;
            this.halfWay = halfWay;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (served >= half) {
                halfWay.countDown();
                try {
                    closed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("stream closed");
            }
            int n = bytes.read(buffer, offset, Math.min(length, half - served));
            served += n;
            return n;
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    /** What the coordinator writes when backup {@code backupId} of keyspace shop completes with {@code files}. */
    private void completeBackup(String backupId, FileStored... files) {
        JsonMapper json = new CloudEventCodec().mapper();
        List<NodeManifest.File> listed = Arrays.stream(files)
                .map(f -> new NodeManifest.File(
                        f.keyspace(), f.table(), f.fileName(), f.objectKey(), f.size(), f.checksum(), f.reused()))
                .toList();
        store.put(
                layout.nodeManifest(backupId, NODE.hostId()),
                json.writeValueAsBytes(
                        new NodeManifest(backupId, NODE, "5.0.6", List.of(), Map.of(), listed, Instant.now())));
        store.put(
                layout.index(),
                json.writeValueAsBytes(new BackupIndex(List.of(new BackupIndex.Entry(
                        backupId,
                        Instant.now(),
                        List.of("shop"),
                        List.of("dc1"),
                        1,
                        files.length,
                        0,
                        layout.backupManifest(backupId),
                        BackupMode.DIFFERENTIAL,
                        List.of(),
                        Instant.now())))));
    }

    /** From now on the store counts its HeadObjects. */
    private AtomicInteger countHeads() {
        AtomicInteger heads = new AtomicInteger();
        intercept("head", arguments -> {
            heads.incrementAndGet();
            return null;
        });
        return heads;
    }

    /** What a test does when the store is called: throws, or answers instead of the store unless it returns null. */
    private interface Interception {
        Object call(Object[] arguments) throws Throwable;
    }

    /** From now on the store's calls of {@code methodName} go through {@code interception} first. */
    private void intercept(String methodName, Interception interception) {
        ObjectStore files = store;
        store = (ObjectStore) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {ObjectStore.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals(methodName)) {
                        Object answer = interception.call(arguments);
                        if (answer != null) {
                            return answer;
                        }
                    }
                    try {
                        return method.invoke(files, arguments);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
