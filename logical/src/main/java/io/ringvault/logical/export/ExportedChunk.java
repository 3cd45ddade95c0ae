package io.ringvault.logical.export;

import io.ringvault.logical.format.ChunkSummary;
import java.util.Objects;

/**
 * One chunk file an export wrote.
 *
 * @param rangeIndex the index of its token range in the export's list of ranges
 * @param range the token range, as {@code (start, end]} in the partitioner's text form
 * @param summary its rows, size and SHA-256
 */
public record ExportedChunk(int rangeIndex, String range, ChunkSummary summary) {
    public ExportedChunk {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(summary, "summary");
    }
}
