package io.ringvault.agent.api;

import io.ringvault.agentapi.AgentHeaders;
import io.ringvault.agentapi.AgentProblem;
import io.ringvault.agentapi.AgentReasons;
import io.ringvault.common.failure.FailureReason;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards {@code /api/**}: a request must carry {@code Authorization: Bearer <ringvault.agent.token>}. No header (or
 * another scheme) is 401, a wrong token 403. Tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual},
 * so the time taken says nothing about the token, not even its length. Neither answers nor logs ever contain a token.
 * The header, the challenge and the reasons ({@code missing-token}, {@code wrong-token}) are agent-api's contract.
 */
public class BearerTokenFilter extends OncePerRequestFilter {
    private static final Logger LOG = LoggerFactory.getLogger(BearerTokenFilter.class);
    private static final String SCHEME = AgentHeaders.BEARER_SCHEME.toLowerCase(Locale.ROOT) + " ";

    private final byte[] expectedDigest;

    public BearerTokenFilter(String token) {
        this.expectedDigest = sha256(token);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(AgentHeaders.AUTHORIZATION);
        if (header == null
                || header.length() <= SCHEME.length()
                || !header.substring(0, SCHEME.length())
                        .toLowerCase(Locale.ROOT)
                        .equals(SCHEME)) {
            response.setHeader(AgentHeaders.WWW_AUTHENTICATE, AgentHeaders.BEARER_CHALLENGE);
            problem(
                    response,
                    FailureReason.MISSING_TOKEN,
                    "this endpoint needs an Authorization: Bearer header with the node agent's token");
            return;
        }
        byte[] presented = sha256(header.substring(SCHEME.length()).strip());
        if (!MessageDigest.isEqual(expectedDigest, presented)) {
            LOG.warn(
                    "request refused: wrong token remote={} path={}", request.getRemoteAddr(), request.getRequestURI());
            problem(response, FailureReason.WRONG_TOKEN, "the bearer token is not this node agent's token");
            return;
        }
        chain.doFilter(request, response);
    }

    private static void problem(HttpServletResponse response, FailureReason reason, String detail) throws IOException {
        // Constant texts only: nothing from the request is echoed back.
        int status = AgentReasons.status(reason);
        response.setStatus(status);
        response.setContentType(AgentProblem.MEDIA_TYPE);
        response.getOutputStream()
                .write(("{\"type\":\"about:blank\",\"title\":\""
                                + reason.message()
                                + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\",\"" + AgentProblem.REASON
                                + "\":\"" + reason.code() + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
