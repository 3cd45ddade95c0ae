package io.ringvault.coordinator.api;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The answer to whatever the servlet container refuses before a controller sees it (a method it never dispatches,
 * such as {@code TRACE}; a query string it cannot decode) and to any error no handler answered: a problem with a
 * reason, like every other refusal. Boot's own {@code /error} would answer a JSON without one.
 */
@Hidden // not an operation of the API
@RestController
public class ErrorProblemController implements ErrorController {
    private final ProblemHandler problems;

    public ErrorProblemController(ProblemHandler problems) {
        this.problems = problems;
    }

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        HttpStatusCode status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
                ? HttpStatusCode.valueOf(code)
                : HttpStatus.NOT_FOUND; // asked for directly: there is nothing at /error
        HttpStatus known = HttpStatus.resolve(status.value());
        // The container's own message may quote the request: the status's phrase is enough to name the problem.
        String detail = "the request was refused: " + (known != null ? known.getReasonPhrase() : status.toString());
        ProblemDetail problem = problems.problem(status, ProblemHandler.reasonFor(status), detail);
        if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String path) {
            try {
                problem.setInstance(URI.create(path));
            } catch (IllegalArgumentException e) {
                // A path the container could not take may not be a URI either: the answer goes without it.
            }
        }
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
