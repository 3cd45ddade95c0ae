package io.ringvault.agent.snapshot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A snapshot this agent took (or started to take), as kept in its state file.
 *
 * @param backupId the snapshot tag
 * @param wholeKeyspaces keyspaces snapshotted whole
 * @param tables per keyspace, the only tables snapshotted
 * @param status how far it got
 * @param since when it reached that status
 * @param incremental true when the node ships its {@code backups/} directories rather than a snapshot; decided once,
 *     when the record is first written, so a retake after a crash decides the same way
 * @param startedAt when the agent started to take it: a snapshot backup holds every {@code backups/} file written
 *     before (see {@link BackupsDirectories#release})
 * @param logical true for a logical backup's export: its files are under the agent's export directory, not in a
 *     Cassandra snapshot, and it holds no {@code backups/} links
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SnapshotRecord(
        String backupId,
        List<String> wholeKeyspaces,
        Map<String, Set<String>> tables,
        Status status,
        Instant since,
        Boolean incremental,
        Instant startedAt,
        Boolean logical) {

    /** Where a snapshot is in its life. */
    public enum Status {
        /** The JMX call was made or is under way; the snapshot may be partial, and no file was announced. */
        TAKING,
        /** Complete: its files are announced and served. */
        TAKEN,
        /** Its operation is over but Cassandra could not clear it yet; retried until it can. */
        CLEARING;
    }

    public SnapshotRecord {
        wholeKeyspaces = wholeKeyspaces == null ? List.of() : List.copyOf(wholeKeyspaces);
        tables = tables == null ? Map.of() : SnapshotScope.sorted(tables);
        incremental = incremental != null && incremental;
        logical = logical != null && logical;
    }

    /** A record of a snapshot or incremental backup. */
    public SnapshotRecord(
            String backupId,
            List<String> wholeKeyspaces,
            Map<String, Set<String>> tables,
            Status status,
            Instant since,
            Boolean incremental,
            Instant startedAt) {
        this(backupId, wholeKeyspaces, tables, status, since, incremental, startedAt, false);
    }

    /** A snapshot record of a snapshot backup whose start is not known. */
    public SnapshotRecord(
            String backupId,
            List<String> wholeKeyspaces,
            Map<String, Set<String>> tables,
            Status status,
            Instant since) {
        this(backupId, wholeKeyspaces, tables, status, since, false, null);
    }

    public SnapshotScope scope() {
        return new SnapshotScope(wholeKeyspaces, tables);
    }

    public SnapshotRecord withStatus(Status newStatus, Instant now) {
        return new SnapshotRecord(backupId, wholeKeyspaces, tables, newStatus, now, incremental, startedAt, logical);
    }
}
