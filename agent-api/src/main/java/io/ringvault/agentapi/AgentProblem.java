package io.ringvault.agentapi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.ringvault.common.failure.FailureReason;
import java.util.Optional;

/**
 * The body of every error answer of the node agent: RFC 9457 {@code application/problem+json} with the agent's stable
 * {@code reason}. Answers the web framework makes itself (an unknown path, a method not allowed, an unsupported media
 * type) carry no {@code reason}; neither does a proxy's.
 *
 * @param type {@code about:blank}
 * @param title the reason's {@link FailureReason#message()}, or the status's reason phrase without a reason
 * @param status the HTTP status
 * @param detail what was refused, safe to show: names, sizes, checksums, never a token
 * @param instance the path of the request, when the agent fills it
 * @param reason the code of a {@link FailureReason} of {@link AgentReasons}; kept as text, so that an answer with a code
 *     this version does not know still reads
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgentProblem(String type, String title, int status, String detail, String instance, String reason) {
    /** The media type of the body. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** The name of the property that carries the reason, beside RFC 9457's own. */
    public static final String REASON = "reason";

    /** The reason, if it is one this version knows. */
    public Optional<FailureReason> knownReason() {
        return FailureReason.ofCode(reason);
    }
}
