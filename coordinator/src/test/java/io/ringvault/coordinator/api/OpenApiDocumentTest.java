package io.ringvault.coordinator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.failure.FailureReason;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenApiDocumentTest {
    @Test
    void shouldLetOptionalPropertiesBeNullAndDocumentEveryRefusal() {
        JsonSchema view = type("object");
        view.addProperty("id", type("string"));
        view.addProperty("finishedAt", type("string"));
        view.addProperty("failure", new JsonSchema().$ref("#/components/schemas/Failure"));
        JsonSchema state = type("string");
        state.setEnum(List.of("RUNNING", "COMPLETED"));
        view.addProperty("state", state);
        view.setRequired(List.of("id"));
        OpenAPI api = new OpenAPI()
                .components(new Components().addSchemas("View", view))
                .paths(new Paths()
                        .addPathItem(
                                "/api/v1/things",
                                new PathItem()
                                        .get(new Operation()
                                                .responses(
                                                        new ApiResponses().addApiResponse("200", new ApiResponse())))));

        new OpenApiDocument().customise(api);

        Schema<?> customised = api.getComponents().getSchemas().get("View");
        assertThat(customised.getProperties().get("id").getTypes()).containsExactly("string");
        assertThat(customised.getProperties().get("finishedAt").getTypes()).containsExactly("string", "null");
        assertThat(customised.getProperties().get("state").getEnum()).containsExactly("RUNNING", "COMPLETED", null);
        assertThat(customised.getProperties().get("failure").getAnyOf())
                .extracting(alternative -> ((Schema<?>) alternative).get$ref())
                .containsExactly("#/components/schemas/Failure", null);
        ApiResponses responses = api.getPaths().get("/api/v1/things").getGet().getResponses();
        assertThat(responses).containsKeys("200", "4XX", "503");
        assertThat(responses.get("4XX").getContent()).containsOnlyKeys("application/problem+json");
        Schema<?> problem = api.getComponents().getSchemas().get(OpenApiDocument.PROBLEM_SCHEMA);
        assertThat(problem.getRequired()).contains("reason");
        assertThat(problem.getProperties().get("reason").getEnum())
                .hasSize(FailureReason.values().length)
                .contains("invalid-request", "unknown-backup");
    }

    private static JsonSchema type(String type) {
        JsonSchema schema = new JsonSchema();
        schema.setTypes(new LinkedHashSet<>(Set.of(type)));
        return schema;
    }
}
