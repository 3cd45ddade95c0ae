package io.ringvault.restorer.logical;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.restorer.restore.CqlSchema;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicationMapperTest {
    private static CqlSchema.Statement keyspace(String replication) {
        return CqlSchema.parse("CREATE KEYSPACE shop WITH replication = " + replication + " AND durable_writes = true");
    }

    @Test
    void shouldKeepAReplicationTheClusterCanHold() {
        CqlSchema.Statement statement = keyspace("{'class': 'NetworkTopologyStrategy', 'dc1': '2'}");

        ReplicationMapper.Fitted fitted = ReplicationMapper.fit(statement, Map.of("dc1", 3));

        assertThat(fitted.statement()).isEqualTo(statement);
        assertThat(fitted.changedTo()).isEmpty();
    }

    @Test
    void shouldLowerAFactorAboveTheDatacentersNodes() {
        ReplicationMapper.Fitted fitted = ReplicationMapper.fit(
                keyspace("{'class': 'org.apache.cassandra.locator.NetworkTopologyStrategy', 'dc1': '3'}"),
                Map.of("dc1", 1));

        assertThat(fitted.changedTo())
                .contains("{'class': 'org.apache.cassandra.locator.NetworkTopologyStrategy', 'dc1': '1'}");
        assertThat(fitted.statement().cql())
                .isEqualTo(
                        "CREATE KEYSPACE shop WITH replication = {'class':"
                                + " 'org.apache.cassandra.locator.NetworkTopologyStrategy', 'dc1': '1'} AND durable_writes = true");
    }

    @Test
    void shouldLeaveOutDatacentersTheClusterLacks() {
        ReplicationMapper.Fitted fitted = ReplicationMapper.fit(
                keyspace("{'class': 'NetworkTopologyStrategy', 'dc1': '2', 'dc2': '3'}"), Map.of("dc1", 4));

        assertThat(fitted.changedTo()).contains("{'class': 'NetworkTopologyStrategy', 'dc1': '2'}");
    }

    @Test
    void shouldGiveEveryDatacenterTheHighestFactorWhenNoneOfTheBackupsIsThere() {
        ReplicationMapper.Fitted fitted = ReplicationMapper.fit(
                keyspace("{'class': 'NetworkTopologyStrategy', 'eu': '2', 'us': '3'}"),
                Map.of("datacenter1", 5, "dc2", 2));

        assertThat(fitted.changedTo()).contains("{'class': 'NetworkTopologyStrategy', 'datacenter1': '3', 'dc2': '2'}");
    }

    @Test
    void shouldLowerASimpleStrategyFactorToTheClustersNodes() {
        ReplicationMapper.Fitted fitted = ReplicationMapper.fit(
                keyspace("{'class': 'SimpleStrategy', 'replication_factor': '3'}"), Map.of("dc1", 1, "dc2", 1));

        assertThat(fitted.changedTo()).contains("{'class': 'SimpleStrategy', 'replication_factor': '2'}");
        assertThat(fitted.statement().kind()).isEqualTo(CqlSchema.Kind.KEYSPACE);
        assertThat(fitted.statement().keyspace()).isEqualTo("shop");
    }
}
