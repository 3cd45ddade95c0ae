package io.ringvault.agent.logical;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PrimaryRangesTest {

    /** The ring's ranges, each {@code (previous token, token]}, the first wrapping around. */
    private static List<PrimaryRanges.Range<Long>> ranges(TreeMap<Long, String> ring, Map<Long, Set<String>> replicas) {
        List<PrimaryRanges.Range<Long>> ranges = new ArrayList<>();
        Long previous = ring.lastKey();
        for (Long token : ring.keySet()) {
            ranges.add(new PrimaryRanges.Range<>(previous, token, replicas.get(token)));
            previous = token;
        }
        return ranges;
    }

    /** SimpleStrategy: the owner of a range's end and the next {@code rf - 1} distinct nodes clockwise. */
    private static Map<Long, Set<String>> simpleReplicas(TreeMap<Long, String> ring, int rf) {
        Map<Long, Set<String>> replicas = new HashMap<>();
        List<String> order = new ArrayList<>(ring.values());
        List<Long> tokens = new ArrayList<>(ring.keySet());
        for (int i = 0; i < tokens.size(); i++) {
            Set<String> set = new LinkedHashSet<>();
            for (int j = 0; set.size() < rf && j < order.size(); j++) {
                set.add(order.get((i + j) % order.size()));
            }
            replicas.put(tokens.get(i), set);
        }
        return replicas;
    }

    @Test
    void shouldGiveEachRangeToItsPrimaryReplicaWhenEveryNodeIsInScope() {
        TreeMap<Long, String> ring = new TreeMap<>(Map.of(-100L, "a", 0L, "b", 100L, "c"));
        List<PrimaryRanges.Range<Long>> all = ranges(ring, simpleReplicas(ring, 2));
        Set<String> scope = Set.of("a", "b", "c");

        assertThat(PrimaryRanges.exportedBy("a", all, ring, scope))
                .extracting(PrimaryRanges.Range::end)
                .containsExactly(-100L);
        assertThat(PrimaryRanges.exportedBy("b", all, ring, scope))
                .extracting(PrimaryRanges.Range::end)
                .containsExactly(0L);
        assertThat(PrimaryRanges.exportedBy("c", all, ring, scope))
                .extracting(PrimaryRanges.Range::end)
                .containsExactly(100L);
    }

    @Test
    void shouldExportEveryRangeExactlyOnceWithVnodes() {
        // Three nodes with four tokens each, interleaved; replication factor 2.
        TreeMap<Long, String> ring = new TreeMap<>();
        String[] nodes = {"a", "b", "c"};
        for (int i = 0; i < 12; i++) {
            ring.put(-600L + i * 100L + (i % 5), nodes[(i * 7) % 3]);
        }
        List<PrimaryRanges.Range<Long>> all = ranges(ring, simpleReplicas(ring, 2));
        Set<String> scope = Set.of(nodes);

        List<Long> exported = new ArrayList<>();
        for (String node : nodes) {
            List<PrimaryRanges.Range<Long>> mine = PrimaryRanges.exportedBy(node, all, ring, scope);
            mine.forEach(range -> assertThat(ring.get(range.end())).isEqualTo(node));
            mine.forEach(range -> exported.add(range.end()));
        }
        assertThat(exported).containsExactlyInAnyOrderElementsOf(ring.keySet());
    }

    @Test
    void shouldExportEachRangeOnceFromTheDatacentersInScope() {
        // Two datacenters of two nodes, one replica in each (NetworkTopologyStrategy {dc1: 1, dc2: 1}): each range's
        // replicas are the first dc1 node and the first dc2 node clockwise from its end.
        TreeMap<Long, String> ring = new TreeMap<>(Map.of(-200L, "dc1-a", -100L, "dc2-a", 0L, "dc1-b", 100L, "dc2-b"));
        Map<Long, Set<String>> replicas = Map.of(
                -200L, Set.of("dc1-a", "dc2-a"),
                -100L, Set.of("dc2-a", "dc1-b"),
                0L, Set.of("dc1-b", "dc2-b"),
                100L, Set.of("dc2-b", "dc1-a"));
        List<PrimaryRanges.Range<Long>> all = ranges(ring, replicas);

        // Both datacenters: each range once, by its primary replica, whichever datacenter it is in.
        Set<String> both = Set.of("dc1-a", "dc1-b", "dc2-a", "dc2-b");
        List<Long> exported = new ArrayList<>();
        for (String node : both) {
            PrimaryRanges.exportedBy(node, all, ring, both).forEach(range -> exported.add(range.end()));
        }
        assertThat(exported).containsExactlyInAnyOrder(-200L, -100L, 0L, 100L);

        // dc1 only: dc1's replica of each range exports it, dc2's nodes nothing.
        Set<String> dc1 = Set.of("dc1-a", "dc1-b");
        assertThat(PrimaryRanges.exportedBy("dc1-a", all, ring, dc1))
                .extracting(PrimaryRanges.Range::end)
                .containsExactlyInAnyOrder(-200L, 100L);
        assertThat(PrimaryRanges.exportedBy("dc1-b", all, ring, dc1))
                .extracting(PrimaryRanges.Range::end)
                .containsExactlyInAnyOrder(-100L, 0L);
        assertThat(PrimaryRanges.exportedBy("dc2-a", all, ring, dc1)).isEmpty();
    }

    @Test
    void shouldLeaveARangeNoNodeInScopeReplicates() {
        TreeMap<Long, String> ring = new TreeMap<>(Map.of(0L, "dc1-a", 100L, "dc2-a"));
        PrimaryRanges.Range<Long> onlyDc2 = new PrimaryRanges.Range<>(0L, 100L, Set.of("dc2-a"));

        assertThat(PrimaryRanges.exporter(onlyDc2, ring, Set.of("dc1-a"))).isEmpty();
        assertThat(PrimaryRanges.exporter(onlyDc2, ring, Set.of("dc1-a", "dc2-a")))
                .contains("dc2-a");
    }

    @Test
    void shouldExportTheWholeRingFromASingleNode() {
        TreeMap<Long, String> ring = new TreeMap<>(Map.of(42L, "a"));
        PrimaryRanges.Range<Long> whole = new PrimaryRanges.Range<>(42L, 42L, Set.of("a"));

        assertThat(PrimaryRanges.exportedBy("a", List.of(whole), ring, Set.of("a")))
                .containsExactly(whole);
    }
}
