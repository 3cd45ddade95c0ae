package io.ringvault.coordinator.request;

import io.ringvault.common.message.PartialBackup;
import io.ringvault.coordinator.cluster.ClusterTopology.ReplicatedRange;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which token ranges of a keyspace a backup of some of the nodes lacks: the ranges none of whose replicas is backed up.
 * Pure: the ring comes from {@link io.ringvault.coordinator.cluster.ClusterTopology#ring}.
 */
final class RangeCoverage {
    /** At most this many ranges are listed per keyspace; the count says how many there are. */
    static final int MAX_LISTED = 100;

    private RangeCoverage() {}

    /**
     * The ranges of {@code ring} (in ring order) of which no node in {@code backedUp} (host ids) holds a replica,
     * adjacent ones merged; empty when every range has a backed-up replica.
     */
    static Optional<PartialBackup.KeyspaceRanges> uncovered(
            String keyspace, List<ReplicatedRange> ring, Set<String> backedUp) {
        List<String[]> merged = new ArrayList<>();
        for (ReplicatedRange range : ring) {
            if (!Collections.disjoint(range.replicas(), backedUp)) {
                continue;
            }
            String[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && last[1].equals(range.start())) {
                last[1] = range.end();
            } else {
                merged.add(new String[] {range.start(), range.end()});
            }
        }
        // The ring closes on itself: the last range may end where the first begins. Merged, the range wraps around
        // (or, when every range was uncovered, runs from a token to itself: the whole ring).
        if (merged.size() > 1) {
            String[] first = merged.get(0);
            String[] last = merged.get(merged.size() - 1);
            if (last[1].equals(first[0])) {
                last[1] = first[1];
                merged.remove(0);
            }
        }
        if (merged.isEmpty()) {
            return Optional.empty();
        }
        List<PartialBackup.TokenRange> listed = merged.stream()
                .limit(MAX_LISTED)
                .map(range -> new PartialBackup.TokenRange(range[0], range[1]))
                .toList();
        return Optional.of(new PartialBackup.KeyspaceRanges(keyspace, merged.size(), listed));
    }
}
