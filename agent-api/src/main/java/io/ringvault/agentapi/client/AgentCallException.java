package io.ringvault.agentapi.client;

import io.ringvault.agentapi.AgentReasons;
import io.ringvault.common.failure.ClassifiedFailure;
import io.ringvault.common.failure.FailureReason;
import java.io.IOException;

/**
 * A node agent answered, and the answer is not what was asked for: an error status with its problem's reason, or a
 * success that cannot be used (a file of another size than announced, a body that is not the expected JSON).
 * {@link #reason()} says why, and so whether the same call can succeed later ({@link FailureReason#retryable()}). A
 * call that gets no answer at all (connection refused, reset, timeout) throws a plain {@link IOException} instead,
 * which {@code Failures} classifies as retryable.
 *
 * <p>Messages name the method, the URI, the status, the reason and the agent's detail; never the token.
 */
public class AgentCallException extends IOException implements ClassifiedFailure {
    private final int status;
    private final String reasonCode;
    private final FailureReason reason;

    private AgentCallException(int status, String reasonCode, FailureReason reason, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.reasonCode = reasonCode;
        this.reason = reason;
    }

    /**
     * An error answer: its problem's reason when this version knows it, else the reason its status implies
     * ({@link AgentReasons#ofAnswer}).
     */
    static AgentCallException refused(int status, String reasonCode, String message) {
        return new AgentCallException(status, reasonCode, AgentReasons.ofAnswer(status, reasonCode), message, null);
    }

    /** A successful status whose answer cannot be used, for {@code reason}. */
    static AgentCallException unusable(int status, FailureReason reason, String message, Throwable cause) {
        return new AgentCallException(status, null, reason, message, cause);
    }

    /** The HTTP status of the answer. */
    public int status() {
        return status;
    }

    /** Why: the agent's reason, or for an answer without one this version knows, the reason its status implies. */
    @Override
    public FailureReason reason() {
        return reason;
    }

    /** The problem's reason as the agent wrote it (also one this version does not know), or null. */
    public String reasonCode() {
        return reasonCode;
    }
}
