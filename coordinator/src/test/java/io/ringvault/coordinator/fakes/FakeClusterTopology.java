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

/**
 * A cluster described by the test: its keyspaces and tables, where each keyspace is replicated, its ring, its nodes and
 * which of them are up.
 */
public final class FakeClusterTopology implements ClusterTopology {
    private final Map<String, Set<String>> tablesByKeyspace = new LinkedHashMap<>();
    private final Map<String, Set<String>> replicationByKeyspace = new LinkedHashMap<>();
    private final Map<String, List<ReplicatedRange>> ringByKeyspace = new LinkedHashMap<>();
    private final List<ClusterNode> nodes = new ArrayList<>();
    /** How many times the ring was read: a backup of every node needs no ring. */
    private int ringReads;

    /** The keyspace is replicated to these datacenters only (NetworkTopologyStrategy); by default, to every one. */
    public FakeClusterTopology replicatedTo(String keyspace, String... datacenters) {
        replicationByKeyspace.put(keyspace, new TreeSet<>(List.of(datacenters)));
        return this;
    }

    /**
     * The keyspace's ring: {@code tokens} in ring order, each the end of the range that starts at the token before it
     * (the first range wraps around from the last token), with its replicas' host ids.
     */
    public FakeClusterTopology ring(String keyspace, List<String> tokens, List<Set<String>> replicas) {
        List<ReplicatedRange> ring = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String start = tokens.get((i + tokens.size() - 1) % tokens.size());
            ring.add(new ReplicatedRange(start, tokens.get(i), replicas.get(i)));
        }
        // The driver orders ranges by their start: the range that wraps around comes last.
        ring.add(ring.remove(0));
        ringByKeyspace.put(keyspace, ring);
        return this;
    }

    public int ringReads() {
        return ringReads;
    }

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

    @Override
    public Optional<Set<String>> replicationDatacenters(String keyspace) {
        if (!tablesByKeyspace.containsKey(keyspace)) {
            return Optional.empty();
        }
        return Optional.of(replicationByKeyspace.getOrDefault(keyspace, datacenters()));
    }

    @Override
    public List<ReplicatedRange> ring(String keyspace) {
        ringReads++;
        return ringByKeyspace.getOrDefault(keyspace, List.of());
    }
}
