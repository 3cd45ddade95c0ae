package io.ringvault.coordinator.operation;

import io.ringvault.common.message.CopyFinished;
import io.ringvault.common.message.CopyProgress;
import java.util.Optional;

/**
 * A copy to a copy target as its restorer reports it: the latest progress, and the report it ended with. As with a
 * verify, the coordinator decides nothing here: the driver turns the report into the terminal event.
 */
final class CopyFold {
    private CopyProgress progress;
    private CopyFinished finished;

    /**
     * Takes the restorer's latest counts. Unchanged counts are news too (a large object streams for a while): every
     * progress event says the restorer is alive.
     */
    boolean progress(CopyProgress reported) {
        if (finished != null) {
            return false;
        }
        progress = reported;
        return true;
    }

    /** Records the restorer's report; true the first time. */
    boolean finished(CopyFinished reported) {
        if (finished != null) {
            return false;
        }
        finished = reported;
        return true;
    }

    Optional<CopyFinished> finished() {
        return Optional.ofNullable(finished);
    }

    /** The progress as the view shows it: the report's counts once there is one, else the latest progress. */
    CopyProgress latest() {
        if (finished != null) {
            return new CopyProgress(
                    finished.objectsCopied(),
                    finished.objectsSkipped(),
                    finished.objectsTotal(),
                    finished.bytesCopied(),
                    finished.bytesSkipped(),
                    // A copy that failed reading the manifests knows no total: keep the last one reported.
                    Math.max(finished.bytesTotal(), progress == null ? 0 : progress.bytesTotal()));
        }
        return progress == null ? new CopyProgress(0, 0, 0, 0, 0, 0) : progress;
    }
}
