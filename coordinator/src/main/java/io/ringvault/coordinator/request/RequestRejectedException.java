package io.ringvault.coordinator.request;

import io.ringvault.common.failure.ClassifiedFailure;
import io.ringvault.common.failure.FailureReason;

/**
 * A request refused before anything ran. {@link #reason()} says why ({@link FailureReason#UNKNOWN_KEYSPACE},
 * {@link FailureReason#UNKNOWN_BACKUP}, …): it is the {@code reason} of the {@code request.rejected} event, of the
 * dead letter and of the REST API's problem answer. The message names the problem for a person; {@link #status()} is
 * the HTTP status the REST API answers with, which depends on the request as well as the reason (an unknown backup is
 * a 400 in a restore request and a 404 for {@code GET /backups/{id}}).
 */
public class RequestRejectedException extends RuntimeException implements ClassifiedFailure {
    private final FailureReason reason;
    private final int status;

    public RequestRejectedException(FailureReason reason, String detail, int status) {
        super(detail);
        this.reason = reason;
        this.status = status;
    }

    /** A request that cannot be carried out as it is: 400. */
    public static RequestRejectedException invalid(FailureReason reason, String detail) {
        return new RequestRejectedException(reason, detail, 400);
    }

    /** A request about something that does not exist: 404. */
    public static RequestRejectedException notFound(FailureReason reason, String detail) {
        return new RequestRejectedException(reason, detail, 404);
    }

    /** A request that conflicts with the state of what it names: 409. */
    public static RequestRejectedException conflict(FailureReason reason, String detail) {
        return new RequestRejectedException(reason, detail, 409);
    }

    @Override
    public FailureReason reason() {
        return reason;
    }

    public int status() {
        return status;
    }
}
