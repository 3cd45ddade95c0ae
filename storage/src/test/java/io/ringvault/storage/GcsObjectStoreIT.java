package io.ringvault.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageClass;
import com.google.cloud.storage.StorageOptions;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.storage.gcs.GcsObjectStore;
import io.ringvault.testkit.Directories;
import io.ringvault.testkit.FakeGcsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * The contract against fake-gcs-server (started here, built from its Go module on first use), plus what only GCS has:
 * the storage class, resumable uploads of many chunks, and a missing bucket.
 */
class GcsObjectStoreIT extends ObjectStoreContract {
    private static final String BUCKET =
            "ringvault-it-" + UUID.randomUUID().toString().substring(0, 8);

    static Path directory;
    static FakeGcsServer server;

    @BeforeAll
    static void startServer() throws Exception {
        directory = Files.createTempDirectory("ringvault-fake-gcs-");
        server = FakeGcsServer.start(directory, Duration.ofMinutes(1), BUCKET);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
        Directories.deleteRecursively(directory);
    }

    static StorageProperties.Gcs settings(String bucket, String storageClass, DataSize chunkSize) {
        return new StorageProperties.Gcs(
                bucket, server.endpoint().toString(), "ringvault-it", null, storageClass, chunkSize);
    }

    /** Chunks of 5 MiB, as the contract's S3 parts: objects over 5 MiB are resumable uploads. */
    @Override
    ObjectStore open() {
        return new GcsObjectStore(settings(BUCKET, null, DataSize.ofMegabytes(5)));
    }

    /** The SDK's own client, to see what the store does not show. */
    private static Storage client() {
        return StorageOptions.http()
                .setHost(server.endpoint().toString())
                .setProjectId("ringvault-it")
                .setCredentials(NoCredentials.getInstance())
                .build()
                .getService();
    }

    @Test
    void shouldRecordTheStorageClassAndTheChecksumInOneRequestAndInAResumableUpload() throws Exception {
        String small = prefix + "nearline-small";
        String large = prefix + "nearline-large";
        try (ObjectStore nearline = new GcsObjectStore(settings(BUCKET, "nearline", DataSize.ofKilobytes(256)))) {
            nearline.put(small, new byte[] {1, 2, 3});
            nearline.put(large, new GeneratedContent(11, MiB + 1), MiB + 1);
        }

        try (Storage gcs = client()) {
            Blob one = gcs.get(BlobId.of(BUCKET, small));
            assertThat(one.getStorageClass()).isEqualTo(StorageClass.NEARLINE);
            assertThat(one.getMetadata())
                    .containsEntry(GcsObjectStore.CHECKSUM_METADATA, GeneratedContent.checksum(new byte[] {1, 2, 3}));
            Blob resumable = gcs.get(BlobId.of(BUCKET, large));
            assertThat(resumable.getStorageClass()).isEqualTo(StorageClass.NEARLINE);
            assertThat(resumable.getMetadata())
                    .containsEntry(GcsObjectStore.CHECKSUM_METADATA, GeneratedContent.checksum(11, MiB + 1));
            assertThat(resumable.getContentType()).isEqualTo("application/octet-stream");
        }
    }

    @Test
    void shouldStreamAnObjectOfManySmallChunks() {
        long size = 3L * MiB + 7; // thirteen chunks of 256 KiB, the last one short
        String key = prefix + "many-chunks.bin";
        try (GcsObjectStore smallChunks = new GcsObjectStore(settings(BUCKET, null, DataSize.ofKilobytes(256)))) {
            assertThat(smallChunks.singleRequestLimit()).isEqualTo(256 * 1024);
            assertThat(smallChunks
                            .put(key, new GeneratedContent(12, size), size)
                            .checksum())
                    .isEqualTo(GeneratedContent.checksum(12, size));
        }

        String expected = GeneratedContent.checksum(12, size);
        assertThat(store.head(key)).contains(new StoredObject(key, size, expected));
        assertThat(GeneratedContent.checksum(store.get(key, 0))).isEqualTo(expected);
    }

    @Test
    void shouldRefuseAMissingBucketAsFatalAndNameTheSetting() {
        String missing = "ringvault-missing-" + UUID.randomUUID().toString().substring(0, 8);
        try (ObjectStore nowhere = new GcsObjectStore(settings(missing, null, DataSize.ofKilobytes(256)))) {
            List<Runnable> calls = List.of(
                    () -> nowhere.put(prefix + "small", new byte[] {1}),
                    () -> nowhere.put(prefix + "large", new GeneratedContent(13, MiB), MiB),
                    () -> nowhere.list(prefix, 10),
                    () -> nowhere.walk(prefix, object -> {}));
            for (Runnable call : calls) {
                assertThatThrownBy(call::run).isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.INVALID_REQUEST);
                    assertThat(e.reason().retryable()).isFalse();
                    assertThat(e.getMessage()).contains(missing, "ringvault.storage.gcs.bucket");
                });
            }
            assertThat(nowhere.describe())
                    .contains("gcs bucket " + missing, server.endpoint().toString());
        }
    }

    @Test
    void shouldDeleteInBatchesWithinOneHundredKeys() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            String key = prefix + "batched/object-" + i;
            store.put(key, new byte[] {(byte) i});
            keys.add(key);
        }
        store.deleteAll(keys.subList(0, 100));

        List<ListedObject> left = new ArrayList<>();
        store.walk(prefix + "batched/", left::add);
        assertThat(left).extracting(ListedObject::key).containsExactly(keys.get(100));
    }

    /**
     * What a checksum patch that missed its condition leaves (fake-gcs-server ignores the condition): no checksum, not
     * a wrong one.
     */
    @Test
    void shouldNotTrustAChecksumPatchedOntoOtherBytes() throws Exception {
        String key = prefix + "patched-elsewhere.bin";
        long size = 6L * MiB;
        store.put(key, new GeneratedContent(14, size), size);
        try (Storage gcs = client()) {
            Blob blob = gcs.get(BlobId.of(BUCKET, key));
            assertThat(blob.getMetadata()).containsEntry(GcsObjectStore.CHECKSUM_OF_METADATA, "md5:" + blob.getMd5());
            gcs.update(blob.toBuilder()
                    .setMetadata(java.util.Map.of(
                            GcsObjectStore.CHECKSUM_METADATA,
                            GeneratedContent.checksum(new byte[] {1}),
                            GcsObjectStore.CHECKSUM_OF_METADATA,
                            "md5:AAAAAAAAAAAAAAAAAAAAAA=="))
                    .build());
        }

        assertThat(store.head(key)).contains(new StoredObject(key, size, null));
    }
}
