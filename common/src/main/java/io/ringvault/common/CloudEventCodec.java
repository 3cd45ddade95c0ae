package io.ringvault.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.Payload;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes ringvault messages as CloudEvents 1.0 in structured JSON mode. Readers ignore unknown attributes and
 * unknown data fields, so the contract can grow by adding fields. Type names map to payload records through
 * {@link MessageType} only: nothing from the wire ever names a Java class.
 */
public final class CloudEventCodec {
    private final JsonMapper mapper;

    public CloudEventCodec() {
        this.mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
                .build();
    }

    /** The mapper configured for the contract, for callers that render payloads (for example a REST API). */
    public JsonMapper mapper() {
        return mapper;
    }

    public byte[] encode(Envelope<?> event) {
        return mapper.writeValueAsBytes(toJson(event));
    }

    public ObjectNode toJson(Envelope<?> event) {
        ObjectNode json = mapper.createObjectNode();
        json.put("specversion", Envelope.SPEC_VERSION);
        json.put("id", event.id());
        json.put("source", event.source());
        json.put("type", event.type().type());
        json.put("time", event.time().toString());
        if (event.subject() != null) {
            json.put("subject", event.subject());
        }
        json.put("datacontenttype", Envelope.CONTENT_TYPE);
        json.put("dataschema", event.type().dataSchema().toString());
        json.set("data", mapper.valueToTree(event.data()));
        return json;
    }

    /**
     * Parses a message.
     *
     * @throws InvalidMessageException naming what is wrong: {@link FailureReason#MALFORMED_JSON},
     *     {@code MISSING_ATTRIBUTE}, {@code UNSUPPORTED_SPECVERSION}, {@code UNSUPPORTED_CONTENT_TYPE},
     *     {@code UNKNOWN_TYPE}, {@code INVALID_TIME} or {@code INVALID_DATA}
     */
    public Envelope<Payload> decode(byte[] bytes) {
        JsonNode json;
        try {
            json = mapper.readTree(bytes);
        } catch (JacksonException e) {
            throw new InvalidMessageException(
                    FailureReason.MALFORMED_JSON, "the message is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (json == null || !json.isObject()) {
            throw new InvalidMessageException(FailureReason.MALFORMED_JSON, "the message is not a JSON object");
        }
        return decode((ObjectNode) json);
    }

    public Envelope<Payload> decode(String json) {
        return decode(json.getBytes(StandardCharsets.UTF_8));
    }

    public Envelope<Payload> decode(ObjectNode json) {
        String specVersion = required(json, "specversion");
        if (!Envelope.SPEC_VERSION.equals(specVersion)) {
            throw new InvalidMessageException(
                    FailureReason.UNSUPPORTED_SPECVERSION,
                    "specversion is '" + specVersion + "'; only CloudEvents 1.0 is supported");
        }
        String id = required(json, "id");
        String source = required(json, "source");
        String typeName = required(json, "type");
        MessageType type = MessageType.ofType(typeName)
                .orElseThrow(() -> new InvalidMessageException(
                        FailureReason.UNKNOWN_TYPE, "type '" + typeName + "' is not a ringvault message type"));
        String contentType = text(json, "datacontenttype");
        if (contentType != null && !contentType.startsWith(Envelope.CONTENT_TYPE)) {
            throw new InvalidMessageException(
                    FailureReason.UNSUPPORTED_CONTENT_TYPE,
                    "datacontenttype is '" + contentType + "'; only application/json is supported");
        }
        Instant time = null;
        String timeText = text(json, "time", FailureReason.INVALID_TIME);
        if (timeText != null) {
            try {
                time = OffsetDateTime.parse(timeText).toInstant();
            } catch (DateTimeParseException e) {
                throw new InvalidMessageException(
                        FailureReason.INVALID_TIME, "time '" + timeText + "' is not an RFC 3339 timestamp");
            }
        }
        JsonNode data = json.get("data");
        if (data == null || data.isNull()) {
            throw new InvalidMessageException(FailureReason.INVALID_DATA, "data is required and must be a JSON object");
        }
        if (!data.isObject()) {
            throw new InvalidMessageException(
                    FailureReason.INVALID_DATA,
                    "data must be a JSON object, not "
                            + data.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        Payload payload;
        try {
            payload = mapper.treeToValue(data, type.payloadType());
        } catch (JacksonException e) {
            throw new InvalidMessageException(
                    FailureReason.INVALID_DATA, "invalid " + typeName + " data: " + rootMessage(e), e);
        }
        try {
            return new Envelope<>(id, source, type, time, text(json, "subject"), payload);
        } catch (IllegalArgumentException e) {
            throw new InvalidMessageException(FailureReason.INVALID_DATA, e.getMessage(), e);
        }
    }

    private static String required(ObjectNode json, String attribute) {
        String value = text(json, attribute);
        if (value == null || value.isBlank()) {
            throw new InvalidMessageException(
                    FailureReason.MISSING_ATTRIBUTE, "the CloudEvent attribute '" + attribute + "' is required");
        }
        return value;
    }

    private static String text(ObjectNode json, String attribute) {
        return text(json, attribute, FailureReason.MISSING_ATTRIBUTE);
    }

    /** A scalar attribute as text; an object or array where a string belongs is rejected, not coerced. */
    private static String text(ObjectNode json, String attribute, FailureReason reason) {
        JsonNode node = json.get(attribute);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isContainer()) {
            throw new InvalidMessageException(
                    reason,
                    "the CloudEvent attribute '" + attribute + "' must be a string, not a JSON "
                            + (node.isObject() ? "object" : "array"));
        }
        return node.asString();
    }

    /** Validation errors from record constructors arrive wrapped; the innermost message is the one that names the field. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof IllegalArgumentException) {
            return root.getMessage();
        }
        return e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
    }
}
