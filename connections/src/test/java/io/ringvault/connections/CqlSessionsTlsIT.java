package io.ringvault.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.ringvault.testkit.CassandraEndpoint;
import io.ringvault.testkit.CassandraNodeSpec;
import io.ringvault.testkit.LocalStack;
import io.ringvault.testkit.SelfSignedTls;
import io.ringvault.testkit.StackSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Cassandra 5.0 node that accepts CQL over TLS only and wants a client certificate
 * ({@code client_encryption_options} with {@code require_client_auth}), and sessions built by {@link CqlSessions}.
 */
class CqlSessionsTlsIT {
    @TempDir
    static Path directory;

    private static SelfSignedTls tls;
    private static LocalStack stack;
    private static CassandraEndpoint node;

    @BeforeAll
    static void startTlsOnlyNode() {
        tls = SelfSignedTls.generate(directory.resolve("tls"));
        CassandraNodeSpec spec = CassandraNodeSpec.node(1, "dc1", "rack1")
                .withExtraYaml("""
                client_encryption_options:
                  enabled: true
                  optional: false
                  store_type: PKCS12
                  keystore: %s
                  keystore_password: %s
                  require_client_auth: true
                  truststore: %s
                  truststore_password: %s
                """.formatted(tls.keystore(), tls.password(), tls.truststore(), tls.password()));
        stack = LocalStack.start(StackSpec.in(directory.resolve("stack"))
                .withoutKafka()
                .withoutObjectStore()
                .cassandraNode(spec));
        node = stack.cassandraNodes().get(0);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldReadSystemLocalOverTls() {
        CassandraSsl ssl = new CassandraSsl(
                true,
                tls.truststore().toString(),
                Secret.of(tls.password()),
                tls.keystore().toString(),
                Secret.of(tls.password()),
                true);

        try (CqlSession session = session(ssl)) {
            Row local = session.execute("SELECT cluster_name, data_center FROM system.local")
                    .one();

            assertThat(local.getString("cluster_name")).isEqualTo("ringvault-local");
            assertThat(local.getString("data_center")).isEqualTo(node.datacenter());
        }
    }

    @Test
    void shouldSayThatTheNodeWantsTlsWhenSessionsHaveNone() {
        assertThatThrownBy(() -> session(CassandraSsl.disabled()).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(contactPoint())
                .hasMessageContaining("RINGVAULT_CASSANDRA_SSL_ENABLED=true");
    }

    @Test
    void shouldSayThatTheNodeWantsAClientCertificateWhenSessionsHaveNone() {
        CassandraSsl ssl =
                new CassandraSsl(true, tls.truststore().toString(), Secret.of(tls.password()), null, null, true);

        assertThatThrownBy(() -> session(ssl).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(contactPoint())
                .hasMessageContaining("RINGVAULT_CASSANDRA_SSL_KEYSTORE_PATH");
    }

    /** Without a truststore, the JVM's default trust applies, and it knows nothing of the node's self-signed certificate. */
    @Test
    void shouldRefuseANodeWhoseCertificateIsNotTrusted() {
        CassandraSsl ssl =
                new CassandraSsl(true, null, null, tls.keystore().toString(), Secret.of(tls.password()), true);

        assertThatThrownBy(() -> session(ssl).close())
                .hasMessageContaining(contactPoint())
                .hasMessageContaining("PKIX path building failed");
    }

    private static CqlSession session(CassandraSsl ssl) {
        return CqlSessions.connector(List.of(contactPoint()), node.datacenter(), null, null, ssl)
                .get();
    }

    private static String contactPoint() {
        return node.cql().getHostString() + ":" + node.cql().getPort();
    }
}
