package io.ringvault.coordinator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.connections.CassandraConnection;
import io.ringvault.connections.RingvaultAutoConfiguration;
import io.ringvault.testkit.LocalCertificateAuthority;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class CoordinatorPropertiesTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RingvaultAutoConfiguration.class))
            .withUserConfiguration(Enabled.class);

    /** What application.yml binds when no variable is set: every placeholder empty. */
    @Test
    void shouldTakeTheDefaultsForEmptyValues() {
        runner.withPropertyValues(
                        "ringvault.coordinator.node-timeout=",
                        "ringvault.coordinator.cassandra.contact-points=",
                        "ringvault.coordinator.cassandra.password=")
                .run(context -> {
                    CoordinatorProperties properties = context.getBean(CoordinatorProperties.class);
                    assertThat(properties.source()).isEqualTo("/ringvault/coordinator");
                    assertThat(properties.consumerGroup()).isEqualTo("ringvault-coordinator");
                    assertThat(properties.nodeTimeout()).isEqualTo(Duration.ofMinutes(10));
                    assertThat(properties.timeoutSweep()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(properties.cassandra()).isEqualTo(CassandraConnection.defaults());
                });
    }

    @Test
    void shouldNeverPrintTheCassandraPassword() {
        runner.withPropertyValues("ringvault.coordinator.cassandra.password=the-cql-password")
                .run(context -> assertThat(
                                context.getBean(CoordinatorProperties.class).toString())
                        .contains("password=(redacted)")
                        .doesNotContain("the-cql-password"));
    }

    @Test
    void shouldRefuseZeroAndNegativeDurationsAtStartUpNamingTheProperty() {
        for (String setting : List.of("node-timeout=0s", "timeout-sweep=-5s")) {
            String property = "ringvault.coordinator." + setting.substring(0, setting.indexOf('='));
            runner.withPropertyValues("ringvault.coordinator." + setting)
                    .run(context -> assertThat(context)
                            .as(setting)
                            .hasFailed()
                            .getFailure()
                            .rootCause()
                            .hasMessageContaining(property));
        }
    }

    @Test
    void shouldServeHttpsWithACertificateAndRefuseAClientCa(@TempDir Path directory) {
        LocalCertificateAuthority ca = LocalCertificateAuthority.generate(directory, "coordinator-properties-test");
        runner.withPropertyValues(
                        "ringvault.coordinator.tls.certificate=" + ca.serverCertificate(),
                        "ringvault.coordinator.tls.private-key=" + ca.serverKey(),
                        "ringvault.coordinator.tls.private-key-password=")
                .run(context -> {
                    CoordinatorProperties properties = context.getBean(CoordinatorProperties.class);
                    assertThat(properties.tls().enabled()).isTrue();
                    assertThat(properties
                                    .tls()
                                    .sslBundle()
                                    .getStores()
                                    .getKeyStore()
                                    .size())
                            .isEqualTo(1);
                });
        runner.withPropertyValues(
                        "ringvault.coordinator.tls.certificate=" + ca.serverCertificate(),
                        "ringvault.coordinator.tls.private-key=" + ca.serverKey(),
                        "ringvault.coordinator.tls.client-ca=" + ca.caCertificate())
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("ringvault.coordinator.tls.client-ca is not supported"));
        runner.withPropertyValues("ringvault.coordinator.tls.certificate=" + ca.serverCertificate())
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageStartingWith("tls.private-key is required with tls.certificate"));
        runner.run(context -> assertThat(
                        context.getBean(CoordinatorProperties.class).tls().enabled())
                .isFalse());
    }

    @EnableConfigurationProperties(CoordinatorProperties.class)
    static class Enabled {}
}
