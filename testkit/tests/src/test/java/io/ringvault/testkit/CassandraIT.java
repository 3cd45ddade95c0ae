package io.ringvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StackExtension.class)
class CassandraIT {

    static CqlSession connect(CassandraEndpoint node) {
        return CqlSession.builder()
                .addContactPoint(node.cql())
                .withLocalDatacenter(node.datacenter())
                // Schema changes on a busy two-core machine take longer than the driver's default 2 s.
                .withConfigLoader(com.datastax.oss.driver.api.core.config.DriverConfigLoader.programmaticBuilder()
                        .withDuration(
                                com.datastax.oss.driver.api.core.config.DefaultDriverOption.REQUEST_TIMEOUT,
                                java.time.Duration.ofSeconds(30))
                        .build())
                .build();
    }

    @Test
    void shouldRunDdlWritesAndReadsThroughTheDriver(Stack stack) {
        CassandraEndpoint node = stack.cassandra();
        try (CqlSession session = connect(node)) {
            session.execute(
                    "CREATE KEYSPACE testkit_crud WITH replication = {'class':'SimpleStrategy','replication_factor':1}");
            session.execute("CREATE TABLE testkit_crud.people (id int PRIMARY KEY, name text, tags set<text>)");
            for (int i = 0; i < 100; i++) {
                session.execute(
                        "INSERT INTO testkit_crud.people (id, name, tags) VALUES (?, ?, ?)",
                        i,
                        "person-" + i,
                        java.util.Set.of("t" + (i % 3)));
            }

            Row row = session.execute("SELECT name, tags FROM testkit_crud.people WHERE id = 42")
                    .one();
            assertThat(row).isNotNull();
            assertThat(row.getString("name")).isEqualTo("person-42");
            assertThat(row.getSet("tags", String.class)).containsExactly("t0");
            assertThat(session.execute("SELECT count(*) FROM testkit_crud.people")
                            .one()
                            .getLong(0))
                    .isEqualTo(100);
            Row local = session.execute("SELECT data_center, rack, release_version FROM system.local")
                    .one();
            assertThat(local.getString("data_center")).isEqualTo(node.datacenter());
            assertThat(local.getString("rack")).isEqualTo(node.rack());
            assertThat(local.getString("release_version")).isEqualTo("5.0.9");
        }
    }

    @Test
    void shouldTakeASnapshotOverJmxThatAppearsOnDiskWithSstables(Stack stack) throws Exception {
        CassandraEndpoint node = stack.cassandra();
        try (CqlSession session = connect(node)) {
            session.execute(
                    "CREATE KEYSPACE testkit_snap WITH replication = {'class':'SimpleStrategy','replication_factor':1}");
            session.execute("CREATE TABLE testkit_snap.events (id int PRIMARY KEY, payload text)");
            for (int i = 0; i < 500; i++) {
                session.execute("INSERT INTO testkit_snap.events (id, payload) VALUES (?, ?)", i, "payload-" + i);
            }
        }

        try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(node.jmxServiceUrl()))) {
            MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
            ObjectName storageService = new ObjectName("org.apache.cassandra.db:type=StorageService");
            mbeans.invoke(
                    storageService,
                    "forceKeyspaceFlush",
                    new Object[] {"testkit_snap", new String[] {"events"}},
                    new String[] {String.class.getName(), String[].class.getName()});
            mbeans.invoke(
                    storageService,
                    "takeSnapshot",
                    new Object[] {"it-snapshot", Map.of(), new String[] {"testkit_snap.events"}},
                    new String[] {String.class.getName(), Map.class.getName(), String[].class.getName()});
        }

        List<Path> snapshotFiles;
        try (Stream<Path> files = Files.walk(node.dataDirectories().get(0).resolve("testkit_snap"))) {
            snapshotFiles = files.filter(p -> p.toString().contains("/snapshots/it-snapshot/"))
                    .filter(Files::isRegularFile)
                    .toList();
        }
        assertThat(snapshotFiles)
                .extracting(p -> p.getFileName().toString())
                .contains("manifest.json", "schema.cql")
                .anyMatch(name -> name.endsWith("-Data.db"))
                .anyMatch(name -> name.endsWith("-Index.db") || name.endsWith("-Partitions.db"))
                .anyMatch(name -> name.endsWith("-Statistics.db"));
        Path data = snapshotFiles.stream()
                .filter(p -> p.getFileName().toString().endsWith("-Data.db"))
                .findFirst()
                .orElseThrow();
        assertThat(Files.size(data)).isPositive();
        assertThat(Files.readString(data.resolveSibling("manifest.json")))
                .contains(data.getFileName().toString());
    }
}
