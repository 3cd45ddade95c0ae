package io.ringvault.cli.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * What a partial backup lacks, as the coordinator shows it: the nodes that were down when it was accepted, and per
 * keyspace the token ranges no backed-up node holds (at most 100 listed; {@code rangeCount} says how many there are).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PartialBackup(List<NodeRef> missingNodes, List<KeyspaceRanges> uncoveredRanges) {
    public PartialBackup {
        missingNodes = missingNodes == null ? List.of() : List.copyOf(missingNodes);
        uncoveredRanges = uncoveredRanges == null ? List.of() : List.copyOf(uncoveredRanges);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record KeyspaceRanges(String keyspace, int rangeCount, List<TokenRange> ranges) {
        public KeyspaceRanges {
            ranges = ranges == null ? List.of() : List.copyOf(ranges);
        }
    }

    /** From {@code start} (exclusive) to {@code end} (inclusive); start equal to end is the whole ring. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TokenRange(String start, String end) {
        @Override
        public String toString() {
            return start.equals(end) ? "the whole ring" : "(" + start + ", " + end + "]";
        }
    }
}
