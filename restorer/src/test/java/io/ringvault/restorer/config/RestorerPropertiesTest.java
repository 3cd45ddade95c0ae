package io.ringvault.restorer.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.connections.CassandraConnection;
import io.ringvault.connections.CassandraSsl;
import io.ringvault.connections.RingvaultAutoConfiguration;
import io.ringvault.connections.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

class RestorerPropertiesTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RingvaultAutoConfiguration.class))
            .withUserConfiguration(Enabled.class);

    @Test
    void shouldNeverPrintTheTokenOrThePasswords() {
        RestorerProperties properties = new RestorerProperties(
                Secret.of("secret-agent-token-123"),
                Map.of("h1", "http://10.0.0.1:8081"),
                null,
                null,
                null,
                null,
                null,
                DataSize.ofMegabytes(5),
                null,
                null,
                null,
                null,
                new CassandraConnection(
                        List.of("10.0.0.1:9042"),
                        "dc1",
                        "cassandra",
                        Secret.of("secret-password"),
                        new CassandraSsl(
                                true,
                                "/tls/trust.p12",
                                Secret.of("secret-truststore"),
                                "/tls/key.p12",
                                Secret.of("secret-keystore"),
                                true)),
                null,
                null,
                null,
                null);

        assertThat(properties.toString())
                .doesNotContain("secret-agent-token-123", "secret-password", "secret-truststore", "secret-keystore")
                .contains("(redacted)", "http://10.0.0.1:8081");
    }

    @Test
    void shouldDefaultEverySetting() {
        RestorerProperties properties = RestorerProperties.defaults();

        assertThat(properties.agentUrlTemplate()).isEqualTo("http://{address}:8081");
        assertThat(properties.agentTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(properties.importTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(properties.repairTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(properties.consumerGroup()).isEqualTo("ringvault-restorer");
        assertThat(properties.source()).isEqualTo("/ringvault/restorer");
        assertThat(properties.nodeParallelism()).isEqualTo(4);
        assertThat(properties.fileParallelism()).isEqualTo(4);
        assertThat(properties.progressInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.retry().maxAttempts()).isEqualTo(10);
        assertThat(properties.cassandra().contactPoints()).containsExactly("127.0.0.1:9042");
        assertThat(properties.cassandra().ssl().enabled()).isFalse();
        assertThat(properties.logical().parallelism()).isEqualTo(2);
        assertThat(properties.logical().maxInFlight()).isEqualTo(256);
        assertThat(properties.logical().maxRowsPerSecond()).isZero();
        assertThat(properties.logical().workDirectory()).isEqualTo(System.getProperty("java.io.tmpdir"));
    }

    /** What application.yml binds when no variable is set: every placeholder empty. */
    @Test
    void shouldTakeTheDefaultsForEmptyValues() {
        runner.withPropertyValues(
                        "ringvault.restorer.agent-token=",
                        "ringvault.restorer.agent-url-template=",
                        "ringvault.restorer.node-parallelism=",
                        "ringvault.restorer.file-parallelism=",
                        "ringvault.restorer.max-bytes-per-second=",
                        "ringvault.restorer.cassandra.contact-points=",
                        "ringvault.restorer.cassandra.local-datacenter=",
                        "ringvault.restorer.cassandra.password=",
                        "ringvault.restorer.cassandra.ssl.enabled=",
                        "ringvault.restorer.cassandra.ssl.hostname-validation=")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(RestorerProperties.class)).isEqualTo(RestorerProperties.defaults());
                });
    }

    /** A zero is a mistake to refuse, not a request for the default: the restorer does not start with it. */
    @Test
    void shouldRefuseZeroAndNegativeValuesAtStartUpNamingTheProperty() {
        for (String setting : List.of(
                "node-parallelism=0",
                "file-parallelism=-2",
                "retry.max-attempts=0",
                "retry.initial-backoff=0s",
                "agent-timeout=-1s",
                "import-timeout=0s",
                "progress-interval=0s",
                "copy-parallelism=0",
                "logical.parallelism=0",
                "logical.max-rows-per-second=-5",
                "max-bytes-per-second=-1")) {
            String property = "ringvault.restorer." + setting.substring(0, setting.indexOf('='));
            runner.withPropertyValues("ringvault.restorer." + setting)
                    .run(context -> assertThat(context)
                            .as(setting)
                            .hasFailed()
                            .getFailure()
                            .rootCause()
                            .hasMessageContaining(property));
        }
    }

    @EnableConfigurationProperties(RestorerProperties.class)
    static class Enabled {}
}
