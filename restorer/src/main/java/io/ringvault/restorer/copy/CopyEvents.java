package io.ringvault.restorer.copy;

import io.ringvault.common.message.CopyFinished;
import io.ringvault.common.message.CopyProgress;

/** Where a copy reports: the events topic in the service, a list in tests. Each call returns once it is written. */
public interface CopyEvents {
    void progress(String operationId, CopyProgress progress);

    void finished(String operationId, CopyFinished finished);
}
