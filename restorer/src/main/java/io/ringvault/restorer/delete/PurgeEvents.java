package io.ringvault.restorer.delete;

import io.ringvault.common.message.PurgeFinished;
import io.ringvault.common.message.PurgeProgress;

/** Where a purge reports: the events topic in the service, a list in tests. Each call returns once it is written. */
public interface PurgeEvents {
    void progress(String operationId, PurgeProgress progress);

    void finished(String operationId, PurgeFinished finished);
}
