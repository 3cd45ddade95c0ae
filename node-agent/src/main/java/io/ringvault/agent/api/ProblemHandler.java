package io.ringvault.agent.api;

import io.ringvault.agent.restore.RestoreException;
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

    @ExceptionHandler(RestoreException.class)
    ResponseEntity<ProblemDetail> restore(RestoreException e) {
        HttpStatus status = status(e.reason());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setProperty("reason", e.reason().code());
        return ResponseEntity.status(status).body(problem);
    }

    static HttpStatus status(RestoreException.Reason reason) {
        return switch (reason) {
            case INVALID_NAME, NOT_SSTABLE_COMPONENT, MISSING_CHECKSUM, INVALID_CHECKSUM, INCOMPLETE_BODY ->
                HttpStatus.BAD_REQUEST;
            case KEYSPACE_NOT_ALLOWED -> HttpStatus.FORBIDDEN;
            case TABLE_MISSING, NOTHING_STAGED -> HttpStatus.NOT_FOUND;
            case STAGING_BUSY, ALREADY_IMPORTED -> HttpStatus.CONFLICT;
            // The request was well formed; its content (the body, or the staged SSTables) was refused.
            case CHECKSUM_MISMATCH, IMPORT_FAILED -> HttpStatus.UNPROCESSABLE_CONTENT;
            case INSUFFICIENT_SPACE -> HttpStatus.INSUFFICIENT_STORAGE;
            // Cassandra, behind the agent, failed: a gateway's error.
            case CASSANDRA_ERROR -> HttpStatus.BAD_GATEWAY;
            case STAGING_ERROR -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }
}
