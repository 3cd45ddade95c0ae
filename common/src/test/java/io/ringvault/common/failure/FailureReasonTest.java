package io.ringvault.common.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.MessageType;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The contract of {@link FailureReason}: codes that are unique, kebab-case and never lost, safe messages, and JSON
 * Schemas that enumerate exactly the codes of the enum wherever a message carries a reason.
 */
class FailureReasonTest {
    private static final JsonMapper MAPPER = new CloudEventCodec().mapper();
    private static final String DEFINITION = "#/$defs/FailureReason";

    /**
     * Every code that was on the wire, in problem answers or in dead-letter headers before the reasons were one enum.
     * Events are kept forever and clients match on codes: none of these may disappear or change spelling.
     */
    private static final List<String> PUBLISHED = List.of(
            "malformed-json",
            "missing-attribute",
            "unsupported-specversion",
            "unsupported-content-type",
            "unknown-type",
            "invalid-time",
            "invalid-data",
            "not-a-request",
            "not-a-file-ready",
            "invalid-subject",
            "invalid-id",
            "unknown-keyspace",
            "unknown-table",
            "unknown-datacenter",
            "no-nodes",
            "node-down",
            "unknown-backup",
            "backup-not-complete",
            "not-in-backup",
            "node-count-mismatch",
            "unknown-operation",
            "operation-over",
            "cluster-unavailable",
            "processing-failed",
            "timeout",
            "node-failed",
            "manifest-write-failed",
            "cancelled",
            "keyspace-not-allowed",
            "keyspace-missing",
            "table-missing",
            "snapshot-failed",
            "snapshot-incomplete",
            "missing-token",
            "wrong-token",
            "unknown-snapshot",
            "not-in-snapshot",
            "unknown-data-directory",
            "file-not-found",
            "invalid-path",
            "outside-snapshot",
            "range-not-satisfiable",
            "invalid-name",
            "not-sstable-component",
            "missing-checksum",
            "invalid-checksum",
            "incomplete-body",
            "checksum-mismatch",
            "insufficient-space",
            "staging-busy",
            "already-imported",
            "nothing-staged",
            "import-failed",
            "cassandra-error",
            "staging-error",
            "upload-failed",
            "node-mapping-failed",
            "agent-unknown",
            "schema-mismatch",
            "schema-failed",
            "truncate-failed",
            "agent-failed",
            "storage-failed",
            "restore-error");

    @Test
    void shouldKeepEveryPublishedCode() {
        assertThat(codes()).containsAll(PUBLISHED);
    }

    @Test
    void shouldGiveEveryReasonAUniqueCode() {
        Set<String> seen = new HashSet<>();
        for (FailureReason reason : FailureReason.values()) {
            assertThat(seen.add(reason.code()))
                    .as("code of %s is unique", reason.name())
                    .isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(FailureReason.class)
    void shouldWriteCodesInKebabCaseMatchingTheConstantName(FailureReason reason) {
        assertThat(reason.code()).matches("[a-z]+(-[a-z0-9]+)*");
        // The constant and its code say the same thing, so a reader of either finds the other.
        assertThat(reason.code()).isEqualTo(reason.name().toLowerCase().replace('_', '-'));
    }

    @ParameterizedTest
    @EnumSource(FailureReason.class)
    void shouldHaveAShortMessageSafeToShow(FailureReason reason) {
        assertThat(reason.message())
                .isNotBlank()
                .hasSizeLessThanOrEqualTo(80)
                .doesNotContain("\n", "{", "}", "%", "Exception")
                .doesNotEndWith(".");
    }

    @ParameterizedTest
    @EnumSource(FailureReason.class)
    void shouldReadAndWriteTheCodeAsJsonAndText(FailureReason reason) {
        JsonNode written = MAPPER.valueToTree(reason);

        assertThat(written.isString()).isTrue();
        assertThat(written.asString()).isEqualTo(reason.code());
        assertThat(MAPPER.treeToValue(written, FailureReason.class)).isEqualTo(reason);
        assertThat(FailureReason.ofCode(reason.code())).contains(reason);
        assertThat(FailureReason.fromCode(reason.code())).isEqualTo(reason);
        assertThat(reason).hasToString(reason.code());
    }

    @Test
    void shouldNotKnowCodesThatAreNotReasons() {
        assertThat(FailureReason.ofCode("no-such-reason")).isEmpty();
        assertThat(FailureReason.ofCode(null)).isEmpty();
        assertThat(FailureReason.ofCode("TIMEOUT")).isEmpty();
        assertThatThrownBy(() -> FailureReason.fromCode("no-such-reason"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-reason");
    }

    /**
     * Retryability decides every retry of ringvault, so changing it is a change of behaviour: only transient causes are
     * retryable. A new reason that is retryable must be added here on purpose.
     */
    @Test
    void shouldRetryOnlyTransientCauses() {
        Set<FailureReason> retryable = EnumSet.noneOf(FailureReason.class);
        for (FailureReason reason : FailureReason.values()) {
            if (reason.retryable()) {
                retryable.add(reason);
            }
        }

        assertThat(retryable)
                .containsExactlyInAnyOrder(
                        FailureReason.CLUSTER_UNAVAILABLE,
                        FailureReason.TIMEOUT,
                        FailureReason.STAGING_BUSY,
                        FailureReason.CASSANDRA_ERROR,
                        FailureReason.STAGING_ERROR,
                        FailureReason.THROTTLED,
                        FailureReason.SERVER_ERROR,
                        FailureReason.IO_ERROR,
                        FailureReason.RANGE_MISMATCH);
    }

    /** Every payload field typed {@link FailureReason} is, in its schema, the enum of exactly these codes. */
    @ParameterizedTest
    @EnumSource(MessageType.class)
    void shouldEnumerateTheCodesWhereverAMessageCarriesAReason(MessageType type) {
        JsonNode schema = schema(type.schemaResource());
        for (RecordComponent component : type.payloadType().getRecordComponents()) {
            if (component.getType() == FailureReason.class) {
                JsonNode property = schema.path("properties").path(component.getName());
                assertThat(property.path("$ref").asString())
                        .as("%s.%s", type.type(), component.getName())
                        .isEqualTo(DEFINITION);
                assertThat(property.path("description").asString()).isNotBlank();
            }
        }
        assertDefinitionIsTheEnum(type.schemaResource(), schema);
    }

    /** Every schema file, messages and stored documents alike: a reason definition, where there is one, is the enum. */
    @Test
    void shouldDefineTheSameEnumInEverySchemaThatDefinesIt() throws IOException, URISyntaxException {
        Path root = Path.of(FailureReasonTest.class.getResource("/schemas/v1/").toURI());
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> p.toString().endsWith(".json")).forEach(files::add);
        }
        int defining = 0;
        for (Path file : files) {
            String resource = "/schemas/v1/" + root.relativize(file).toString().replace('\\', '/');
            JsonNode schema = schema(resource);
            if (schema.path("$defs").has("FailureReason")) {
                defining++;
            }
            assertDefinitionIsTheEnum(resource, schema);
            // A reason is never a free string again: any property named reason refers to the definition.
            schema.path("properties").properties().stream()
                    .filter(p -> p.getKey().equals("reason"))
                    .filter(p -> !resource.endsWith("io.ringvault.operation.cancel.command.json"))
                    .forEach(p -> assertThat(p.getValue().path("$ref").asString())
                            .as("%s reason", resource)
                            .isEqualTo(DEFINITION));
        }
        assertThat(defining).as("schemas that define FailureReason").isEqualTo(11);
    }

    private static void assertDefinitionIsTheEnum(String resource, JsonNode schema) {
        JsonNode definition = schema.path("$defs").path("FailureReason");
        if (definition.isMissingNode()) {
            return;
        }
        List<String> enumerated = new ArrayList<>();
        definition.path("enum").forEach(code -> enumerated.add(code.asString()));

        assertThat(definition.path("type").asString()).as(resource).isEqualTo("string");
        assertThat(definition.path("description").asString()).as(resource).isNotBlank();
        assertThat(enumerated)
                .as("the FailureReason enum of %s, in the order of the Java enum", resource)
                .containsExactlyElementsOf(codes());
    }

    private static List<String> codes() {
        return Arrays.stream(FailureReason.values()).map(FailureReason::code).toList();
    }

    private static JsonNode schema(String resource) {
        try (InputStream in = FailureReasonTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
