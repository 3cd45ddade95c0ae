package io.ringvault.coordinator.operation;

import io.ringvault.common.Envelope;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.message.BackupRequested;
import io.ringvault.common.message.FileStored;
import io.ringvault.common.message.NodeFailed;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.OperationAccepted;
import io.ringvault.common.message.OperationCancelled;
import io.ringvault.common.message.OperationCompleted;
import io.ringvault.common.message.OperationFailed;
import io.ringvault.common.message.OperationKind;
import io.ringvault.common.message.Payload;
import io.ringvault.common.message.RestoreFinished;
import io.ringvault.common.message.RestorePhase;
import io.ringvault.common.message.RestorePlanned;
import io.ringvault.common.message.RestoreProgress;
import io.ringvault.common.message.SnapshotTaken;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One operation as folded from its events. Applying the same event twice changes nothing (delivery is at least once),
 * and nothing changes after a terminal event.
 */
public final class Operation {
    private final String id;
    private final OperationAccepted accepted;
    private final Instant acceptedAt;
    private final Map<String, NodeProgress> nodes = new LinkedHashMap<>();
    private OperationStatus status = OperationStatus.ACCEPTED;
    private String phase;
    private Instant updatedAt;
    private Instant finishedAt;
    private String failureReason;
    private String failureDetail;
    private Map<String, String> nodeFailures = Map.of();
    private long bytesTransferred;
    /** A restore's end as the restorer reported it; the driver turns it into the terminal event. */
    private RestoreFinished restoreFinished;

    Operation(String id, OperationAccepted accepted, Instant acceptedAt) {
        this.id = id;
        this.accepted = accepted;
        this.acceptedAt = acceptedAt;
        this.updatedAt = acceptedAt;
        this.phase = accepted.kind() == OperationKind.BACKUP ? "snapshot" : "waiting-for-restorer";
        for (NodeRef node : accepted.nodes()) {
            nodes.put(node.hostId(), new NodeProgress(node, acceptedAt));
        }
    }

    /** Applies an event of this operation. Returns false when it changed nothing. */
    boolean apply(Envelope<? extends Payload> event) {
        if (status.isTerminal()) {
            return false;
        }
        Instant time = event.time();
        Payload data = event.data();
        // Java 17: instanceof chains rather than a pattern switch over the sealed family.
        boolean changed;
        if (data instanceof SnapshotTaken taken) {
            changed = node(taken.node()).snapshotTaken(taken, time);
        } else if (data instanceof FileStored stored) {
            changed = node(stored.node()).fileStored(stored, time);
            if (changed && !stored.reused()) {
                bytesTransferred += stored.size();
            }
        } else if (data instanceof NodeFailed failed) {
            changed = node(failed.node()).failed(failed.reason() + ": " + failed.detail(), time);
        } else if (data instanceof OperationCompleted) {
            changed = finish(OperationStatus.COMPLETED, "done", time);
        } else if (data instanceof OperationFailed failed) {
            failureReason = failed.reason();
            failureDetail = failed.detail();
            nodeFailures = failed.nodeFailures();
            changed = finish(OperationStatus.FAILED, "failed", time);
        } else if (data instanceof RestorePlanned planned) {
            changed = planned(planned, time);
        } else if (data instanceof RestoreProgress progress) {
            changed = node(progress.node()).restoreProgress(progress, time);
            if (changed) {
                phase = progress.phase() == RestorePhase.DONE || progress.phase() == RestorePhase.FAILED
                        ? phase
                        : progress.phase().name().toLowerCase();
            }
        } else if (data instanceof RestoreFinished finished) {
            changed = restoreFinished == null;
            restoreFinished = finished;
            if (changed && finished.outcome() == RestoreFinished.Outcome.COMPLETED) {
                // The restorer only says so once every table of every node is imported.
                nodes.values().forEach(node -> node.restoreCompleted(time));
            }
        } else if (data instanceof OperationCancelled) {
            changed = finish(OperationStatus.CANCELLED, "cancelled", time);
        } else {
            changed = false;
        }
        if (changed) {
            updatedAt = time.isAfter(updatedAt) ? time : updatedAt;
            if (status == OperationStatus.ACCEPTED && !(event.data() instanceof OperationAccepted)) {
                status = OperationStatus.RUNNING;
            }
            if (!status.isTerminal() && accepted.kind() == OperationKind.BACKUP) {
                phase = nodes.values().stream().allMatch(NodeProgress::snapshotTaken) ? "upload" : "snapshot";
            }
        }
        return changed;
    }

    /** The restorer's plan replaces the backed-up nodes by the target nodes, with what each will receive. */
    private boolean planned(RestorePlanned planned, Instant time) {
        if (accepted.kind() != OperationKind.RESTORE) {
            return false;
        }
        nodes.clear();
        for (RestorePlanned.NodeMapping mapping : planned.nodes()) {
            NodeProgress node = new NodeProgress(mapping.target(), time);
            node.sourceHostId = mapping.sourceHostId();
            node.filesTotal = mapping.files();
            node.bytesTotal = mapping.bytes();
            node.status = NodeStatus.RUNNING;
            nodes.put(mapping.target().hostId(), node);
        }
        phase = "planned";
        return true;
    }

    /** How the restorer said the restore ended; empty until it did. */
    public Optional<RestoreFinished> restoreFinished() {
        return Optional.ofNullable(restoreFinished);
    }

    private boolean finish(OperationStatus terminal, String finalPhase, Instant time) {
        status = terminal;
        phase = finalPhase;
        finishedAt = time;
        return true;
    }

    private NodeProgress node(NodeRef ref) {
        // A node outside the accepted scope still shows up, rather than its events vanishing from the view.
        return nodes.computeIfAbsent(ref.hostId(), hostId -> new NodeProgress(ref, acceptedAt));
    }

    /** The manifest of every node, for a backup whose nodes are all done. */
    public List<NodeManifest> nodeManifests(Instant completedAt) {
        return nodes.values().stream()
                .map(node -> new NodeManifest(
                        id,
                        node.ref,
                        node.snapshot == null ? null : node.snapshot.cassandraVersion(),
                        node.snapshot == null ? List.of() : node.snapshot.tokens(),
                        node.snapshot == null ? Map.of() : node.snapshot.schema(),
                        node.storedFiles.values().stream()
                                .map(f -> new NodeManifest.File(
                                        f.keyspace(),
                                        f.table(),
                                        f.fileName(),
                                        f.objectKey(),
                                        f.size(),
                                        f.checksum(),
                                        f.reused()))
                                .toList(),
                        completedAt))
                .toList();
    }

    public Instant acceptedAt() {
        return acceptedAt;
    }

    /** True when every node has reported its snapshot and all of its files are stored. */
    public boolean allNodesDone() {
        return !nodes.isEmpty() && nodes.values().stream().allMatch(n -> n.status == NodeStatus.DONE);
    }

    public Map<String, String> failedNodes() {
        Map<String, String> failed = new TreeMap<>();
        nodes.values().stream()
                .filter(n -> n.status == NodeStatus.FAILED)
                .forEach(n -> failed.put(n.ref.hostId(), n.reason));
        return failed;
    }

    /** Nodes that have not been heard from for longer than {@code timeout}. */
    public List<NodeRef> silentNodes(Instant now, Duration timeout) {
        return nodes.values().stream()
                .filter(n -> !n.status.isTerminal())
                .filter(n -> Duration.between(n.lastHeardAt, now).compareTo(timeout) > 0)
                .map(n -> n.ref)
                .toList();
    }

    public String id() {
        return id;
    }

    public OperationKind kind() {
        return accepted.kind();
    }

    public OperationStatus status() {
        return status;
    }

    public OperationAccepted accepted() {
        return accepted;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public List<NodeRef> nodeRefs() {
        return nodes.values().stream().map(n -> n.ref).toList();
    }

    public OperationView view(Instant now) {
        long filesDone = 0, filesTotal = 0, bytesDone = 0, bytesTotal = 0;
        Map<String, DatacenterView.Builder> datacenters = new TreeMap<>();
        List<OperationView.NodeView> nodeViews = new java.util.ArrayList<>();
        for (NodeProgress node : nodes.values()) {
            filesDone += node.filesDone;
            filesTotal += node.filesTotal;
            bytesDone += node.bytesDone;
            bytesTotal += node.bytesTotal;
            datacenters
                    .computeIfAbsent(node.ref.datacenter(), DatacenterView.Builder::new)
                    .add(node);
            nodeViews.add(node.view());
        }
        Instant end = finishedAt != null ? finishedAt : now;
        double seconds = Math.max(0.001, Duration.between(acceptedAt, end).toMillis() / 1000.0);
        double rate = bytesDone / seconds;
        Long eta =
                bytesTotal > 0 && rate > 0 && finishedAt == null ? Math.round((bytesTotal - bytesDone) / rate) : null;
        // A restore moves every byte it restores: nothing is reused.
        long transferred = accepted.kind() == OperationKind.RESTORE ? bytesDone : bytesTransferred;
        BackupRequested backup = accepted.backup();
        return new OperationView(
                id,
                accepted.kind(),
                status,
                phase,
                acceptedAt,
                updatedAt,
                finishedAt,
                accepted.requestedBy(),
                accepted.requestSource(),
                accepted.channel(),
                backup != null ? backup : accepted.restore(),
                failureReason == null ? null : new OperationView.Failure(failureReason, failureDetail, nodeFailures),
                new OperationView.Progress(filesDone, filesTotal, bytesDone, bytesTotal, transferred, rate, eta),
                nodeViews,
                datacenters.values().stream().map(DatacenterView.Builder::build).toList());
    }

    /** One node's part. Stored files are remembered by name so a redelivered event is not counted twice. */
    static final class NodeProgress {
        final NodeRef ref;
        NodeStatus status = NodeStatus.PENDING;
        boolean snapshotTaken;
        long filesTotal, bytesTotal, filesDone, bytesDone;
        Instant lastHeardAt;
        String reason;
        SnapshotTaken snapshot;
        /** Restore: the backed-up node this node receives the data of. */
        String sourceHostId;
        /** Restore: the latest progress of each table, by {@code keyspace.table}. */
        private final Map<String, RestoreProgress> tables = new TreeMap<>();
        /** Stored files by object key: a redelivered event finds its key already there. */
        private final Map<String, FileStored> storedFiles = new LinkedHashMap<>();

        NodeProgress(NodeRef ref, Instant acceptedAt) {
            this.ref = ref;
            this.lastHeardAt = acceptedAt;
        }

        boolean snapshotTaken() {
            return snapshotTaken;
        }

        boolean snapshotTaken(SnapshotTaken taken, Instant time) {
            if (snapshotTaken || status.isTerminal()) {
                return false;
            }
            snapshotTaken = true;
            snapshot = taken;
            filesTotal = taken.fileCount();
            bytesTotal = taken.totalBytes();
            heard(time);
            updateStatus();
            return true;
        }

        boolean fileStored(FileStored stored, Instant time) {
            if (status.isTerminal() && status != NodeStatus.DONE || storedFiles.containsKey(stored.objectKey())) {
                return false;
            }
            storedFiles.put(stored.objectKey(), stored);
            filesDone++;
            bytesDone += stored.size();
            heard(time);
            updateStatus();
            return true;
        }

        boolean restoreProgress(RestoreProgress progress, Instant time) {
            if (status.isTerminal()) {
                return false;
            }
            tables.put(progress.keyspace() + "." + progress.table(), progress);
            filesDone = tables.values().stream()
                    .mapToLong(RestoreProgress::filesDone)
                    .sum();
            bytesDone = tables.values().stream()
                    .mapToLong(RestoreProgress::bytesDone)
                    .sum();
            if (progress.phase() == RestorePhase.FAILED) {
                status = NodeStatus.FAILED;
                reason = progress.keyspace() + "." + progress.table() + ": "
                        + (progress.reason() == null ? "failed" : progress.reason());
            } else {
                status = NodeStatus.RUNNING;
            }
            heard(time);
            return true;
        }

        void restoreCompleted(Instant time) {
            if (!status.isTerminal()) {
                status = NodeStatus.DONE;
                heard(time);
            }
        }

        boolean failed(String why, Instant time) {
            if (status == NodeStatus.FAILED) {
                return false;
            }
            status = NodeStatus.FAILED;
            reason = why;
            heard(time);
            return true;
        }

        private void heard(Instant time) {
            if (time.isAfter(lastHeardAt)) {
                lastHeardAt = time;
            }
        }

        private void updateStatus() {
            if (status == NodeStatus.FAILED) {
                return;
            }
            status = snapshotTaken && filesDone >= filesTotal ? NodeStatus.DONE : NodeStatus.RUNNING;
        }

        OperationView.NodeView view() {
            String nodePhase = switch (status) {
                case PENDING -> sourceHostId == null ? "snapshot" : "planned";
                case RUNNING -> sourceHostId != null ? restorePhase() : snapshotTaken ? "upload" : "snapshot";
                case DONE -> "done";
                case FAILED -> "failed";
            };
            return new OperationView.NodeView(
                    ref.hostId(),
                    ref.address(),
                    ref.datacenter(),
                    ref.rack(),
                    status,
                    nodePhase,
                    filesDone,
                    filesTotal,
                    bytesDone,
                    bytesTotal,
                    reason,
                    sourceHostId,
                    tables.values().stream()
                            .map(t -> new OperationView.TableView(
                                    t.keyspace(),
                                    t.table(),
                                    t.phase().name().toLowerCase(),
                                    t.filesDone(),
                                    t.filesTotal(),
                                    t.bytesDone(),
                                    t.bytesTotal(),
                                    t.bytesPerSecond(),
                                    t.etaSeconds(),
                                    t.reason()))
                            .toList());
        }

        /** The phase of the table in flight: the latest that is not done yet, else done. */
        private String restorePhase() {
            return tables.values().stream()
                    .filter(t -> t.phase() != RestorePhase.DONE)
                    .reduce((first, second) -> second)
                    .map(t -> t.phase().name().toLowerCase())
                    .orElse(tables.isEmpty() ? "planned" : "done");
        }
    }
}
