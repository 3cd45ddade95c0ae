package io.ringvault.coordinator.request;

/**
 * A request refused before anything ran. {@link #reason()} is stable and machine-readable ({@code unknown-keyspace},
 * {@code unknown-backup}, …); the message names the problem for a person; {@link #status()} is the HTTP status the
 * REST API answers with.
 */
public class RequestRejectedException extends RuntimeException {
    private final String reason;
    private final int status;

    public RequestRejectedException(String reason, String detail, int status) {
        super(detail);
        this.reason = reason;
        this.status = status;
    }

    public static RequestRejectedException invalid(String reason, String detail) {
        return new RequestRejectedException(reason, detail, 400);
    }

    public String reason() {
        return reason;
    }

    public int status() {
        return status;
    }
}
