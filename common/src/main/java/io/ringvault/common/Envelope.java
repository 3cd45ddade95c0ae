package io.ringvault.common;

import io.ringvault.common.message.Payload;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event carrying a ringvault payload. On Kafka it is written in structured JSON mode by
 * {@link CloudEventCodec}: {@code specversion} "1.0", {@code id}, {@code source}, {@code type}, {@code time},
 * {@code subject} (the operation id), {@code datacontenttype} "application/json", {@code dataschema} and {@code data}.
 *
 * @param id unique per event; for a request, its idempotency key and the operation id
 * @param source who wrote the event, as a URI reference (for example {@code /ringvault/coordinator})
 * @param type the stable type name, always that of {@code data}
 * @param time when the event happened
 * @param subject the operation id (may be null only for requests, whose id is the operation id)
 * @param data the payload
 */
public record Envelope<P extends Payload>(
        String id, String source, MessageType type, Instant time, String subject, P data) {
    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";

    public Envelope {
        Objects.requireNonNull(data, "data");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id is required");
        }
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("source is required");
        }
        if (type == null) {
            type = MessageType.of(data);
        } else if (type != MessageType.of(data)) {
            throw new IllegalArgumentException("type " + type.type() + " does not match the data "
                    + data.getClass().getSimpleName());
        }
        time = time == null ? Instant.now() : time;
    }

    /** A new event with a random id, written now. */
    public static <P extends Payload> Envelope<P> of(String source, String subject, P data) {
        return new Envelope<>(UUID.randomUUID().toString(), source, MessageType.of(data), Instant.now(), subject, data);
    }

    /** The operation this event belongs to: the subject, or for a request without one, its own id. */
    public String operationId() {
        return subject != null ? subject : id;
    }
}
