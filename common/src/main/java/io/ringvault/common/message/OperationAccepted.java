package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * {@code io.ringvault.operation.accepted}: the coordinator validated a request and started an operation. The first
 * event of every operation; it records who asked, through which channel, and exactly what was asked.
 *
 * @param kind backup, restore, verify, delete, purge, gc or copy
 * @param requestType the CloudEvent type of the request
 * @param requestSource the CloudEvent source of the request: the system that asked
 * @param channel {@code rest} or {@code kafka}
 * @param requestedBy the request's optional {@code requestedBy}
 * @param backup the request, when {@code kind} is backup
 * @param restore the request, when {@code kind} is restore
 * @param verify the request, when {@code kind} is verify
 * @param delete the request, when {@code kind} is delete
 * @param purge the request, when {@code kind} is purge
 * @param plan for a purge, what the coordinator decided when it accepted it: the backups it deletes, and those it
 *     keeps with the reasons (the audit trail of the policy); absent for every other operation
 * @param gc the request, when {@code kind} is gc
 * @param copy the request, when {@code kind} is copy
 * @param nodes the nodes the operation involves, resolved when it was accepted (for a backup, the nodes that take a
 *     snapshot)
 * @param partial for a backup accepted with {@code allowPartial} while nodes in its scope were down: the nodes left
 *     out and the token ranges no backed-up replica holds. Absent for every other operation
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OperationAccepted(
        OperationKind kind,
        String requestType,
        String requestSource,
        String channel,
        String requestedBy,
        BackupRequested backup,
        RestoreRequested restore,
        List<NodeRef> nodes,
        PartialBackup partial,
        VerifyRequested verify,
        DeleteRequested delete,
        PurgeRequested purge,
        PurgePlan plan,
        GcRequested gc,
        CopyRequested copy)
        implements Event {
    public OperationAccepted {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        if ((kind == OperationKind.BACKUP) != (backup != null)
                || (kind == OperationKind.RESTORE) != (restore != null)
                || (kind == OperationKind.VERIFY) != (verify != null)
                || (kind == OperationKind.DELETE) != (delete != null)
                || (kind == OperationKind.PURGE) != (purge != null)
                || (kind == OperationKind.GC) != (gc != null)
                || (kind == OperationKind.COPY) != (copy != null)) {
            throw new IllegalArgumentException(
                    "a " + kind.name().toLowerCase() + " operation carries exactly its own request");
        }
        Names.requireText(requestType, "requestType");
        nodes = Names.listOrEmpty(nodes, "nodes");
        if (partial != null && kind != OperationKind.BACKUP) {
            throw new IllegalArgumentException("partial is only for a backup");
        }
        if ((kind == OperationKind.PURGE) != (plan != null)) {
            throw new IllegalArgumentException("a purge, and only a purge, carries its plan");
        }
    }

    /** Any operation but a copy: the fields that existed before {@code copy}, in their order. */
    public OperationAccepted(
            OperationKind kind,
            String requestType,
            String requestSource,
            String channel,
            String requestedBy,
            BackupRequested backup,
            RestoreRequested restore,
            List<NodeRef> nodes,
            PartialBackup partial,
            VerifyRequested verify,
            DeleteRequested delete,
            PurgeRequested purge,
            PurgePlan plan,
            GcRequested gc) {
        this(
                kind,
                requestType,
                requestSource,
                channel,
                requestedBy,
                backup,
                restore,
                nodes,
                partial,
                verify,
                delete,
                purge,
                plan,
                gc,
                null);
    }

    /** Any operation but a purge, gc or copy: the fields that existed before {@code purge}, in their order. */
    public OperationAccepted(
            OperationKind kind,
            String requestType,
            String requestSource,
            String channel,
            String requestedBy,
            BackupRequested backup,
            RestoreRequested restore,
            List<NodeRef> nodes,
            PartialBackup partial,
            VerifyRequested verify,
            DeleteRequested delete) {
        this(
                kind,
                requestType,
                requestSource,
                channel,
                requestedBy,
                backup,
                restore,
                nodes,
                partial,
                verify,
                delete,
                null,
                null,
                null);
    }

    /** A backup or restore: the fields that existed before {@code verify}, in their order. */
    public OperationAccepted(
            OperationKind kind,
            String requestType,
            String requestSource,
            String channel,
            String requestedBy,
            BackupRequested backup,
            RestoreRequested restore,
            List<NodeRef> nodes,
            PartialBackup partial) {
        this(kind, requestType, requestSource, channel, requestedBy, backup, restore, nodes, partial, null, null);
    }

    /**
     * A verify of a backup. It involves no node of the cluster (a restorer reads the object store), so it lists none:
     * the node manifests name the backed-up nodes its problems belong to.
     */
    public static OperationAccepted verify(
            String requestType, String requestSource, String channel, VerifyRequested verify) {
        return new OperationAccepted(
                OperationKind.VERIFY,
                requestType,
                requestSource,
                channel,
                verify.requestedBy(),
                null,
                null,
                List.of(),
                null,
                verify,
                null);
    }

    /** A delete of a backup. Like a verify it involves no node of the cluster (a restorer deletes from the store). */
    public static OperationAccepted delete(
            String requestType, String requestSource, String channel, DeleteRequested delete) {
        return new OperationAccepted(
                OperationKind.DELETE,
                requestType,
                requestSource,
                channel,
                delete.requestedBy(),
                null,
                null,
                List.of(),
                null,
                null,
                delete);
    }

    /**
     * A garbage collection of the object store. It involves no node of the cluster (a restorer lists and deletes
     * objects).
     */
    public static OperationAccepted gc(String requestType, String requestSource, String channel, GcRequested gc) {
        return new OperationAccepted(
                OperationKind.GC,
                requestType,
                requestSource,
                channel,
                gc.requestedBy(),
                null,
                null,
                List.of(),
                null,
                null,
                null,
                null,
                null,
                gc);
    }

    /**
     * A copy of a backup to a copy target. Like a verify it involves no node of the cluster (a restorer reads the
     * object store and writes the target).
     */
    public static OperationAccepted copy(String requestType, String requestSource, String channel, CopyRequested copy) {
        return new OperationAccepted(
                OperationKind.COPY,
                requestType,
                requestSource,
                channel,
                copy.requestedBy(),
                null,
                null,
                List.of(),
                null,
                null,
                null,
                null,
                null,
                null,
                copy);
    }

    /**
     * A purge, with the plan the coordinator made when it accepted it. Like a delete it involves no node of the cluster
     * (a restorer deletes from the store).
     */
    public static OperationAccepted purge(
            String requestType, String requestSource, String channel, PurgeRequested purge, PurgePlan plan) {
        return new OperationAccepted(
                OperationKind.PURGE,
                requestType,
                requestSource,
                channel,
                purge.requestedBy(),
                null,
                null,
                List.of(),
                null,
                null,
                null,
                purge,
                plan,
                null);
    }

    /** An operation of every node in its scope: not a partial backup. */
    public OperationAccepted(
            OperationKind kind,
            String requestType,
            String requestSource,
            String channel,
            String requestedBy,
            BackupRequested backup,
            RestoreRequested restore,
            List<NodeRef> nodes) {
        this(kind, requestType, requestSource, channel, requestedBy, backup, restore, nodes, null, null, null);
    }
}
