package io.ringvault.restorer.verify;

import io.ringvault.common.message.VerifyFinished;
import io.ringvault.common.message.VerifyProgress;

/** Where a verify reports: the events topic in the service, a list in tests. Each call returns once it is written. */
public interface VerifyEvents {
    void progress(String operationId, VerifyProgress progress);

    void finished(String operationId, VerifyFinished finished);
}
