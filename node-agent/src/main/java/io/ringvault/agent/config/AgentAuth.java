package io.ringvault.agent.config;

/**
 * How the node agent's API ({@code /api/**}) authenticates uploaders and restorers ({@code ringvault.agent.auth}).
 * Actuator's health is outside the API, but with client certificates required the handshake itself needs one, on every
 * path of the server's port (probes then use a separate {@code management.server.port}).
 */
public enum AgentAuth {
    /** {@code Authorization: Bearer <ringvault.agent.token>} on every call; HTTPS optional, no client certificate. */
    TOKEN,
    /**
     * A client certificate signed by {@code ringvault.agent.tls.client-ca}, required during the TLS handshake, in place
     * of the token: no token is needed or checked.
     */
    MTLS,
    /** Both: a client certificate during the handshake and the bearer token on every call. */
    BOTH;

    /** Whether the bearer token is checked. */
    public boolean checksToken() {
        return this != MTLS;
    }

    /** Whether clients must present a certificate. */
    public boolean needsClientCertificate() {
        return this != TOKEN;
    }
}
