package io.ringvault.restorer.restore;

import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.message.NodeRef;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One table on one node while it is restored: the files the plan gives the node (those of each backed-up node mapped
 * to it), what the node already held ({@link StagingInspector} fills {@link #missing} and {@link #imported}), and the
 * transfer's progress.
 */
final class NodeTable {
    final String operationId;
    final String backupId;
    final RestorePlan.TablePlan table;
    final RestorePlan.NodeFiles node;
    final TransferProgress progress;
    /** The files the node still needs, known once the node was inspected. */
    List<NodeManifest.File> missing = List.of();
    /**
     * The staging namespaces ({@link RestorePlan.SourceFiles#stagingId()}) whose files the node imported or streamed in
     * an earlier attempt of this operation: nothing left to do for them.
     */
    final Set<String> imported = ConcurrentHashMap.newKeySet();

    NodeTable(
            String operationId,
            String backupId,
            RestorePlan.TablePlan table,
            RestorePlan.NodeFiles node,
            LongSupplier nanoClock) {
        this.operationId = operationId;
        this.backupId = backupId;
        this.table = table;
        this.node = node;
        this.progress = new TransferProgress(node.files().size(), node.bytes(), nanoClock);
    }

    NodeRef target() {
        return node.target().ref();
    }

    String url() {
        return node.agentUrl();
    }

    /** Whether an earlier attempt imported the files of every backed-up node that has some here. */
    boolean importedAll() {
        List<RestorePlan.SourceFiles> withFiles =
                node.sources().stream().filter(s -> !s.files().isEmpty()).toList();
        return !withFiles.isEmpty() && withFiles.stream().allMatch(s -> imported.contains(s.stagingId()));
    }

    /** Whether an earlier attempt imported anything of the table on this node. */
    boolean importedAny() {
        return !imported.isEmpty();
    }
}
