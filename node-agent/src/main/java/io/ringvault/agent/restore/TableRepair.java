package io.ringvault.agent.restore;

import java.time.Duration;
import java.util.List;

/** Cassandra's repair of tables on the local node ({@code StorageServiceMBean} over JMX in production). */
public interface TableRepair {
    /**
     * How a repair ended.
     *
     * @param command Cassandra's repair command number; 0 when Cassandra had nothing to repair (one replica per range)
     * @param messages Cassandra's final messages about it
     */
    record Outcome(int command, List<String> messages) {
        public Outcome {
            messages = messages == null ? List.of() : List.copyOf(messages);
        }
    }

    /**
     * Runs a full repair of {@code tables} of {@code keyspace} (every table when empty) on the node's primary ranges,
     * with every replica of them, and waits until Cassandra reports it over.
     *
     * @param timeout how long to wait; Cassandra's repair goes on after it
     * @throws RestoreException {@code repair-failed} when Cassandra failed the repair or it did not finish within
     *     {@code timeout}, {@code cassandra-error} when Cassandra cannot be reached or refuses to start it
     */
    Outcome repair(String keyspace, List<String> tables, Duration timeout);
}
