package io.ringvault.testkit;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A running set of real services: Cassandra nodes, a Kafka broker and an S3-compatible object store. Either child
 * processes on this machine ({@link LocalStack}) or containers ({@link ContainerStack}); callers see only endpoints.
 */
public interface Stack extends AutoCloseable {
    /** The Cassandra nodes, in the order they were specified. Empty if the stack has no Cassandra. */
    List<CassandraEndpoint> cassandraNodes();

    /** The Kafka bootstrap servers ({@code host:port,…}), or {@code null} if the stack has no Kafka. */
    String kafkaBootstrapServers();

    /** The object store, or {@code null} if the stack has no object store. */
    ObjectStoreEndpoint objectStore();

    /** Where the stack keeps its data and logs. */
    Path directory();

    /** Peak resident memory per service in bytes, where the platform tells (Linux); empty otherwise. */
    Map<String, Long> peakResidentBytes();

    /** Stops every service: gracefully first, then forcibly. */
    @Override
    void close();

    /** The first Cassandra node, for the common single-node case. */
    default CassandraEndpoint cassandra() {
        if (cassandraNodes().isEmpty()) {
            throw new IllegalStateException("this stack runs no Cassandra");
        }
        return cassandraNodes().get(0);
    }
}
