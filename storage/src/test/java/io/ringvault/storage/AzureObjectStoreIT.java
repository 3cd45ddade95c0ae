package io.ringvault.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.connections.Secret;
import io.ringvault.storage.azure.AzureObjectStore;
import io.ringvault.testkit.Azurite;
import io.ringvault.testkit.Directories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * The contract against Azurite (the Azure Storage emulator, installed from npm by the testkit), plus what only Azure
 * has: credentials of each kind, the access tier, block uploads, a missing container.
 */
class AzureObjectStoreIT extends ObjectStoreContract {
    private static Path directory;
    private static Azurite azurite;
    private static String container;

    @BeforeAll
    static void startAzurite() throws IOException {
        directory = Files.createTempDirectory("ringvault-azurite-");
        azurite = Azurite.start(directory, Duration.ofSeconds(60));
        container = "ringvault-" + UUID.randomUUID();
        service().createBlobContainer(container);
    }

    @AfterAll
    static void stopAzurite() {
        if (azurite != null) {
            azurite.close();
        }
        Directories.deleteRecursively(directory);
    }

    /** Blocks of 5 MiB, 2 at once, like the S3 parts the contract's sizes are chosen for. */
    static StorageProperties.Azure settings() {
        return new StorageProperties.Azure(
                container,
                azurite.blobEndpoint().toString(),
                null,
                null,
                Azurite.ACCOUNT,
                Secret.of(Azurite.ACCOUNT_KEY),
                null,
                DataSize.ofMegabytes(5),
                2);
    }

    private static BlobServiceClient service;

    /** The SDK's own client, to look at what the store did (one, so one connection pool, for the whole class). */
    private static BlobServiceClient service() {
        if (service == null) {
            service = new BlobServiceClientBuilder()
                    .connectionString(azurite.connectionString())
                    .buildClient();
        }
        return service;
    }

    private static BlobContainerClient containerClient() {
        return service().getBlobContainerClient(container);
    }

    @Override
    ObjectStore open() {
        return new AzureObjectStore(settings());
    }

    @Test
    void shouldRefuseAWrongKeyAsAccessDeniedAndNotRetryable() {
        byte[] random = new byte[64];
        new SecureRandom().nextBytes(random);
        String wrongKey = Base64.getEncoder().encodeToString(random);
        StorageProperties.Azure wrong = settings().withAccountKey(Azurite.ACCOUNT, wrongKey);
        try (ObjectStore refused = new AzureObjectStore(wrong)) {
            assertThatThrownBy(() -> refused.put(prefix + "refused", new byte[] {1}))
                    .isInstanceOfSatisfying(StorageException.class, e -> {
                        assertThat(e.reason()).isEqualTo(FailureReason.ACCESS_DENIED);
                        assertThat(e.reason().retryable()).isFalse();
                        assertThat(e.getMessage()).doesNotContain(wrongKey).contains("403");
                    });
            assertThatThrownBy(() -> refused.head(prefix + "refused"))
                    .isInstanceOfSatisfying(
                            StorageException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.ACCESS_DENIED));
            assertThat(refused.describe()).doesNotContain(wrongKey).contains("shared key");
            assertThat(refused.toString()).doesNotContain(wrongKey).contains("(redacted)");
        }
        assertThat(store.head(prefix + "refused")).isEmpty();
    }

    @Test
    void shouldUploadAnObjectLargerThanTheBlockSizeAsBlocksOfThatSize() {
        long size = 12L * MiB + 7; // 3 blocks of 5 MiB, the last one short
        String key = prefix + "blocks.bin";

        store.put(key, new GeneratedContent(12, size), size);

        assertThat(containerClient()
                        .getBlobClient(key)
                        .getBlockBlobClient()
                        .listBlocks(BlockListType.COMMITTED)
                        .getCommittedBlocks())
                .extracting(block -> block.getSizeLong())
                .containsExactly(5L * MiB, 5L * MiB, 2L * MiB + 7);
        assertThat(store.head(key)).contains(new StoredObject(key, size, GeneratedContent.checksum(12, size)));
        // Staged blocks left by no upload: every one was committed.
        assertThat(containerClient()
                        .getBlobClient(key)
                        .getBlockBlobClient()
                        .listBlocks(BlockListType.UNCOMMITTED)
                        .getUncommittedBlocks())
                .isEmpty();
    }

    @Test
    void shouldStoreNewBlobsInTheConfiguredAccessTier() {
        String small = prefix + "cool-small";
        String large = prefix + "cool-large.bin";
        try (ObjectStore cool = new AzureObjectStore(settings().withAccessTier("cool"))) {
            cool.put(small, new byte[] {1, 2, 3});
            cool.put(large, new GeneratedContent(13, 6L * MiB), 6L * MiB);
            assertThat(cool.describe()).contains("Cool tier");
        }
        assertThat(containerClient().getBlobClient(small).getProperties().getAccessTier())
                .hasToString("Cool");
        assertThat(containerClient().getBlobClient(large).getProperties().getAccessTier())
                .hasToString("Cool");
        assertThat(store.head(large))
                .contains(new StoredObject(large, 6L * MiB, GeneratedContent.checksum(13, 6L * MiB)));
    }

    @Test
    void shouldRefuseAMissingContainerAsAFatalSettingsError() {
        StorageProperties.Azure settings = settings();
        StorageProperties.Azure missing = new StorageProperties.Azure(
                "no-such-container-" + UUID.randomUUID().toString().substring(0, 8),
                settings.endpoint(),
                null,
                null,
                settings.accountName(),
                settings.accountKey(),
                null,
                settings.blockSize(),
                settings.concurrency());
        try (ObjectStore nowhere = new AzureObjectStore(missing)) {
            assertThatThrownBy(() -> nowhere.put(prefix + "lost", new byte[] {1}))
                    .isInstanceOfSatisfying(StorageException.class, e -> {
                        assertThat(e.reason()).isEqualTo(FailureReason.INVALID_REQUEST);
                        assertThat(e.reason().retryable()).isFalse();
                        assertThat(e.getMessage()).contains("ContainerNotFound");
                    });
            assertThatThrownBy(() -> nowhere.list(prefix, 10))
                    .isInstanceOfSatisfying(
                            StorageException.class,
                            e -> assertThat(e.reason()).isEqualTo(FailureReason.INVALID_REQUEST));
        }
    }

    @Test
    void shouldWorkWithAConnectionStringOrASasToken() {
        StorageProperties.Azure settings = settings();
        String sas = containerClient()
                .generateSas(new BlobServiceSasSignatureValues(
                        OffsetDateTime.now().plusHours(1), BlobContainerSasPermission.parse("racwdl")));
        StorageProperties.Azure withSas = new StorageProperties.Azure(
                container, settings.endpoint(), null, Secret.of(sas), null, null, null, settings.blockSize(), 2);
        StorageProperties.Azure withConnectionString = new StorageProperties.Azure(
                container, null, Secret.of(azurite.connectionString()), null, null, null, null, null, null);

        for (StorageProperties.Azure credentials : java.util.List.of(withSas, withConnectionString)) {
            try (ObjectStore other = new AzureObjectStore(credentials)) {
                String key = prefix + "credentials/" + UUID.randomUUID();
                StoredObject stored = other.put(key, new GeneratedContent(14, 6L * MiB), 6L * MiB);
                assertThat(store.head(key)).contains(stored);
                other.deleteAll(java.util.List.of(key));
                assertThat(store.head(key)).isEmpty();
                assertThat(other.describe())
                        .doesNotContain(sas)
                        .doesNotContain(Azurite.ACCOUNT_KEY)
                        .doesNotContain("sig=");
                assertThat(other.toString()).doesNotContain(sas).doesNotContain(Azurite.ACCOUNT_KEY);
            }
        }
    }

    /** A read goes on chunk by chunk under the ETag it started with: a blob replaced meanwhile fails it. */
    @Test
    void shouldFailAReadWhoseBlobIsReplacedMidway() throws IOException {
        long size = 12L * MiB;
        String key = prefix + "replaced-while-read.bin";
        store.put(key, new GeneratedContent(15, size), size);

        try (java.io.InputStream in = store.get(key, 0)) {
            assertThat(in.read()).isNotNegative(); // the first chunk is fetched
            store.put(key, "replaced".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThatThrownBy(in::readAllBytes)
                    .isInstanceOf(IOException.class)
                    .hasCauseInstanceOf(StorageException.class)
                    .cause()
                    .satisfies(cause ->
                            assertThat(((StorageException) cause).reason()).isEqualTo(FailureReason.CHECKSUM_MISMATCH));
        }
        assertThat(store.getSmall(key))
                .hasValueSatisfying(bytes -> assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8))
                        .isEqualTo("replaced"));
    }
}
