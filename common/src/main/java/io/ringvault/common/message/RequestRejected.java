package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code io.ringvault.request.rejected}: a request was refused and nothing ran. For Kafka requests the original bytes
 * also go to the dead-letter topic. The event's subject is the request id when it could be read.
 *
 * @param reason a stable machine-readable reason, for example {@code malformed-json} or {@code unknown-keyspace}
 * @param detail a human-readable explanation that names the problem
 * @param channel {@code rest} or {@code kafka}
 * @param requestType the request's CloudEvent type, when it could be read
 * @param requestSource the request's CloudEvent source, when it could be read
 * @param location for Kafka, {@code topic-partition@offset} of the rejected record
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RequestRejected(
        String reason, String detail, String channel, String requestType, String requestSource, String location)
        implements Event {
    public RequestRejected {
        Names.requireText(reason, "reason");
        Names.requireText(detail, "detail");
    }
}
