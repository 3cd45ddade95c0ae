package io.ringvault.cli.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.databind.JsonNode;

/** One entry of {@code GET /api/v1/operations/{id}/events}: a CloudEvent as it is on the events topic. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CloudEvent(
        String specversion,
        String id,
        String source,
        String type,
        String time,
        String subject,
        String datacontenttype,
        String dataschema,
        JsonNode data) {}
