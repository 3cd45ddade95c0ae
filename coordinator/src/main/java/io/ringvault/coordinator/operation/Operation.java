package io.ringvault.coordinator.operation;

import io.ringvault.common.Envelope;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.message.CopyFinished;
import io.ringvault.common.message.CopyProgress;
import io.ringvault.common.message.DeleteFinished;
import io.ringvault.common.message.DeleteProgress;
import io.ringvault.common.message.FileStored;
import io.ringvault.common.message.GcFinished;
import io.ringvault.common.message.GcProgress;
import io.ringvault.common.message.NodeFailed;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.OperationAccepted;
import io.ringvault.common.message.OperationCancelled;
import io.ringvault.common.message.OperationCompleted;
import io.ringvault.common.message.OperationFailed;
import io.ringvault.common.message.OperationKind;
import io.ringvault.common.message.PartialBackup;
import io.ringvault.common.message.Payload;
import io.ringvault.common.message.PurgeFinished;
import io.ringvault.common.message.PurgeProgress;
import io.ringvault.common.message.RestoreFinished;
import io.ringvault.common.message.RestorePlanned;
import io.ringvault.common.message.RestoreProgress;
import io.ringvault.common.message.SnapshotTaken;
import io.ringvault.common.message.VerifyFinished;
import io.ringvault.common.message.VerifyProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One operation as folded from its events. Applying the same event twice changes nothing (delivery is at least once),
 * and nothing changes after a terminal event.
 *
 * <p>This class keeps the operation's own state (status, phase, times, failure) and hands each event to the part it
 * concerns: {@link OperationNodes} (each node's {@link NodeProgress}), {@link RestoreFold} (what the restorer reports of a
 * restore), {@link VerifyFold} (what it reports of a verify), {@link DeleteFold} (of a delete), {@link GcFold} (of a garbage collection), {@link CopyFold} (of a copy to a copy target).
 * {@link OperationViews} builds what the API shows.
 */
public final class Operation {
    private final String id;
    private final OperationAccepted accepted;
    private final Instant acceptedAt;
    private final OperationNodes nodes;
    private final RestoreFold restore;
    private final VerifyFold verify = new VerifyFold();
    private final DeleteFold delete = new DeleteFold();
    private final PurgeFold purge = new PurgeFold();
    private final GcFold gc = new GcFold();
    private final CopyFold copy = new CopyFold();
    private OperationStatus status = OperationStatus.ACCEPTED;
    private String phase;
    private Instant updatedAt;
    private Instant finishedAt;
    private String failureReason;
    private String failureDetail;
    private Map<String, String> nodeFailures = Map.of();
    private long bytesTransferred;

    Operation(String id, OperationAccepted accepted, Instant acceptedAt) {
        this.id = id;
        this.accepted = accepted;
        this.acceptedAt = acceptedAt;
        this.updatedAt = acceptedAt;
        this.phase = accepted.kind() == OperationKind.BACKUP ? "snapshot" : "waiting-for-restorer";
        this.nodes = new OperationNodes(accepted.nodes(), acceptedAt);
        this.restore = new RestoreFold(nodes);
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
            changed = nodes.node(taken.node()).snapshotTaken(taken, time);
        } else if (data instanceof FileStored stored) {
            changed = nodes.node(stored.node()).fileStored(stored, time);
            if (changed && !stored.reused()) {
                bytesTransferred += stored.size();
            }
        } else if (data instanceof NodeFailed failed) {
            changed = nodes.node(failed.node()).failed(failed.reason() + ": " + failed.detail(), time);
        } else if (data instanceof OperationCompleted) {
            changed = finish(OperationStatus.COMPLETED, "done", time);
        } else if (data instanceof OperationFailed failed) {
            failureReason = failed.reason().code();
            failureDetail = failed.detail();
            nodeFailures = failed.nodeFailures();
            changed = finish(OperationStatus.FAILED, "failed", time);
        } else if (data instanceof RestorePlanned planned) {
            changed = accepted.kind() == OperationKind.RESTORE && restore.planned(planned, time);
            if (changed) {
                phase = "planned";
            }
        } else if (data instanceof RestoreProgress progress) {
            changed = restore.progress(progress, time);
            if (changed) {
                phase = RestoreFold.phaseAfter(progress, phase);
            }
        } else if (data instanceof RestoreFinished finished) {
            changed = restore.finished(finished, time);
        } else if (data instanceof VerifyProgress progress) {
            changed = accepted.kind() == OperationKind.VERIFY && verify.progress(progress);
            if (changed) {
                phase = "checking";
            }
        } else if (data instanceof VerifyFinished finished) {
            changed = accepted.kind() == OperationKind.VERIFY && verify.finished(finished);
        } else if (data instanceof DeleteProgress progress) {
            changed = accepted.kind() == OperationKind.DELETE && delete.progress(progress);
            if (changed) {
                phase = "deleting";
            }
        } else if (data instanceof DeleteFinished finished) {
            changed = accepted.kind() == OperationKind.DELETE && delete.finished(finished);
        } else if (data instanceof PurgeProgress progress) {
            changed = accepted.kind() == OperationKind.PURGE && purge.progress(progress);
            if (changed) {
                phase = progress.dryRun() ? "counting" : "deleting";
            }
        } else if (data instanceof PurgeFinished finished) {
            changed = accepted.kind() == OperationKind.PURGE && purge.finished(finished);
        } else if (data instanceof GcProgress progress) {
            changed = accepted.kind() == OperationKind.GC && gc.progress(progress);
            if (changed) {
                phase = "collecting";
            }
        } else if (data instanceof GcFinished finished) {
            changed = accepted.kind() == OperationKind.GC && gc.finished(finished);
        } else if (data instanceof CopyProgress progress) {
            changed = accepted.kind() == OperationKind.COPY && copy.progress(progress);
            if (changed) {
                phase = "copying";
            }
        } else if (data instanceof CopyFinished finished) {
            changed = accepted.kind() == OperationKind.COPY && copy.finished(finished);
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
                phase = nodes.allSnapshotsTaken() ? "upload" : "snapshot";
            }
        }
        return changed;
    }

    /** How the restorer said the restore ended; empty until it did. */
    public Optional<RestoreFinished> restoreFinished() {
        return restore.finished();
    }

    /** The report the restorer ended a verify with; empty until it did. */
    public Optional<VerifyFinished> verifyFinished() {
        return verify.finished();
    }

    /** The report the restorer ended a copy with; empty until it did. */
    public Optional<CopyFinished> copyFinished() {
        return copy.finished();
    }

    /** The report the restorer ended a garbage collection with; empty until it did. */
    public Optional<GcFinished> gcFinished() {
        return gc.finished();
    }

    /** The report the restorer ended a delete with; empty until it did. */
    public Optional<DeleteFinished> deleteFinished() {
        return delete.finished();
    }

    /** The report the restorer ended a purge with; empty until it did. */
    public Optional<PurgeFinished> purgeFinished() {
        return purge.finished();
    }

    private boolean finish(OperationStatus terminal, String finalPhase, Instant time) {
        status = terminal;
        phase = finalPhase;
        finishedAt = time;
        return true;
    }

    /** The manifest of every node, for a backup whose nodes are all done. */
    public List<NodeManifest> nodeManifests(Instant completedAt) {
        return nodes.manifests(id, completedAt);
    }

    /** A logical backup's rows per {@code "keyspace.table"}, over every node; null for a snapshot backup. */
    public Map<String, Long> rows() {
        return nodes.rows();
    }

    public Instant acceptedAt() {
        return acceptedAt;
    }

    /** True when every node has reported its snapshot and all of its files are stored. */
    public boolean allNodesDone() {
        return nodes.allDone();
    }

    public Map<String, String> failedNodes() {
        return nodes.failed();
    }

    /** Nodes that have not been heard from for longer than {@code timeout}. */
    public List<NodeRef> silentNodes(Instant now, Duration timeout) {
        return nodes.silent(now, timeout);
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

    /** The nodes taking part, by host id: the node's identity (its address may change, a replaced node's id does). */
    public List<NodeRef> nodeRefs() {
        return nodes.refs();
    }

    /** What a partial backup lacks, as recorded when it was accepted; null for any other operation. */
    public PartialBackup partial() {
        return accepted.partial();
    }

    public OperationView view(Instant now) {
        return OperationViews.of(this, now);
    }

    // ---- for the view

    String phase() {
        return phase;
    }

    /** When the terminal event came; null while the operation runs. */
    Instant finishedAt() {
        return finishedAt;
    }

    /** The failure the terminal event gave, or null. */
    OperationView.Failure failure() {
        return failureReason == null ? null : new OperationView.Failure(failureReason, failureDetail, nodeFailures);
    }

    /** Bytes a backup moved: the stored files that were not reused from an earlier backup. */
    long bytesTransferred() {
        return bytesTransferred;
    }

    OperationNodes nodes() {
        return nodes;
    }

    VerifyFold verify() {
        return verify;
    }

    DeleteFold delete() {
        return delete;
    }

    PurgeFold purge() {
        return purge;
    }

    GcFold gc() {
        return gc;
    }

    CopyFold copy() {
        return copy;
    }
}
