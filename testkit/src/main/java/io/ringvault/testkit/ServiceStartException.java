package io.ringvault.testkit;

/**
 * A service of the stack did not come up: it exited, did not become ready in time, or could not be launched.
 * The message names the service and carries the tail of its log, so a failed CI run explains itself.
 */
public class ServiceStartException extends RuntimeException {
    private final String service;

    public ServiceStartException(String service, String message) {
        super(service + ": " + message);
        this.service = service;
    }

    public ServiceStartException(String service, String message, Throwable cause) {
        super(service + ": " + message, cause);
        this.service = service;
    }

    /** The name of the service that failed, for example {@code cassandra node1 (127.0.0.1)}. */
    public String service() {
        return service;
    }
}
