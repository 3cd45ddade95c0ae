package io.ringvault.agent.api;

import io.ringvault.agent.snapshot.FileAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** RFC 9457 answers: a stable {@code reason} and a {@code detail} naming the problem. */
@RestControllerAdvice
public class ProblemHandler {
    @ExceptionHandler(FileAccessException.class)
    ResponseEntity<ProblemDetail> fileAccess(FileAccessException e) {
        HttpStatus status = e.forbidden() ? HttpStatus.FORBIDDEN : HttpStatus.NOT_FOUND;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setProperty("reason", e.reason());
        return ResponseEntity.status(status).body(problem);
    }
}
