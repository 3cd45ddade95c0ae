package io.ringvault.coordinator.config;

import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.ringvault.connections.CassandraConnection;
import io.ringvault.connections.CqlSessions;
import io.ringvault.coordinator.cluster.CassandraClusterTopology;
import io.ringvault.coordinator.cluster.ClusterTopology;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClusterConfig {

    /** More nodes per datacenter than any cluster has: a connection to each, so each node's state is known. */
    private static final int EVERY_NODE = 10_000;

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(ClusterTopology.class)
    CassandraClusterTopology clusterTopology(CoordinatorProperties properties) {
        CassandraConnection cassandra = properties.cassandra();
        return new CassandraClusterTopology(
                CqlSessions.connector(
                        cassandra,
                        // Validation reads metadata and waits on busy nodes: 10 s rather than the driver's 2 s default.
                        DriverConfigLoader.programmaticBuilder()
                                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
                                // The driver only tracks the state of nodes it connects to, and by default it
                                // connects to the local datacenter alone: the coordinator must see every node.
                                .withInt(
                                        DefaultDriverOption.LOAD_BALANCING_DC_FAILOVER_MAX_NODES_PER_REMOTE_DC,
                                        EVERY_NODE)),
                String.join(",", cassandra.contactPoints()));
    }
}
