package io.ringvault.restorer.restore;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.RestoreMethod;
import io.ringvault.restorer.cluster.CassandraTargetCluster;
import io.ringvault.restorer.cluster.TargetNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Chooses, for each backed-up node, the node of the cluster that receives its SSTables, and how they reach Cassandra
 * there ({@link RestoreMethod}).
 *
 * <p>Targets, in order:
 *
 * <ol>
 *   <li>{@value #EXPLICIT}: the request's {@code nodeMapping} (source host id → target host id);
 *   <li>{@value #SAME_HOST_ID}: the node is still there (a restore into the cluster that was backed up);
 *   <li>{@value #TOPOLOGY}: when the rest of a datacenter has as many targets as sources in each rack, one target per
 *       source within its rack: nodes owning exactly the same tokens first, then the rest in order of their first
 *       token;
 *   <li>{@value #DATACENTER}: otherwise (a datacenter of another size), the sources are spread evenly over the nodes
 *       of their datacenter, counting those already chosen, a node of the same rack preferred among the least loaded.
 * </ol>
 *
 * A datacenter of the backup that the cluster does not have cannot be restored: {@code unknown-datacenter} naming it
 * (unless {@code nodeMapping} maps each of its nodes).
 *
 * <p>Method: {@link RestoreMethod#IMPORT} where the target owns exactly the source's tokens and the ring of their
 * datacenter is the backup's (the same racks owning the same tokens), so that Cassandra's import, which refuses
 * partitions the node does not own, takes every SSTable; {@link RestoreMethod#STREAM} everywhere else: the agent of the
 * target streams the files to their replicas with Cassandra's bulk loader. A backup whose manifests record no tokens
 * (written before tokens were recorded) imports where the datacenter has as many nodes as the backup, as restores did
 * before streaming existed.
 */
public final class NodeMapper {
    public static final String EXPLICIT = "explicit";
    public static final String SAME_HOST_ID = "same-host-id";
    public static final String TOPOLOGY = "topology";
    public static final String DATACENTER = "datacenter";

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

    /**
     * A backed-up node and the node that receives its files, with how the target was chosen and how the files reach
     * Cassandra.
     */
    public record Pair(Source source, TargetNode target, String mappedBy, RestoreMethod method) {}

    /**
     * @param sources the backed-up nodes to restore
     * @param targets the nodes of the cluster that may receive them
     * @param explicit source host id → target host id, from the request
     * @return one pair per source, in the order of {@code sources}
     * @throws RestoreFailure {@code node-mapping-failed} for an explicit mapping naming a node that does not exist,
     *     {@code unknown-datacenter} for a datacenter of the backup the cluster does not have
     */
    public static List<Pair> map(List<Source> sources, List<TargetNode> targets, Map<String, String> explicit) {
        Map<String, TargetNode> targetsById = new LinkedHashMap<>();
        targets.forEach(target -> targetsById.put(target.hostId(), target));
        Map<String, Source> sourcesById = new LinkedHashMap<>();
        sources.forEach(source -> sourcesById.put(source.hostId(), source));
        Map<String, TargetNode> chosen = new HashMap<>();
        Map<String, String> mappedBy = new HashMap<>();

        for (Map.Entry<String, String> entry : new TreeMap<>(explicit == null ? Map.of() : explicit).entrySet()) {
            if (!sourcesById.containsKey(entry.getKey())) {
                throw new RestoreFailure(
                        FailureReason.NODE_MAPPING_FAILED,
                        "nodeMapping names source node " + entry.getKey() + ", which is not a node of the backup"
                                + " in scope");
            }
            TargetNode target = targetsById.get(entry.getValue());
            if (target == null) {
                throw new RestoreFailure(
                        FailureReason.NODE_MAPPING_FAILED,
                        "nodeMapping maps " + entry.getKey() + " to " + entry.getValue()
                                + ", which is not a node of the cluster in scope");
            }
            chosen.put(entry.getKey(), target);
            mappedBy.put(entry.getKey(), EXPLICIT);
        }

        requireDatacenters(sources, targets, chosen.keySet());

        // A target chosen by host id (or explicitly) is not given to another source by topology.
        Set<String> taken = new TreeSet<>();
        chosen.values().forEach(target -> taken.add(target.hostId()));
        for (Source source : sources) {
            if (!chosen.containsKey(source.hostId()) && targetsById.containsKey(source.hostId())) {
                chosen.put(source.hostId(), targetsById.get(source.hostId()));
                mappedBy.put(source.hostId(), SAME_HOST_ID);
                taken.add(source.hostId());
            }
        }

        Map<String, List<Source>> openSources = byDatacenter(
                sources.stream().filter(s -> !chosen.containsKey(s.hostId())).toList(), Source::node);
        Map<String, List<TargetNode>> dcTargets = byDatacenter(targets, TargetNode::ref);
        for (Map.Entry<String, List<Source>> dc : openSources.entrySet()) {
            List<TargetNode> inDatacenter = dcTargets.get(dc.getKey());
            List<TargetNode> free = inDatacenter.stream()
                    .filter(t -> !taken.contains(t.hostId()))
                    .toList();
            if (counts(dc.getValue(), Source::node).equals(counts(free, TargetNode::ref))) {
                pairByTopology(dc.getValue(), free).forEach((source, target) -> {
                    chosen.put(source, target);
                    mappedBy.put(source, TOPOLOGY);
                });
            } else {
                spread(dc.getValue(), inDatacenter, chosen.values()).forEach((source, target) -> {
                    chosen.put(source, target);
                    mappedBy.put(source, DATACENTER);
                });
            }
        }

        Set<String> importableDatacenters = importableDatacenters(sources, targets);
        List<Pair> pairs = new ArrayList<>();
        for (Source source : sources) {
            TargetNode target = chosen.get(source.hostId());
            pairs.add(new Pair(
                    source,
                    target,
                    mappedBy.get(source.hostId()),
                    method(source, target, importableDatacenters, sources, targets)));
        }
        return pairs;
    }

    /** Every datacenter of the backup's unmapped nodes must be one of the cluster's: there is nowhere else to go. */
    private static void requireDatacenters(List<Source> sources, List<TargetNode> targets, Set<String> mapped) {
        Set<String> clusterDatacenters = new TreeSet<>();
        targets.forEach(t -> clusterDatacenters.add(t.ref().datacenter()));
        Map<String, List<String>> missing = new TreeMap<>();
        for (Source source : sources) {
            String dc = source.node().datacenter();
            if (!mapped.contains(source.hostId()) && !clusterDatacenters.contains(dc)) {
                missing.computeIfAbsent(dc, k -> new ArrayList<>()).add(source.hostId());
            }
        }
        if (!missing.isEmpty()) {
            throw new RestoreFailure(
                    FailureReason.UNKNOWN_DATACENTER,
                    "the cluster has no datacenter " + String.join(", ", missing.keySet())
                            + " of the backup (its nodes " + missing + "); the cluster has " + clusterDatacenters
                            + ". Restore the other datacenters only (datacenters), or map those nodes with"
                            + " nodeMapping");
        }
    }

    /** One target per source within each rack: the same tokens first, then by first token (numeric order). */
    private static Map<String, TargetNode> pairByTopology(List<Source> sources, List<TargetNode> targets) {
        Map<String, TargetNode> pairs = new LinkedHashMap<>();
        Map<String, List<Source>> sourceRacks = byRack(sources, Source::node);
        Map<String, List<TargetNode>> targetRacks = byRack(targets, TargetNode::ref);
        for (Map.Entry<String, List<Source>> rack : sourceRacks.entrySet()) {
            List<Source> rackSources = new ArrayList<>(rack.getValue());
            List<TargetNode> rackTargets = new ArrayList<>(targetRacks.get(rack.getKey()));
            for (Source source : List.copyOf(rackSources)) {
                TargetNode same = rackTargets.stream()
                        .filter(t -> sameTokens(source.tokens(), t.tokens()))
                        .findFirst()
                        .orElse(null);
                if (same != null) {
                    rackTargets.remove(same);
                    rackSources.remove(source);
                    pairs.put(source.hostId(), same);
                }
            }
            rackSources.sort(Comparator.comparing((Source s) -> firstToken(s.tokens()), TOKENS)
                    .thenComparing(Source::hostId));
            rackTargets.sort(Comparator.comparing((TargetNode t) -> firstToken(t.tokens()), TOKENS)
                    .thenComparing(TargetNode::hostId));
            for (int i = 0; i < rackSources.size(); i++) {
                pairs.put(rackSources.get(i).hostId(), rackTargets.get(i));
            }
        }
        return pairs;
    }

    /**
     * Spreads {@code sources} over every node of their datacenter: each goes to the node with the fewest sources so far
     * (counting {@code alreadyChosen}), a node of its rack first among those, then in ring order.
     */
    private static Map<String, TargetNode> spread(
            List<Source> sources, List<TargetNode> datacenter, Iterable<TargetNode> alreadyChosen) {
        Map<String, Integer> load = new HashMap<>();
        datacenter.forEach(t -> load.put(t.hostId(), 0));
        alreadyChosen.forEach(t -> load.computeIfPresent(t.hostId(), (id, n) -> n + 1));
        List<TargetNode> order = new ArrayList<>(datacenter);
        order.sort(Comparator.comparing((TargetNode t) -> firstToken(t.tokens()), TOKENS)
                .thenComparing(TargetNode::hostId));
        // The racks taken in turn, each in ring order, so that every rack finds a node of its own while some are free.
        List<List<Source>> racks = new ArrayList<>(byRack(sources, Source::node).values());
        racks.forEach(rack -> rack.sort(Comparator.comparing((Source s) -> firstToken(s.tokens()), TOKENS)
                .thenComparing(Source::hostId)));
        List<Source> ordered = new ArrayList<>();
        for (int i = 0; ordered.size() < sources.size(); i++) {
            for (List<Source> rack : racks) {
                if (i < rack.size()) {
                    ordered.add(rack.get(i));
                }
            }
        }
        Map<String, TargetNode> pairs = new LinkedHashMap<>();
        for (Source source : ordered) {
            TargetNode best = null;
            for (TargetNode candidate : order) {
                if (best == null || better(candidate, best, source, load)) {
                    best = candidate;
                }
            }
            pairs.put(source.hostId(), best);
            load.merge(best.hostId(), 1, Integer::sum);
        }
        return pairs;
    }

    private static boolean better(TargetNode candidate, TargetNode best, Source source, Map<String, Integer> load) {
        int byLoad = Integer.compare(load.get(candidate.hostId()), load.get(best.hostId()));
        if (byLoad != 0) {
            return byLoad < 0;
        }
        boolean candidateRack = rack(candidate.ref()).equals(rack(source.node()));
        boolean bestRack = rack(best.ref()).equals(rack(source.node()));
        return candidateRack && !bestRack;
    }

    /**
     * The datacenters whose ring in the cluster is the backup's: the same number of nodes, and the same tokens owned
     * by a node of the same rack. Only there does a node own exactly what its backed-up node's SSTables hold.
     */
    private static Set<String> importableDatacenters(List<Source> sources, List<TargetNode> targets) {
        Map<String, List<String>> backupRing = new TreeMap<>();
        for (Source source : sources) {
            backupRing
                    .computeIfAbsent(source.node().datacenter(), k -> new ArrayList<>())
                    .add(rack(source.node()) + "=" + sorted(source.tokens()));
        }
        Map<String, List<String>> clusterRing = new TreeMap<>();
        for (TargetNode target : targets) {
            clusterRing
                    .computeIfAbsent(target.ref().datacenter(), k -> new ArrayList<>())
                    .add(rack(target.ref()) + "=" + sorted(target.tokens()));
        }
        Set<String> importable = new TreeSet<>();
        backupRing.forEach((dc, ring) -> {
            List<String> cluster = clusterRing.getOrDefault(dc, List.of());
            List<String> backupSorted = new ArrayList<>(ring);
            List<String> clusterSorted = new ArrayList<>(cluster);
            backupSorted.sort(null);
            clusterSorted.sort(null);
            if (backupSorted.equals(clusterSorted)) {
                importable.add(dc);
            }
        });
        return importable;
    }

    private static RestoreMethod method(
            Source source,
            TargetNode target,
            Set<String> importableDatacenters,
            List<Source> sources,
            List<TargetNode> targets) {
        String dc = source.node().datacenter();
        if (!dc.equals(target.ref().datacenter())) {
            return RestoreMethod.STREAM;
        }
        if (source.tokens().isEmpty()) {
            // A manifest without tokens: nothing to compare, so import where the datacenter kept its size, as before.
            long backed = sources.stream()
                    .filter(s -> dc.equals(s.node().datacenter()))
                    .count();
            long cluster = targets.stream()
                    .filter(t -> dc.equals(t.ref().datacenter()))
                    .count();
            return backed == cluster ? RestoreMethod.IMPORT : RestoreMethod.STREAM;
        }
        return importableDatacenters.contains(dc) && sameTokens(source.tokens(), target.tokens())
                ? RestoreMethod.IMPORT
                : RestoreMethod.STREAM;
    }

    private static final Comparator<String> TOKENS = Comparator.nullsLast(CassandraTargetCluster.TOKEN_ORDER);

    private static boolean sameTokens(List<String> a, List<String> b) {
        return !a.isEmpty() && sorted(a).equals(sorted(b));
    }

    private static <T> Map<String, List<T>> byDatacenter(List<T> nodes, Function<T, NodeRef> ref) {
        Map<String, List<T>> groups = new TreeMap<>();
        nodes.forEach(n -> groups.computeIfAbsent(ref.apply(n).datacenter(), k -> new ArrayList<>())
                .add(n));
        return groups;
    }

    private static <T> Map<String, List<T>> byRack(List<T> nodes, Function<T, NodeRef> ref) {
        Map<String, List<T>> groups = new TreeMap<>();
        nodes.forEach(n -> groups.computeIfAbsent(rack(ref.apply(n)), k -> new ArrayList<>())
                .add(n));
        return groups;
    }

    private static <T> Map<String, Integer> counts(List<T> nodes, Function<T, NodeRef> ref) {
        Map<String, Integer> counts = new TreeMap<>();
        nodes.forEach(n -> counts.merge(rack(ref.apply(n)), 1, Integer::sum));
        return counts;
    }

    private static String rack(NodeRef node) {
        return Objects.requireNonNullElse(node.rack(), "");
    }

    private static List<String> sorted(List<String> tokens) {
        List<String> copy = new ArrayList<>(tokens);
        copy.sort(CassandraTargetCluster.TOKEN_ORDER);
        return copy;
    }

    private static String firstToken(List<String> tokens) {
        return tokens.isEmpty() ? null : sorted(tokens).get(0);
    }
}
