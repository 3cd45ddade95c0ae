package io.ringvault.cli.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * An operation as {@code GET /api/v1/operations/{id}} shows it. Timestamps and states stay text so that a field the
 * CLI does not know yet (a new state, another time format) is shown rather than refused.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Operation(
        String id,
        String kind,
        String state,
        String phase,
        String acceptedAt,
        String updatedAt,
        String finishedAt,
        String requestedBy,
        String requestSource,
        String channel,
        JsonNode request,
        Failure failure,
        Progress progress,
        List<Node> nodes,
        List<Datacenter> datacenters,
        PartialBackup partial) {

    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";
    public static final String CANCELLED = "CANCELLED";

    public Operation {
        progress = progress == null ? Progress.NONE : progress;
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        datacenters = datacenters == null ? List.of() : List.copyOf(datacenters);
    }

    public boolean isTerminal() {
        return COMPLETED.equals(state) || FAILED.equals(state) || CANCELLED.equals(state);
    }

    public boolean isCompleted() {
        return COMPLETED.equals(state);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Failure(String reason, String detail, Map<String, String> nodeFailures) {
        public Failure {
            nodeFailures = nodeFailures == null ? Map.of() : nodeFailures;
        }
    }

    /**
     * @param bytesPerSecond average rate so far; null or 0 when not known yet
     * @param etaSeconds estimated seconds left; null when it cannot be estimated
     * @param rowsDone a logical backup's rows stored so far; null for any other operation (or an older coordinator)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Progress(
            long filesDone,
            long filesTotal,
            long bytesDone,
            long bytesTotal,
            long bytesTransferred,
            Double bytesPerSecond,
            Long etaSeconds,
            Long rowsDone) {
        public static final Progress NONE = new Progress(0, 0, 0, 0, 0, null, null);

        /** Progress without rows: anything but a logical backup. */
        public Progress(
                long filesDone,
                long filesTotal,
                long bytesDone,
                long bytesTotal,
                long bytesTransferred,
                Double bytesPerSecond,
                Long etaSeconds) {
            this(filesDone, filesTotal, bytesDone, bytesTotal, bytesTransferred, bytesPerSecond, etaSeconds, null);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Node(
            String hostId,
            String address,
            String datacenter,
            String rack,
            String state,
            String phase,
            long filesDone,
            long filesTotal,
            long bytesDone,
            long bytesTotal,
            String reason,
            String sourceHostId,
            List<Table> tables) {

        public Node {
            tables = tables == null ? List.of() : List.copyOf(tables);
        }

        /** A node's own states: PENDING, RUNNING, DONE, FAILED. */
        public boolean isTerminal() {
            return "DONE".equals(state) || "FAILED".equals(state);
        }
    }

    /**
     * One datacenter's part: its state (RUNNING, COMPLETED, FAILED, STOPPED, MISSING), its nodes done and failed (which
     * and why), and for a partial backup its nodes left out.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Datacenter(
            String name,
            String state,
            int nodes,
            int nodesDone,
            int nodesFailed,
            long filesDone,
            long filesTotal,
            long bytesDone,
            long bytesTotal,
            List<FailedNode> failedNodes,
            List<NodeRef> missingNodes) {

        public Datacenter {
            failedNodes = failedNodes == null ? List.of() : List.copyOf(failedNodes);
            missingNodes = missingNodes == null ? List.of() : List.copyOf(missingNodes);
        }
    }

    /** A node of a datacenter that failed, and why. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FailedNode(String hostId, String address, String reason) {}

    /** A restore's progress on one table of one node, as the restorer reports it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Table(
            String keyspace,
            String table,
            String phase,
            long filesDone,
            long filesTotal,
            long bytesDone,
            long bytesTotal,
            Long bytesPerSecond,
            Long etaSeconds,
            String reason) {}
}
