package io.ringvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several nodes, one per loopback address, in two datacenters: what the multi-DC backup issues build on. */
class MultiNodeIT {

    @Test
    void shouldFormOneClusterAcrossTwoDatacenters(@TempDir Path directory) {
        StackSpec spec = StackSpec.in(directory)
                .withoutKafka()
                .withoutObjectStore()
                .cassandraHeap("384m")
                .cassandraNode(CassandraNodeSpec.node(2, "dc-east", "rack-a"))
                .cassandraNode(CassandraNodeSpec.node(3, "dc-west", "rack-b").withDataDirectories(2));
        try (Stack stack = LocalStack.start(spec)) {
            assertThat(stack.cassandraNodes())
                    .extracting(n -> n.cql().getHostString(), CassandraEndpoint::datacenter, CassandraEndpoint::rack)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("127.0.0.2", "dc-east", "rack-a"),
                            org.assertj.core.groups.Tuple.tuple("127.0.0.3", "dc-west", "rack-b"));
            assertThat(stack.cassandraNodes().get(1).dataDirectories()).hasSize(2);

            CassandraEndpoint east = stack.cassandraNodes().get(0);
            try (CqlSession session = CassandraIT.connect(east)) {
                Map<String, String> datacenterByAddress = session.getMetadata().getNodes().values().stream()
                        .collect(Collectors.toMap(
                                node -> ((java.net.InetSocketAddress)
                                                node.getEndPoint().resolve())
                                        .getHostString(),
                                Node::getDatacenter));
                assertThat(datacenterByAddress)
                        .containsEntry("127.0.0.2", "dc-east")
                        .containsEntry("127.0.0.3", "dc-west");

                session.execute("CREATE KEYSPACE multi WITH replication = "
                        + "{'class':'NetworkTopologyStrategy','dc-east':1,'dc-west':1}");
                session.execute("CREATE TABLE multi.kv (k int PRIMARY KEY, v text)");
                for (int k = 0; k < 20; k++) {
                    session.execute(SimpleStatement.newInstance("INSERT INTO multi.kv (k, v) VALUES (?, ?)", k, "v" + k)
                            .setConsistencyLevel(ConsistencyLevel.ALL));
                }
            }
            // Each datacenter holds a full replica: read it back from the west node alone.
            CassandraEndpoint west = stack.cassandraNodes().get(1);
            try (CqlSession session = CassandraIT.connect(west)) {
                var rows = session.execute(SimpleStatement.newInstance("SELECT k, v FROM multi.kv")
                                .setConsistencyLevel(ConsistencyLevel.LOCAL_ONE))
                        .all();
                assertThat(rows).hasSize(20);
                assertThat(rows)
                        .allSatisfy(row -> assertThat(row.getString("v")).isEqualTo("v" + row.getInt("k")));
            }
        }
    }
}
