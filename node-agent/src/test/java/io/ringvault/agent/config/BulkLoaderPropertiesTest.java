package io.ringvault.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.agent.restore.BulkLoaderCommand;
import io.ringvault.connections.CassandraConnection;
import io.ringvault.connections.CassandraSsl;
import io.ringvault.connections.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class BulkLoaderPropertiesTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Enabled.class);

    /** What application.yml binds when none of the loader's variables is set. */
    @Test
    void shouldStreamNothingWhenNoCommandIsSet() {
        runner.withPropertyValues(
                        "ringvault.agent.bulk-loader.command=",
                        "ringvault.agent.bulk-loader.timeout=",
                        "ringvault.agent.bulk-loader.storage-port=",
                        "ringvault.agent.bulk-loader.extra-arguments=")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    BulkLoaderProperties loader = context.getBean(BulkLoaderProperties.class);
                    assertThat(loader.configured()).isFalse();
                    assertThat(loader.timeout()).isEqualTo(Duration.ofMinutes(90));
                    assertThat(loader.storagePort()).isNull();
                    assertThat(loader.extraArguments()).isEmpty();
                });
    }

    @Test
    void shouldBindACommandOfSeveralWordsAndItsOptions() {
        runner.withPropertyValues(
                        "ringvault.agent.bulk-loader.command=/opt/cassandra/bin/sstableloader",
                        "ringvault.agent.bulk-loader.timeout=30m",
                        "ringvault.agent.bulk-loader.storage-port=7010",
                        "ringvault.agent.bulk-loader.extra-arguments=-f,/etc/cassandra/cassandra.yaml")
                .run(context -> {
                    BulkLoaderProperties loader = context.getBean(BulkLoaderProperties.class);
                    assertThat(loader.configured()).isTrue();
                    assertThat(loader.command()).containsExactly("/opt/cassandra/bin/sstableloader");
                    assertThat(loader.timeout()).isEqualTo(Duration.ofMinutes(30));
                    assertThat(loader.storagePort()).isEqualTo(7010);
                    assertThat(loader.extraArguments()).containsExactly("-f", "/etc/cassandra/cassandra.yaml");
                });
    }

    @Test
    void shouldRefuseAZeroTimeoutAndAPortOutOfRange() {
        for (String setting : List.of("timeout=0s", "storage-port=70000")) {
            runner.withPropertyValues("ringvault.agent.bulk-loader." + setting)
                    .run(context -> assertThat(context)
                            .hasFailed()
                            .getFailure()
                            .rootCause()
                            .hasMessageContaining(
                                    "ringvault.agent.bulk-loader." + setting.substring(0, setting.indexOf('='))));
        }
    }

    @Test
    void shouldPointTheLoaderAtTheLocalNodeWithTheAgentsCredentialsAndTls() {
        BulkLoaderProperties loader = new BulkLoaderProperties(
                List.of("/opt/cassandra/bin/sstableloader"), null, 7010, List.of("--throttle-mib", "64"));
        CassandraConnection cassandra = new CassandraConnection(
                List.of("10.0.1.11:19042"),
                "dc1",
                "restorer",
                Secret.of("the-cql-password"),
                new CassandraSsl(
                        true,
                        "/tls/trust.p12",
                        Secret.of("the-truststore-password"),
                        "/tls/client.p12",
                        Secret.of("the-keystore-password"),
                        true));

        BulkLoaderCommand command =
                AgentConfig.bulkLoaderCommand(loader, loader.storagePort(), cassandra, "10.0.1.11:19042");
        Path table = Path.of("/staging/op-1/shop/orders");

        assertThat(command.arguments(table))
                .containsExactly(
                        "/opt/cassandra/bin/sstableloader",
                        "--nodes",
                        "10.0.1.11",
                        "--port",
                        "19042",
                        "--storage-port",
                        "7010",
                        "--username",
                        "restorer",
                        "--password",
                        "the-cql-password",
                        "--truststore",
                        "/tls/trust.p12",
                        "--truststore-password",
                        "the-truststore-password",
                        "--keystore",
                        "/tls/client.p12",
                        "--keystore-password",
                        "the-keystore-password",
                        "--throttle-mib",
                        "64",
                        "/staging/op-1/shop/orders");
        assertThat(command.describe(table) + " " + command)
                .contains("--password (redacted)", "--truststore-password (redacted)", "/staging/op-1/shop/orders")
                .doesNotContain("the-cql-password", "the-truststore-password", "the-keystore-password");
    }

    @Test
    void shouldLeaveCredentialsAndTlsOutWhenTheAgentHasNone() {
        BulkLoaderCommand command = AgentConfig.bulkLoaderCommand(
                new BulkLoaderProperties(List.of("sstableloader"), null, null, null),
                null,
                CassandraConnection.defaults(),
                "127.0.0.1:9042");

        assertThat(command.arguments(Path.of("ks/t")))
                .containsExactly("sstableloader", "--nodes", "127.0.0.1", "--port", "9042", "ks/t");
    }

    @EnableConfigurationProperties(BulkLoaderProperties.class)
    static class Enabled {}
}
