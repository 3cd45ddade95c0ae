package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.ringvault.common.failure.FailureReason;

/**
 * {@code io.ringvault.restore.progress}: how the restore of one table on one node stands. Sent by the restorer on the
 * events topic when a table changes phase and every few seconds while it downloads; the coordinator folds them, and
 * {@code ringvault operations watch} shows them.
 *
 * @param node the target node
 * @param keyspace the table's keyspace
 * @param table the table
 * @param phase where the table stands
 * @param filesDone files staged and verified
 * @param filesTotal files of the table for this node
 * @param bytesDone bytes staged and verified
 * @param bytesTotal bytes of the table for this node
 * @param bytesPerSecond the recent download rate; absent outside downloads
 * @param etaSeconds the estimated seconds left for the table's download; absent when unknown
 * @param reason why the table failed, for example {@link FailureReason#CHECKSUM_MISMATCH}; only with phase
 *     {@code failed}
 * @param detail what failed, naming the file and the backup, safe to show; only with phase {@code failed}
 * @param rows a logical restore's rows written into the table so far (chunk files done); absent for a physical
 *     restore
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RestoreProgress(
        NodeRef node,
        String keyspace,
        String table,
        RestorePhase phase,
        long filesDone,
        long filesTotal,
        long bytesDone,
        long bytesTotal,
        Long bytesPerSecond,
        Long etaSeconds,
        FailureReason reason,
        String detail,
        Long rows)
        implements Event {
    public RestoreProgress {
        if (node == null) {
            throw new IllegalArgumentException("node is required");
        }
        Names.requireKeyspaces(java.util.List.of(Names.requireText(keyspace, "keyspace")), "keyspace");
        Names.requireKeyspaces(java.util.List.of(Names.requireText(table, "table")), "table");
        if (phase == null) {
            throw new IllegalArgumentException("phase is required");
        }
        Names.requireNonNegative(filesDone, "filesDone");
        Names.requireNonNegative(filesTotal, "filesTotal");
        Names.requireNonNegative(bytesDone, "bytesDone");
        Names.requireNonNegative(bytesTotal, "bytesTotal");
        if (rows != null) {
            Names.requireNonNegative(rows, "rows");
        }
    }

    /** The progress of a physical restore: the fields that existed before {@code rows}, in their order. */
    public RestoreProgress(
            NodeRef node,
            String keyspace,
            String table,
            RestorePhase phase,
            long filesDone,
            long filesTotal,
            long bytesDone,
            long bytesTotal,
            Long bytesPerSecond,
            Long etaSeconds,
            FailureReason reason,
            String detail) {
        this(
                node,
                keyspace,
                table,
                phase,
                filesDone,
                filesTotal,
                bytesDone,
                bytesTotal,
                bytesPerSecond,
                etaSeconds,
                reason,
                detail,
                null);
    }
}
