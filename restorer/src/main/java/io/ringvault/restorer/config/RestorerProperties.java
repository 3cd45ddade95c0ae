package io.ringvault.restorer.config;

import io.ringvault.connections.CassandraConnection;
import io.ringvault.connections.Secret;
import io.ringvault.connections.Settings;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the restorer ({@code ringvault.restorer.*}). The defaults are here, and only here: an absent or empty
 * setting takes them ({@code application.yml} maps the environment variables with empty defaults); a zero, negative or
 * otherwise bad value fails the start with the property's name.
 *
 * @param agentToken the bearer token the node agents expect; prints as {@code (redacted)}
 * @param agentUrls the node agent of each target node, by Cassandra host id; default none
 * @param agentUrlTemplate the agent URL of a host id without an entry in {@code agentUrls}; {@code {address}} is
 *     replaced by the node's broadcast rpc address; default {@code http://{address}:8081}
 * @param agentTimeout connect and response timeout of agent calls, except imports; default 60 s
 * @param importTimeout how long one table's import on one node may take; default 2 h
 * @param nodeParallelism target nodes of one table that receive files at once; default 4, at least 1
 * @param fileParallelism files of one table that one node receives at once; default 4, at least 1
 * @param maxBytesPerSecond the instance's bandwidth for all transfers together; default 0, unlimited
 * @param progressInterval how often download progress is published; default 2 s
 * @param retry how agent calls and object reads are retried
 * @param source the CloudEvent {@code source} of the restorer's events; default {@code /ringvault/restorer}
 * @param consumerGroup the consumer group every restorer of a deployment shares; default {@code ringvault-restorer}
 * @param cassandra the target cluster: topology and tokens, schema, {@code TRUNCATE}
 * @param repairTimeout how long the restorer waits for one keyspace's repair on one node, for a request that asks for
 *     a repair; default 2 h, above the agents' {@code ringvault.agent.repair.timeout} (90 min) so that their clear
 *     failure comes first
 * @param verifyParallelism objects of a backup one verify checks at once; default 4, at least 1. A deep verify reads
 *     that many objects at once, each through one 64 KiB buffer
 * @param copyParallelism objects of a backup one copy to a copy target streams at once; default 2, at least 1. Each
 *     holds the target store's upload buffers (for S3, {@code (part-concurrency + 1) × part-size})
 * @param logical how logical backups are restored through CQL
 */
@ConfigurationProperties("ringvault.restorer")
public record RestorerProperties(
        Secret agentToken,
        Map<String, String> agentUrls,
        String agentUrlTemplate,
        Duration agentTimeout,
        Duration importTimeout,
        Integer nodeParallelism,
        Integer fileParallelism,
        DataSize maxBytesPerSecond,
        Duration progressInterval,
        Retry retry,
        String source,
        String consumerGroup,
        CassandraConnection cassandra,
        Duration repairTimeout,
        Integer verifyParallelism,
        Integer copyParallelism,
        Logical logical) {

    public RestorerProperties {
        agentUrls = agentUrls == null ? Map.of() : new TreeMap<>(agentUrls);
        agentUrlTemplate = Settings.orDefault(agentUrlTemplate, "http://{address}:8081");
        agentTimeout = Settings.positive(
                Settings.orDefault(agentTimeout, Duration.ofSeconds(60)), "ringvault.restorer.agent-timeout");
        importTimeout = Settings.positive(
                Settings.orDefault(importTimeout, Duration.ofHours(2)), "ringvault.restorer.import-timeout");
        nodeParallelism =
                Settings.atLeast(Settings.orDefault(nodeParallelism, 4), 1, "ringvault.restorer.node-parallelism");
        fileParallelism =
                Settings.atLeast(Settings.orDefault(fileParallelism, 4), 1, "ringvault.restorer.file-parallelism");
        maxBytesPerSecond = Settings.notNegative(
                Settings.orDefault(maxBytesPerSecond, DataSize.ofBytes(0)), "ringvault.restorer.max-bytes-per-second");
        progressInterval = Settings.positive(
                Settings.orDefault(progressInterval, Duration.ofSeconds(2)), "ringvault.restorer.progress-interval");
        retry = Settings.orDefault(retry, new Retry(null, null, null));
        source = Settings.orDefault(source, "/ringvault/restorer");
        consumerGroup = Settings.orDefault(consumerGroup, "ringvault-restorer");
        cassandra = Settings.orDefault(cassandra, CassandraConnection.defaults());
        repairTimeout = Settings.positive(
                Settings.orDefault(repairTimeout, Duration.ofHours(2)), "ringvault.restorer.repair-timeout");
        verifyParallelism =
                Settings.atLeast(Settings.orDefault(verifyParallelism, 4), 1, "ringvault.restorer.verify-parallelism");
        copyParallelism =
                Settings.atLeast(Settings.orDefault(copyParallelism, 2), 1, "ringvault.restorer.copy-parallelism");
        logical = Settings.orDefault(logical, new Logical(null, null, null, null));
    }

    /**
     * How logical backups are restored ({@code ringvault.restorer.logical.*}): by the restorer itself, through CQL.
     *
     * @param parallelism chunk files imported at once, over all tables of a restore; default 2, at least 1. Each holds
     *     one chunk file on disk and {@code max-in-flight} rows in memory
     * @param maxInFlight rows one file's import writes at once; default 256, at least 1
     * @param maxRowsPerSecond the throttle of each file's import, in rows per second; default 0, none
     * @param workDirectory where chunk files are kept while they are imported; default the JVM's temporary directory
     */
    public record Logical(Integer parallelism, Integer maxInFlight, Double maxRowsPerSecond, String workDirectory) {
        public Logical {
            parallelism =
                    Settings.atLeast(Settings.orDefault(parallelism, 2), 1, "ringvault.restorer.logical.parallelism");
            maxInFlight = Settings.atLeast(
                    Settings.orDefault(maxInFlight, 256), 1, "ringvault.restorer.logical.max-in-flight");
            maxRowsPerSecond = Settings.orDefault(maxRowsPerSecond, 0.0);
            if (maxRowsPerSecond < 0) {
                throw new IllegalArgumentException(
                        "ringvault.restorer.logical.max-rows-per-second must not be negative: " + maxRowsPerSecond);
            }
            workDirectory = Settings.orDefault(workDirectory, System.getProperty("java.io.tmpdir"));
        }
    }

    /** Every setting at its default (no agent token). */
    public static RestorerProperties defaults() {
        return new RestorerProperties(
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * Exponential back-off with jitter around agent calls and object reads. The defaults wait about four minutes in
     * all, long enough for a node agent to restart.
     *
     * @param maxAttempts attempts per call, the first included; default 10, at least 1
     * @param initialBackoff the wait before the second attempt; default 1s, doubling after each failure
     * @param maxBackoff the longest wait; default 30s, not shorter than {@code initialBackoff}
     */
    public record Retry(Integer maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        public Retry {
            maxAttempts =
                    Settings.atLeast(Settings.orDefault(maxAttempts, 10), 1, "ringvault.restorer.retry.max-attempts");
            initialBackoff = Settings.positive(
                    Settings.orDefault(initialBackoff, Duration.ofSeconds(1)),
                    "ringvault.restorer.retry.initial-backoff");
            maxBackoff = Settings.orDefault(maxBackoff, Duration.ofSeconds(30));
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("ringvault.restorer.retry.max-backoff (" + maxBackoff
                        + ") must not be shorter than initial-backoff (" + initialBackoff + ")");
            }
        }
    }
}
