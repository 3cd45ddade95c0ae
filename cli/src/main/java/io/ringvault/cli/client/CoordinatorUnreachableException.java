package io.ringvault.cli.client;

import java.net.URI;

/** No usable answer: nothing listens, the host is unknown, the request timed out, or the answer was not JSON. */
public final class CoordinatorUnreachableException extends CoordinatorException {
    private final String reason;

    public CoordinatorUnreachableException(URI coordinator, String reason, Throwable cause) {
        super(coordinator, "cannot reach the coordinator at " + coordinator + ": " + reason, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
