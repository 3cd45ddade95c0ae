package io.ringvault.agent.logical;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which node of a logical backup exports which token range, so that every range is exported exactly once: by its
 * primary replica among the nodes in the backup's scope.
 *
 * <p>The replicas of a range {@code (start, end]} are found, for SimpleStrategy and NetworkTopologyStrategy alike, by
 * walking the ring clockwise from the node that owns {@code end}. The exporter is the first node met on that walk that
 * is both a replica and in scope: the range's primary replica when it is in scope, else the next replica in scope (in
 * a backup limited to one datacenter, the first replica of that datacenter). Every agent computes the same answer from
 * the same ring, without talking to the others. A range no node in scope replicates is exported by none.
 *
 * <p>Pure: tokens are any comparable type, nodes are host ids; {@link DriverRing} feeds it the driver's token map.
 */
public final class PrimaryRanges {
    private PrimaryRanges() {}

    /**
     * A token range {@code (start, end]} (start equal to end: the whole ring) with the host ids of its replicas.
     *
     * @param <T> the token type
     */
    public record Range<T>(T start, T end, Set<String> replicas) {
        public Range {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            replicas = Set.copyOf(replicas);
        }
    }

    /**
     * The ranges {@code self} exports.
     *
     * @param ranges every range of the ring, with its replicas for the keyspace
     * @param ring every token of the ring and the host id of the node that owns it
     * @param inScope the host ids of the nodes the backup covers
     */
    public static <T extends Comparable<? super T>> List<Range<T>> exportedBy(
            String self, List<Range<T>> ranges, NavigableMap<T, String> ring, Set<String> inScope) {
        List<Range<T>> mine = new ArrayList<>();
        for (Range<T> range : ranges) {
            if (exporter(range, ring, inScope).filter(self::equals).isPresent()) {
                mine.add(range);
            }
        }
        return mine;
    }

    /** The node that exports {@code range}: the first replica in scope on the clockwise walk from its end. */
    public static <T extends Comparable<? super T>> Optional<String> exporter(
            Range<T> range, NavigableMap<T, String> ring, Set<String> inScope) {
        for (Map<T, String> part : List.of(ring.tailMap(range.end(), true), ring.headMap(range.end(), false))) {
            for (String hostId : part.values()) {
                if (range.replicas().contains(hostId) && inScope.contains(hostId)) {
                    return Optional.of(hostId);
                }
            }
        }
        return Optional.empty();
    }
}
