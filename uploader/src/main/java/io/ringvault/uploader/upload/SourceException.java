package io.ringvault.uploader.upload;

import io.ringvault.common.failure.ClassifiedFailure;
import io.ringvault.common.failure.FailureReason;
import java.io.IOException;

/**
 * Fetching a snapshot file failed, for {@link #reason()}, which says whether trying again can help: a refused
 * connection, a reset or a 5xx from the node agent can; a refused token, a vanished file (404, 410) or a file whose
 * size changed cannot. Messages name the file and the agent, never the token.
 */
public class SourceException extends IOException implements ClassifiedFailure {
    private final FailureReason reason;

    public SourceException(FailureReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public SourceException(FailureReason reason, String message) {
        this(reason, message, null);
    }

    @Override
    public FailureReason reason() {
        return reason;
    }
}
