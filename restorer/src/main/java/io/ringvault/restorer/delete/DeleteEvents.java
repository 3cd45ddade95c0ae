package io.ringvault.restorer.delete;

import io.ringvault.common.message.DeleteFinished;
import io.ringvault.common.message.DeleteProgress;

/** Where a delete reports: the events topic in the service, a list in tests. Each call returns once it is written. */
public interface DeleteEvents {
    void progress(String operationId, DeleteProgress progress);

    void finished(String operationId, DeleteFinished finished);
}
