package io.ringvault.testkit;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Cassandra cluster of its own, of any topology, beside the Kafka and the object store of a stack that already runs:
 * how a test gets several nodes and datacenters without starting a second Kafka and object store. Closing it stops its
 * Cassandra nodes only.
 */
public final class LocalCluster implements Stack {
    private final Stack shared;
    private final LocalStack cassandra;

    private LocalCluster(Stack shared, LocalStack cassandra) {
        this.shared = shared;
        this.cassandra = cassandra;
    }

    /**
     * Starts the nodes of {@code topology} under {@code directory}.
     *
     * @param shared the running stack whose Kafka and object store this cluster's users share
     */
    public static LocalCluster start(Stack shared, Topology topology, Path directory) {
        return start(shared, topology.nodes(), directory);
    }

    /**
     * Starts {@code nodes} under {@code directory}: for nodes with settings of their own, such as the
     * {@code initial_token} that pins a new node to a backed-up node's tokens.
     */
    public static LocalCluster start(Stack shared, List<CassandraNodeSpec> nodes, Path directory) {
        StackSpec spec = StackSpec.in(directory).withoutKafka().withoutObjectStore();
        nodes.forEach(spec::cassandraNode);
        return new LocalCluster(shared, LocalStack.start(spec));
    }

    /** The nodes themselves, to stop and start one. */
    public LocalCassandra nodes() {
        return cassandra.cassandraCluster();
    }

    @Override
    public List<CassandraEndpoint> cassandraNodes() {
        return cassandra.cassandraNodes();
    }

    @Override
    public String kafkaBootstrapServers() {
        return shared.kafkaBootstrapServers();
    }

    @Override
    public ObjectStoreEndpoint objectStore() {
        return shared.objectStore();
    }

    @Override
    public Path directory() {
        return cassandra.directory();
    }

    @Override
    public Map<String, Long> peakResidentBytes() {
        return new LinkedHashMap<>(cassandra.peakResidentBytes());
    }

    @Override
    public void close() {
        cassandra.close();
    }
}
