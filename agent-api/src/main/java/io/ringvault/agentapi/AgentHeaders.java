package io.ringvault.agentapi;

/**
 * The HTTP headers the node agent's API reads and writes, beside {@code Content-Type} and {@code Content-Length}.
 * Every one of them appears in the OpenAPI document {@code /openapi/node-agent.yaml} ({@code AgentApiDocumentTest}).
 */
public final class AgentHeaders {
    /** Request: {@code Bearer <token>}, the agent's token ({@code ringvault.agent.token}) on every API path. */
    public static final String AUTHORIZATION = "Authorization";

    /** The scheme of {@link #AUTHORIZATION}; the agent accepts it in any case. */
    public static final String BEARER_SCHEME = "Bearer";

    /** Response to a request without a bearer token ({@code missing-token}): {@link #BEARER_CHALLENGE}. */
    public static final String WWW_AUTHENTICATE = "WWW-Authenticate";

    /** The value of {@link #WWW_AUTHENTICATE}. */
    public static final String BEARER_CHALLENGE = BEARER_SCHEME + " realm=\"ringvault-node-agent\"";

    /** Request of a staged file: the SHA-256 of the body, 64 hex digits; the agent keeps the file only if it matches. */
    public static final String SHA256 = "X-Ringvault-Sha256";

    /** Request of a snapshot file: {@code bytes=<first>-[<last>]} or {@code bytes=-<suffix>}, one range. */
    public static final String RANGE = "Range";

    /** Response of a snapshot file: {@code bytes}, ranges are served. */
    public static final String ACCEPT_RANGES = "Accept-Ranges";

    /** Response of a snapshot file: {@code bytes <first>-<last>/<size>} with 206, {@link ContentRange#unsatisfied} with 416. */
    public static final String CONTENT_RANGE = "Content-Range";

    private AgentHeaders() {}

    /** The value of {@link #AUTHORIZATION} for a token. */
    public static String bearer(String token) {
        return BEARER_SCHEME + " " + token;
    }

    /** The value of {@link #RANGE} that asks for the bytes from {@code offset} to the end. */
    public static String rangeFrom(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        return "bytes=" + offset + "-";
    }
}
