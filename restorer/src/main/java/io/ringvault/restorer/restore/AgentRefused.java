package io.ringvault.restorer.restore;

import io.ringvault.agentapi.AgentErrorReason;
import java.util.Optional;

/**
 * A node agent answered a restore call with an error: its status and the stable reason of its problem answer, from the
 * node agent API's contract ({@link AgentErrorReason}). {@link #retryable()} says whether the same call can succeed
 * later.
 */
public class AgentRefused extends RuntimeException {
    private final int status;
    private final AgentErrorReason reason;

    /**
     * @param status the HTTP status of the answer
     * @param reason its reason, or null when it carried none this restorer knows (a proxy's answer, a newer agent's)
     */
    public AgentRefused(int status, AgentErrorReason reason, String message) {
        super(message);
        this.status = status;
        this.reason = reason;
    }

    /** An answer with a reason, at the status the contract gives it. */
    public AgentRefused(AgentErrorReason reason, String message) {
        this(reason.status(), reason, message);
    }

    public int status() {
        return status;
    }

    /** The agent's reason ({@code checksum-mismatch}, {@code staging-busy}, …), if this restorer knows it. */
    public Optional<AgentErrorReason> reason() {
        return Optional.ofNullable(reason);
    }

    /** Whether the agent refused for this reason. */
    public boolean is(AgentErrorReason candidate) {
        return reason == candidate;
    }

    /**
     * As the contract says of the reason: a busy staging area, an agent or Cassandra error can pass; no room, a refused
     * checksum, token or name cannot (those need a person or a different file). Without a known reason, as the status
     * says: 408, 429 and 5xx other than 507 can pass.
     */
    public boolean retryable() {
        return reason != null ? reason.retryable() : AgentErrorReason.retryableStatus(status);
    }
}
