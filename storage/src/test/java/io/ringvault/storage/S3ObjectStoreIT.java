package io.ringvault.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.testkit.ObjectStoreEndpoint;
import io.ringvault.testkit.SharedStack;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/** The contract against a real S3 server (s3proxy), plus what only S3 has: credentials and multipart copies. */
class S3ObjectStoreIT extends ObjectStoreContract {

    static StorageProperties.S3 settings() {
        ObjectStoreEndpoint endpoint = SharedStack.get().objectStore();
        return new StorageProperties.S3(
                endpoint.bucket(),
                endpoint.endpoint().toString(),
                endpoint.region(),
                true,
                endpoint.accessKey(),
                io.ringvault.connections.Secret.of(endpoint.secretKey()),
                null,
                null,
                null,
                DataSize.ofMegabytes(5),
                2);
    }

    @Override
    ObjectStore open() {
        return new S3ObjectStore(settings());
    }

    @Test
    void shouldRefuseAWrongSecretAsForbiddenAndNotRetryable() {
        StorageProperties.S3 wrong = settings().withCredentials(settings().accessKey(), "not-the-secret");
        try (ObjectStore refused = new S3ObjectStore(wrong)) {
            assertThatThrownBy(() -> refused.put(prefix + "refused", new byte[] {1}))
                    .isInstanceOfSatisfying(StorageException.class, e -> {
                        assertThat(e.reason()).isEqualTo(FailureReason.ACCESS_DENIED);
                        assertThat(e.reason().retryable()).isFalse();
                        assertThat(e.getMessage()).doesNotContain("not-the-secret");
                    });
            assertThatThrownBy(() -> refused.head(prefix + "refused"))
                    .isInstanceOfSatisfying(
                            StorageException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.ACCESS_DENIED));
            assertThat(refused.describe()).doesNotContain("not-the-secret");
            assertThat(refused.toString()).doesNotContain("not-the-secret").contains("redacted");
        }
        assertThat(store.head(prefix + "refused")).isEmpty();
    }

    @Test
    void shouldRecordTheChecksumWithAMultipartCopyBeyondTheCopyLimit() {
        long size = 23L * MiB + 1;
        String key = prefix + "beyond-copy-limit.bin";
        try (ObjectStore smallCopies = new S3ObjectStore(settings(), 6L * MiB)) {
            smallCopies.put(key, new GeneratedContent(23, size), size);
        }

        String expected = GeneratedContent.checksum(23, size);
        assertThat(store.head(key)).contains(new StoredObject(key, size, expected));
        assertThat(GeneratedContent.checksum(store.get(key, 0))).isEqualTo(expected);
    }

    @Test
    void shouldAbortAFailedMultipartUpload() {
        String key = prefix + "aborted.bin";
        java.io.InputStream failing =
                new java.io.SequenceInputStream(new GeneratedContent(9, 12L * MiB), new java.io.InputStream() {
                    @Override
                    public int read() throws java.io.IOException {
                        throw new java.io.IOException("the agent went away");
                    }
                });
        assertThatThrownBy(() -> store.put(key, failing, 20L * MiB)).isInstanceOf(StorageException.class);

        try (S3Client s3 = client()) {
            assertThat(openUploads(s3, key)).isEmpty();
            // The control: the server does list an upload left open, so the assertion above can fail.
            String open = s3.createMultipartUpload(b ->
                            b.bucket(SharedStack.get().objectStore().bucket()).key(key + ".control"))
                    .uploadId();
            assertThat(openUploads(s3, key)).hasSize(1);
            s3.abortMultipartUpload(
                    b -> b.bucket(SharedStack.get().objectStore().bucket())
                            .key(key + ".control")
                            .uploadId(open));
        }
        assertThat(store.head(key)).isEmpty();
    }

    /**
     * A writer interrupted in the middle (a service stopping): the SDK refuses requests from an interrupted thread, yet
     * the upload is aborted, and the thread is still marked interrupted afterwards.
     */
    @Test
    void shouldAbortAMultipartUploadWhoseThreadIsInterrupted() throws Exception {
        String key = prefix + "interrupted.bin";
        CountDownLatch stalled = new CountDownLatch(1);
        java.io.InputStream stalling =
                new java.io.SequenceInputStream(new GeneratedContent(10, 12L * MiB), new java.io.InputStream() {
                    @Override
                    public int read() throws java.io.IOException {
                        stalled.countDown();
                        try {
                            Thread.sleep(120_000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new java.io.InterruptedIOException("interrupted while waiting for the agent");
                        }
                        return -1;
                    }
                });
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            try {
                store.put(key, stalling, 20L * MiB);
            } catch (Throwable e) {
                failure.set(e);
            }
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        writer.start();
        assertThat(stalled.await(60, TimeUnit.SECONDS)).isTrue();

        writer.interrupt();
        writer.join(120_000);

        assertThat(writer.isAlive()).isFalse();
        assertThat(failure.get()).isInstanceOf(StorageException.class);
        assertThat(stillInterrupted).isTrue();
        try (S3Client s3 = client()) {
            assertThat(openUploads(s3, key)).isEmpty();
        }
        assertThat(store.head(key)).isEmpty();
    }

    private static S3Client client() {
        ObjectStoreEndpoint endpoint = SharedStack.get().objectStore();
        return S3Client.builder()
                .endpointOverride(endpoint.endpoint())
                .region(Region.of(endpoint.region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(endpoint.accessKey(), endpoint.secretKey())))
                .build();
    }

    /** The multipart uploads the server holds open under {@code key} (and keys that start with it). */
    private static List<MultipartUpload> openUploads(S3Client s3, String key) {
        return s3.listMultipartUploads(
                        b -> b.bucket(SharedStack.get().objectStore().bucket()).prefix(key))
                .uploads();
    }

    @Test
    void shouldUploadInOnePutUpToPartConcurrencyPlusOneParts() {
        // 5 MiB parts, 2 at once: up to 15 MiB is one PutObject, beyond it a multipart upload. (Their ETags cannot
        // tell: the copy that records a multipart object's checksum gives it a plain one.)
        long limit = 15L * MiB;
        String single = prefix + "one-put.bin";
        store.put(single, new GeneratedContent(5, limit), limit);
        assertThat(store.head(single)).contains(new StoredObject(single, limit, GeneratedContent.checksum(5, limit)));
        String multipart = prefix + "multipart.bin";
        store.put(multipart, new GeneratedContent(6, limit + 1), limit + 1);
        assertThat(store.head(multipart))
                .contains(new StoredObject(multipart, limit + 1, GeneratedContent.checksum(6, limit + 1)));

        assertThat(((S3ObjectStore) store).singlePutLimit()).isEqualTo(limit);
    }
}
