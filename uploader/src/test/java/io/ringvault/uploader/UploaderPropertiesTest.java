package io.ringvault.uploader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.connections.RingvaultAutoConfiguration;
import io.ringvault.connections.Secret;
import io.ringvault.uploader.config.UploaderProperties;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

class UploaderPropertiesTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RingvaultAutoConfiguration.class))
            .withUserConfiguration(Enabled.class);

    @Test
    void shouldNeverPrintTheAgentToken() {
        UploaderProperties properties = new UploaderProperties(
                Secret.of("t0ken-value"),
                false,
                2,
                null,
                DataSize.ofMegabytes(50),
                null,
                null,
                null,
                null,
                Duration.ofSeconds(5),
                null,
                null);
        assertThat(properties.toString()).doesNotContain("t0ken-value").contains("agentToken=(redacted)");
    }

    @Test
    void shouldDefaultWhatIsNotSet() {
        UploaderProperties properties = UploaderProperties.defaults();
        assertThat(properties.directRead()).isFalse();
        assertThat(properties.concurrency()).isEqualTo(2);
        assertThat(properties.lookupConcurrency()).isEqualTo(8);
        assertThat(properties.batchBytes().toGigabytes()).isEqualTo(1);
        assertThat(properties.maxBytesPerSecond().toBytes()).isZero();
        assertThat(properties.retry().maxAttempts()).isEqualTo(5);
        assertThat(properties.retry().initialBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(properties.retry().maxBackoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.agentTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(properties.source()).isEqualTo("/ringvault/uploader");
        assertThat(properties.consumerGroup()).isEqualTo("ringvault-uploader");
        assertThat(properties.cancels().rememberFor()).isEqualTo(Duration.ofHours(24));
        assertThat(properties.cancels().maxBackups()).isEqualTo(10_000);
    }

    /** What application.yml binds when no variable is set: every placeholder empty. */
    @Test
    void shouldTakeTheDefaultsForEmptyValues() {
        runner.withPropertyValues(
                        "ringvault.uploader.agent-token=",
                        "ringvault.uploader.direct-read=",
                        "ringvault.uploader.concurrency=",
                        "ringvault.uploader.lookup-concurrency=",
                        "ringvault.uploader.max-bytes-per-second=",
                        "ringvault.uploader.batch-bytes=")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(UploaderProperties.class)).isEqualTo(UploaderProperties.defaults());
                });
    }

    @Test
    void shouldBindTheTokenAsASecret() {
        runner.withPropertyValues(
                        "ringvault.uploader.agent-token=the-agent-token-123", "ringvault.uploader.concurrency=6")
                .run(context -> {
                    UploaderProperties properties = context.getBean(UploaderProperties.class);
                    assertThat(properties.agentToken().value()).isEqualTo("the-agent-token-123");
                    assertThat(properties.concurrency()).isEqualTo(6);
                    assertThat(properties.toString()).doesNotContain("the-agent-token-123");
                });
    }

    /** A zero or a negative value is a mistake to refuse, not a request for the default. */
    @Test
    void shouldRefuseZeroAndNegativeValuesAtStartUpNamingTheProperty() {
        for (String setting : List.of(
                "concurrency=0",
                "lookup-concurrency=-1",
                "batch-bytes=0",
                "max-bytes-per-second=-1",
                "agent-timeout=0s",
                "retry.max-attempts=0",
                "retry.initial-backoff=-1s",
                "cancels.remember-for=0s",
                "cancels.max-backups=0")) {
            String property = "ringvault.uploader." + setting.substring(0, setting.indexOf('='));
            runner.withPropertyValues("ringvault.uploader." + setting)
                    .run(context -> assertThat(context)
                            .as(setting)
                            .hasFailed()
                            .getFailure()
                            .rootCause()
                            .hasMessageContaining(property));
        }
    }

    @Test
    void shouldRefuseAMaxBackoffShorterThanTheFirst() {
        assertThatThrownBy(() -> new UploaderProperties.Retry(3, Duration.ofSeconds(10), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ringvault.uploader.retry.max-backoff");
    }

    @EnableConfigurationProperties(UploaderProperties.class)
    static class Enabled {}
}
