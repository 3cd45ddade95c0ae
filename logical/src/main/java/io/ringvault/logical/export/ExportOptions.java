package io.ringvault.logical.export;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import io.ringvault.logical.format.ChunkWriter;
import java.util.Objects;

/**
 * How a table is exported.
 *
 * @param parallelism token ranges read at the same time (each by one thread, one page at a time)
 * @param splitsPerRange each token range is split evenly into this many, for parallelism on few ranges
 * @param pageSize rows per page of a range's query
 * @param maxRowsPerChunk a range's chunk is closed and the next one started past this many rows
 * @param maxBytesPerChunk ... or past this many bytes (compressed, approximately: the block being filled counts
 *     uncompressed)
 * @param maxRowsPerSecond the throttle, for all ranges together; 0 for none
 * @param consistency the read's consistency level
 * @param blockBytes the uncompressed size of a chunk's compressed blocks
 */
public record ExportOptions(
        int parallelism,
        int splitsPerRange,
        int pageSize,
        long maxRowsPerChunk,
        long maxBytesPerChunk,
        double maxRowsPerSecond,
        ConsistencyLevel consistency,
        int blockBytes) {
    public ExportOptions {
        Objects.requireNonNull(consistency, "consistency");
        if (parallelism < 1 || splitsPerRange < 1 || pageSize < 1 || maxRowsPerChunk < 1 || maxBytesPerChunk < 1) {
            throw new IllegalArgumentException("parallelism, splits, page size and chunk limits must be positive");
        }
        if (blockBytes < 1) {
            throw new IllegalArgumentException("block size must be positive");
        }
    }

    /** Two ranges at a time, 5000-row pages, chunks of at most a million rows or 128 MiB, no throttle, LOCAL_QUORUM. */
    public static ExportOptions defaults() {
        return new ExportOptions(
                2, 1, 5000, 1_000_000, 128L << 20, 0, ConsistencyLevel.LOCAL_QUORUM, ChunkWriter.DEFAULT_BLOCK_BYTES);
    }

    public ExportOptions withParallelism(int value) {
        return new ExportOptions(
                value,
                splitsPerRange,
                pageSize,
                maxRowsPerChunk,
                maxBytesPerChunk,
                maxRowsPerSecond,
                consistency,
                blockBytes);
    }

    public ExportOptions withSplitsPerRange(int value) {
        return new ExportOptions(
                parallelism,
                value,
                pageSize,
                maxRowsPerChunk,
                maxBytesPerChunk,
                maxRowsPerSecond,
                consistency,
                blockBytes);
    }

    public ExportOptions withPageSize(int value) {
        return new ExportOptions(
                parallelism,
                splitsPerRange,
                value,
                maxRowsPerChunk,
                maxBytesPerChunk,
                maxRowsPerSecond,
                consistency,
                blockBytes);
    }

    public ExportOptions withMaxRowsPerChunk(long value) {
        return new ExportOptions(
                parallelism,
                splitsPerRange,
                pageSize,
                value,
                maxBytesPerChunk,
                maxRowsPerSecond,
                consistency,
                blockBytes);
    }

    public ExportOptions withMaxRowsPerSecond(double value) {
        return new ExportOptions(
                parallelism,
                splitsPerRange,
                pageSize,
                maxRowsPerChunk,
                maxBytesPerChunk,
                value,
                consistency,
                blockBytes);
    }

    public ExportOptions withConsistency(ConsistencyLevel value) {
        return new ExportOptions(
                parallelism,
                splitsPerRange,
                pageSize,
                maxRowsPerChunk,
                maxBytesPerChunk,
                maxRowsPerSecond,
                value,
                blockBytes);
    }
}
