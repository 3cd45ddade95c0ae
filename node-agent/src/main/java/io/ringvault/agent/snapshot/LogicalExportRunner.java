package io.ringvault.agent.snapshot;

import io.ringvault.common.message.LogicalFormat;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Exports the rows of a logical backup on this node and owns what the export leaves on disk: what
 * {@link SnapshotService} asks of the logical side, so that it stays free of CQL.
 */
public interface LogicalExportRunner {
    /**
     * Exports {@code scope}: the ranges {@code selfHostId} exports among the nodes {@code inScope}, in {@code format}.
     * Waits for the export; {@link #cancel} stops it. Each file is handed to {@code onFile} as soon as it is written
     * and closed, while the export goes on (from the export's threads, several at a time); the result lists them all.
     *
     * @throws SnapshotFailedException naming the table that failed, or {@code cancelled}
     */
    LogicalExport export(
            String backupId,
            SnapshotScope scope,
            String selfHostId,
            Set<String> inScope,
            LogicalFormat format,
            Consumer<SnapshotFile> onFile);

    /** Stops the export of {@code backupId} if one runs; true if one did. */
    boolean cancel(String backupId);

    /** Removes everything the export of {@code backupId} wrote; nothing when there is none. */
    void discard(String backupId);
}
