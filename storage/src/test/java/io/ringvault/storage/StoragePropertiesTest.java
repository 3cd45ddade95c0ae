package io.ringvault.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class StoragePropertiesTest {

    @Test
    void shouldDefaultToAFilesystemStoreForTheLocalCluster() {
        StorageProperties defaults = StorageProperties.defaults();
        assertThat(defaults.type()).isEqualTo(StorageProperties.Type.FILESYSTEM);
        assertThat(defaults.cluster()).isEqualTo("ringvault-local");
        assertThat(defaults.prefix()).isEmpty();
        assertThat(defaults.filesystem().root()).isEqualTo(Path.of(".ringvault/objects"));
        assertThat(defaults.s3().region()).isEqualTo("us-east-1");
        assertThat(defaults.s3().partSize()).isEqualTo(DataSize.ofMegabytes(16));
        assertThat(defaults.s3().partConcurrency()).isEqualTo(2);
    }

    @Test
    void shouldNeverPrintTheSecretKey() {
        StorageProperties.S3 s3 = StorageProperties.S3.defaults().withCredentials("AKIAEXAMPLE", "s3cr3t-value");
        StorageProperties properties = new StorageProperties(StorageProperties.Type.S3, "c", "p", null, s3, null, null);
        assertThat(properties.toString()).doesNotContain("s3cr3t-value").contains("(redacted)", "AKIAEXAMPLE");
    }

    @Test
    void shouldRefuseSettingsThatCannotWork() {
        StorageProperties.S3 s3 = StorageProperties.S3.defaults();
        assertThatThrownBy(() -> s3.withParts(DataSize.ofMegabytes(4), 2)).hasMessageContaining("part-size");
        assertThatThrownBy(() -> s3.withParts(DataSize.ofMegabytes(5), 0)).hasMessageContaining("part-concurrency");
        assertThatThrownBy(() -> s3.withCredentials("only-the-access-key", null))
                .hasMessageContaining("set both or neither");
        assertThatThrownBy(() -> new StorageProperties.S3(
                        "b", null, null, false, null, null, null, "aws:rot13", null, null, null))
                .hasMessageContaining("AES256 or aws:kms");
        assertThatThrownBy(() -> ObjectStores.open(
                        new StorageProperties(StorageProperties.Type.S3, null, null, null, null, null, null)))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.getMessage()).contains("bucket"));
    }

    @Test
    void shouldDefaultTheGcsStoreToChunksOf16MiBAndTheBucketsStorageClass() {
        StorageProperties.Gcs gcs = StorageProperties.defaults().gcs();
        assertThat(gcs.chunkSize()).isEqualTo(DataSize.ofMegabytes(16));
        assertThat(gcs.storageClass()).isNull();
        assertThat(gcs.credentialsFile()).isNull();
        assertThat(new StorageProperties.Gcs(" b ", " ", "", Path.of(""), " nearline ", null))
                .satisfies(blanks -> {
                    assertThat(blanks.endpoint()).isNull();
                    assertThat(blanks.projectId()).isNull();
                    assertThat(blanks.credentialsFile()).isNull();
                    assertThat(blanks.storageClass()).isEqualTo("NEARLINE");
                });
    }

    @Test
    void shouldRefuseGcsSettingsThatCannotWork() {
        assertThatThrownBy(() -> gcs(null, DataSize.ofKilobytes(100))).hasMessageContaining("chunk-size");
        assertThatThrownBy(() -> gcs(null, DataSize.ofKilobytes(300))).hasMessageContaining("multiple of 256KB");
        assertThatThrownBy(() -> gcs(null, DataSize.ofGigabytes(2))).hasMessageContaining("chunk-size");
        assertThat(gcs(null, DataSize.ofKilobytes(512)).chunkSize()).isEqualTo(DataSize.ofKilobytes(512));
        assertThatThrownBy(() -> gcs("GLACIER", null)).hasMessageContaining("storage-class");
        assertThatThrownBy(() -> new StorageProperties.Gcs("b", "127.0.0.1:4443", null, null, null, null))
                .hasMessageContaining("http://");
        assertThatThrownBy(() -> ObjectStores.open(
                        new StorageProperties(StorageProperties.Type.GCS, null, null, null, null, null, null)))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(io.ringvault.common.failure.FailureReason.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains("ringvault.storage.gcs.bucket");
                });
    }

    /** The keys docs/configuration.md gives, bound as a service binds them; an empty value is "not set". */
    @Test
    void shouldBindTheGcsKeys() {
        var source =
                new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(java.util.Map.of(
                        "ringvault.storage.type", "gcs",
                        "ringvault.storage.gcs.bucket", "backups",
                        "ringvault.storage.gcs.project-id", "my-project",
                        "ringvault.storage.gcs.credentials-file", "",
                        "ringvault.storage.gcs.storage-class", "coldline",
                        "ringvault.storage.gcs.chunk-size", "512KB"));

        StorageProperties bound = new org.springframework.boot.context.properties.bind.Binder(source)
                .bind("ringvault.storage", StorageProperties.class)
                .get();

        assertThat(bound.type()).isEqualTo(StorageProperties.Type.GCS);
        assertThat(bound.gcs())
                .isEqualTo(new StorageProperties.Gcs(
                        "backups", null, "my-project", null, "COLDLINE", DataSize.ofKilobytes(512)));
    }

    private static StorageProperties.Gcs gcs(String storageClass, DataSize chunkSize) {
        return new StorageProperties.Gcs("b", null, null, null, storageClass, chunkSize);
    }

    @Test
    void shouldDefaultTheAzureStoreToEightMegabyteBlocksTwoAtATime() {
        StorageProperties.Azure azure = StorageProperties.defaults().azure();
        assertThat(azure.blockSize()).isEqualTo(DataSize.ofMegabytes(8));
        assertThat(azure.concurrency()).isEqualTo(2);
        assertThat(azure.accessTier()).isNull();
        assertThat(azure.accountUrl()).isNull();
        assertThat(azure.withAccountKey("acct", "a2V5").accountUrl()).isEqualTo("https://acct.blob.core.windows.net");
        assertThat(azure.withAccessTier(" COOL ").accessTier()).isEqualTo("Cool");
    }

    @Test
    void shouldNeverPrintAnAzureSecret() {
        StorageProperties.Azure key = StorageProperties.Azure.defaults().withAccountKey("acct", "a2V5LXZhbHVl");
        StorageProperties.Azure connectionString = new StorageProperties.Azure(
                "c",
                null,
                io.ringvault.connections.Secret.of("AccountName=acct;AccountKey=a2V5LXZhbHVl"),
                null,
                null,
                null,
                null,
                null,
                null);
        StorageProperties.Azure sas = new StorageProperties.Azure(
                "c",
                "https://acct.blob.core.windows.net",
                null,
                io.ringvault.connections.Secret.of("sv=2024&sig=c2lnbmF0dXJl"),
                null,
                null,
                null,
                null,
                null);
        for (StorageProperties.Azure azure : java.util.List.of(key, connectionString, sas)) {
            assertThat(new StorageProperties(StorageProperties.Type.AZURE, "c", "p", null, null, null, azure)
                            .toString())
                    .doesNotContain("a2V5LXZhbHVl", "c2lnbmF0dXJl")
                    .contains("(redacted)");
        }
    }

    @Test
    void shouldRefuseAzureSettingsThatCannotWork() {
        StorageProperties.Azure azure = StorageProperties.Azure.defaults();
        assertThatThrownBy(() -> azure.withAccessTier("Archive")).hasMessageContaining("access-tier");
        assertThatThrownBy(() -> azure.withAccountKey(null, "a2V5")).hasMessageContaining("account-name");
        assertThatThrownBy(() -> new StorageProperties.Azure(
                        "c",
                        null,
                        io.ringvault.connections.Secret.of("AccountName=a;AccountKey=b"),
                        io.ringvault.connections.Secret.of("sig=x"),
                        null,
                        null,
                        null,
                        null,
                        null))
                .hasMessageContaining("at most one of");
        assertThatThrownBy(() -> new StorageProperties.Azure(
                        "c", null, null, null, null, null, null, DataSize.ofKilobytes(512), null))
                .hasMessageContaining("block-size");
        assertThatThrownBy(() -> new StorageProperties.Azure("c", null, null, null, null, null, null, null, 0))
                .hasMessageContaining("concurrency");
        assertThatThrownBy(() -> new StorageProperties.Azure(
                        "c", "https://acct.blob.core.windows.net/?sig=x", null, null, null, null, null, null, null))
                .hasMessageContaining("must not carry a query")
                .hasMessageNotContaining("sig=x");
        assertThatThrownBy(
                        () -> new StorageProperties.Azure("c", "ftp://acct", null, null, null, null, null, null, null))
                .hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> ObjectStores.open(
                        new StorageProperties(StorageProperties.Type.AZURE, null, null, null, null, null, null)))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.getMessage()).contains("container"));
        assertThatThrownBy(() -> ObjectStores.open(new StorageProperties(
                        StorageProperties.Type.AZURE,
                        null,
                        null,
                        null,
                        null,
                        null,
                        new StorageProperties.Azure("c", null, null, null, null, null, null, null, null))))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.getMessage()).contains("endpoint"));
    }

    @Test
    void shouldBindEncryptionAndOpenAnEncryptingStoreThatPrintsNoSecret(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path keyFile = EncryptedFilesystemObjectStoreIT.newKeyFile(dir.resolve("kek-1"));
        Path oldKey = EncryptedFilesystemObjectStoreIT.newKeyFile(dir.resolve("kek-0"));
        java.util.Map<String, String> settings = java.util.Map.of(
                "ringvault.storage.filesystem.root", dir.resolve("objects").toString(),
                "ringvault.storage.encryption.key-file", keyFile.toString(),
                "ringvault.storage.encryption.previous-key-files", oldKey.toString());
        StorageProperties properties = new org.springframework.boot.context.properties.bind.Binder(
                        new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(settings))
                .bind("ringvault.storage", StorageProperties.class)
                .get();

        assertThat(properties.encryption().keyFile()).isEqualTo(keyFile);
        assertThat(properties.encryption().previousKeyFiles()).containsExactly(oldKey);
        try (ObjectStore store = ObjectStores.open(properties)) {
            assertThat(store).isInstanceOf(io.ringvault.storage.crypto.EncryptingObjectStore.class);
            assertThat(((io.ringvault.storage.crypto.EncryptingObjectStore) store).currentKeyId())
                    .isEqualTo("kek-1");
            assertThat(store.describe()).contains("kek-0", "kek-1");
            store.put("a", new byte[] {1, 2, 3});
            assertThat(store.getSmall("a"))
                    .hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3));
        }
        assertThat(StorageProperties.defaults().encryption().enabled()).isFalse();
        StorageProperties.Encryption keystore = new StorageProperties.Encryption(
                null, null, dir.resolve("k.p12"), io.ringvault.connections.Secret.of("p4ssw0rd-value"), "k1");
        assertThat(keystore.toString()).doesNotContain("p4ssw0rd-value").contains("(redacted)");
        assertThat(StorageProperties.defaults().withEncryption(keystore).toString())
                .doesNotContain("p4ssw0rd-value");
    }

    @Test
    void shouldLeaveEncryptionOffWhenItsVariablesAreEmpty() {
        // What the services' application.yml binds when no RINGVAULT_STORAGE_ENCRYPTION_* variable is set.
        java.util.Map<String, String> settings = java.util.Map.of(
                "ringvault.storage.encryption.key-file", "",
                "ringvault.storage.encryption.previous-key-files", "",
                "ringvault.storage.encryption.keystore", "",
                "ringvault.storage.encryption.key-id", "");
        StorageProperties properties = new org.springframework.boot.context.properties.bind.Binder(
                        new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(settings))
                .bind("ringvault.storage", StorageProperties.class)
                .get();

        assertThat(properties.encryption().enabled()).isFalse();
        assertThat(properties.encryption().previousKeyFiles()).isEmpty();
    }

    @Test
    void shouldRefuseEncryptionSettingsThatCannotWork(@org.junit.jupiter.api.io.TempDir Path dir) {
        assertThatThrownBy(() ->
                        new StorageProperties.Encryption(dir.resolve("k"), null, dir.resolve("k.p12"), null, null))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> new StorageProperties.Encryption(null, java.util.List.of(dir), null, null, null))
                .hasMessageContaining("previous-key-files needs");
        assertThatThrownBy(() -> ObjectStores.open(StorageProperties.defaults()
                        .withEncryption(
                                new StorageProperties.Encryption(dir.resolve("no-such-key"), null, null, null, null))))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.getMessage()).contains("no-such-key"));
    }
}
