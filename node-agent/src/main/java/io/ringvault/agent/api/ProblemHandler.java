package io.ringvault.agent.api;

import io.ringvault.agent.restore.RestoreException;
import io.ringvault.agent.snapshot.FileAccessException;
import io.ringvault.agentapi.AgentHeaders;
import io.ringvault.agentapi.AgentProblem;
import io.ringvault.agentapi.AgentReasons;
import io.ringvault.agentapi.ContentRange;
import io.ringvault.common.failure.FailureReason;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 answers: the domain's {@link FailureReason} as the stable {@code reason}, at the status the contract
 * declares for it ({@link AgentReasons}), titled with the reason's safe message, and a {@code detail} naming the
 * problem. A reason the contract does not declare is a bug ({@code AgentApiContractTest} looks for one).
 */
@RestControllerAdvice
public class ProblemHandler {
    @ExceptionHandler(FileAccessException.class)
    ResponseEntity<ProblemDetail> fileAccess(FileAccessException e) {
        return problem(e.reason(), e.getMessage());
    }

    @ExceptionHandler(RestoreException.class)
    ResponseEntity<ProblemDetail> restore(RestoreException e) {
        return problem(e.reason(), e.getMessage());
    }

    @ExceptionHandler(RangeNotSatisfiableException.class)
    ResponseEntity<ProblemDetail> range(RangeNotSatisfiableException e) {
        ResponseEntity<ProblemDetail> answer = problem(FailureReason.RANGE_NOT_SATISFIABLE, e.getMessage());
        return ResponseEntity.status(answer.getStatusCode())
                .header(AgentHeaders.CONTENT_RANGE, ContentRange.unsatisfied(e.size()))
                .body(answer.getBody());
    }

    /**
     * The answer to {@code reason}.
     *
     * @throws IllegalArgumentException when the agent's contract does not declare {@code reason}
     */
    static ResponseEntity<ProblemDetail> problem(FailureReason reason, String detail) {
        HttpStatus status = HttpStatus.valueOf(AgentReasons.status(reason));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(reason.message());
        problem.setProperty(AgentProblem.REASON, reason.code());
        return ResponseEntity.status(status).body(problem);
    }
}
