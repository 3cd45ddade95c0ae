package io.ringvault.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.connections.CassandraSsl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentPropertiesTest {
    @Test
    void shouldNeverPrintSecrets() {
        AgentProperties properties = new AgentProperties(
                "the-agent-token-0123456789",
                null,
                "service:jmx:rmi:///jndi/rmi://127.0.0.1:7199/jmxrmi",
                "jmx-user",
                "the-jmx-password",
                true,
                new AgentProperties.Cassandra(
                        "127.0.0.1:9042",
                        "dc1",
                        "cassandra",
                        "the-cql-password",
                        new CassandraSsl(true, "/tls/trust.p12", "the-truststore-password", null, null, true)),
                List.of(Path.of("/var/lib/cassandra/data")),
                Path.of("work"),
                null,
                false,
                null,
                null,
                Duration.ofMinutes(5),
                Duration.ofMinutes(1));

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

    private static AgentProperties properties(Path stagingDirectory) {
        return new AgentProperties(
                "the-agent-token-0123456789",
                null,
                "service:jmx:rmi:///jndi/rmi://127.0.0.1:7199/jmxrmi",
                null,
                null,
                false,
                new AgentProperties.Cassandra("127.0.0.1:9042", "dc1", null, null, null),
                List.of(Path.of("/var/lib/cassandra/data"), Path.of("/mnt/disk2/data")),
                Path.of("work"),
                stagingDirectory,
                false,
                null,
                null,
                Duration.ofMinutes(5),
                Duration.ofMinutes(1));
    }
}
