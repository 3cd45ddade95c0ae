package io.ringvault.uploader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.uploader.config.UploaderProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class UploaderPropertiesTest {
    @Test
    void shouldNeverPrintTheAgentToken() {
        UploaderProperties properties = new UploaderProperties(
                "t0ken-value",
                false,
                2,
                0,
                DataSize.ofMegabytes(50),
                null,
                null,
                null,
                null,
                Duration.ofSeconds(5),
                null);
        assertThat(properties.toString()).doesNotContain("t0ken-value").contains("agentToken=(redacted)");
    }

    @Test
    void shouldDefaultWhatIsNotSet() {
        UploaderProperties properties =
                new UploaderProperties(null, false, 0, 0, null, null, null, null, null, null, null);
        assertThat(properties.concurrency()).isEqualTo(2);
        assertThat(properties.lookupConcurrency()).isEqualTo(8);
        assertThat(properties.batchBytes().toGigabytes()).isEqualTo(1);
        assertThat(properties.maxBytesPerSecond().toBytes()).isZero();
        assertThat(properties.retry().maxAttempts()).isEqualTo(5);
        assertThat(properties.source()).isEqualTo("/ringvault/uploader");
        assertThat(properties.consumerGroup()).isEqualTo("ringvault-uploader");
        assertThat(properties.cancels().rememberFor()).isEqualTo(Duration.ofHours(24));
        assertThat(properties.cancels().maxBackups()).isEqualTo(10_000);
    }

    @Test
    void shouldRefuseABatchOfNoBytes() {
        assertThatThrownBy(() -> new UploaderProperties(
                        null, false, 0, 0, null, DataSize.ofBytes(0), null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ringvault.uploader.batch-bytes");
    }

    @Test
    void shouldRefuseToRememberCancelsForNoTime() {
        assertThatThrownBy(() -> new UploaderProperties.Cancels(Duration.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ringvault.uploader.cancels.remember-for");
    }
}
