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
        CqlSessionBuilder builder = CqlSession.builder().withLocalDatacenter(cassandra.localDatacenter());
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
