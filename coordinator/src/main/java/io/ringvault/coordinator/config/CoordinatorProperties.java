package io.ringvault.coordinator.config;

import io.ringvault.connections.CassandraConnection;
import io.ringvault.connections.Settings;
import io.ringvault.connections.tls.ServerTls;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the coordinator ({@code ringvault.coordinator.*}). The defaults are here, and only here: an absent or
 * empty setting takes them ({@code application.yml} maps the environment variables with empty defaults); a bad value
 * fails the start with the property's name.
 *
 * @param source the CloudEvent {@code source} of the events this coordinator writes; default
 *     {@code /ringvault/coordinator}
 * @param consumerGroup the consumer group the coordinators of one deployment share (requests use it with a suffix);
 *     default {@code ringvault-coordinator}
 * @param nodeTimeout how long a node or worker may stay silent before its operation fails; default 10 minutes
 * @param timeoutSweep how often silent operations are looked for; default 5 s
 * @param cassandra how the coordinator reads the cluster's schema and topology to validate requests
 * @param tls HTTPS for the REST API; default none (plain HTTP). Clients authenticate with tokens, not certificates: a
 *     {@code client-ca} is refused
 */
@ConfigurationProperties("ringvault.coordinator")
public record CoordinatorProperties(
        String source,
        String consumerGroup,
        Duration nodeTimeout,
        Duration timeoutSweep,
        CassandraConnection cassandra,
        ServerTls tls) {

    public CoordinatorProperties {
        source = Settings.orDefault(source, "/ringvault/coordinator");
        consumerGroup = Settings.orDefault(consumerGroup, "ringvault-coordinator");
        nodeTimeout = Settings.positive(
                Settings.orDefault(nodeTimeout, Duration.ofMinutes(10)), "ringvault.coordinator.node-timeout");
        timeoutSweep = Settings.positive(
                Settings.orDefault(timeoutSweep, Duration.ofSeconds(5)), "ringvault.coordinator.timeout-sweep");
        cassandra = Settings.orDefault(cassandra, CassandraConnection.defaults());
        tls = Settings.orDefault(tls, ServerTls.none());
        if (tls.clientCertificates()) {
            throw new IllegalArgumentException("ringvault.coordinator.tls.client-ca is not supported: the coordinator's"
                    + " clients authenticate with tokens, not certificates");
        }
    }
}
