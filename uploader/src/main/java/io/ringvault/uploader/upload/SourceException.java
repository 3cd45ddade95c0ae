package io.ringvault.uploader.upload;

import java.io.IOException;

/**
 * Fetching a snapshot file failed. {@link #retryable()} says whether trying again can help: a refused connection, a
 * reset or a 5xx from the node agent can; a refused token, a vanished file (404, 410) or a file whose size changed
 * cannot. Messages name the file and the agent, never the token.
 */
public class SourceException extends IOException {
    private final boolean retryable;

    public SourceException(boolean retryable, String message, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public SourceException(boolean retryable, String message) {
        this(retryable, message, null);
    }

    public boolean retryable() {
        return retryable;
    }
}
