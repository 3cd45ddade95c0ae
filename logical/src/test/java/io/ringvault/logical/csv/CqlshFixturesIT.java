package io.ringvault.logical.csv;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import io.ringvault.logical.schema.SchemaScript;
import io.ringvault.testkit.CassandraEndpoint;
import io.ringvault.testkit.SharedStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Regenerates the cqlsh fixtures under {@code src/test/resources/cqlsh} with a real cqlsh: loads {@code source.cql}
 * into the build's Cassandra and runs cqlsh's {@code DESCRIBE KEYSPACE} and {@code COPY TO}. Runs only when asked:
 * {@code -Dringvault.cqlsh=/path/to/cqlsh -Dit.test=CqlshFixturesIT}; the build never needs cqlsh.
 */
@EnabledIfSystemProperty(named = "ringvault.cqlsh", matches = ".+")
class CqlshFixturesIT {
    private static final Path FIXTURES = Path.of("src/test/resources/cqlsh");

    @Test
    void regenerateFixturesWithRealCqlsh() throws Exception {
        CassandraEndpoint cassandra = SharedStack.get().cassandra();
        try (CqlSession cql = CqlSession.builder()
                .addContactPoint(cassandra.cql())
                .withLocalDatacenter(cassandra.datacenter())
                .build()) {
            cql.execute("DROP KEYSPACE IF EXISTS cqlsh_src");
            SchemaScript.apply(cql, SchemaScript.parse(Files.readString(FIXTURES.resolve("source.cql"))));
        }
        String host = cassandra.cql().getHostString();
        String port = Integer.toString(cassandra.cql().getPort());
        // A cqlsh of another version than the server's warns on the first line, which is no CQL.
        String schema = cqlsh(host, port, "DESCRIBE KEYSPACE cqlsh_src")
                .lines()
                .filter(line -> !line.startsWith("WARNING:"))
                .collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(FIXTURES.resolve("schema.cql"), schema.strip() + "\n");
        Path csv = FIXTURES.resolve("every_type.csv").toAbsolutePath();
        cqlsh(host, port, "COPY cqlsh_src.every_type TO '" + csv + "' WITH HEADER = TRUE AND NULL = '<null>'");
        Path noHeader = FIXTURES.resolve("every_type_noheader.csv").toAbsolutePath();
        cqlsh(host, port, "COPY cqlsh_src.every_type TO '" + noHeader + "'");
        assertThat(csv).isNotEmptyFile();
    }

    private static String cqlsh(String host, String port, String command) throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder(List.of(System.getProperty("ringvault.cqlsh"), host, port, "-e", command));
        // cqlsh writes timestamps in the client's zone.
        builder.environment().put("TZ", "UTC");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        System.err.println("cqlsh " + command + " ->\n" + output);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
