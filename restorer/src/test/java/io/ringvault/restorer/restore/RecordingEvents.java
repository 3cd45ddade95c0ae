package io.ringvault.restorer.restore;

import io.ringvault.common.message.RestoreFinished;
import io.ringvault.common.message.RestorePlanned;
import io.ringvault.common.message.RestoreProgress;
import java.util.ArrayList;
import java.util.List;

/** The events of a restore, in the order they were published; the operation id is checked on each. */
final class RecordingEvents implements RestoreEvents {
    private final String operationId;
    private final List<RestorePlanned> planned = new ArrayList<>();
    private final List<RestoreProgress> progress = new ArrayList<>();
    private final List<RestoreFinished> finished = new ArrayList<>();

    RecordingEvents(String operationId) {
        this.operationId = operationId;
    }

    @Override
    public synchronized void planned(String operationId, RestorePlanned event) {
        check(operationId);
        planned.add(event);
    }

    @Override
    public synchronized void progress(String operationId, RestoreProgress event) {
        check(operationId);
        progress.add(event);
    }

    @Override
    public synchronized void finished(String operationId, RestoreFinished event) {
        check(operationId);
        finished.add(event);
    }

    synchronized List<RestorePlanned> planned() {
        return List.copyOf(planned);
    }

    synchronized List<RestoreProgress> progress() {
        return List.copyOf(progress);
    }

    synchronized List<RestoreFinished> finished() {
        return List.copyOf(finished);
    }

    private void check(String operationId) {
        if (!this.operationId.equals(operationId)) {
            throw new AssertionError("event of operation " + operationId + ", expected " + this.operationId);
        }
    }
}
