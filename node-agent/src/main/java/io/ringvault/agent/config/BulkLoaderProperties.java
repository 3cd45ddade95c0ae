package io.ringvault.agent.config;

import io.ringvault.connections.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Cassandra's bulk loader, which the agent runs to stream a table's staged SSTables to their replicas when the restorer
 * asks for the {@code stream} method ({@code ringvault.agent.bulk-loader.*}). Without a command the agent imports
 * only, and refuses a stream with {@code bulk-load-failed}. The contact point, credentials and TLS are the agent's own
 * {@code ringvault.agent.cassandra.*}.
 *
 * @param command the loader: {@code $CASSANDRA_HOME/bin/sstableloader} of the node's Cassandra version (or a script
 *     that runs {@code org.apache.cassandra.tools.BulkLoader} and passes its arguments on); several words when
 *     comma-separated. Empty: no streaming on this node
 * @param timeout how long one table's stream may run before the loader is stopped; default 90 minutes, below the
 *     restorer's {@code import-timeout} (2 h) so that the agent's clear failure comes first
 * @param storagePort the cluster's storage (internode) port, which the loader connects to on every node; empty: the
 *     local node's own ({@code system.local.listen_port}, Cassandra 4.0 and later), else the loader's default, 7000
 * @param extraArguments more loader options, put before the directory, comma-separated: for example
 *     {@code -f,/etc/cassandra/cassandra.yaml} (internode TLS, stream throughput) or {@code --throttle-mib,64}
 */
@ConfigurationProperties("ringvault.agent.bulk-loader")
public record BulkLoaderProperties(
        List<String> command, Duration timeout, Integer storagePort, List<String> extraArguments) {

    public BulkLoaderProperties {
        command = words(command);
        extraArguments = words(extraArguments);
        timeout = Settings.positive(
                Settings.orDefault(timeout, Duration.ofMinutes(90)), "ringvault.agent.bulk-loader.timeout");
        if (storagePort != null && (storagePort < 1 || storagePort > 65535)) {
            throw new IllegalArgumentException(
                    "ringvault.agent.bulk-loader.storage-port must be a port, not " + storagePort);
        }
    }

    /** Every setting at its default: no loader. */
    public static BulkLoaderProperties defaults() {
        return new BulkLoaderProperties(null, null, null, null);
    }

    /** Whether a loader is configured: the agent can stream. */
    public boolean configured() {
        return !command.isEmpty();
    }

    private static List<String> words(List<String> values) {
        return values == null
                ? List.of()
                : values.stream()
                        .filter(Objects::nonNull)
                        .map(String::strip)
                        .filter(value -> !value.isEmpty())
                        .toList();
    }
}
