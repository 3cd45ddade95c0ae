package io.ringvault.coordinator.config;

import io.ringvault.connections.CassandraSsl;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the coordinator ({@code ringvault.coordinator.*}), with defaults that work on the local stack.
 *
 * @param source the CloudEvent {@code source} of the events this coordinator writes
 * @param consumerGroup the consumer group the coordinators of one deployment share (requests use it with a suffix)
 * @param nodeTimeout how long a node or worker may stay silent before its operation fails
 * @param timeoutSweep how often silent operations are looked for
 * @param cassandra how the coordinator reads the cluster's schema and topology to validate requests
 */
@Validated
@ConfigurationProperties("ringvault.coordinator")
public record CoordinatorProperties(
        @NotBlank String source,
        @NotBlank String consumerGroup,
        @NotNull Duration nodeTimeout,
        @NotNull Duration timeoutSweep,
        @NotNull Cassandra cassandra) {

    /**
     * @param contactPoints {@code host:port} of one or more nodes
     * @param localDatacenter the driver's local datacenter
     * @param username optional; with {@code password}, for PasswordAuthenticator
     * @param password optional; never logged
     * @param ssl TLS to the nodes; off when absent
     */
    public record Cassandra(
            @NotNull List<String> contactPoints,
            @NotBlank String localDatacenter,
            String username,
            String password,
            CassandraSsl ssl) {
        public Cassandra {
            ssl = ssl == null ? CassandraSsl.disabled() : ssl;
        }

        @Override
        public String toString() {
            return "Cassandra[contactPoints=" + contactPoints + ", localDatacenter=" + localDatacenter + ", username="
                    + username + ", password=" + (password == null ? "(none)" : "(redacted)") + ", ssl=" + ssl + "]";
        }
    }
}
