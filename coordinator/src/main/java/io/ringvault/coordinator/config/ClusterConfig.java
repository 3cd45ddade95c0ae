package io.ringvault.coordinator.config;

import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.ringvault.connections.CqlSessions;
import io.ringvault.coordinator.cluster.CassandraClusterTopology;
import io.ringvault.coordinator.cluster.ClusterTopology;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClusterConfig {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(ClusterTopology.class)
    CassandraClusterTopology clusterTopology(CoordinatorProperties properties) {
        CoordinatorProperties.Cassandra cassandra = properties.cassandra();
        return new CassandraClusterTopology(
                CqlSessions.connector(
                        cassandra.contactPoints(),
                        cassandra.localDatacenter(),
                        cassandra.username(),
                        cassandra.password(),
                        cassandra.ssl(),
                        // Validation reads metadata and waits on busy nodes: 10 s rather than the driver's 2 s default.
                        DriverConfigLoader.programmaticBuilder()
                                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))),
                String.join(",", cassandra.contactPoints()));
    }
}
