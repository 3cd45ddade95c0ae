package io.ringvault.restorer.restore;

import io.ringvault.agentapi.AgentReasons;
import io.ringvault.common.failure.ClassifiedFailure;
import io.ringvault.common.failure.FailureReason;

/**
 * A node agent answered a restore call with an error: its status and its {@link FailureReason}, the problem's
 * {@code reason} (or, for an answer without one this restorer knows, the reason its status implies). Whether the same
 * call can succeed later is the reason's {@link FailureReason#retryable()}: a busy staging area, an agent or Cassandra
 * error can pass; no room, a refused checksum, token or name cannot (those need a person or a different file).
 */
public class AgentRefused extends RuntimeException implements ClassifiedFailure {
    private final int status;
    private final FailureReason reason;

    /**
     * @param status the HTTP status of the answer
     * @param reason why, as the agent's client classified the answer
     */
    public AgentRefused(int status, FailureReason reason, String message) {
        super(message);
        this.status = status;
        this.reason = reason;
    }

    /** An answer with {@code reason}, at the status the agent's contract gives it. */
    public AgentRefused(FailureReason reason, String message) {
        this(AgentReasons.status(reason), reason, message);
    }

    public int status() {
        return status;
    }

    /** The agent's reason ({@code checksum-mismatch}, {@code staging-busy}, …). */
    @Override
    public FailureReason reason() {
        return reason;
    }

    /** Whether the agent refused for this reason. */
    public boolean is(FailureReason candidate) {
        return reason == candidate;
    }
}
