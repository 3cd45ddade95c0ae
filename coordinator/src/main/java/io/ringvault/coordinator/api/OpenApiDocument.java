package io.ringvault.coordinator.api;

import io.ringvault.common.failure.FailureReason;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes {@code /v3/api-docs} say what the API answers, so that a client generated from it, and a test that checks
 * answers against it, see the truth:
 *
 * <ul>
 *   <li>every operation may be refused: any 4xx, and 503 while the Cassandra cluster cannot be reached, each an
 *       {@code application/problem+json} whose {@code reason} is one of {@link FailureReason}'s codes;
 *   <li>a view's property that has no value is written as {@code null}, so every property a schema does not require
 *       may be null;
 *   <li>a request's kinds share optional fields, so a request in a view matches any of them, not exactly one;
 *   <li>an event (the audit trail's JSON as written) is a JSON object, not a Jackson node's getters.
 * </ul>
 */
@Component
public class OpenApiDocument implements OpenApiCustomizer {
    static final String PROBLEM_SCHEMA = "RefusalProblem";
    static final String PROBLEM_MEDIA_TYPE = "application/problem+json";

    static {
        // Read by springdoc when it first builds the document, after the application context is up.
        SpringDocUtils.getConfig()
                .replaceWithSchema(ObjectNode.class, anyObject())
                .replaceWithSchema(JsonNode.class, new JsonSchema());
    }

    @Override
    public void customise(OpenAPI api) {
        api.getComponents().getSchemas().values().forEach(OpenApiDocument::allowNullWhereOptional);
        api.getComponents().addSchemas(PROBLEM_SCHEMA, problemSchema());
        api.getPaths()
                .values()
                .forEach(path -> path.readOperations().forEach(operation -> {
                    operation
                            .getResponses()
                            .addApiResponse(
                                    "4XX",
                                    problemResponse("Refused: the request is invalid, or names nothing that exists,"
                                            + " or conflicts with what is running; reason says which"));
                    operation
                            .getResponses()
                            .addApiResponse(
                                    "503",
                                    problemResponse("The Cassandra cluster cannot be reached (cluster-unavailable)"));
                }));
    }

    private static ApiResponse problemResponse(String description) {
        return new ApiResponse()
                .description(description)
                .content(new Content()
                        .addMediaType(
                                PROBLEM_MEDIA_TYPE,
                                new MediaType()
                                        .schema(new JsonSchema().$ref("#/components/schemas/" + PROBLEM_SCHEMA))));
    }

    /** RFC 9457's members, and ringvault's {@code reason}: one of the stable codes. */
    private static Schema<?> problemSchema() {
        JsonSchema reason = type("string");
        reason.setEnum(new ArrayList<>(
                Arrays.stream(FailureReason.values()).map(FailureReason::code).toList()));
        reason.description("Why it was refused: a stable code (docs/messages.md lists them)");
        Schema<?> problem = type("object")
                .addProperty("type", type("string").format("uri"))
                .addProperty("title", type("string"))
                .addProperty("status", type("integer").format("int32"))
                .addProperty("detail", type("string"))
                .addProperty("instance", type("string"))
                .addProperty("reason", reason);
        problem.setRequired(List.of("type", "title", "status", "reason"));
        return problem.description("An RFC 9457 problem: every refusal of the API");
    }

    /** Every property that is not required may be null: the views write absent values as null. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void allowNullWhereOptional(Schema<?> schema) {
        if (schema.getOneOf() != null) {
            schema.setAnyOf(schema.getOneOf());
            schema.setOneOf(null);
        }
        Map<String, Schema> properties = schema.getProperties();
        if (properties == null) {
            return;
        }
        List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
        properties.replaceAll((name, property) -> required.contains(name) ? property : nullable(property));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema nullable(Schema property) {
        if (property.get$ref() != null) {
            return new JsonSchema().anyOf(List.of(property, type("null")));
        }
        if (property.getOneOf() != null) {
            // A request's kinds share their optional fields, so one body can match several: "any of", not "one of".
            List<Schema> alternatives = new ArrayList<>(property.getOneOf());
            alternatives.add(type("null"));
            property.setOneOf(null);
            property.setAnyOf(alternatives);
            return property;
        }
        if (property.getTypes() != null && !property.getTypes().isEmpty()) {
            Set<String> types = new LinkedHashSet<>(property.getTypes());
            types.add("null");
            property.setTypes(types);
            if (property.getEnum() != null) {
                // Copied first: an immutable list refuses even to look for null.
                List values = new ArrayList<>(property.getEnum());
                if (!values.contains(null)) {
                    values.add(null);
                    property.setEnum(values);
                }
            }
        }
        return property;
    }

    private static JsonSchema anyObject() {
        return type("object");
    }

    private static JsonSchema type(String type) {
        JsonSchema schema = new JsonSchema();
        schema.setTypes(new LinkedHashSet<>(List.of(type)));
        return schema;
    }
}
