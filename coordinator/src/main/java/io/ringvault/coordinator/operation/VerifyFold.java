package io.ringvault.coordinator.operation;

import io.ringvault.common.message.VerifyFinished;
import io.ringvault.common.message.VerifyProgress;
import java.util.Optional;

/**
 * A verify as its restorer reports it: the latest progress, and the report it ended with. As with a restore, the
 * coordinator decides nothing here: the driver turns the report into the terminal event.
 */
final class VerifyFold {
    private VerifyProgress progress;
    private VerifyFinished finished;

    /**
     * Takes the restorer's latest counts. Unchanged counts are news too (a deep verify may read one large object for a
     * while): every progress event says the restorer is alive, and the driver measures silence from the last change.
     */
    boolean progress(VerifyProgress reported) {
        if (finished != null) {
            return false;
        }
        progress = reported;
        return true;
    }

    /** Records the restorer's report; true the first time. */
    boolean finished(VerifyFinished reported) {
        if (finished != null) {
            return false;
        }
        finished = reported;
        return true;
    }

    Optional<VerifyFinished> finished() {
        return Optional.ofNullable(finished);
    }

    /** The progress as the view shows it: the report's totals once there is one, else the latest progress. */
    VerifyProgress latest() {
        if (finished != null) {
            return new VerifyProgress(
                    finished.objectsChecked(),
                    finished.objectsTotal(),
                    finished.bytesChecked(),
                    // The report has no byte total: a verify that could not finish keeps the last one reported.
                    progress == null
                            ? finished.bytesChecked()
                            : Math.max(progress.bytesTotal(), finished.bytesChecked()),
                    finished.problemCount());
        }
        return progress == null ? new VerifyProgress(0, 0, 0, 0, 0) : progress;
    }
}
