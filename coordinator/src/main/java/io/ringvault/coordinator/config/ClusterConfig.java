package io.ringvault.coordinator.config;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import io.ringvault.coordinator.cluster.CassandraClusterTopology;
import io.ringvault.coordinator.cluster.ClusterTopology;
import java.net.InetSocketAddress;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClusterConfig {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(ClusterTopology.class)
    CassandraClusterTopology clusterTopology(CoordinatorProperties properties) {
        CoordinatorProperties.Cassandra cassandra = properties.cassandra();
        // Validation reads metadata and waits on busy nodes: 10 s rather than the driver's 2 s default.
        CqlSessionBuilder builder = CqlSession.builder()
                .withLocalDatacenter(cassandra.localDatacenter())
                .withConfigLoader(com.datastax.oss.driver.api.core.config.DriverConfigLoader.programmaticBuilder()
                        .withDuration(
                                com.datastax.oss.driver.api.core.config.DefaultDriverOption.REQUEST_TIMEOUT,
                                java.time.Duration.ofSeconds(10))
                        .build());
        for (String contactPoint : cassandra.contactPoints()) {
            int colon = contactPoint.lastIndexOf(':');
            builder.addContactPoint(
                    colon < 0
                            ? new InetSocketAddress(contactPoint, 9042)
                            : new InetSocketAddress(
                                    contactPoint.substring(0, colon),
                                    Integer.parseInt(contactPoint.substring(colon + 1))));
        }
        if (cassandra.username() != null && !cassandra.username().isBlank()) {
            builder.withAuthCredentials(cassandra.username(), cassandra.password());
        }
        return new CassandraClusterTopology(builder::build, String.join(",", cassandra.contactPoints()));
    }
}
