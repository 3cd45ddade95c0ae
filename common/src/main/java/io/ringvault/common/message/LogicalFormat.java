package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The file format of a logical backup's rows. */
public enum LogicalFormat {
    /** ringvault's typed, compressed chunk files ({@code .rvlg}, docs/logical-format.md). The default. */
    @JsonProperty("native")
    NATIVE,
    /** CSV in cqlsh {@code COPY}'s format, with a header ({@code .csv}): {@code cqlsh COPY FROM} loads it. */
    @JsonProperty("csv")
    CSV
}
