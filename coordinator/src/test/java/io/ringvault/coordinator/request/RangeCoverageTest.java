package io.ringvault.coordinator.request;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.message.PartialBackup;
import io.ringvault.common.message.PartialBackup.TokenRange;
import io.ringvault.coordinator.cluster.ClusterTopology.ReplicatedRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RangeCoverageTest {
    private static final Set<String> BACKED_UP = Set.of("a", "b");

    /** The driver's ring of tokens 10, 20, 30, 40: ordered by start, the range that wraps around last. */
    private static List<ReplicatedRange> ring(Set<String> r20, Set<String> r30, Set<String> r40, Set<String> r10) {
        return List.of(
                new ReplicatedRange("10", "20", r20),
                new ReplicatedRange("20", "30", r30),
                new ReplicatedRange("30", "40", r40),
                new ReplicatedRange("40", "10", r10));
    }

    @Test
    void shouldFindNothingWhenEveryRangeHasABackedUpReplica() {
        assertThat(RangeCoverage.uncovered(
                        "ks", ring(Set.of("a", "c"), Set.of("b"), Set.of("a"), Set.of("b", "c")), BACKED_UP))
                .isEmpty();
    }

    @Test
    void shouldMergeAdjacentUncoveredRanges() {
        assertThat(RangeCoverage.uncovered(
                        "ks", ring(Set.of("c"), Set.of("c", "d"), Set.of("a"), Set.of("b")), BACKED_UP))
                .contains(new PartialBackup.KeyspaceRanges("ks", 1, List.of(new TokenRange("10", "30"))));
    }

    @Test
    void shouldKeepRangesThatAreNotAdjacentApart() {
        assertThat(RangeCoverage.uncovered("ks", ring(Set.of("c"), Set.of("a"), Set.of("c"), Set.of("b")), BACKED_UP))
                .contains(new PartialBackup.KeyspaceRanges(
                        "ks", 2, List.of(new TokenRange("10", "20"), new TokenRange("30", "40"))));
    }

    @Test
    void shouldMergeAcrossTheEndOfTheRingIntoARangeThatWrapsAround() {
        assertThat(RangeCoverage.uncovered("ks", ring(Set.of("c"), Set.of("a"), Set.of("b"), Set.of("c")), BACKED_UP))
                .contains(new PartialBackup.KeyspaceRanges("ks", 1, List.of(new TokenRange("40", "20"))));
    }

    @Test
    void shouldWriteTheWholeRingFromATokenToItself() {
        assertThat(RangeCoverage.uncovered("ks", ring(Set.of("c"), Set.of("c"), Set.of("d"), Set.of()), BACKED_UP))
                .contains(new PartialBackup.KeyspaceRanges("ks", 1, List.of(new TokenRange("10", "10"))));
    }

    @Test
    void shouldListAtMostTheCapAndCountEveryRange() {
        List<ReplicatedRange> ring = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // Every other range is held only by a node that is not backed up: 150 ranges, none adjacent.
            ring.add(new ReplicatedRange(
                    String.valueOf(i * 10), String.valueOf(i * 10 + 10), i % 2 == 0 ? Set.of("c") : Set.of("a")));
        }

        PartialBackup.KeyspaceRanges uncovered =
                RangeCoverage.uncovered("ks", ring, BACKED_UP).orElseThrow();

        assertThat(uncovered.rangeCount()).isEqualTo(150);
        assertThat(uncovered.ranges()).hasSize(RangeCoverage.MAX_LISTED);
        assertThat(uncovered.ranges().get(0)).isEqualTo(new TokenRange("0", "10"));
        assertThat(uncovered.ranges().get(99)).isEqualTo(new TokenRange("1980", "1990"));
    }
}
