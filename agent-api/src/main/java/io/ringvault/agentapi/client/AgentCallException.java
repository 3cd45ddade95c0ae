package io.ringvault.agentapi.client;

import io.ringvault.agentapi.AgentErrorReason;
import java.io.IOException;
import java.util.Optional;

/**
 * A node agent answered, and the answer is not what was asked for: an error status with its problem's reason, or a
 * success that cannot be used (a file of another size than announced, a body that is not the expected JSON).
 * {@link #retryable()} says whether the same call can succeed later. A call that gets no answer at all (connection
 * refused, reset, timeout) throws a plain {@link IOException} instead, which is always worth another attempt.
 *
 * <p>Messages name the method, the URI, the status, the reason and the agent's detail; never the token.
 */
public class AgentCallException extends IOException {
    private final int status;
    private final String reasonCode;
    private final boolean retryable;

    private AgentCallException(int status, String reasonCode, boolean retryable, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.reasonCode = reasonCode;
        this.retryable = retryable;
    }

    /**
     * An error answer: retryable as its reason says, or as {@link AgentErrorReason#retryableStatus} says for a reason
     * this version does not know (or none).
     */
    static AgentCallException refused(int status, String reasonCode, String message) {
        boolean retryable = AgentErrorReason.ofCode(reasonCode)
                .map(AgentErrorReason::retryable)
                .orElseGet(() -> AgentErrorReason.retryableStatus(status));
        return new AgentCallException(status, reasonCode, retryable, message, null);
    }

    /** A successful status whose answer cannot be used. */
    static AgentCallException unusable(int status, boolean retryable, String message, Throwable cause) {
        return new AgentCallException(status, null, retryable, message, cause);
    }

    /** The HTTP status of the answer. */
    public int status() {
        return status;
    }

    /** The problem's reason, if the answer carried one this version knows. */
    public Optional<AgentErrorReason> reason() {
        return AgentErrorReason.ofCode(reasonCode);
    }

    /** The problem's reason as the agent wrote it (also one this version does not know), or null. */
    public String reasonCode() {
        return reasonCode;
    }

    /** Whether the same call can succeed later. */
    public boolean retryable() {
        return retryable;
    }
}
