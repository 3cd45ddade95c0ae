package io.ringvault.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.storage.StorageException;
import io.ringvault.storage.StorageProperties;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the GCS store does without a server: credentials, what it prints, GCS's encodings. */
class GcsObjectStoreTest {
    @TempDir
    Path directory;

    @Test
    void shouldNeverPrintTheServiceAccountKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
        String pem = "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
        Path key = Files.writeString(directory.resolve("key.json"), """
                {"type": "service_account", "project_id": "p", "private_key_id": "key-id-0123456789",
                 "private_key": "%s", "client_email": "ringvault@p.iam.gserviceaccount.com", "client_id": "1",
                 "token_uri": "http://127.0.0.1:9/token"}
                """.formatted(pem.replace("\n", "\\n")));

        try (GcsObjectStore store =
                new GcsObjectStore(new StorageProperties.Gcs("b", "http://127.0.0.1:9", null, key, null, null))) {
            String secretPart = body.substring(100, 140);
            assertThat(store.describe())
                    .contains("gcs bucket b", "service-account key file")
                    .doesNotContain(secretPart, "key-id-0123456789");
            assertThat(store.toString()).contains(key.toString()).doesNotContain(secretPart, "key-id-0123456789");
        }
    }

    @Test
    void shouldRefuseAKeyFileThatIsNotAKeyNamingOnlyItsPath() throws Exception {
        Path key = Files.writeString(
                directory.resolve("not-a-key.json"),
                "{\"type\": \"service_account\", \"private_key\": \"SECRET-MATERIAL\"}");

        assertThatThrownBy(() -> new GcsObjectStore(new StorageProperties.Gcs("b", null, null, key, null, null)))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains(key.toString()).doesNotContain("SECRET-MATERIAL");
                });
        assertThatThrownBy(() -> new GcsObjectStore(
                        new StorageProperties.Gcs("b", null, null, directory.resolve("missing.json"), null, null)))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.getMessage()).contains("missing.json"));
    }

    @Test
    void shouldSendNoCredentialsToAnEmulator() {
        try (GcsObjectStore store = new GcsObjectStore(
                new StorageProperties.Gcs("b", "http://127.0.0.1:9", null, null, "coldline", null))) {
            assertThat(store.describe())
                    .isEqualTo("gcs bucket b at http://127.0.0.1:9 (no credentials (emulator), COLDLINE)");
            assertThat(store.singleRequestLimit()).isEqualTo(16 * 1024 * 1024);
        }
    }

    @Test
    void shouldWriteTheCrc32cAsGcsDoes() {
        CRC32C crc = new CRC32C();
        crc.update("123456789".getBytes(StandardCharsets.US_ASCII));
        // The CRC32C check value 0xE3069283, big-endian, in base64.
        assertThat(GcsObjectStore.crc32c(crc)).isEqualTo("4waSgw==");
    }
}
