package io.ringvault.coordinator.operation;

import io.ringvault.common.message.NodeRef;
import java.util.ArrayList;
import java.util.List;

/**
 * One datacenter's part of an operation: its state, its nodes done and failed (which node, and why), and its progress
 * summed over its nodes. A failed node fails its datacenter; the others report their own state.
 *
 * @param nodes how many of its nodes take part
 * @param missingNodes its nodes left out of a partial backup, because they were down when it was accepted
 */
public record DatacenterView(
        String name,
        DatacenterState state,
        int nodes,
        int nodesDone,
        int nodesFailed,
        long filesDone,
        long filesTotal,
        long bytesDone,
        long bytesTotal,
        List<FailedNode> failedNodes,
        List<NodeRef> missingNodes) {

    /** A node of the datacenter that failed, and why (the reason's code, then the detail). */
    public record FailedNode(String hostId, String address, String reason) {}

    static final class Builder {
        private final String name;
        private int nodes, nodesDone;
        private long filesDone, filesTotal, bytesDone, bytesTotal;
        private final List<FailedNode> failed = new ArrayList<>();
        private final List<NodeRef> missing = new ArrayList<>();

        Builder(String name) {
            this.name = name;
        }

        void add(NodeProgress node) {
            nodes++;
            nodesDone += node.status == NodeStatus.DONE ? 1 : 0;
            if (node.status == NodeStatus.FAILED) {
                failed.add(new FailedNode(node.ref.hostId(), node.ref.address(), node.reason));
            }
            filesDone += node.filesDone;
            filesTotal += node.filesTotal;
            bytesDone += node.bytesDone;
            bytesTotal += node.bytesTotal;
        }

        void missing(NodeRef node) {
            missing.add(node);
        }

        DatacenterView build(OperationStatus operation) {
            DatacenterState state;
            if (nodes == 0) {
                state = DatacenterState.MISSING;
            } else if (!failed.isEmpty()) {
                state = DatacenterState.FAILED;
            } else if (nodesDone == nodes) {
                state = DatacenterState.COMPLETED;
            } else if (operation.isTerminal()) {
                state = DatacenterState.STOPPED;
            } else {
                state = DatacenterState.RUNNING;
            }
            return new DatacenterView(
                    name,
                    state,
                    nodes,
                    nodesDone,
                    failed.size(),
                    filesDone,
                    filesTotal,
                    bytesDone,
                    bytesTotal,
                    List.copyOf(failed),
                    List.copyOf(missing));
        }
    }
}
