package io.ringvault.coordinator.fakes;

import io.ringvault.common.message.NodeRef;
import io.ringvault.coordinator.cluster.ClusterTopology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** A cluster described by the test: its keyspaces and tables, its nodes and which of them are up. */
public final class FakeClusterTopology implements ClusterTopology {
    private final Map<String, Set<String>> tablesByKeyspace = new LinkedHashMap<>();
    private final List<ClusterNode> nodes = new ArrayList<>();

    public FakeClusterTopology keyspace(String keyspace, String... tables) {
        tablesByKeyspace.put(keyspace, new TreeSet<>(List.of(tables)));
        return this;
    }

    public FakeClusterTopology up(NodeRef... refs) {
        for (NodeRef ref : refs) {
            nodes.add(new ClusterNode(ref, true));
        }
        return this;
    }

    public FakeClusterTopology down(NodeRef... refs) {
        for (NodeRef ref : refs) {
            nodes.add(new ClusterNode(ref, false));
        }
        return this;
    }

    @Override
    public Optional<Set<String>> tablesOf(String keyspace) {
        return Optional.ofNullable(tablesByKeyspace.get(keyspace));
    }

    @Override
    public Set<String> datacenters() {
        Set<String> datacenters = new TreeSet<>();
        nodes.forEach(node -> datacenters.add(node.ref().datacenter()));
        return datacenters;
    }

    @Override
    public List<ClusterNode> nodes() {
        return List.copyOf(nodes);
    }
}
