package io.ringvault.coordinator.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.coordinator.cluster.ClusterUnavailableException;
import io.ringvault.coordinator.request.RequestRejectedException;
import io.ringvault.coordinator.security.ForbiddenException;
import java.net.URI;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every refusal as RFC 9457 {@code application/problem+json}, from its {@link FailureReason}: {@code reason} is the
 * reason's code and {@code type} a URI ending in it (both stable and machine-readable), {@code title} the reason's
 * safe message (the same for every answer with that reason), {@code detail} names the problem for a person.
 *
 * <p>Spring MVC's own refusals (a header or parameter that does not convert, a content type, method or media type the
 * endpoint does not take, no such path) get a reason too, from their status: {@code unsupported-content-type} for
 * 415, {@code invalid-request} for any other 4xx. So every answer but a success carries a reason.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE) // ahead of Boot's generic problem handler, which would lose the reason
public class ProblemHandler extends ResponseEntityExceptionHandler {
    private static final String TYPE_BASE = "https://ringvault.io/problems/";

    private final MeterRegistry meters;

    public ProblemHandler(MeterRegistry meters) {
        this.meters = meters;
    }

    @ExceptionHandler(RequestRejectedException.class)
    ProblemDetail rejected(RequestRejectedException e) {
        return problem(HttpStatus.valueOf(e.status()), e.reason(), e.getMessage());
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().headers(headers).body(unreadable(e));
    }

    /** Every other refusal of Spring MVC's, with a reason from its status and Spring's own detail. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        FailureReason reason = reasonFor(status);
        String detail = body instanceof ProblemDetail spring && spring.getDetail() != null
                ? spring.getDetail()
                : reason.message();
        return super.handleExceptionInternal(e, problem(status, reason, detail), headers, status, request);
    }

    private ProblemDetail unreadable(HttpMessageNotReadableException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof IllegalArgumentException) {
            // A payload record refused a field: its message names the field.
            return problem(HttpStatus.BAD_REQUEST, FailureReason.INVALID_DATA, root.getMessage());
        }
        String detail = e.getMostSpecificCause().getMessage();
        boolean syntax = detail != null && (detail.contains("Unexpected") || detail.contains("end-of-input"));
        return problem(
                HttpStatus.BAD_REQUEST,
                syntax ? FailureReason.MALFORMED_JSON : FailureReason.INVALID_DATA,
                "the request body could not be read: " + firstLine(detail));
    }

    /**
     * A query string Tomcat cannot decode (a parameter without a name, bad percent-encoding), found when a handler first
     * reads the parameters: the client's mistake, answered here rather than logged as a server error.
     */
    @ExceptionHandler(InvalidParameterException.class)
    ProblemDetail undecodableParameters(InvalidParameterException e) {
        return problem(HttpStatus.BAD_REQUEST, FailureReason.INVALID_REQUEST, "the query string could not be decoded");
    }

    /** A role check a path cannot express (cancelling a restore); the filter chain answers the others alike. */
    /**
     * A multipart body that cannot be read (no boundary, a cut-off part): the client's mistake, on the one endpoint
     * that takes multipart ({@code POST /api/v1/imports}) or on any other that was sent one.
     */
    @ExceptionHandler(MultipartException.class)
    ProblemDetail unreadableMultipart(MultipartException e) {
        return problem(
                HttpStatus.BAD_REQUEST, FailureReason.INVALID_REQUEST, "the multipart request body could not be read");
    }

    @ExceptionHandler(ForbiddenException.class)
    ProblemDetail forbidden(ForbiddenException e) {
        return problem(HttpStatus.FORBIDDEN, FailureReason.FORBIDDEN, e.getMessage());
    }

    @ExceptionHandler(ClusterUnavailableException.class)
    ProblemDetail clusterUnavailable(ClusterUnavailableException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, e.reason(), e.getMessage());
    }

    /** The reason of a refusal that has only a status: Spring MVC's own, and the servlet container's. */
    static FailureReason reasonFor(HttpStatusCode status) {
        if (status.value() == HttpStatus.UNSUPPORTED_MEDIA_TYPE.value()) {
            return FailureReason.UNSUPPORTED_CONTENT_TYPE;
        }
        return status.is4xxClientError() ? FailureReason.INVALID_REQUEST : FailureReason.SERVER_ERROR;
    }

    ProblemDetail problem(HttpStatusCode status, FailureReason reason, String detail) {
        meters.counter("ringvault.requests.rejected", "reason", reason.code(), "channel", "rest")
                .increment();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + reason.code()));
        problem.setTitle(reason.message());
        problem.setProperty("reason", reason.code());
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
