package io.ringvault.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.connections.CassandraConnection;
import io.ringvault.connections.CassandraSsl;
import io.ringvault.connections.RingvaultAutoConfiguration;
import io.ringvault.connections.Secret;
import io.ringvault.testkit.LocalCertificateAuthority;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

class AgentPropertiesTest {
    private static final String TOKEN = "the-agent-token-0123456789";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RingvaultAutoConfiguration.class))
            .withUserConfiguration(Enabled.class);

    @Test
    void shouldNeverPrintSecrets() {
        AgentProperties properties = new AgentProperties(
                Secret.of(TOKEN),
                null,
                "service:jmx:rmi:///jndi/rmi://127.0.0.1:7199/jmxrmi",
                "jmx-user",
                Secret.of("the-jmx-password"),
                true,
                new CassandraConnection(
                        List.of("127.0.0.1:9042"),
                        "dc1",
                        "cassandra",
                        Secret.of("the-cql-password"),
                        new CassandraSsl(
                                true, "/tls/trust.p12", Secret.of("the-truststore-password"), null, null, true)),
                List.of(Path.of("/var/lib/cassandra/data")),
                Path.of("work"),
                null,
                false,
                null,
                null,
                Duration.ofMinutes(5),
                Duration.ofMinutes(1),
                null,
                null);

        assertThat(properties.toString())
                .doesNotContain("the-agent-token")
                .doesNotContain("the-jmx-password")
                .doesNotContain("the-cql-password")
                .doesNotContain("the-truststore-password")
                .contains("jmxSsl=true")
                .contains("/tls/trust.p12")
                .contains("jmx-user")
                .contains("/var/lib/cassandra/data")
                .contains("(redacted)");
    }

    @Test
    void shouldStageRestoresBesideTheFirstDataDirectoryUnlessConfigured() {
        assertThat(properties(null).stagingRoot()).isEqualTo(Path.of("/var/lib/cassandra/ringvault-staging"));
        assertThat(properties(Path.of("")).stagingRoot()).isEqualTo(Path.of("/var/lib/cassandra/ringvault-staging"));
        assertThat(properties(Path.of("/srv/staging/../restore")).stagingRoot()).isEqualTo(Path.of("/srv/restore"));
    }

    /** What application.yml binds with only the token set: every other placeholder empty. */
    @Test
    void shouldTakeTheDefaultsForEmptyValues() {
        runner.withPropertyValues(
                        "ringvault.agent.token=" + TOKEN,
                        "ringvault.agent.advertised-url=",
                        "ringvault.agent.jmx-url=",
                        "ringvault.agent.jmx-password=",
                        "ringvault.agent.jmx-ssl=",
                        "ringvault.agent.cassandra.contact-points=",
                        "ringvault.agent.cassandra.local-datacenter=",
                        "ringvault.agent.cassandra.ssl.enabled=",
                        "ringvault.agent.data-directories=",
                        "ringvault.agent.work-directory=",
                        "ringvault.agent.staging-directory=",
                        "ringvault.agent.expose-local-path=",
                        "ringvault.agent.consumer-group=",
                        "ringvault.agent.source=")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    AgentProperties properties = context.getBean(AgentProperties.class);
                    assertThat(properties.token().value()).isEqualTo(TOKEN);
                    assertThat(properties.jmxUrl()).isEqualTo("service:jmx:rmi:///jndi/rmi://127.0.0.1:7199/jmxrmi");
                    assertThat(properties.jmxPassword()).isNull();
                    assertThat(properties.jmxSsl()).isFalse();
                    assertThat(properties.contactPoint()).isEqualTo("127.0.0.1:9042");
                    assertThat(properties.dataDirectories()).containsExactly(Path.of("/var/lib/cassandra/data"));
                    assertThat(properties.workDirectory()).isEqualTo(Path.of(".ringvault/agent"));
                    assertThat(properties.stagingDirectory()).isNull();
                    assertThat(properties.exposeLocalPath()).isFalse();
                    assertThat(properties.consumerGroup()).isNull();
                    assertThat(properties.source()).isNull();
                    assertThat(properties.startupReplayTimeout()).isEqualTo(Duration.ofMinutes(5));
                    assertThat(properties.clearRetryInterval()).isEqualTo(Duration.ofMinutes(1));
                });
    }

    @Test
    void shouldBindSeveralDataDirectoriesInOrder() {
        runner.withPropertyValues(
                        "ringvault.agent.token=" + TOKEN,
                        "ringvault.agent.data-directories=/mnt/disk1/data,/mnt/disk2/data",
                        "ringvault.agent.cassandra.contact-points=10.0.1.11:19042")
                .run(context -> {
                    AgentProperties properties = context.getBean(AgentProperties.class);
                    assertThat(properties.dataDirectories())
                            .containsExactly(Path.of("/mnt/disk1/data"), Path.of("/mnt/disk2/data"));
                    assertThat(properties.contactPoint()).isEqualTo("10.0.1.11:19042");
                });
    }

    @Test
    void shouldRefuseToStartWithoutATokenOfSixteenCharacters() {
        for (String token : List.of("", "too-short")) {
            runner.withPropertyValues("ringvault.agent.token=" + token)
                    .run(context -> assertThat(context)
                            .hasFailed()
                            .getFailure()
                            .rootCause()
                            .hasMessageContaining("ringvault.agent.token")
                            .hasMessageNotContaining("too-short"));
        }
    }

    @Test
    void shouldRefuseZeroDurationsAndAContactPointThatIsNotTheNodesOwn() {
        for (String setting : List.of("startup-replay-timeout=0s", "clear-retry-interval=-1m")) {
            String property = "ringvault.agent." + setting.substring(0, setting.indexOf('='));
            runner.withPropertyValues("ringvault.agent.token=" + TOKEN, "ringvault.agent." + setting)
                    .run(context -> assertThat(context)
                            .hasFailed()
                            .getFailure()
                            .rootCause()
                            .hasMessageContaining(property));
        }
        assertThatThrownBy(() -> withContactPoints(List.of("10.0.0.1", "10.0.0.2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ringvault.agent.cassandra.contact-points");
    }

    private static AgentProperties properties(Path stagingDirectory) {
        return new AgentProperties(
                Secret.of(TOKEN),
                null,
                null,
                null,
                null,
                false,
                new CassandraConnection(List.of("127.0.0.1:9042"), "dc1", null, null, null),
                List.of(Path.of("/var/lib/cassandra/data"), Path.of("/mnt/disk2/data")),
                Path.of("work"),
                stagingDirectory,
                false,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private static AgentProperties withContactPoints(List<String> contactPoints) {
        return new AgentProperties(
                Secret.of(TOKEN),
                null,
                null,
                null,
                null,
                false,
                new CassandraConnection(contactPoints, null, null, null, null),
                null,
                null,
                null,
                false,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    @Test
    void shouldNeedNoTokenWithMutualTlsButHttpsWithAClientCa(@TempDir Path directory) {
        LocalCertificateAuthority ca = LocalCertificateAuthority.generate(directory, "agent-properties-test");
        runner.withPropertyValues(
                        "ringvault.agent.auth=mtls",
                        "ringvault.agent.tls.certificate=" + ca.serverCertificate(),
                        "ringvault.agent.tls.private-key=" + ca.serverKey(),
                        "ringvault.agent.tls.client-ca=" + ca.caCertificate())
                .run(context -> {
                    AgentProperties properties = context.getBean(AgentProperties.class);
                    assertThat(properties.token()).isNull();
                    assertThat(properties.auth()).isEqualTo(AgentAuth.MTLS);
                    assertThat(properties.tls().clientCertificates()).isTrue();
                });
        runner.withPropertyValues("ringvault.agent.auth=mtls", "ringvault.agent.token=" + TOKEN)
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("ringvault.agent.auth=mtls needs HTTPS with client certificates"));
        runner.withPropertyValues(
                        "ringvault.agent.auth=both",
                        "ringvault.agent.tls.certificate=" + ca.serverCertificate(),
                        "ringvault.agent.tls.private-key=" + ca.serverKey(),
                        "ringvault.agent.tls.client-ca=" + ca.caCertificate())
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("ringvault.agent.token (RINGVAULT_AGENT_TOKEN) is required"));
        runner.withPropertyValues(
                        "ringvault.agent.token=" + TOKEN,
                        "ringvault.agent.tls.certificate=" + ca.serverCertificate(),
                        "ringvault.agent.tls.private-key=" + ca.serverKey(),
                        "ringvault.agent.tls.client-ca=" + ca.caCertificate())
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("ringvault.agent.tls.client-ca (RINGVAULT_AGENT_TLS_CLIENT_CA) is used"
                                + " only with ringvault.agent.auth=mtls or both"));
    }

    @Test
    void shouldNameAMissingCertificateFile(@TempDir Path directory) {
        Path missing = directory.resolve("agent.pem");
        runner.withPropertyValues(
                        "ringvault.agent.token=" + TOKEN,
                        "ringvault.agent.tls.certificate=" + missing,
                        "ringvault.agent.tls.private-key=" + missing)
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessage("tls.certificate: no such file " + missing));
    }

    @Test
    void shouldBePlainHttpWithTheTokenByDefault() {
        runner.withPropertyValues(
                        "ringvault.agent.token=" + TOKEN, "ringvault.agent.auth=", "ringvault.agent.tls.certificate=")
                .run(context -> {
                    AgentProperties properties = context.getBean(AgentProperties.class);
                    assertThat(properties.auth()).isEqualTo(AgentAuth.TOKEN);
                    assertThat(properties.tls().enabled()).isFalse();
                });
    }

    @Test
    void shouldRegisterTheTokenFilterUnlessAuthIsMtls() {
        ApplicationContextRunner conditional = new ApplicationContextRunner().withUserConfiguration(TokenCheck.class);
        conditional.run(context -> assertThat(context).hasBean("tokenChecked"));
        conditional
                .withPropertyValues("ringvault.agent.auth=")
                .run(context -> assertThat(context).hasBean("tokenChecked"));
        conditional
                .withPropertyValues("ringvault.agent.auth=both")
                .run(context -> assertThat(context).hasBean("tokenChecked"));
        conditional
                .withPropertyValues("ringvault.agent.auth=mtls")
                .run(context -> assertThat(context).doesNotHaveBean("tokenChecked"));
        conditional
                .withPropertyValues("ringvault.agent.auth=MTLS")
                .run(context -> assertThat(context).doesNotHaveBean("tokenChecked"));
    }

    /** A bean under the same condition as the agent's token filter. */
    @Configuration(proxyBeanMethods = false)
    static class TokenCheck {
        @Bean
        @Conditional(AgentConfig.ChecksToken.class)
        String tokenChecked() {
            return "checked";
        }
    }

    @EnableConfigurationProperties(AgentProperties.class)
    static class Enabled {}
}
