package io.ringvault.common;

import io.ringvault.common.failure.ClassifiedFailure;
import io.ringvault.common.failure.FailureReason;

/**
 * A message that cannot be accepted, with a stable machine-readable {@link #reason()} (for example
 * {@link FailureReason#MALFORMED_JSON}, {@link FailureReason#UNKNOWN_TYPE}, {@link FailureReason#INVALID_DATA}) and a
 * message naming the problem. Never retryable: the same bytes stay unreadable.
 */
public class InvalidMessageException extends RuntimeException implements ClassifiedFailure {
    private final FailureReason reason;

    public InvalidMessageException(FailureReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public InvalidMessageException(FailureReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    @Override
    public FailureReason reason() {
        return reason;
    }
}
