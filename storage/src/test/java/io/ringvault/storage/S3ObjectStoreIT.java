package io.ringvault.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.testkit.ObjectStoreEndpoint;
import io.ringvault.testkit.SharedStack;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

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
                endpoint.secretKey(),
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
                        assertThat(e.reason()).isEqualTo(StorageException.Reason.FORBIDDEN);
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).doesNotContain("not-the-secret");
                    });
            assertThatThrownBy(() -> refused.head(prefix + "refused"))
                    .isInstanceOfSatisfying(
                            StorageException.class,
                            e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.FORBIDDEN));
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

        ObjectStoreEndpoint endpoint = SharedStack.get().objectStore();
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(endpoint.endpoint())
                .region(Region.of(endpoint.region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(endpoint.accessKey(), endpoint.secretKey())))
                .build()) {
            assertThat(s3.listMultipartUploads(b -> b.bucket(endpoint.bucket()).prefix(key))
                            .uploads())
                    .isEmpty();
            // The control: the server does list an upload left open, so the assertion above can fail.
            String open = s3.createMultipartUpload(
                            b -> b.bucket(endpoint.bucket()).key(key + ".control"))
                    .uploadId();
            assertThat(s3.listMultipartUploads(b -> b.bucket(endpoint.bucket()).prefix(key))
                            .uploads())
                    .hasSize(1);
            s3.abortMultipartUpload(
                    b -> b.bucket(endpoint.bucket()).key(key + ".control").uploadId(open));
        }
        assertThat(store.head(key)).isEmpty();
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
