package io.ringvault.coordinator.request;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.OperationKind;
import java.util.Optional;

/**
 * Which operations may not run together, because one decides which objects of the store nothing references while the
 * other may write or reference such objects:
 *
 * <ul>
 *   <li>a garbage collection is refused while a backup or a delete runs ({@code backup-in-progress}) and while another
 *       collection runs ({@code gc-in-progress});
 *   <li>a backup or a delete is refused while a collection runs ({@code gc-in-progress});
 *   <li>a backup is refused while a delete runs, a delete while a backup runs ({@code backup-in-progress}).
 * </ul>
 *
 * A running backup may reuse an object already in the store that no manifest references yet (found by listing or
 * HEAD) and references it only in the manifests it writes at its end: a collection or a delete deciding meanwhile would
 * see the object as unreferenced. The {@link RequestValidator} checks the rule against the operations the event log has
 * folded; the {@link RequestService} also against those it accepted that the log has not folded yet.
 */
final class Exclusions {
    private Exclusions() {}

    /** The refusal of a {@code requested} operation while {@code running} (its id {@code runningId}) runs, if any. */
    static Optional<RequestRejectedException> conflict(
            OperationKind requested, OperationKind running, String runningId) {
        String what = running.name().toLowerCase() + " " + runningId + " is running";
        if (requested == OperationKind.GC) {
            if (running == OperationKind.BACKUP) {
                return Optional.of(RequestRejectedException.conflict(
                        FailureReason.BACKUP_IN_PROGRESS,
                        "backup " + runningId + " is running: it may reuse objects no manifest references yet, so a"
                                + " garbage collection waits until it is over"));
            }
            if (running == OperationKind.DELETE) {
                return Optional.of(RequestRejectedException.conflict(
                        FailureReason.BACKUP_IN_PROGRESS, what + ": a garbage collection waits until it is over"));
            }
            if (running == OperationKind.GC) {
                return Optional.of(RequestRejectedException.conflict(
                        FailureReason.GC_IN_PROGRESS, "garbage collection " + runningId + " is running"));
            }
            return Optional.empty();
        }
        if ((requested == OperationKind.BACKUP || requested == OperationKind.DELETE) && running == OperationKind.GC) {
            return Optional.of(RequestRejectedException.conflict(
                    FailureReason.GC_IN_PROGRESS,
                    "garbage collection " + runningId + " is running: a "
                            + requested.name().toLowerCase() + " waits until it is over"));
        }
        if (requested == OperationKind.BACKUP && running == OperationKind.DELETE) {
            return Optional.of(RequestRejectedException.conflict(
                    FailureReason.BACKUP_IN_PROGRESS, what + ": a backup waits until it is over"));
        }
        if (requested == OperationKind.DELETE && running == OperationKind.BACKUP) {
            return Optional.of(RequestRejectedException.conflict(
                    FailureReason.BACKUP_IN_PROGRESS,
                    "backup " + runningId + " is running: it may reuse objects of the backup, so a delete waits"
                            + " until it is over"));
        }
        return Optional.empty();
    }
}
