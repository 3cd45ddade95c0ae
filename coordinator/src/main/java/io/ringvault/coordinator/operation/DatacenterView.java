package io.ringvault.coordinator.operation;

/** Progress of an operation summed over the nodes of one datacenter. */
public record DatacenterView(
        String name, int nodes, int nodesDone, long filesDone, long filesTotal, long bytesDone, long bytesTotal) {

    static final class Builder {
        private final String name;
        private int nodes, nodesDone;
        private long filesDone, filesTotal, bytesDone, bytesTotal;

        Builder(String name) {
            this.name = name;
        }

        void add(Operation.NodeProgress node) {
            nodes++;
            nodesDone += node.status == NodeStatus.DONE ? 1 : 0;
            filesDone += node.filesDone;
            filesTotal += node.filesTotal;
            bytesDone += node.bytesDone;
            bytesTotal += node.bytesTotal;
        }

        DatacenterView build() {
            return new DatacenterView(name, nodes, nodesDone, filesDone, filesTotal, bytesDone, bytesTotal);
        }
    }
}
