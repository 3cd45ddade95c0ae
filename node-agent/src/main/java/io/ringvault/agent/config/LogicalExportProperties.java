package io.ringvault.agent.config;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.ringvault.connections.Settings;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the agent exports rows for a logical backup ({@code ringvault.agent.logical.*}).
 *
 * @param parallelism token ranges of one table read at the same time; default 2
 * @param rowsPerChunk a chunk file is closed and the next one started past this many rows; default 1,000,000
 * @param maxRowsPerSecond the throttle, rows per second for the node's whole export; 0 (the default) for none
 * @param consistency the reads' consistency level; default {@code LOCAL_ONE}: the node reads the ranges it is the
 *     primary replica for, sent to itself, so the rows are those this replica holds. {@code LOCAL_QUORUM} also reads
 *     the other replicas of the datacenter: exact even where this replica missed writes that a repair has not brought
 *     yet, at the price of cross-node reads
 */
@ConfigurationProperties("ringvault.agent.logical")
public record LogicalExportProperties(
        Integer parallelism, Long rowsPerChunk, Double maxRowsPerSecond, String consistency) {

    public LogicalExportProperties {
        parallelism = Settings.orDefault(parallelism, 2);
        rowsPerChunk = Settings.orDefault(rowsPerChunk, 1_000_000L);
        maxRowsPerSecond = Settings.orDefault(maxRowsPerSecond, 0.0);
        consistency = Settings.orDefault(Settings.blankToNull(consistency), "LOCAL_ONE");
        if (parallelism < 1 || parallelism > 64) {
            throw new IllegalArgumentException("ringvault.agent.logical.parallelism must be 1..64, not " + parallelism);
        }
        if (rowsPerChunk < 1) {
            throw new IllegalArgumentException(
                    "ringvault.agent.logical.rows-per-chunk must be positive, not " + rowsPerChunk);
        }
        if (maxRowsPerSecond < 0) {
            throw new IllegalArgumentException(
                    "ringvault.agent.logical.max-rows-per-second must be 0 (no throttle) or positive, not "
                            + maxRowsPerSecond);
        }
        consistencyLevel(consistency);
    }

    /** Every setting at its default. */
    public static LogicalExportProperties defaults() {
        return new LogicalExportProperties(null, null, null, null);
    }

    /** The consistency level named by {@code consistency}. */
    public ConsistencyLevel consistencyLevel() {
        return consistencyLevel(consistency);
    }

    private static ConsistencyLevel consistencyLevel(String name) {
        try {
            return DefaultConsistencyLevel.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ringvault.agent.logical.consistency must be a consistency level such"
                    + " as LOCAL_ONE or LOCAL_QUORUM, not '" + name + "'");
        }
    }
}
