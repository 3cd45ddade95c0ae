package io.ringvault.restorer.config;

import io.ringvault.connections.CassandraSsl;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the restorer ({@code ringvault.restorer.*}); every key is in {@code application.yml} with its default.
 *
 * @param agentToken the bearer token the node agents expect; never logged or printed
 * @param agentUrls the node agent of each target node, by Cassandra host id
 * @param agentUrlTemplate the agent URL of a host id without an entry in {@code agentUrls}; {@code {address}} is
 *     replaced by the node's broadcast rpc address
 * @param agentTimeout connect and response timeout of agent calls, except imports
 * @param importTimeout how long one table's import on one node may take
 * @param nodeParallelism target nodes of one table that receive files at once
 * @param fileParallelism files of one table that one node receives at once
 * @param maxBytesPerSecond the instance's bandwidth for all transfers together; 0 for unlimited
 * @param progressInterval how often download progress is published
 * @param retry how agent calls and object reads are retried
 * @param source the CloudEvent {@code source} of the restorer's events
 * @param consumerGroup the consumer group every restorer of a deployment shares
 * @param cassandra the target cluster
 */
@Validated
@ConfigurationProperties("ringvault.restorer")
public record RestorerProperties(
        String agentToken,
        Map<String, String> agentUrls,
        @NotBlank String agentUrlTemplate,
        @NotNull Duration agentTimeout,
        @NotNull Duration importTimeout,
        @Min(1) Integer nodeParallelism,
        @Min(1) Integer fileParallelism,
        @NotNull DataSize maxBytesPerSecond,
        @NotNull Duration progressInterval,
        @NotNull @Valid Retry retry,
        @NotBlank String source,
        @NotBlank String consumerGroup,
        @NotNull @Valid Cassandra cassandra) {

    public RestorerProperties {
        agentUrls = agentUrls == null ? Map.of() : new TreeMap<>(agentUrls);
        agentUrlTemplate =
                agentUrlTemplate == null || agentUrlTemplate.isBlank() ? "http://{address}:8081" : agentUrlTemplate;
        agentTimeout = agentTimeout == null ? Duration.ofSeconds(60) : agentTimeout;
        importTimeout = importTimeout == null ? Duration.ofHours(2) : importTimeout;
        // Only an absent setting takes the default: 0 stays 0, so that @Min(1) refuses it at start-up.
        nodeParallelism = nodeParallelism == null ? 4 : nodeParallelism;
        fileParallelism = fileParallelism == null ? 4 : fileParallelism;
        maxBytesPerSecond = maxBytesPerSecond == null ? DataSize.ofBytes(0) : maxBytesPerSecond;
        progressInterval = progressInterval == null ? Duration.ofSeconds(2) : progressInterval;
        retry = retry == null ? new Retry(null, null, null) : retry;
        source = source == null || source.isBlank() ? "/ringvault/restorer" : source;
        consumerGroup = consumerGroup == null || consumerGroup.isBlank() ? "ringvault-restorer" : consumerGroup;
        cassandra = cassandra == null ? new Cassandra(null, null, null, null, null) : cassandra;
    }

    /**
     * Exponential back-off with jitter around agent calls and object reads. The defaults wait about four minutes in
     * all, long enough for a node agent to restart.
     *
     * @param maxAttempts attempts per call, the first included; default 10
     * @param initialBackoff the wait before the second attempt; default 1s, doubling after each failure
     * @param maxBackoff the longest wait; default 30s
     */
    public record Retry(@Min(1) Integer maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        public Retry {
            maxAttempts = maxAttempts == null ? 10 : maxAttempts;
            initialBackoff = initialBackoff == null ? Duration.ofSeconds(1) : initialBackoff;
            maxBackoff = maxBackoff == null ? Duration.ofSeconds(30) : maxBackoff;
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("ringvault.restorer.retry.max-backoff (" + maxBackoff
                        + ") must not be shorter than initial-backoff (" + initialBackoff + ")");
            }
        }
    }

    /**
     * The target cluster, over CQL: topology and tokens, schema, {@code TRUNCATE}.
     *
     * @param contactPoints {@code host:port} of one or more nodes
     * @param localDatacenter the driver's local datacenter
     * @param username optional; with {@code password}, for PasswordAuthenticator
     * @param password optional; never logged
     * @param ssl TLS to the nodes; off when absent
     */
    public record Cassandra(
            List<String> contactPoints, String localDatacenter, String username, String password, CassandraSsl ssl) {
        public Cassandra {
            contactPoints = contactPoints == null || contactPoints.isEmpty()
                    ? List.of("127.0.0.1:9042")
                    : List.copyOf(contactPoints);
            localDatacenter = localDatacenter == null || localDatacenter.isBlank() ? "dc1" : localDatacenter;
            ssl = ssl == null ? CassandraSsl.disabled() : ssl;
        }

        @Override
        public String toString() {
            return "Cassandra[contactPoints=" + contactPoints + ", localDatacenter=" + localDatacenter + ", username="
                    + username + ", password=" + (password == null || password.isEmpty() ? "(none)" : "(redacted)")
                    + ", ssl=" + ssl + "]";
        }
    }

    @Override
    public String toString() {
        return "RestorerProperties[agentToken=" + (agentToken == null || agentToken.isEmpty() ? "(none)" : "(redacted)")
                + ", agentUrls=" + agentUrls + ", agentUrlTemplate=" + agentUrlTemplate + ", agentTimeout="
                + agentTimeout + ", importTimeout=" + importTimeout + ", nodeParallelism=" + nodeParallelism
                + ", fileParallelism=" + fileParallelism
                + ", maxBytesPerSecond=" + maxBytesPerSecond + ", progressInterval=" + progressInterval + ", retry="
                + retry + ", source=" + source + ", consumerGroup=" + consumerGroup + ", cassandra=" + cassandra + "]";
    }
}
