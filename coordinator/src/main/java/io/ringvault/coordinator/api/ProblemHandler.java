package io.ringvault.coordinator.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.ringvault.coordinator.cluster.ClusterUnavailableException;
import io.ringvault.coordinator.request.RequestRejectedException;
import java.net.URI;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every refusal as RFC 9457 {@code application/problem+json}: {@code type} and {@code reason} are stable and
 * machine-readable, {@code detail} names the problem for a person.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE) // ahead of Boot's generic problem handler, which would lose the reason
public class ProblemHandler {
    private static final String TYPE_BASE = "https://ringvault.io/problems/";

    private final MeterRegistry meters;

    public ProblemHandler(MeterRegistry meters) {
        this.meters = meters;
    }

    @ExceptionHandler(RequestRejectedException.class)
    ProblemDetail rejected(RequestRejectedException e) {
        return problem(HttpStatus.valueOf(e.status()), e.reason(), e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof IllegalArgumentException) {
            // A payload record refused a field: its message names the field.
            return problem(HttpStatus.BAD_REQUEST, "invalid-data", root.getMessage());
        }
        String detail = e.getMostSpecificCause().getMessage();
        boolean syntax = detail != null && (detail.contains("Unexpected") || detail.contains("end-of-input"));
        return problem(
                HttpStatus.BAD_REQUEST,
                syntax ? "malformed-json" : "invalid-data",
                "the request body could not be read: " + firstLine(detail));
    }

    @ExceptionHandler(ClusterUnavailableException.class)
    ProblemDetail clusterUnavailable(ClusterUnavailableException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "cluster-unavailable", e.getMessage());
    }

    private ProblemDetail problem(HttpStatus status, String reason, String detail) {
        meters.counter("ringvault.requests.rejected", "reason", reason, "channel", "rest")
                .increment();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + reason));
        problem.setTitle(reason.replace('-', ' '));
        problem.setProperty("reason", reason);
        return problem;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "(no detail)";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
