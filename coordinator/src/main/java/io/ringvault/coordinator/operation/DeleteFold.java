package io.ringvault.coordinator.operation;

import io.ringvault.common.message.DeleteFinished;
import io.ringvault.common.message.DeleteProgress;
import java.util.Optional;

/**
 * A delete as its restorer reports it: the latest progress, and the report it ended with. As with a verify, the driver
 * turns the report into the terminal event.
 */
final class DeleteFold {
    private DeleteProgress progress;
    private DeleteFinished finished;

    /** Takes the restorer's latest counts; every progress event also says the restorer is alive. */
    boolean progress(DeleteProgress reported) {
        if (finished != null) {
            return false;
        }
        progress = reported;
        return true;
    }

    /** Records the restorer's report; true the first time. */
    boolean finished(DeleteFinished reported) {
        if (finished != null) {
            return false;
        }
        finished = reported;
        return true;
    }

    Optional<DeleteFinished> finished() {
        return Optional.ofNullable(finished);
    }

    /** The progress as the view shows it: the report's counts once there is one, else the latest progress. */
    DeleteProgress latest() {
        if (finished != null) {
            long toDelete = progress == null
                    ? finished.objectsDeleted()
                    : Math.max(progress.objectsToDelete(), finished.objectsDeleted());
            return new DeleteProgress(finished.objectsDeleted(), toDelete, finished.bytesFreed());
        }
        return progress == null ? new DeleteProgress(0, 0, 0) : progress;
    }
}
