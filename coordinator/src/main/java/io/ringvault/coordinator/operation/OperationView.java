package io.ringvault.coordinator.operation;

import io.ringvault.common.message.OperationKind;
import io.ringvault.common.message.PartialBackup;
import io.ringvault.common.message.PurgeFinished;
import io.ringvault.common.message.PurgePlan;
import io.ringvault.common.message.Request;
import io.ringvault.common.message.VerifyFinished;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An operation as the REST API shows it: state, phase, who asked and how, and progress per node and per datacenter.
 *
 * @param request the request as accepted (a backup, restore, verify or delete request)
 * @param progress for a verify, its objects as files and their recorded sizes as bytes; for a delete, the objects
 *     deleted as files and the bytes freed as bytes
 * @param nodes each node's part, by host id (the node's identity; the address is for people)
 * @param datacenters each datacenter's part, by name: its state, nodes done and failed, progress
 * @param partial for a partial backup, the nodes left out and the token ranges no backed-up node holds; else null
 * @param verify for a verify, what it checked and the problems it found; else null
 * @param delete for a delete, what it deleted and kept; else null
 * @param purge for a purge, what it decided, deleted and kept; else null
 * @param gc for a garbage collection, what it listed, kept and deleted; else null
 * @param copy for a copy to a copy target, what it copied and skipped; else null
 */
public record OperationView(
        String id,
        OperationKind kind,
        OperationStatus state,
        String phase,
        Instant acceptedAt,
        Instant updatedAt,
        Instant finishedAt,
        String requestedBy,
        String requestSource,
        String channel,
        Request request,
        Failure failure,
        Progress progress,
        List<NodeView> nodes,
        List<DatacenterView> datacenters,
        PartialBackup partial,
        VerifyView verify,
        DeleteView delete,
        PurgeView purge,
        GcView gc,
        CopyView copy,
        Map<String, Long> rows) {

    public record Failure(String reason, String detail, Map<String, String> nodeFailures) {}

    /**
     * @param bytesTransferred bytes actually moved (a differential backup reuses stored files)
     * @param bytesPerSecond average rate since the operation was accepted
     * @param etaSeconds estimated seconds left, when it can be estimated
     * @param rowsDone for a logical backup, the rows of the files stored so far (while a node still exports, its
     *     {@code filesTotal} and {@code bytesTotal} are not known yet: they count once its export is over); null
     *     otherwise
     */
    public record Progress(
            long filesDone,
            long filesTotal,
            long bytesDone,
            long bytesTotal,
            long bytesTransferred,
            double bytesPerSecond,
            Long etaSeconds,
            Long rowsDone) {}

    /**
     * @param phase {@code snapshot}, {@code exporting} (a logical export still runs, and some of its files are stored
     *     already), {@code upload}, {@code done}, {@code failed}; a restore's own phases
     * @param filesTotal the node's files to store; 0 while its snapshot or export is not over
     * @param rowsDone for a logical backup, the rows of the node's files stored so far; null otherwise
     */
    public record NodeView(
            String hostId,
            String address,
            String datacenter,
            String rack,
            NodeStatus state,
            String phase,
            long filesDone,
            long filesTotal,
            long bytesDone,
            long bytesTotal,
            String reason,
            String sourceHostId,
            List<TableView> tables,
            Long rowsDone) {}

    /**
     * A verify's report as far as it goes.
     *
     * @param backupId the backup verified
     * @param deep whether every object is read again and its checksum compared
     * @param finished whether the restorer has sent its report; the counts and problems are final then
     * @param problemCount every problem found so far
     * @param problems the problems of the report (each naming the node, table and object); empty until it came
     */
    public record VerifyView(
            String backupId,
            boolean deep,
            boolean finished,
            long objectsChecked,
            long objectsTotal,
            long bytesChecked,
            long bytesTotal,
            long problemCount,
            List<VerifyFinished.Problem> problems) {}

    /**
     * A copy's counts as far as it goes.
     *
     * @param backupId the backup copied
     * @param target the name of the copy target
     * @param finished whether the restorer has sent its report; the counts are final then
     * @param objectsCopied objects written to the target so far
     * @param objectsSkipped objects already in the target with the same SHA-256, not written again
     * @param objectsTotal objects the backup's node manifests list
     * @param bytesCopied the sizes of the objects written so far
     * @param bytesSkipped the sizes of the objects skipped so far
     * @param bytesTotal the sizes of every object
     */
    public record CopyView(
            String backupId,
            String target,
            boolean finished,
            long objectsCopied,
            long objectsSkipped,
            long objectsTotal,
            long bytesCopied,
            long bytesSkipped,
            long bytesTotal) {}

    /**
     * A delete's counts as far as it goes.
     *
     * @param backupId the backup deleted
     * @param finished whether the restorer has sent its report; the counts are final then
     * @param objectsDeleted the backup's objects deleted so far
     * @param objectsToDelete the backup's objects no other backup references
     * @param objectsKept the backup's objects kept because other backups reference them; known once finished
     * @param bytesFreed the recorded sizes of the objects deleted so far
     */
    public record DeleteView(
            String backupId,
            boolean finished,
            long objectsDeleted,
            long objectsToDelete,
            long objectsKept,
            long bytesFreed) {}

    /**
     * A purge as far as it goes: the plan the coordinator made when it accepted it, and the restorer's counts.
     *
     * @param dryRun whether it only counts what it would delete
     * @param plan the backups it deletes, and those it keeps with the reasons
     * @param finished whether it is over (the restorer's report, or nothing to delete); the counts are final then
     * @param backups each backup deleted (would be, in a dry run) with its objects, once finished; empty before
     * @param objectsDeleted the objects deleted so far (would be, in a dry run)
     * @param objectsToDelete the objects of the backups no remaining backup references
     * @param objectsKept the objects of the backups kept because remaining backups reference them; known once finished
     * @param bytesFreed the recorded sizes of the objects deleted so far (would be, in a dry run)
     */
    public record PurgeView(
            boolean dryRun,
            PurgePlan plan,
            boolean finished,
            List<PurgeFinished.Purged> backups,
            long objectsDeleted,
            long objectsToDelete,
            long objectsKept,
            long bytesFreed) {}

    /**
     * A garbage collection's counts as far as it goes.
     *
     * @param dryRun whether it only reports what it would delete
     * @param gracePeriod the grace period the request asked for; null for the coordinator's default
     * @param finished whether the restorer has sent its report; the counts are final then
     * @param objectsListed the objects of the cluster's part of the store listed so far
     * @param objectsReferenced those a complete backup references; known once finished
     * @param objectsKeptYoung the unreferenced ones kept because they are younger than the cutoff; known once finished
     * @param objectsDeleted the unreferenced objects deleted so far (in a dry run: that would be deleted)
     * @param bytesFreed their sizes
     * @param deletedKeys the first keys deleted (or that would be); known once finished
     */
    public record GcView(
            boolean dryRun,
            String gracePeriod,
            boolean finished,
            long objectsListed,
            long objectsReferenced,
            long objectsKeptYoung,
            long objectsDeleted,
            long bytesFreed,
            List<String> deletedKeys) {}

    /** A restore's progress on one table of one node, as the restorer last reported it. */
    public record TableView(
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
