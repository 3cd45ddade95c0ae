package io.ringvault.coordinator.operation;

import io.ringvault.common.message.BackupRequested;
import io.ringvault.common.message.CopyProgress;
import io.ringvault.common.message.DeleteFinished;
import io.ringvault.common.message.DeleteProgress;
import io.ringvault.common.message.GcFinished;
import io.ringvault.common.message.GcProgress;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.OperationAccepted;
import io.ringvault.common.message.OperationKind;
import io.ringvault.common.message.PartialBackup;
import io.ringvault.common.message.PurgeFinished;
import io.ringvault.common.message.PurgePlan;
import io.ringvault.common.message.PurgeProgress;
import io.ringvault.common.message.RestorePhase;
import io.ringvault.common.message.RestoreProgress;
import io.ringvault.common.message.VerifyFinished;
import io.ringvault.common.message.VerifyProgress;
import io.ringvault.common.message.VerifyRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the API shows of an operation: its state, the totals over its nodes and per datacenter (each datacenter's own
 * state, and which of its nodes failed and why), the rate since it was accepted and the time left at that rate, each
 * node's part with its tables, and what a partial backup lacks.
 */
final class OperationViews {
    private OperationViews() {}

    static OperationView of(Operation operation, Instant now) {
        long filesDone = 0, filesTotal = 0, bytesDone = 0, bytesTotal = 0;
        Map<String, DatacenterView.Builder> datacenters = new TreeMap<>();
        List<OperationView.NodeView> nodeViews = new ArrayList<>();
        for (NodeProgress node : operation.nodes().all()) {
            filesDone += node.filesDone;
            filesTotal += node.filesTotal;
            bytesDone += node.bytesDone;
            bytesTotal += node.bytesTotal;
            datacenters
                    .computeIfAbsent(node.ref.datacenter(), DatacenterView.Builder::new)
                    .add(node);
            nodeViews.add(node(node));
        }
        OperationAccepted accepted = operation.accepted();
        OperationView.VerifyView verify = null;
        if (accepted.kind() == OperationKind.VERIFY) {
            // A verify has no nodes: its objects count as files, their recorded sizes as bytes.
            VerifyProgress latest = operation.verify().latest();
            filesDone = latest.objectsChecked();
            filesTotal = latest.objectsTotal();
            bytesDone = latest.bytesChecked();
            bytesTotal = latest.bytesTotal();
            verify = verifyView(
                    accepted.verify(), latest, operation.verifyFinished().orElse(null));
        }
        OperationView.DeleteView delete = null;
        if (accepted.kind() == OperationKind.DELETE) {
            // A delete has no nodes either: the objects it deletes count as files, the bytes it frees as bytes.
            DeleteProgress latest = operation.delete().latest();
            Optional<DeleteFinished> finished = operation.deleteFinished();
            filesDone = latest.objectsDeleted();
            filesTotal = latest.objectsToDelete();
            bytesDone = latest.bytesFreed();
            bytesTotal = latest.bytesFreed();
            delete = new OperationView.DeleteView(
                    accepted.delete().backupId(),
                    finished.isPresent(),
                    latest.objectsDeleted(),
                    latest.objectsToDelete(),
                    finished.map(DeleteFinished::objectsKept).orElse(0L),
                    latest.bytesFreed());
        }
        OperationView.PurgeView purge = null;
        if (accepted.kind() == OperationKind.PURGE) {
            // Counted like a delete: the objects it deletes as files, the bytes it frees as bytes.
            PurgePlan plan = accepted.plan();
            boolean dryRun = accepted.purge().deletesNothing();
            PurgeProgress latest =
                    operation.purge().latest(dryRun, plan.delete().size());
            Optional<PurgeFinished> finished = operation.purgeFinished();
            filesDone = latest.objectsDeleted();
            filesTotal = latest.objectsToDelete();
            bytesDone = latest.bytesFreed();
            bytesTotal = latest.bytesFreed();
            purge = new OperationView.PurgeView(
                    dryRun,
                    plan,
                    finished.isPresent()
                            || (plan.delete().isEmpty() && operation.status().isTerminal()),
                    finished.map(PurgeFinished::backups).orElse(List.of()),
                    latest.objectsDeleted(),
                    latest.objectsToDelete(),
                    finished.map(PurgeFinished::objectsKept).orElse(0L),
                    latest.bytesFreed());
        }
        OperationView.GcView gc = null;
        if (accepted.kind() == OperationKind.GC) {
            // Nor has a collection: the objects it deletes count as files, the bytes it frees as bytes.
            GcProgress latest = operation.gc().latest();
            Optional<GcFinished> finished = operation.gcFinished();
            filesDone = latest.objectsDeleted();
            filesTotal = latest.objectsDeleted();
            bytesDone = latest.bytesFreed();
            bytesTotal = latest.bytesFreed();
            gc = new OperationView.GcView(
                    accepted.gc().dry(),
                    accepted.gc().gracePeriod(),
                    finished.isPresent(),
                    latest.objectsListed(),
                    finished.map(GcFinished::objectsReferenced).orElse(0L),
                    finished.map(GcFinished::objectsKeptYoung).orElse(0L),
                    latest.objectsDeleted(),
                    latest.bytesFreed(),
                    finished.map(GcFinished::deletedKeys).orElse(List.of()));
        }
        OperationView.CopyView copy = null;
        if (accepted.kind() == OperationKind.COPY) {
            // A copy has no nodes: its objects done (copied or skipped) count as files, their sizes as bytes.
            CopyProgress latest = operation.copy().latest();
            filesDone = latest.objectsDone();
            filesTotal = latest.objectsTotal();
            bytesDone = latest.bytesDone();
            bytesTotal = latest.bytesTotal();
            copy = new OperationView.CopyView(
                    accepted.copy().backupId(),
                    accepted.copy().target(),
                    operation.copyFinished().isPresent(),
                    latest.objectsCopied(),
                    latest.objectsSkipped(),
                    latest.objectsTotal(),
                    latest.bytesCopied(),
                    latest.bytesSkipped(),
                    latest.bytesTotal());
        }
        PartialBackup partial = accepted.partial();
        if (partial != null) {
            // A node left out of a partial backup is reported with its datacenter, which may have no other node.
            for (NodeRef missing : partial.missingNodes()) {
                datacenters
                        .computeIfAbsent(missing.datacenter(), DatacenterView.Builder::new)
                        .missing(missing);
            }
        }
        Instant acceptedAt = operation.acceptedAt();
        Instant finishedAt = operation.finishedAt();
        Instant end = finishedAt != null ? finishedAt : now;
        double seconds = Math.max(0.001, Duration.between(acceptedAt, end).toMillis() / 1000.0);
        double rate = bytesDone / seconds;
        // While a node still exports, its files stored so far count but its total does not yet: no time left to tell.
        boolean totalsKnown = operation.nodes().all().stream().noneMatch(NodeProgress::exporting);
        Long eta = totalsKnown && bytesTotal > 0 && rate > 0 && finishedAt == null
                ? Math.round(Math.max(0, bytesTotal - bytesDone) / rate)
                : null;
        // A restore moves every byte it restores: nothing is reused. A verify moves nothing into the store.
        long transferred = accepted.kind() == OperationKind.RESTORE
                ? bytesDone
                : copy != null ? copy.bytesCopied() : operation.bytesTransferred();
        BackupRequested backup = accepted.backup();
        return new OperationView(
                operation.id(),
                accepted.kind(),
                operation.status(),
                operation.phase(),
                acceptedAt,
                operation.updatedAt(),
                finishedAt,
                accepted.requestedBy(),
                accepted.requestSource(),
                accepted.channel(),
                backup != null
                        ? backup
                        : accepted.restore() != null
                                ? accepted.restore()
                                : accepted.verify() != null
                                        ? accepted.verify()
                                        : accepted.delete() != null
                                                ? accepted.delete()
                                                : accepted.purge() != null
                                                        ? accepted.purge()
                                                        : accepted.gc() != null ? accepted.gc() : accepted.copy(),
                operation.failure(),
                new OperationView.Progress(
                        filesDone,
                        filesTotal,
                        bytesDone,
                        bytesTotal,
                        transferred,
                        rate,
                        eta,
                        operation.nodes().rowsDone()),
                nodeViews,
                datacenters.values().stream()
                        .map(datacenter -> datacenter.build(operation.status()))
                        .toList(),
                partial,
                verify,
                delete,
                purge,
                gc,
                copy,
                operation.rows());
    }

    private static OperationView.VerifyView verifyView(
            VerifyRequested request, VerifyProgress latest, VerifyFinished finished) {
        return new OperationView.VerifyView(
                request.backupId(),
                request.rereads(),
                finished != null,
                latest.objectsChecked(),
                latest.objectsTotal(),
                latest.bytesChecked(),
                latest.bytesTotal(),
                latest.problemCount(),
                finished == null ? List.of() : finished.problems());
    }

    private static OperationView.NodeView node(NodeProgress node) {
        String nodePhase = switch (node.status) {
            case PENDING -> node.sourceHostId == null ? "snapshot" : "planned";
            case RUNNING ->
                node.sourceHostId != null
                        ? restorePhase(node)
                        : node.snapshotTaken ? "upload" : node.exporting() ? "exporting" : "snapshot";
            case DONE -> "done";
            case FAILED -> "failed";
        };
        return new OperationView.NodeView(
                node.ref.hostId(),
                node.ref.address(),
                node.ref.datacenter(),
                node.ref.rack(),
                node.status,
                nodePhase,
                node.filesDone,
                node.filesTotal,
                node.bytesDone,
                node.bytesTotal,
                node.reason,
                node.sourceHostId,
                node.tables().stream()
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
                                // The view keeps its one text: the reason's code, then the detail.
                                t.reason() == null ? null : t.reason() + (t.detail() == null ? "" : ": " + t.detail())))
                        .toList(),
                node.rowsDone());
    }

    /** The phase of a restore's table in flight on the node: the latest that is not done yet, else done. */
    private static String restorePhase(NodeProgress node) {
        return node.tables().stream()
                .filter(t -> t.phase() != RestorePhase.DONE)
                .reduce((first, second) -> second)
                .map(RestoreProgress::phase)
                .map(phase -> phase.name().toLowerCase())
                .orElse(node.tables().isEmpty() ? "planned" : "done");
    }
}
