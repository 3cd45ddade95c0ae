package io.ringvault.coordinator.security;

import io.micrometer.core.instrument.MeterRegistry;
import io.ringvault.common.failure.FailureReason;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The 401 and 403 answers of the security filter chain, in the shape of every other refusal (the API's
 * {@code ProblemHandler}): {@code application/problem+json} with a stable {@code reason}, {@code unauthenticated} or
 * {@code forbidden}. Neither the answer nor the log ever holds the presented token.
 */
public final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponses.class);
    private static final String TYPE_BASE = "https://ringvault.io/problems/";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MeterRegistry meters;

    public ProblemResponses(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        boolean presented = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
        String detail = presented
                ? "the bearer token is not accepted: " + safe(exception.getMessage())
                : "this request needs a bearer token: Authorization: Bearer <token>";
        LOG.info(
                "request refused reason=unauthenticated method={} path={} detail={}",
                request.getMethod(),
                request.getRequestURI(),
                detail);
        // RFC 6750: say how to authenticate, and whether the token itself was the problem.
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, presented ? "Bearer error=\"invalid_token\"" : "Bearer");
        write(request, response, HttpStatus.UNAUTHORIZED, FailureReason.UNAUTHENTICATED, detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
            throws IOException {
        Role needed = EndpointRoles.needed(request);
        String detail =
                request.getMethod() + " " + request.getRequestURI() + " needs the role " + needed.code() + " or higher";
        LOG.info(
                "request refused reason=forbidden method={} path={} needed={}",
                request.getMethod(),
                request.getRequestURI(),
                needed.code());
        write(request, response, HttpStatus.FORBIDDEN, FailureReason.FORBIDDEN, detail);
    }

    private void write(
            HttpServletRequest request,
            HttpServletResponse response,
            HttpStatus status,
            FailureReason reason,
            String detail)
            throws IOException {
        meters.counter("ringvault.requests.rejected", "reason", reason.code(), "channel", "rest")
                .increment();
        ObjectNode problem = JSON.createObjectNode();
        problem.put("type", TYPE_BASE + reason.code());
        problem.put("title", reason.message());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        problem.put("reason", reason.code());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(JSON.writeValueAsString(problem));
    }

    /** The first line of a validator's message, bounded: they name claims and times, never the token. */
    private static String safe(String message) {
        if (message == null || message.isBlank()) {
            return "(no detail)";
        }
        String line = message.strip();
        int newline = line.indexOf('\n');
        line = newline < 0 ? line : line.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
