package io.ringvault.restorer.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.connections.CassandraSsl;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

class RestorerPropertiesTest {
    @Test
    void shouldNeverPrintTheTokenOrThePassword() {
        RestorerProperties properties = new RestorerProperties(
                "secret-agent-token-123",
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
                new RestorerProperties.Cassandra(
                        List.of("10.0.0.1:9042"),
                        "dc1",
                        "cassandra",
                        "secret-password",
                        new CassandraSsl(
                                true, "/tls/trust.p12", "secret-truststore", "/tls/key.p12", "secret-keystore", true)));

        assertThat(properties.toString())
                .doesNotContain("secret-agent-token-123", "secret-password", "secret-truststore", "secret-keystore")
                .contains("(redacted)", "http://10.0.0.1:8081");
    }

    @Test
    void shouldDefaultEverySetting() {
        RestorerProperties properties =
                new RestorerProperties(null, null, null, null, null, null, null, null, null, null, null, null, null);

        assertThat(properties.agentUrlTemplate()).isEqualTo("http://{address}:8081");
        assertThat(properties.consumerGroup()).isEqualTo("ringvault-restorer");
        assertThat(properties.nodeParallelism()).isEqualTo(4);
        assertThat(properties.fileParallelism()).isEqualTo(4);
        assertThat(properties.retry().maxAttempts()).isEqualTo(10);
        assertThat(properties.cassandra().contactPoints()).containsExactly("127.0.0.1:9042");
        assertThat(properties.cassandra().ssl().enabled()).isFalse();
    }

    /** A zero is a mistake to refuse, not a request for the default: the restorer does not start with it. */
    @Test
    void shouldRefuseZeroParallelismAndZeroAttemptsAtStartUp() {
        for (String key : List.of("node-parallelism", "file-parallelism", "retry.max-attempts")) {
            ApplicationContextRunner runner = new ApplicationContextRunner()
                    .withUserConfiguration(Enabled.class)
                    .withPropertyValues("ringvault.restorer." + key + "=0");
            runner.run(context -> assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining(key.contains(".") ? "maxAttempts" : toCamel(key)));
        }
    }

    private static String toCamel(String key) {
        int dash = key.indexOf('-');
        return key.substring(0, dash) + Character.toUpperCase(key.charAt(dash + 1)) + key.substring(dash + 2);
    }

    @EnableConfigurationProperties(RestorerProperties.class)
    static class Enabled {}
}
