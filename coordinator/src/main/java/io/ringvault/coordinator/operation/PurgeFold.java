package io.ringvault.coordinator.operation;

import io.ringvault.common.message.PurgeFinished;
import io.ringvault.common.message.PurgeProgress;
import java.util.Optional;

/**
 * A purge as its restorer reports it: the latest progress, and the report it ended with. As with a delete, the driver
 * turns the report into the terminal event.
 */
final class PurgeFold {
    private PurgeProgress progress;
    private PurgeFinished finished;

    /** Takes the restorer's latest counts; every progress event also says the restorer is alive. */
    boolean progress(PurgeProgress reported) {
        if (finished != null) {
            return false;
        }
        progress = reported;
        return true;
    }

    /** Records the restorer's report; true the first time. */
    boolean finished(PurgeFinished reported) {
        if (finished != null) {
            return false;
        }
        finished = reported;
        return true;
    }

    Optional<PurgeFinished> finished() {
        return Optional.ofNullable(finished);
    }

    /** The progress as the view shows it: the report's counts once there is one, else the latest progress. */
    PurgeProgress latest(boolean dryRun, int backups) {
        if (finished != null) {
            long toDelete = progress == null
                    ? finished.objectsDeleted()
                    : Math.max(progress.objectsToDelete(), finished.objectsDeleted());
            return new PurgeProgress(dryRun, backups, finished.objectsDeleted(), toDelete, finished.bytesFreed());
        }
        return progress == null ? new PurgeProgress(dryRun, backups, 0, 0, 0) : progress;
    }
}
