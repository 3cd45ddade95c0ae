package io.ringvault.coordinator.operation;

import io.ringvault.common.message.RestoreFinished;
import io.ringvault.common.message.RestorePhase;
import io.ringvault.common.message.RestorePlanned;
import io.ringvault.common.message.RestoreProgress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A restore as its restorer reports it: the plan (the target nodes replace the backed-up ones, with what each will
 * receive), each table's progress on each node, and how it ended. The coordinator decides nothing here: the driver
 * turns the restorer's end into the terminal event.
 */
final class RestoreFold {
    private final OperationNodes nodes;
    /** A restore's end as the restorer reported it; the driver turns it into the terminal event. */
    private RestoreFinished finished;

    RestoreFold(OperationNodes nodes) {
        this.nodes = nodes;
    }

    /**
     * The restorer's plan replaces the backed-up nodes by the target nodes, with what each will receive. A target that
     * receives the files of several backed-up nodes (a cluster with fewer nodes, restored by streaming) is one node
     * here, with their totals added and their host ids joined: the restorer reports its progress per target and table.
     */
    boolean planned(RestorePlanned planned, Instant time) {
        Map<String, NodeProgress> targets = new LinkedHashMap<>();
        for (RestorePlanned.NodeMapping mapping : planned.nodes()) {
            NodeProgress node = targets.get(mapping.target().hostId());
            if (node != null) {
                node.sourceHostId = node.sourceHostId + "," + mapping.sourceHostId();
                node.filesTotal += mapping.files();
                node.bytesTotal += mapping.bytes();
                continue;
            }
            node = new NodeProgress(mapping.target(), time);
            node.sourceHostId = mapping.sourceHostId();
            node.filesTotal = mapping.files();
            node.bytesTotal = mapping.bytes();
            node.tablesPlanned = planned.tables().size();
            node.status = NodeStatus.RUNNING;
            targets.put(mapping.target().hostId(), node);
        }
        nodes.replaceAll(new ArrayList<>(targets.values()));
        return true;
    }

    boolean progress(RestoreProgress progress, Instant time) {
        return nodes.node(progress.node()).restoreProgress(progress, time);
    }

    /** Records the restorer's end; true the first time. A completed restore has every node done. */
    boolean finished(RestoreFinished reported, Instant time) {
        boolean changed = finished == null;
        finished = reported;
        if (changed && reported.outcome() == RestoreFinished.Outcome.COMPLETED) {
            // The restorer only says so once every table of every node is imported.
            nodes.completeAll(time);
        }
        return changed;
    }

    /** How the restorer said the restore ended; empty until it did. */
    Optional<RestoreFinished> finished() {
        return Optional.ofNullable(finished);
    }

    /**
     * The operation's phase once {@code progress} was applied: the phase the event reports, unless it only says that
     * one node is done with a table or failed it (then the operation's phase stays {@code current}).
     */
    static String phaseAfter(RestoreProgress progress, String current) {
        return progress.phase() == RestorePhase.DONE || progress.phase() == RestorePhase.FAILED
                ? current
                : progress.phase().name().toLowerCase();
    }
}
