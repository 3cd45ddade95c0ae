package io.ringvault.restorer.restore;

import io.ringvault.common.message.NodeRef;
import io.ringvault.restorer.cluster.CassandraTargetCluster;
import io.ringvault.restorer.cluster.TargetNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Pairs each backed-up node with the node of the cluster that receives its SSTables. In order: the request's explicit
 * mapping, then the same host id (a restore into the cluster that was backed up), then topology: within each
 * datacenter and rack, nodes owning exactly the same tokens first, then the rest by their first token. The cluster
 * must have as many nodes as the backup, and every datacenter and rack as many as the backup's.
 */
public final class NodeMapper {
    public static final String EXPLICIT = "explicit";
    public static final String SAME_HOST_ID = "same-host-id";
    public static final String TOPOLOGY = "topology";

    private NodeMapper() {}

    /** A node of the backup: who it was, and the tokens it owned. */
    public record Source(NodeRef node, List<String> tokens) {
        public Source {
            tokens = tokens == null ? List.of() : List.copyOf(tokens);
        }

        public String hostId() {
            return node.hostId();
        }
    }

    /** A backed-up node and its target, with how the pair was chosen. */
    public record Pair(Source source, TargetNode target, String mappedBy) {}

    /**
     * @param explicit source host id → target host id, from the request
     * @throws RestoreFailure {@code node-count-mismatch} or {@code node-mapping-failed}, naming what does not fit
     */
    public static List<Pair> map(List<Source> sources, List<TargetNode> targets, Map<String, String> explicit) {
        if (sources.size() != targets.size()) {
            throw new RestoreFailure(
                    RestoreFailure.Reason.NODE_COUNT_MISMATCH,
                    "the backup has " + sources.size() + " node(s) and the cluster has " + targets.size()
                            + ": a restore needs as many nodes as the backup (backup "
                            + describe(sources.stream().map(Source::node).toList()) + "; cluster "
                            + describe(targets.stream().map(TargetNode::ref).toList()) + ")");
        }
        Map<String, Source> freeSources = new LinkedHashMap<>();
        sources.forEach(source -> freeSources.put(source.hostId(), source));
        Map<String, TargetNode> freeTargets = new LinkedHashMap<>();
        targets.forEach(target -> freeTargets.put(target.hostId(), target));
        List<Pair> pairs = new ArrayList<>();

        for (Map.Entry<String, String> entry : new TreeMap<>(explicit == null ? Map.of() : explicit).entrySet()) {
            Source source = freeSources.remove(entry.getKey());
            if (source == null) {
                throw new RestoreFailure(
                        RestoreFailure.Reason.NODE_MAPPING_FAILED,
                        "nodeMapping names source node " + entry.getKey() + ", which is not a node of the backup");
            }
            TargetNode target = freeTargets.remove(entry.getValue());
            if (target == null) {
                throw new RestoreFailure(
                        RestoreFailure.Reason.NODE_MAPPING_FAILED,
                        "nodeMapping maps " + entry.getKey() + " to " + entry.getValue()
                                + ", which is not a node of the cluster or is already the target of another node");
            }
            pairs.add(new Pair(source, target, EXPLICIT));
        }

        for (Source source : List.copyOf(freeSources.values())) {
            TargetNode target = freeTargets.remove(source.hostId());
            if (target != null) {
                freeSources.remove(source.hostId());
                pairs.add(new Pair(source, target, SAME_HOST_ID));
            }
        }

        Map<String, List<Source>> sourceGroups = new TreeMap<>();
        freeSources
                .values()
                .forEach(s -> sourceGroups
                        .computeIfAbsent(group(s.node()), k -> new ArrayList<>())
                        .add(s));
        Map<String, List<TargetNode>> targetGroups = new TreeMap<>();
        freeTargets
                .values()
                .forEach(t -> targetGroups
                        .computeIfAbsent(group(t.ref()), k -> new ArrayList<>())
                        .add(t));
        if (!counts(sourceGroups).equals(counts(targetGroups))) {
            throw new RestoreFailure(
                    RestoreFailure.Reason.NODE_MAPPING_FAILED,
                    "the nodes left to map by topology do not match by datacenter and rack: backup "
                            + counts(sourceGroups) + ", cluster " + counts(targetGroups)
                            + "; map them with nodeMapping (source host id → target host id)");
        }
        for (Map.Entry<String, List<Source>> group : sourceGroups.entrySet()) {
            List<Source> groupSources = new ArrayList<>(group.getValue());
            List<TargetNode> groupTargets = new ArrayList<>(targetGroups.get(group.getKey()));
            for (Source source : List.copyOf(groupSources)) {
                TargetNode same = groupTargets.stream()
                        .filter(t ->
                                !source.tokens().isEmpty() && sorted(t.tokens()).equals(sorted(source.tokens())))
                        .findFirst()
                        .orElse(null);
                if (same != null) {
                    groupTargets.remove(same);
                    groupSources.remove(source);
                    pairs.add(new Pair(source, same, TOPOLOGY));
                }
            }
            groupSources.sort(Comparator.comparing(
                            (Source s) -> firstToken(s.tokens()),
                            Comparator.nullsLast(CassandraTargetCluster.TOKEN_ORDER))
                    .thenComparing(Source::hostId));
            groupTargets.sort(Comparator.comparing(
                            (TargetNode t) -> firstToken(t.tokens()),
                            Comparator.nullsLast(CassandraTargetCluster.TOKEN_ORDER))
                    .thenComparing(TargetNode::hostId));
            for (int i = 0; i < groupSources.size(); i++) {
                pairs.add(new Pair(groupSources.get(i), groupTargets.get(i), TOPOLOGY));
            }
        }
        return pairs;
    }

    private static String group(NodeRef node) {
        return node.datacenter() + "/" + Objects.requireNonNullElse(node.rack(), "");
    }

    private static Map<String, Integer> counts(Map<String, ? extends List<?>> groups) {
        Map<String, Integer> counts = new TreeMap<>();
        groups.forEach((key, members) -> counts.put(key, members.size()));
        return counts;
    }

    private static List<String> sorted(List<String> tokens) {
        List<String> copy = new ArrayList<>(tokens);
        copy.sort(CassandraTargetCluster.TOKEN_ORDER);
        return copy;
    }

    private static String firstToken(List<String> tokens) {
        return tokens.isEmpty() ? null : sorted(tokens).get(0);
    }

    private static String describe(List<NodeRef> nodes) {
        Map<String, Integer> counts = new TreeMap<>();
        nodes.forEach(node -> counts.merge(group(node), 1, Integer::sum));
        return counts.toString();
    }
}
