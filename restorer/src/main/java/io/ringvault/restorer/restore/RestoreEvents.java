package io.ringvault.restorer.restore;

import io.ringvault.common.message.RestoreFinished;
import io.ringvault.common.message.RestorePlanned;
import io.ringvault.common.message.RestoreProgress;

/** Where a restore reports to: the events topic in the service, a list in tests. Calls wait until it is durable. */
public interface RestoreEvents {
    void planned(String operationId, RestorePlanned planned);

    void progress(String operationId, RestoreProgress progress);

    void finished(String operationId, RestoreFinished finished);
}
