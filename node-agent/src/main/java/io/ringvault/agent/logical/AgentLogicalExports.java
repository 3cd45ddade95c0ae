package io.ringvault.agent.logical;

import io.ringvault.agent.snapshot.LogicalExport;
import io.ringvault.agent.snapshot.LogicalExportRunner;
import io.ringvault.agent.snapshot.SnapshotFile;
import io.ringvault.agent.snapshot.SnapshotScope;
import io.ringvault.common.message.LogicalFormat;
import java.util.Set;
import java.util.function.Consumer;

/** The agent's logical exports: {@link LogicalExporter} run by {@link LogicalExports}, into its directories. */
public final class AgentLogicalExports implements LogicalExportRunner {
    private final LogicalExporter exporter;
    private final LogicalExports exports;

    public AgentLogicalExports(LogicalExporter exporter, LogicalExports exports) {
        this.exporter = exporter;
        this.exports = exports;
    }

    @Override
    public LogicalExport export(
            String backupId,
            SnapshotScope scope,
            String selfHostId,
            Set<String> inScope,
            LogicalFormat format,
            Consumer<SnapshotFile> onFile) {
        return exports.run(
                backupId,
                () -> exporter.export(
                        backupId, scope, selfHostId, inScope, format, exports.directory(backupId), onFile));
    }

    @Override
    public boolean cancel(String backupId) {
        return exports.cancel(backupId);
    }

    @Override
    public void discard(String backupId) {
        exports.remove(backupId);
    }
}
