package io.ringvault.logical.load;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import java.util.Objects;

/**
 * How chunks are imported.
 *
 * @param maxInFlight rows being written at the same time (each row's statements run one after the other)
 * @param maxErrors rows that may be rejected before the import fails (each is kept in the error file)
 * @param maxRowsPerSecond the throttle; 0 for none
 * @param consistency the writes' consistency level
 * @param maxBatchRows consecutive rows of one partition written as one unlogged batch, at most; 1 for a request per
 *     row
 */
public record ImportOptions(
        int maxInFlight, long maxErrors, double maxRowsPerSecond, ConsistencyLevel consistency, int maxBatchRows) {
    public ImportOptions {
        Objects.requireNonNull(consistency, "consistency");
        if (maxInFlight < 1 || maxErrors < 0) {
            throw new IllegalArgumentException("maxInFlight must be positive and maxErrors not negative");
        }
        if (maxBatchRows < 1 || maxBatchRows > maxInFlight) {
            throw new IllegalArgumentException("maxBatchRows must be between 1 and maxInFlight");
        }
    }

    /** 256 rows in flight, batches of up to 16 rows of a partition, no error allowed, no throttle, LOCAL_QUORUM. */
    public static ImportOptions defaults() {
        return new ImportOptions(256, 0, 0, ConsistencyLevel.LOCAL_QUORUM, 16);
    }

    public ImportOptions withMaxInFlight(int value) {
        return new ImportOptions(value, maxErrors, maxRowsPerSecond, consistency, Math.min(maxBatchRows, value));
    }

    public ImportOptions withMaxErrors(long value) {
        return new ImportOptions(maxInFlight, value, maxRowsPerSecond, consistency, maxBatchRows);
    }

    public ImportOptions withMaxRowsPerSecond(double value) {
        return new ImportOptions(maxInFlight, maxErrors, value, consistency, maxBatchRows);
    }

    public ImportOptions withMaxBatchRows(int value) {
        return new ImportOptions(maxInFlight, maxErrors, maxRowsPerSecond, consistency, value);
    }
}
