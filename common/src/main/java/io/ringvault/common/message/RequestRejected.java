package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.ringvault.common.failure.FailureReason;

/**
 * {@code io.ringvault.request.rejected}: a request was refused and nothing ran. For Kafka requests the original bytes
 * also go to the dead-letter topic. The event's subject is the request id when it could be read.
 *
 * @param reason why, for example {@link FailureReason#MALFORMED_JSON} or {@link FailureReason#UNKNOWN_KEYSPACE}
 * @param detail a human-readable explanation that names the problem
 * @param channel {@code rest} or {@code kafka}
 * @param requestType the request's CloudEvent type, when it could be read
 * @param requestSource the request's CloudEvent source, when it could be read
 * @param location for Kafka, {@code topic-partition@offset} of the rejected record
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RequestRejected(
        FailureReason reason, String detail, String channel, String requestType, String requestSource, String location)
        implements Event {
    public RequestRejected {
        if (reason == null) {
            throw new IllegalArgumentException("reason is required");
        }
        Names.requireText(detail, "detail");
    }
}
