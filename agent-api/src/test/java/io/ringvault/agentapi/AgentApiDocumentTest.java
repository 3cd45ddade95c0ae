package io.ringvault.agentapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.failure.FailureReason;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The OpenAPI document {@code /openapi/node-agent.yaml} and the Java contract are two descriptions of one API; these
 * tests fail as soon as they drift apart: paths, headers, reasons with their statuses and retry flags, and the fields
 * of every body. That the node agent serves exactly these paths is {@code AgentApiContractTest}'s job, in node-agent.
 */
class AgentApiDocumentTest {
    static final String DOCUMENT = "/openapi/node-agent.yaml";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "head", "patch", "options");

    private final Map<String, Object> document = load();

    @Test
    void shouldBeAnOpenApi31DocumentBehindTheBearerToken() {
        assertThat(document.get("openapi")).isEqualTo("3.1.0");
        assertThat(document.get("security")).isEqualTo(List.of(Map.of("bearerAuth", List.of())));
        Map<String, Object> scheme = map(document, "components", "securitySchemes", "bearerAuth");
        assertThat(scheme)
                .containsEntry("type", "http")
                .containsEntry("scheme", AgentHeaders.BEARER_SCHEME.toLowerCase());
        assertThat(text()).contains(AgentHeaders.WWW_AUTHENTICATE + ": " + AgentHeaders.BEARER_CHALLENGE);
    }

    @Test
    void pathsOfTheDocumentAreThePathConstants() throws IllegalAccessException {
        Set<String> constants = new LinkedHashSet<>();
        for (Field field : AgentPaths.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers())
                    && field.getType() == String.class
                    && !field.getName().equals("API_V1")) {
                String template = (String) field.get(null);
                assertThat(template).as(field.getName()).startsWith(AgentPaths.API_V1 + "/");
                constants.add(template);
            }
        }

        assertThat(map(document, "paths").keySet()).containsExactlyInAnyOrderElementsOf(constants);
    }

    @Test
    void everyOperationHasAnIdASummaryAndAnswers() {
        Set<String> ids = new LinkedHashSet<>();
        operations().forEach((name, operation) -> {
            assertThat(operation.get("operationId")).as(name).isInstanceOf(String.class);
            assertThat(ids.add((String) operation.get("operationId"))).as(name).isTrue();
            assertThat(operation.get("summary")).as(name).isInstanceOf(String.class);
            assertThat(map(operation, "responses").keySet())
                    .as(name)
                    .anyMatch(status -> status.startsWith("2"))
                    .contains("401", "403");
        });
    }

    @Test
    void reasonsOfTheDocumentAreTheReasonEnumWithItsStatusesAndRetryFlags() {
        Map<String, Object> reason = map(document, "components", "schemas", "Reason");
        List<String> codes =
                AgentReasons.all().stream().map(FailureReason::code).toList();

        assertThat(reason.get("enum")).isEqualTo(codes);
        Map<String, Object> described = map(reason, "x-ringvault-reasons");
        assertThat(described.keySet()).containsExactlyElementsOf(codes);
        for (FailureReason each : AgentReasons.all()) {
            assertThat(described.get(each.code()))
                    .as(each.code())
                    .isEqualTo(Map.of("status", AgentReasons.status(each), "retryable", each.retryable()));
        }
        assertThat(map(document, "components", "schemas", "Problem", "properties", "reason"))
                .isEqualTo(Map.of("$ref", "#/components/schemas/Reason"));
    }

    @Test
    void everyReasonIsDocumentedOnAnAnswerOfItsStatus() {
        Map<String, Object> responses = map(document, "components", "responses");
        for (FailureReason reason : AgentReasons.all()) {
            boolean documented = operations().values().stream().anyMatch(operation -> {
                Object answer = map(operation, "responses").get(Integer.toString(AgentReasons.status(reason)));
                if (answer == null) {
                    return false;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> response = (Map<String, Object>) answer;
                if (response.get("$ref") instanceof String ref) {
                    response = map(responses, ref.substring(ref.lastIndexOf('/') + 1));
                }
                return String.valueOf(response.get("description")).contains("`" + reason.code() + "`");
            });
            assertThat(documented)
                    .as("an answer %s that names `%s`", AgentReasons.status(reason), reason.code())
                    .isTrue();
        }
    }

    @Test
    void headersOfTheDocumentAreTheHeaderConstants() {
        Set<String> documented = new LinkedHashSet<>();
        walk(document, (key, value) -> {
            if (value instanceof Map<?, ?> parameter && "header".equals(parameter.get("in"))) {
                documented.add((String) parameter.get("name"));
            }
            if (key.equals("headers") && value instanceof Map<?, ?> headers) {
                headers.keySet().forEach(name -> documented.add((String) name));
            }
        });
        // HTTP's own, which every answer with a body has.
        documented.remove("Content-Length");

        assertThat(documented)
                .containsExactlyInAnyOrder(
                        AgentHeaders.WWW_AUTHENTICATE,
                        AgentHeaders.SHA256,
                        AgentHeaders.RANGE,
                        AgentHeaders.ACCEPT_RANGES,
                        AgentHeaders.CONTENT_RANGE);
    }

    static Stream<Class<?>> bodies() {
        return Stream.concat(
                Arrays.stream(RestoreApi.class.getDeclaredClasses()).filter(Class::isRecord),
                Stream.of(AgentProblem.class));
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void everyBodyRecordIsTheSchemaOfItsName(Class<?> record) {
        String name = record == AgentProblem.class ? "Problem" : record.getSimpleName();
        Map<String, Object> schema = map(document, "components", "schemas", name);
        Map<String, Object> properties = map(schema, "properties");
        @SuppressWarnings("unchecked")
        List<String> required = (List<String>) schema.getOrDefault("required", List.of());

        assertThat(properties.keySet())
                .as(name)
                .containsExactlyElementsOf(Arrays.stream(record.getRecordComponents())
                        .map(RecordComponent::getName)
                        .toList());
        for (RecordComponent component : record.getRecordComponents()) {
            Map<String, Object> property = map(properties, component.getName());
            assertThat(type(property)).as(name + "." + component.getName()).isEqualTo(openApiType(component.getType()));
            assertThat(property.get("description") != null || property.containsKey("$ref"))
                    .as(name + "." + component.getName() + " is described")
                    .isTrue();
            if (component.getType().isPrimitive()) {
                assertThat(required).as(name + "." + component.getName()).contains(component.getName());
            }
        }
        assertThat(properties.keySet()).as(name).containsAll(required);
    }

    @Test
    void importMethodsOfTheDocumentAreTheEnumCodes() {
        Map<String, Object> method = map(document, "components", "schemas", "ImportMethod");

        assertThat(method.get("type")).isEqualTo("string");
        assertThat(method.get("enum"))
                .isEqualTo(Arrays.stream(RestoreApi.ImportMethod.values())
                        .map(RestoreApi.ImportMethod::code)
                        .toList());
        for (RestoreApi.ImportMethod each : RestoreApi.ImportMethod.values()) {
            assertThat(RestoreApi.ImportMethod.of(each.code())).isEqualTo(each);
        }
        assertThat(new RestoreApi.ImportRequest(false).methodOrDefault()).isEqualTo(RestoreApi.ImportMethod.IMPORT);
    }

    @Test
    void everyReferenceResolves() {
        List<String> references = new ArrayList<>();
        walk(document, (key, value) -> {
            if (key.equals("$ref")) {
                references.add((String) value);
            }
        });

        assertThat(references).isNotEmpty();
        for (String reference : references) {
            assertThat(reference).startsWith("#/");
            Object target = document;
            for (String part : reference.substring(2).split("/")) {
                assertThat(target).as(reference).isInstanceOf(Map.class);
                target = ((Map<?, ?>) target).get(part);
            }
            assertThat(target).as(reference).isInstanceOf(Map.class);
        }
    }

    private String type(Map<String, Object> property) {
        if (property.get("$ref") instanceof String ref) {
            return type(map(document, "components", "schemas", ref.substring(ref.lastIndexOf('/') + 1)));
        }
        return (String) property.get("type");
    }

    private static String openApiType(Class<?> type) {
        // Enums are written as their codes (@JsonValue): strings, whose values the document enumerates.
        if (type == String.class || type.isEnum()) {
            return "string";
        }
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return "integer";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean";
        }
        if (List.class.isAssignableFrom(type)) {
            return "array";
        }
        return "object";
    }

    /** Every operation of the document, by {@code METHOD path}. */
    private Map<String, Map<String, Object>> operations() {
        Map<String, Map<String, Object>> operations = new LinkedHashMap<>();
        map(document, "paths").forEach((path, item) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> methods = (Map<String, Object>) item;
            methods.forEach((method, operation) -> {
                if (METHODS.contains(method)) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> op = (Map<String, Object>) operation;
                    operations.put(method.toUpperCase() + " " + path, op);
                }
            });
        });
        return operations;
    }

    private interface Visitor {
        void visit(String key, Object value);
    }

    private static void walk(Object node, Visitor visitor) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                visitor.visit(String.valueOf(key), value);
                walk(value, visitor);
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> {
                visitor.visit("", item);
                walk(item, visitor);
            });
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> node, String... path) {
        Map<String, Object> current = node;
        for (String key : path) {
            Object next = current.get(key);
            assertThat(next).as(String.join(".", path) + " at " + key).isInstanceOf(Map.class);
            current = (Map<String, Object>) next;
        }
        return current;
    }

    private static String text() {
        try (InputStream in = AgentApiDocumentTest.class.getResourceAsStream(DOCUMENT)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static Map<String, Object> load() {
        Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(text());
        assertThat(loaded).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> document = (Map<String, Object>) loaded;
        return document;
    }
}
