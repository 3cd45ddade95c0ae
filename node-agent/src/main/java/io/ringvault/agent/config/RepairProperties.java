package io.ringvault.agent.config;

import io.ringvault.connections.Settings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The repair a restore may ask for after its import ({@code ringvault.agent.repair.*}): a full repair of the restored
 * tables on this node's primary ranges, over JMX.
 *
 * @param timeout how long the agent waits for one repair (one keyspace's tables) before it answers
 *     {@code repair-failed}; Cassandra goes on with the repair. Default 90 minutes, below the restorer's
 *     {@code repair-timeout} (2 h) so that the agent's clear failure comes first
 * @param pollInterval how often Cassandra is asked how the repair stands; default 2 seconds
 */
@ConfigurationProperties("ringvault.agent.repair")
public record RepairProperties(Duration timeout, Duration pollInterval) {

    public RepairProperties {
        timeout = Settings.positive(
                Settings.orDefault(timeout, Duration.ofMinutes(90)), "ringvault.agent.repair.timeout");
        pollInterval = Settings.positive(
                Settings.orDefault(pollInterval, Duration.ofSeconds(2)), "ringvault.agent.repair.poll-interval");
    }

    /** Every setting at its default. */
    public static RepairProperties defaults() {
        return new RepairProperties(null, null);
    }
}
