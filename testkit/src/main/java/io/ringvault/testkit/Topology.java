package io.ringvault.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of a local cluster, written as {@code dc1:2,dc2:2}: datacenters in order, each with its node count. Nodes
 * are numbered across the whole cluster (node1 on 127.0.0.1, node2 on 127.0.0.2, …), and the nodes of a datacenter
 * take racks {@code rack1}, {@code rack2}, … in turn, so that mapping by datacenter and rack has racks to tell apart.
 */
public record Topology(Map<String, Integer> nodesPerDatacenter) {
    /** One node in {@code dc1}: what every stack starts unless told otherwise. */
    public static final Topology SINGLE_NODE = new Topology(Map.of("dc1", 1));

    private static final int MAX_NODES = 32;

    public Topology {
        if (nodesPerDatacenter.isEmpty()) {
            throw new IllegalArgumentException("a topology needs at least one datacenter");
        }
        nodesPerDatacenter.forEach((datacenter, nodes) -> {
            if (!datacenter.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException(
                        "datacenter name must be letters, digits, - or _: '" + datacenter + "'");
            }
            if (nodes < 1) {
                throw new IllegalArgumentException("datacenter " + datacenter + " needs at least one node: " + nodes);
            }
        });
        int total =
                nodesPerDatacenter.values().stream().mapToInt(Integer::intValue).sum();
        if (total > MAX_NODES) {
            throw new IllegalArgumentException(
                    "at most " + MAX_NODES + " local nodes (each is a JVM of its own): " + total);
        }
        nodesPerDatacenter = Collections.unmodifiableMap(new LinkedHashMap<>(nodesPerDatacenter));
    }

    /**
     * Parses {@code dc1:2,dc2:2}. A datacenter without a count ({@code dc1}) has one node.
     *
     * @throws IllegalArgumentException naming the part that is wrong
     */
    public static Topology parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty topology; expected for example dc1:2,dc2:2");
        }
        Map<String, Integer> nodes = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String[] nameAndCount = part.strip().split(":", -1);
            if (nameAndCount.length > 2 || nameAndCount[0].isBlank()) {
                throw new IllegalArgumentException(
                        "bad datacenter '" + part.strip() + "' in topology '" + text + "'; expected dc:nodes");
            }
            int count;
            try {
                count = nameAndCount.length == 2 ? Integer.parseInt(nameAndCount[1].strip()) : 1;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "bad node count '" + nameAndCount[1] + "' in topology '" + text + "'", e);
            }
            if (nodes.put(nameAndCount[0].strip(), count) != null) {
                throw new IllegalArgumentException(
                        "datacenter " + nameAndCount[0].strip() + " named twice in topology '" + text + "'");
            }
        }
        return new Topology(nodes);
    }

    /** The nodes to start, the first datacenter's first node first (it is the seed). */
    public List<CassandraNodeSpec> nodes() {
        List<CassandraNodeSpec> nodes = new ArrayList<>();
        int number = 1;
        for (Map.Entry<String, Integer> datacenter : nodesPerDatacenter.entrySet()) {
            for (int i = 0; i < datacenter.getValue(); i++) {
                nodes.add(CassandraNodeSpec.node(number++, datacenter.getKey(), "rack" + (i % 2 + 1)));
            }
        }
        return nodes;
    }

    public int nodeCount() {
        return nodesPerDatacenter.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The replication of a keyspace with {@code replicas} copies in every datacenter, capped at its node count. */
    public String networkReplication(int replicas) {
        StringBuilder replication = new StringBuilder("{'class': 'NetworkTopologyStrategy'");
        nodesPerDatacenter.forEach((datacenter, nodes) ->
                replication.append(", '").append(datacenter).append("': ").append(Math.min(replicas, nodes)));
        return replication.append('}').toString();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        nodesPerDatacenter.forEach((datacenter, nodes) -> text.append(text.isEmpty() ? "" : ",")
                .append(datacenter)
                .append(':')
                .append(nodes));
        return text.toString();
    }
}
