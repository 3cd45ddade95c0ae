package io.ringvault.coordinator.operation;

import io.ringvault.common.message.GcFinished;
import io.ringvault.common.message.GcProgress;
import java.util.Optional;

/**
 * A garbage collection as its restorer reports it: the latest progress, and the report it ended with. As with a delete,
 * the driver turns the report into the terminal event.
 */
final class GcFold {
    private GcProgress progress;
    private GcFinished finished;

    /** Takes the restorer's latest counts; every progress event also says the restorer is alive. */
    boolean progress(GcProgress reported) {
        if (finished != null) {
            return false;
        }
        progress = reported;
        return true;
    }

    /** Records the restorer's report; true the first time. */
    boolean finished(GcFinished reported) {
        if (finished != null) {
            return false;
        }
        finished = reported;
        return true;
    }

    Optional<GcFinished> finished() {
        return Optional.ofNullable(finished);
    }

    /** The progress as the view shows it: the report's counts once there is one, else the latest progress. */
    GcProgress latest() {
        if (finished != null) {
            return new GcProgress(finished.objectsListed(), finished.objectsDeleted(), finished.bytesFreed());
        }
        return progress == null ? new GcProgress(0, 0, 0) : progress;
    }
}
