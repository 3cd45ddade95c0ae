package io.ringvault.agent.snapshot;

import io.ringvault.common.message.LogicalFormat;
import java.util.Set;

/**
 * Exports the rows of a logical backup on this node and owns what the export leaves on disk: what
 * {@link SnapshotService} asks of the logical side, so that it stays free of CQL.
 */
public interface LogicalExportRunner {
    /**
     * Exports {@code scope}: the ranges {@code selfHostId} exports among the nodes {@code inScope}, in {@code format}.
     * Waits for the export; {@link #cancel} stops it.
     *
     * @throws SnapshotFailedException naming the table that failed, or {@code cancelled}
     */
    LogicalExport export(
            String backupId, SnapshotScope scope, String selfHostId, Set<String> inScope, LogicalFormat format);

    /** Stops the export of {@code backupId} if one runs; true if one did. */
    boolean cancel(String backupId);

    /** Removes everything the export of {@code backupId} wrote; nothing when there is none. */
    void discard(String backupId);
}
