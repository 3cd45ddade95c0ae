package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** How a backup reads the data: the nodes' SSTables, or the rows through CQL. */
public enum BackupMethod {
    /** A Cassandra snapshot (or the SSTables of {@code backups/}) on each node: the files as they are. The default. */
    @JsonProperty("snapshot")
    SNAPSHOT,
    /**
     * The schema as CQL and every row, read through CQL by token range and written as chunk files (the logical
     * format, or CSV): portable to another Cassandra version, cluster size or keyspace. Always full.
     */
    @JsonProperty("logical")
    LOGICAL;

    /**
     * The method as a message field holds it: absent (null) for a snapshot, so a snapshot backup's messages and
     * documents read exactly as before the field existed.
     */
    public static BackupMethod writtenOnlyWhenLogical(BackupMethod method) {
        return method == LOGICAL ? LOGICAL : null;
    }

    /**
     * The format as a message field holds it: absent (null) for the native format, and only with a logical method.
     *
     * @throws IllegalArgumentException when a format is given for a method other than logical
     */
    public static LogicalFormat formatOf(BackupMethod method, LogicalFormat format) {
        if (format != null && method != LOGICAL) {
            throw new IllegalArgumentException("format " + format.wireName()
                    + " is only for a logical backup (method logical), not a snapshot backup");
        }
        return format == LogicalFormat.CSV ? LogicalFormat.CSV : null;
    }

    /** The name on the wire: {@code snapshot}, {@code logical}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
