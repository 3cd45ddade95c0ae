package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The file format of a logical backup's rows ({@code BackupManifest.format}): absent means native. */
public enum LogicalFormat {
    /** ringvault's typed, compressed chunk files ({@code .rvlg}, see docs/logical-format.md). */
    @JsonProperty("native")
    NATIVE,
    /** CSV in the format cqlsh's {@code COPY TO} writes, with a header ({@code .csv}). */
    @JsonProperty("csv")
    CSV
}
