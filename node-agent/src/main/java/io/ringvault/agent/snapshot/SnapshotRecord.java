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
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SnapshotRecord(
        String backupId, List<String> wholeKeyspaces, Map<String, Set<String>> tables, Status status, Instant since) {

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
    }

    public SnapshotScope scope() {
        return new SnapshotScope(wholeKeyspaces, tables);
    }

    public SnapshotRecord withStatus(Status newStatus, Instant now) {
        return new SnapshotRecord(backupId, wholeKeyspaces, tables, newStatus, now);
    }
}
