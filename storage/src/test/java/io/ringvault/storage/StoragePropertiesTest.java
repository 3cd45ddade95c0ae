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
        StorageProperties properties = new StorageProperties(StorageProperties.Type.S3, "c", "p", null, s3);
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
        assertThatThrownBy(() ->
                        ObjectStores.open(new StorageProperties(StorageProperties.Type.S3, null, null, null, null)))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.getMessage()).contains("bucket"));
    }
}
