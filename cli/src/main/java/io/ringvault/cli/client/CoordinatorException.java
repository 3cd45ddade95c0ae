package io.ringvault.cli.client;

import java.net.URI;

/** Something went wrong talking to the coordinator. The subclasses say what, so the command can pick its exit code. */
public abstract class CoordinatorException extends RuntimeException {
    private final URI coordinator;

    protected CoordinatorException(URI coordinator, String message, Throwable cause) {
        super(message, cause);
        this.coordinator = coordinator;
    }

    public URI coordinator() {
        return coordinator;
    }
}
