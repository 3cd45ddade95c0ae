package io.ringvault.coordinator.cluster;

import io.ringvault.common.message.NodeRef;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What the coordinator needs to know about the Cassandra cluster to validate a request and plan its nodes. */
public interface ClusterTopology {

    /** The user keyspaces and their tables. */
    Optional<Set<String>> tablesOf(String keyspace);

    /** Every datacenter of the cluster. */
    Set<String> datacenters();

    /** Every node, with whether the driver currently sees it up. */
    List<ClusterNode> nodes();

    record ClusterNode(NodeRef ref, boolean up) {}
}
