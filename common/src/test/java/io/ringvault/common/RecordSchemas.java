package io.ringvault.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks a JSON Schema against the record it describes: the same properties as the record components, the same types
 * (descending into nested records, lists and maps), the same enum values, and required fields that agree with what the
 * record constructor refuses to do without. Shared by the message contract tests and the stored backup documents.
 */
public final class RecordSchemas {
    private static final JsonMapper MAPPER = new CloudEventCodec().mapper();

    /** How the schema's {@code required} must relate to the fields the record cannot do without. */
    public enum Required {
        /**
         * Exactly the fields the record constructor rejects when absent (and primitives): messages, whose readers are
         * the records themselves.
         */
        EXACTLY_THE_RECORDS,
        /**
         * At least those, and possibly more: stored documents, whose schema also promises the fields the writer always
         * writes even though the record would read a document without them.
         */
        AT_LEAST_THE_RECORDS
    }

    private RecordSchemas() {}

    /** Checks the schema {@code root} (its top-level object) against {@code recordClass}, exercised by instances. */
    public static void assertMatchesRecord(
            String where, ObjectNode root, Class<?> recordClass, List<?> instances, Required required) {
        assertMatchesRecord(where, root, root, recordClass, instances, required);
    }

    private static void assertMatchesRecord(
            String where,
            ObjectNode root,
            JsonNode schemaNode,
            Class<?> recordClass,
            List<?> instances,
            Required requiredMode) {
        assertThat(recordClass.isRecord()).as(where).isTrue();
        assertThat(instances)
                .as("%s: the examples must exercise %s", where, recordClass.getSimpleName())
                .isNotEmpty();
        JsonNode schema = resolve(root, schemaNode);
        assertThat(schema.path("type").asString()).as(where + " type").isEqualTo("object");
        assertThat(schema.path("additionalProperties").isBoolean()
                        && schema.path("additionalProperties").asBoolean())
                .as(where + ": additionalProperties must be true so the contract can grow")
                .isTrue();

        RecordComponent[] components = recordClass.getRecordComponents();
        assertThat(schema.path("properties").propertyNames())
                .as(where + " properties")
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(components).map(RecordComponent::getName).toList());
        List<String> required = strings(schema.path("required"));
        Set<String> byConstructor = requiredByConstructor(recordClass, instances);
        if (requiredMode == Required.EXACTLY_THE_RECORDS) {
            assertThat(required).as(where + " required").containsExactlyInAnyOrderElementsOf(byConstructor);
        } else {
            assertThat(required).as(where + " required").containsAll(byConstructor);
            assertThat(schema.path("properties").propertyNames())
                    .as(where + " required names properties")
                    .containsAll(required);
        }

        for (RecordComponent component : components) {
            String field = where + "." + component.getName();
            JsonNode property = resolve(root, schema.path("properties").get(component.getName()));
            Class<?> javaType = component.getType();
            if (javaType.isRecord()) {
                assertMatchesRecord(field, root, property, javaType, values(component, instances), requiredMode);
            } else if (javaType == List.class) {
                assertThat(property.path("type").asString()).as(field).isEqualTo("array");
                Class<?> element = typeArgument(component, 0);
                JsonNode items = resolve(root, property.get("items"));
                if (element.isRecord()) {
                    List<Object> elements = values(component, instances).stream()
                            .flatMap(list -> ((List<?>) list).stream())
                            .map(Object.class::cast)
                            .toList();
                    assertMatchesRecord(field + "[]", root, items, element, elements, requiredMode);
                } else {
                    assertScalar(field + "[]", items, element);
                }
            } else if (javaType == Map.class) {
                assertThat(property.path("type").asString()).as(field).isEqualTo("object");
                assertScalar(field + "{}", property.get("additionalProperties"), typeArgument(component, 1));
            } else {
                assertScalar(field, property, javaType);
            }
        }
    }

    private static void assertScalar(String where, JsonNode property, Class<?> javaType) {
        assertThat(property).as(where).isNotNull();
        String expected;
        if (javaType == String.class) {
            expected = "string";
        } else if (javaType == long.class
                || javaType == Long.class
                || javaType == int.class
                || javaType == Integer.class) {
            expected = "integer";
        } else if (javaType == boolean.class || javaType == Boolean.class) {
            expected = "boolean";
        } else if (javaType == Instant.class) {
            expected = "string";
            assertThat(property.path("format").asString()).as(where + " format").isEqualTo("date-time");
        } else if (javaType.isEnum()) {
            expected = "string";
            List<String> wire = Arrays.stream(javaType.getEnumConstants())
                    .map(constant -> MAPPER.valueToTree(constant).asString())
                    .toList();
            assertThat(strings(property.path("enum"))).as(where + " enum").containsExactlyInAnyOrderElementsOf(wire);
        } else {
            throw new AssertionError(where + ": no schema check for " + javaType);
        }
        assertThat(property.path("type").asString()).as(where + " type").isEqualTo(expected);
        if (javaType == int.class || javaType == Integer.class) {
            assertThat(property.path("maximum").asLong()).as(where + " maximum").isEqualTo(Integer.MAX_VALUE);
        }
    }

    /**
     * The fields a record cannot do without: those whose constructor fails when they are null in every example, and
     * primitives, which the decoder refuses to leave out (Jackson 3 fails on a missing primitive).
     */
    static Set<String> requiredByConstructor(Class<?> recordClass, List<?> instances) {
        RecordComponent[] components = recordClass.getRecordComponents();
        Constructor<?> canonical;
        try {
            canonical = recordClass.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
        Set<String> required = new LinkedHashSet<>();
        for (int i = 0; i < components.length; i++) {
            if (components[i].getType().isPrimitive()) {
                required.add(components[i].getName());
                continue;
            }
            boolean alwaysRejected = true;
            for (Object instance : instances) {
                Object[] args = new Object[components.length];
                for (int j = 0; j < components.length; j++) {
                    args[j] = i == j ? null : accessor(components[j], instance);
                }
                try {
                    canonical.newInstance(args);
                    alwaysRejected = false;
                } catch (InvocationTargetException e) {
                    assertThat(e.getCause())
                            .isInstanceOfAny(IllegalArgumentException.class, NullPointerException.class);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
            if (alwaysRejected) {
                required.add(components[i].getName());
            }
        }
        return required;
    }

    private static List<Object> values(RecordComponent component, List<?> instances) {
        return instances.stream()
                .map(instance -> accessor(component, instance))
                .filter(value -> value != null)
                .toList();
    }

    private static Object accessor(RecordComponent component, Object instance) {
        try {
            return component.getAccessor().invoke(instance);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static Class<?> typeArgument(RecordComponent component, int index) {
        return (Class<?>) ((ParameterizedType) component.getGenericType()).getActualTypeArguments()[index];
    }

    // --- JSON helpers ---

    /** Follows a local {@code $ref} into {@code $defs}; keeps each schema file self-contained. */
    public static JsonNode resolve(ObjectNode root, JsonNode schema) {
        assertThat(schema).isNotNull();
        JsonNode ref = schema.get("$ref");
        if (ref == null) {
            return schema;
        }
        String prefix = "#/$defs/";
        assertThat(ref.asString())
                .as("only local $defs references keep a schema self-contained")
                .startsWith(prefix);
        JsonNode target = root.path("$defs").get(ref.asString().substring(prefix.length()));
        assertThat(target).as("$ref %s", ref).isNotNull();
        return target;
    }

    public static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }

    /** Every property of the schema (and of its {@code $defs}) has a description. */
    public static void assertEveryPropertyIsDescribed(String where, JsonNode schema) {
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            assertThat(property.getValue().path("description").asString())
                    .as("%s: description of %s", where, property.getKey())
                    .isNotBlank();
        }
    }
}
