package io.ringvault.restorer.restore;

/**
 * A node agent answered a restore call with an error: its status (HTTP's codes, the agent's API speaks HTTP) and the
 * stable {@code reason} of its problem answer. {@link #retryable()} says whether the same call can succeed later.
 */
public class AgentRefused extends RuntimeException {
    private final int status;
    private final String reason;

    public AgentRefused(int status, String reason, String message) {
        super(message);
        this.status = status;
        this.reason = reason == null ? "http-" + status : reason;
    }

    public int status() {
        return status;
    }

    /** The agent's {@code reason} ({@code checksum-mismatch}, {@code staging-busy}, …), or {@code http-<status>}. */
    public String reason() {
        return reason;
    }

    /**
     * A busy staging area, an agent or Cassandra error (5xx) can pass; 507 (no room), a refused checksum, a refused
     * token or name cannot: those need a person or a different file.
     */
    public boolean retryable() {
        if (status == 507) {
            return false;
        }
        if (status >= 500) {
            return true;
        }
        return status == 409 && "staging-busy".equals(reason) || status == 429;
    }
}
