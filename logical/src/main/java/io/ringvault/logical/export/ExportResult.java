package io.ringvault.logical.export;

import java.time.Duration;
import java.util.List;

/** What an export of one table wrote: its chunk files, in range order, and how long it took. */
public record ExportResult(String keyspace, String table, List<ExportedChunk> chunks, Duration took) {
    public ExportResult {
        chunks = List.copyOf(chunks);
    }

    public long rows() {
        return chunks.stream().mapToLong(c -> c.summary().rows()).sum();
    }

    public long bytes() {
        return chunks.stream().mapToLong(c -> c.summary().bytes()).sum();
    }
}
