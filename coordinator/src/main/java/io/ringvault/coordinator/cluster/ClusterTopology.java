package io.ringvault.coordinator.cluster;

import io.ringvault.common.message.NodeRef;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the coordinator needs to know about the Cassandra cluster to validate a request and plan its nodes. Nodes are
 * identified by host id everywhere; addresses are only for people reading messages.
 */
public interface ClusterTopology {

    /** The user keyspaces and their tables. */
    Optional<Set<String>> tablesOf(String keyspace);

    /** Every datacenter of the cluster. */
    Set<String> datacenters();

    /** Every node, with whether the driver currently sees it up. */
    List<ClusterNode> nodes();

    /**
     * The datacenters the keyspace's replication puts replicas in; empty when the cluster has no such keyspace. A
     * strategy that is not per datacenter (SimpleStrategy) replicates to every datacenter of the cluster.
     */
    Optional<Set<String>> replicationDatacenters(String keyspace);

    /**
     * Every token range of the ring, in ring order, with the host ids of the nodes that hold a replica of it under the
     * keyspace's replication (whether those nodes are up or not).
     *
     * @throws ClusterUnavailableException when the ring cannot be read
     */
    List<ReplicatedRange> ring(String keyspace);

    record ClusterNode(NodeRef ref, boolean up) {}

    /**
     * One token range, from {@code start} (exclusive) to {@code end} (inclusive), tokens as the partitioner writes them,
     * and the host ids of its replicas.
     */
    record ReplicatedRange(String start, String end, Set<String> replicas) {
        public ReplicatedRange {
            replicas = Set.copyOf(replicas);
        }
    }
}
