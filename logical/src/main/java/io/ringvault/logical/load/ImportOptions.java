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
 */
public record ImportOptions(int maxInFlight, long maxErrors, double maxRowsPerSecond, ConsistencyLevel consistency) {
    public ImportOptions {
        Objects.requireNonNull(consistency, "consistency");
        if (maxInFlight < 1 || maxErrors < 0) {
            throw new IllegalArgumentException("maxInFlight must be positive and maxErrors not negative");
        }
    }

    /** 256 rows in flight, no error allowed, no throttle, LOCAL_QUORUM. */
    public static ImportOptions defaults() {
        return new ImportOptions(256, 0, 0, ConsistencyLevel.LOCAL_QUORUM);
    }

    public ImportOptions withMaxInFlight(int value) {
        return new ImportOptions(value, maxErrors, maxRowsPerSecond, consistency);
    }

    public ImportOptions withMaxErrors(long value) {
        return new ImportOptions(maxInFlight, value, maxRowsPerSecond, consistency);
    }

    public ImportOptions withMaxRowsPerSecond(double value) {
        return new ImportOptions(maxInFlight, maxErrors, value, consistency);
    }
}
