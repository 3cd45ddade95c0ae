package io.ringvault.coordinator.request;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.OperationKind;
import java.util.Optional;

/**
 * Which operations may not run together, because one decides which objects of the store nothing references while the
 * other may write or reference such objects. The <em>removals</em> are deletes and purges; together with backups and
 * garbage collections they follow one rule:
 *
 * <ul>
 *   <li>a garbage collection is refused while a backup or a removal runs ({@code backup-in-progress}) and while another
 *       collection runs ({@code gc-in-progress});
 *   <li>a backup or a removal is refused while a collection runs ({@code gc-in-progress});
 *   <li>a backup is refused while a removal runs, and a removal while a backup or another removal runs
 *       ({@code backup-in-progress}).
 * </ul>
 *
 * A running backup may reuse an object already in the store that no manifest references yet (found by listing or
 * HEAD) and references it only in the manifests it writes at its end: a collection or a removal deciding meanwhile
 * would see the object as unreferenced. Two removals each decide against an index the other rewrites. Restores and
 * verifies only read; what they read is guarded separately ({@code backup-in-use}). The {@link RequestValidator}
 * checks the rule against the operations the event log has folded; the {@link RequestService} also against those it
 * accepted that the log has not folded yet.
 */
final class Exclusions {
    private Exclusions() {}

    /** The refusal of a {@code requested} operation while {@code running} (its id {@code runningId}) runs, if any. */
    static Optional<RequestRejectedException> conflict(
            OperationKind requested, OperationKind running, String runningId) {
        String requestedName = describe(requested);
        if (running == OperationKind.GC && (requested == OperationKind.GC)) {
            return refuse(FailureReason.GC_IN_PROGRESS, "garbage collection " + runningId + " is running");
        }
        if (running == OperationKind.GC && (requested == OperationKind.BACKUP || isRemoval(requested))) {
            return refuse(
                    FailureReason.GC_IN_PROGRESS,
                    "garbage collection " + runningId + " is running: " + requestedName + " waits until it is over");
        }
        if (running == OperationKind.BACKUP && (requested == OperationKind.GC || isRemoval(requested))) {
            return refuse(
                    FailureReason.BACKUP_IN_PROGRESS,
                    "backup " + runningId + " is running: it may reuse objects no manifest references yet, so "
                            + requestedName + " waits until it is over");
        }
        if (isRemoval(running)
                && (requested == OperationKind.GC || requested == OperationKind.BACKUP || isRemoval(requested))) {
            return refuse(
                    FailureReason.BACKUP_IN_PROGRESS,
                    describe(running).substring(2) + " " + runningId + " is running: " + requestedName
                            + " waits until it is over");
        }
        return Optional.empty();
    }

    private static boolean isRemoval(OperationKind kind) {
        return kind == OperationKind.DELETE || kind == OperationKind.PURGE;
    }

    private static String describe(OperationKind kind) {
        return kind == OperationKind.GC
                ? "a garbage collection"
                : "a " + kind.name().toLowerCase();
    }

    private static Optional<RequestRejectedException> refuse(FailureReason reason, String detail) {
        return Optional.of(RequestRejectedException.conflict(reason, detail));
    }
}
