package io.ringvault.restorer.restore;

import io.ringvault.common.backup.NodeManifest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a node stands with a table before anything is sent, so that a restore run again continues: a file the node
 * lists with the manifest's size and SHA-256 is not sent again, a table it imported is done there; and the rest must
 * fit in its free room ({@code insufficient-space} before the first byte moves).
 */
final class StagingInspector {
    private static final Logger LOG = LoggerFactory.getLogger(StagingInspector.class);

    private final AgentCalls calls;
    private final RestoreMetrics metrics;

    StagingInspector(AgentCalls calls, RestoreMetrics metrics) {
        this.calls = calls;
        this.metrics = metrics;
    }

    /**
     * Sets the part's {@code imported} and {@code missing}, counting what is already there as done: each backed-up
     * node's files are looked for in their own staging namespace.
     */
    void inspect(NodeTable part) throws Exception {
        List<NodeManifest.File> missing = new ArrayList<>();
        long stagedFiles = 0;
        long stagedBytes = 0;
        for (RestorePlan.SourceFiles source : part.node.sources()) {
            NodeAgents.TableStaging staging = calls.staging(part, source.stagingId());
            if (staging.imported()) {
                part.imported.add(source.stagingId());
                part.progress.alreadyDone(source.files().size(), source.bytes());
                continue;
            }
            Map<String, NodeAgents.StagedFile> staged = new HashMap<>();
            staging.files().forEach(f -> staged.put(f.fileName(), f));
            for (NodeManifest.File file : source.files()) {
                NodeAgents.StagedFile there = staged.get(file.fileName());
                if (there != null
                        && there.size() == file.size()
                        && RestoreFailures.sha256Hex(file).equals(there.sha256())) {
                    stagedFiles++;
                    stagedBytes += file.size();
                } else {
                    missing.add(file);
                }
            }
        }
        part.missing = missing;
        part.progress.alreadyDone(stagedFiles, stagedBytes);
        if (stagedFiles > 0) {
            metrics.filesSkipped(stagedFiles);
            LOG.info(
                    "files already staged operationId={} table={} node={} files={} bytes={}",
                    part.operationId,
                    part.table.name(),
                    part.target().hostId(),
                    stagedFiles,
                    stagedBytes);
        }
        long needed = missing.stream().mapToLong(NodeManifest.File::size).sum();
        if (needed > 0) {
            NodeAgents.Space space = calls.space(part);
            if (needed > space.usableBytes()) {
                throw RestoreFailures.noRoom(part, needed, space);
            }
        }
    }
}
