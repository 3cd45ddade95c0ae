package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** The file format of a logical backup's rows ({@link BackupMethod#LOGICAL}). */
public enum LogicalFormat {
    /**
     * ringvault's typed, compressed chunk files ({@code .rvlg}, docs/logical-format.md): every type exact, with write
     * times and TTLs. The default.
     */
    @JsonProperty("native")
    NATIVE,
    /** CSV that {@code cqlsh COPY FROM} loads ({@code .csv}, with a header), plus a {@code schema.cql} object. */
    @JsonProperty("csv")
    CSV;

    /** The name on the wire: {@code native}, {@code csv}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The extension of the files of this format, without the dot. */
    public String fileExtension() {
        return this == CSV ? "csv" : "rvlg";
    }
}
