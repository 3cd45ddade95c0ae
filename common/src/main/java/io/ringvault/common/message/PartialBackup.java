package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Collections;
import java.util.List;

/**
 * What a partial backup lacks: a backup asked with {@code allowPartial} while nodes in its scope were down covers only
 * the nodes that were up. Written by the coordinator in {@link OperationAccepted#partial()} when it accepts such a
 * backup, and copied into the backup manifest; absent everywhere for a backup of every node in scope.
 *
 * @param missingNodes the nodes in scope that were down when the backup was accepted and are not in it; at least one
 * @param uncoveredRanges per keyspace of the backup, the token ranges of which no backed-up node holds a replica: the
 *     data in them is not in the backup. A keyspace every range of which has a backed-up replica has no entry
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PartialBackup(List<NodeRef> missingNodes, List<KeyspaceRanges> uncoveredRanges) {
    public PartialBackup {
        missingNodes = Names.listOrEmpty(missingNodes, "missingNodes");
        uncoveredRanges = Names.listOrEmpty(uncoveredRanges, "uncoveredRanges");
        if (missingNodes.isEmpty()) {
            throw new IllegalArgumentException("missingNodes is required: a partial backup misses at least one node");
        }
    }

    /**
     * The token ranges of one keyspace that no backed-up replica holds, adjacent ranges merged, in ring order.
     *
     * @param keyspace the keyspace
     * @param rangeCount how many ranges there are once merged; more than {@code ranges} lists when the list was capped
     * @param ranges the first ranges, in ring order; at most a cap the coordinator sets (100)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record KeyspaceRanges(String keyspace, int rangeCount, List<TokenRange> ranges) {
        public KeyspaceRanges {
            Names.requireKeyspaces(Collections.singletonList(keyspace), "keyspace");
            ranges = Names.listOrEmpty(ranges, "ranges");
            if (rangeCount < ranges.size()) {
                throw new IllegalArgumentException(
                        "rangeCount " + rangeCount + " is smaller than the " + ranges.size() + " ranges listed");
            }
        }
    }

    /**
     * A token range as Cassandra writes it: from {@code start} (exclusive) to {@code end} (inclusive), tokens written as
     * the partitioner formats them (signed 64-bit integers for Murmur3Partitioner). A range whose {@code start} is after
     * its {@code end} wraps around the ring; one whose {@code start} equals its {@code end} is the whole ring.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TokenRange(String start, String end) {
        public TokenRange {
            Names.requireText(start, "start");
            Names.requireText(end, "end");
        }
    }
}
