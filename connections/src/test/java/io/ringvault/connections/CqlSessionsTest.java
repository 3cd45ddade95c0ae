package io.ringvault.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CqlSessionsTest {

    @Test
    void shouldReadContactPointsWithAndWithoutPort() {
        assertThat(CqlSessions.contactPoint("127.0.0.2:19042")).isEqualTo(new InetSocketAddress("127.0.0.2", 19042));
        assertThat(CqlSessions.contactPoint(" 127.0.0.2 ")).isEqualTo(new InetSocketAddress("127.0.0.2", 9042));
        assertThat(CqlSessions.contactPoint("[::1]:19042")).isEqualTo(new InetSocketAddress("::1", 19042));
        assertThat(CqlSessions.contactPoint("[::1]")).isEqualTo(new InetSocketAddress("::1", 9042));
        assertThat(CqlSessions.contactPoint("::1")).isEqualTo(new InetSocketAddress("::1", 9042));
    }

    @Test
    void shouldNameTheContactPointThatIsNotHostAndPort() {
        assertThatThrownBy(() -> CqlSessions.contactPoint("cassandra-1:cql"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'cassandra-1:cql'");
    }

    @Test
    void shouldNameTheTlsSettingWhoseFileIsMissing(@TempDir Path dir) {
        CassandraSsl ssl =
                new CassandraSsl(true, dir.resolve("missing.p12").toString(), Secret.of("secret"), null, null, true);

        assertThatThrownBy(() -> CqlSessions.connector(List.of("127.0.0.1:9042"), "dc1", null, null, ssl))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cassandra.ssl.truststore-path")
                .hasMessageContaining("missing.p12")
                .hasMessageNotContaining("secret");
    }
}
