package io.ringvault.agent.api;

import io.ringvault.agent.restore.RestoreException;
import io.ringvault.agent.snapshot.FileAccessException;
import io.ringvault.agentapi.AgentErrorReason;
import io.ringvault.agentapi.AgentHeaders;
import io.ringvault.agentapi.AgentProblem;
import io.ringvault.agentapi.ContentRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 answers: a stable {@code reason} from the contract's {@link AgentErrorReason}, with the status it declares,
 * and a {@code detail} naming the problem. The domain's reasons carry the same codes; a code the contract does not
 * declare is a bug ({@code AgentApiContractTest} looks for one).
 */
@RestControllerAdvice
public class ProblemHandler {
    @ExceptionHandler(FileAccessException.class)
    ResponseEntity<ProblemDetail> fileAccess(FileAccessException e) {
        return problem(reason(e.reason()), e.getMessage());
    }

    @ExceptionHandler(RestoreException.class)
    ResponseEntity<ProblemDetail> restore(RestoreException e) {
        return problem(reason(e.reason()), e.getMessage());
    }

    @ExceptionHandler(RangeNotSatisfiableException.class)
    ResponseEntity<ProblemDetail> range(RangeNotSatisfiableException e) {
        ResponseEntity<ProblemDetail> answer = problem(AgentErrorReason.RANGE_NOT_SATISFIABLE, e.getMessage());
        return ResponseEntity.status(answer.getStatusCode())
                .header(AgentHeaders.CONTENT_RANGE, ContentRange.unsatisfied(e.size()))
                .body(answer.getBody());
    }

    /** The contract's reason of a restore refusal. */
    static AgentErrorReason reason(RestoreException.Reason reason) {
        return reason(reason.code());
    }

    /** The contract's reason of a code the domain uses. */
    static AgentErrorReason reason(String code) {
        return AgentErrorReason.ofCode(code)
                .orElseThrow(() -> new IllegalStateException(
                        "reason '" + code + "' is not declared in agent-api's AgentErrorReason"));
    }

    static ResponseEntity<ProblemDetail> problem(AgentErrorReason reason, String detail) {
        HttpStatus status = HttpStatus.valueOf(reason.status());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty(AgentProblem.REASON, reason.code());
        return ResponseEntity.status(status).body(problem);
    }
}
