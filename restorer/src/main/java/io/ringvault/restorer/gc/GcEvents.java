package io.ringvault.restorer.gc;

import io.ringvault.common.message.GcFinished;
import io.ringvault.common.message.GcProgress;

/**
 * Where a garbage collection reports: the events topic in the service, a list in tests. Each call returns once it is
 * written.
 */
public interface GcEvents {
    void progress(String operationId, GcProgress progress);

    void finished(String operationId, GcFinished finished);
}
