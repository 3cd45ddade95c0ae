package io.ringvault.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.ringvault.common.message.BackupRequested;
import io.ringvault.common.message.Command;
import io.ringvault.common.message.FileReady;
import io.ringvault.common.message.OperationCompleted;
import io.ringvault.common.message.OperationKind;
import io.ringvault.common.message.Payload;
import io.ringvault.common.message.Request;
import io.ringvault.common.message.TakeSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON Schemas under {@code /schemas/v1/} and the payload records are two descriptions of one contract; these tests
 * fail as soon as they drift apart: different fields, different required fields, different types or enum values, or
 * data that one accepts and the other rejects.
 */
class ContractSchemaTest {
    private static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";
    private static final CloudEventCodec CODEC = new CloudEventCodec();
    private static final JsonMapper MAPPER = CODEC.mapper();
    private static final SchemaRegistry REGISTRY =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<MessageType, Schema> SCHEMAS = new EnumMap<>(MessageType.class);

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void schemaIsADraft202012SchemaPublishedAtTheDataSchemaUri(MessageType type) {
        ObjectNode schema = schemaJson(type);

        assertThat(schema.path("$schema").asString()).isEqualTo(DRAFT_2020_12);
        assertThat(schema.path("$id").asString()).isEqualTo(type.dataSchema().toString());
        assertThat(type.dataSchema().toString())
                .isEqualTo(MessageType.SCHEMA_BASE_URI + type.type() + ".json")
                .startsWith("https://ringvault.io/schemas/v1/");
        assertThat(type.schemaResource()).isEqualTo("/schemas/v1/" + type.type() + ".json");
        assertThat(schema.path("type").asString()).isEqualTo("object");
        assertThat(schema.path("description").asString()).isNotBlank();
        RecordSchemas.assertEveryPropertyIsDescribed(type.type(), schema);
        for (JsonNode def : schema.path("$defs")) {
            RecordSchemas.assertEveryPropertyIsDescribed(type.type() + " $defs", def);
        }
    }

    @Test
    void everySchemaFileBelongsToAMessageType() throws IOException, URISyntaxException {
        Path directory =
                Path.of(ContractSchemaTest.class.getResource("/schemas/v1/").toURI());
        Set<String> files;
        Set<String> directories;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .collect(Collectors.toSet());
        }
        try (Stream<Path> list = Files.list(directory)) {
            directories = list.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .collect(Collectors.toSet());
        }
        // The documents a backup stores in the object store have their schemas under backup/ (BackupDocumentsTest).
        assertThat(directories).containsExactly("backup");
        assertThat(files)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(MessageType.values())
                        .map(t -> t.type() + ".json")
                        .toList());
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void typeNamesAreStableNamesAndTopicsFollowTheFamily(MessageType type) {
        assertThat(type.type())
                .startsWith("io.ringvault.")
                .doesNotContain("common")
                .doesNotContain("$");
        assertThat(MessageType.ofType(type.type())).contains(type);
        assertThat(MessageType.ofType(type.payloadType().getName())).isEmpty();
        for (Payload example : Examples.full(type)) {
            assertThat(MessageType.of(example)).isEqualTo(type);
        }
        Topic expected = Request.class.isAssignableFrom(type.payloadType())
                ? Topic.REQUESTS
                : Command.class.isAssignableFrom(type.payloadType())
                        ? Topic.COMMANDS
                        : type.payloadType() == FileReady.class ? Topic.FILES : Topic.EVENTS;
        assertThat(type.topic()).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void fullExamplesMatchTheSchemaAndRoundTrip(MessageType type) {
        Set<String> written = new LinkedHashSet<>();
        for (Payload example : Examples.full(type)) {
            Envelope<Payload> envelope = Envelope.of("/ringvault/test", "op-1", example);
            byte[] bytes = CODEC.encode(envelope);
            JsonNode data = MAPPER.readTree(bytes).get("data");

            assertThat(errors(type, data)).as("%s: %s", type.type(), data).isEmpty();
            Envelope<Payload> decoded = CODEC.decode(bytes);
            assertThat(decoded.data()).isEqualTo(example);
            assertThat(decoded).isEqualTo(envelope);
            written.addAll(data.propertyNames());
        }
        // "full" means full: together the examples set every field the schema knows, so every field is exercised.
        assertThat(written)
                .as("fields the full examples of %s write", type.type())
                .containsExactlyInAnyOrderElementsOf(
                        schemaJson(type).get("properties").propertyNames());
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void minimalExamplesMatchTheSchemaAndRoundTrip(MessageType type) {
        Payload minimal = Examples.minimal(type);
        Envelope<Payload> envelope = Envelope.of("/ringvault/test", "op-1", minimal);
        JsonNode data = CODEC.toJson(envelope).get("data");

        assertThat(errors(type, data)).as("%s: %s", type.type(), data).isEmpty();
        assertThat(CODEC.decode(CODEC.encode(envelope)).data()).isEqualTo(minimal);
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void onlyTheRequiredFieldsAreEnoughForTheSchemaAndTheRecord(MessageType type) {
        ObjectNode root = schemaJson(type);
        for (Payload example : Examples.full(type)) {
            JsonNode onlyRequired = keepOnlyRequired(root, root, MAPPER.valueToTree(example));

            assertThat(errors(type, onlyRequired))
                    .as("%s: %s", type.type(), onlyRequired)
                    .isEmpty();
            assertThat(decodes(type, onlyRequired))
                    .as("%s: %s", type.type(), onlyRequired)
                    .isTrue();
        }
    }

    /**
     * The strongest drift check: drop any one field anywhere in a full example (nested ones too) and the schema must
     * reject the result exactly when the decoder (the record constructors) rejects it.
     */
    @ParameterizedTest
    @EnumSource(MessageType.class)
    void droppingAFieldIsRejectedByTheSchemaExactlyWhenTheRecordRejectsIt(MessageType type) {
        for (Payload example : Examples.full(type)) {
            JsonNode data = MAPPER.valueToTree(example);
            for (List<Object> path : propertyPaths(data, new ArrayList<>())) {
                JsonNode without = data.deepCopy();
                JsonNode parent = without;
                for (Object step : path.subList(0, path.size() - 1)) {
                    parent = step instanceof Integer i ? parent.get(i) : parent.get((String) step);
                }
                ((ObjectNode) parent).remove((String) path.get(path.size() - 1));

                boolean schemaAccepts = errors(type, without).isEmpty();
                assertThat(schemaAccepts)
                        .as(
                                "%s without %s: schema %s but the record %s (%s)",
                                type.type(),
                                path,
                                schemaAccepts ? "accepts" : "rejects",
                                schemaAccepts ? "rejects" : "accepts",
                                without)
                        .isEqualTo(decodes(type, without));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void schemaPropertiesRequiredFieldsAndTypesAreThoseOfTheRecord(MessageType type) {
        ObjectNode root = schemaJson(type);
        RecordSchemas.assertMatchesRecord(
                type.type(), root, type.payloadType(), Examples.full(type), RecordSchemas.Required.EXACTLY_THE_RECORDS);
    }

    /** Every pattern in the schemas is one of the record validation patterns ({@code Names}), anchored. */
    @ParameterizedTest
    @EnumSource(MessageType.class)
    void schemaPatternsAreTheRecordPatterns(MessageType type) throws ReflectiveOperationException {
        Class<?> names = Class.forName("io.ringvault.common.message.Names");
        Field identifierField = names.getDeclaredField("CQL_IDENTIFIER");
        // The id rule lives in OperationId, the one place every id check asks.
        Field idField = Class.forName("io.ringvault.common.message.OperationId").getDeclaredField("PATTERN");
        identifierField.setAccessible(true);
        idField.setAccessible(true);
        String identifier = ((Pattern) identifierField.get(null)).pattern();
        String id = ((Pattern) idField.get(null)).pattern();
        Field scheduleField = names.getDeclaredField("SCHEDULE_NAME");
        scheduleField.setAccessible(true);
        String scheduleName = ((Pattern) scheduleField.get(null)).pattern();
        Map<String, String> known = Map.of(
                "^" + identifier + "$",
                "keyspace",
                "^" + identifier + "\\." + identifier + "$",
                "keyspace.table",
                "^" + id + "$",
                "id",
                "\\S",
                "not blank",
                "^[^/\\\\]*[^/\\\\\\s][^/\\\\]*$",
                "plain file name",
                "^(?!.*\\.\\.)[^/]*$",
                "plain directory name",
                "^" + scheduleName + "$",
                "schedule name");

        List<String> patterns = new ArrayList<>();
        collectPatterns(schemaJson(type), patterns);
        assertThat(patterns).allSatisfy(pattern -> assertThat(known).containsKey(pattern));
        for (String field : List.of("backupId", "operationId")) {
            JsonNode property = schemaJson(type).path("properties").path(field);
            if (!property.isMissingNode()) {
                assertThat(property.path("pattern").asString()).as(field).isEqualTo("^" + id + "$");
            }
        }
    }

    private static void collectPatterns(JsonNode node, List<String> patterns) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                if (entry.getKey().equals("pattern") && entry.getValue().isString()) {
                    patterns.add(entry.getValue().asString());
                } else {
                    collectPatterns(entry.getValue(), patterns);
                }
            }
        } else if (node.isArray()) {
            node.forEach(item -> collectPatterns(item, patterns));
        }
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void unknownFieldsAreAllowedByTheSchemaAndIgnoredByTheRecord(MessageType type) {
        for (Payload example : Examples.full(type)) {
            ObjectNode data = MAPPER.valueToTree(example);
            data.put("addedInALaterVersion", "anything");
            data.putObject("anotherNewField").put("nested", 1);

            assertThat(errors(type, data)).isEmpty();
            assertThat(decode(type, data).data()).isEqualTo(example);
        }
    }

    static Stream<Arguments> invalidPayloads() {
        String node = "{\"hostId\":\"5a1e2f3b\",\"datacenter\":\"dc1\"}";
        return Stream.of(
                Arguments.of(MessageType.BACKUP_REQUESTED, "{\"keyspaces\":[\"bad-name!\"]}", "bad-name!"),
                Arguments.of(MessageType.BACKUP_REQUESTED, "{\"keyspaces\":[]}", "keyspaces"),
                Arguments.of(MessageType.BACKUP_REQUESTED, "{\"tables\":[\"shop.orders\"]}", "keyspaces"),
                Arguments.of(
                        MessageType.BACKUP_REQUESTED,
                        "{\"keyspaces\":[\"a_keyspace_name_much_longer_than_forty_eight_chars\"]}",
                        "a_keyspace_name_much_longer_than_forty_eight_chars"),
                Arguments.of(MessageType.BACKUP_REQUESTED, "{\"keyspaces\":[null]}", null),
                Arguments.of(
                        MessageType.BACKUP_REQUESTED, "{\"keyspaces\":[\"shop\"],\"tables\":[\"orders\"]}", "orders"),
                Arguments.of(
                        MessageType.BACKUP_REQUESTED,
                        "{\"keyspaces\":[\"shop\"],\"tables\":[\"shop.orders.x\"]}",
                        "shop.orders.x"),
                Arguments.of(MessageType.BACKUP_REQUESTED, "{\"keyspaces\":[\"shop\"],\"mode\":\"weekly\"}", "weekly"),
                Arguments.of(MessageType.BACKUP_REQUESTED, "{\"keyspaces\":[\"shop\"],\"mode\":\"FULL\"}", "FULL"),
                Arguments.of(
                        MessageType.BACKUP_REQUESTED,
                        "{\"keyspaces\":[\"shop\"],\"datacenters\":[\" \"]}",
                        "datacenters"),
                Arguments.of(MessageType.RESTORE_REQUESTED, "{\"backupId\":\"../../etc/passwd\"}", "backupId"),
                Arguments.of(MessageType.RESTORE_REQUESTED, "{\"keyspaces\":[\"shop\"]}", "backupId"),
                Arguments.of(
                        MessageType.RESTORE_REQUESTED, "{\"backupId\":\"b1\",\"keyspaces\":[\"no-dash\"]}", "no-dash"),
                Arguments.of(
                        MessageType.RESTORE_REQUESTED, "{\"backupId\":\"b1\",\"datacenters\":[\" \"]}", "datacenters"),
                Arguments.of(
                        MessageType.OPERATION_ACCEPTED,
                        "{\"kind\":\"backup\",\"requestType\":\"t\",\"backup\":{\"keyspaces\":[\"shop\"]},"
                                + "\"partial\":{\"missingNodes\":[]}}",
                        "missingNodes"),
                Arguments.of(
                        MessageType.OPERATION_ACCEPTED,
                        "{\"kind\":\"restore\",\"requestType\":\"t\",\"restore\":{\"backupId\":\"b1\"},"
                                + "\"partial\":{\"missingNodes\":[" + node + "]}}",
                        "partial"),
                Arguments.of(
                        MessageType.OPERATION_ACCEPTED,
                        "{\"kind\":\"backup\",\"requestType\":\"t\",\"backup\":{\"keyspaces\":[\"shop\"]},"
                                + "\"partial\":{\"missingNodes\":[" + node + "],\"uncoveredRanges\":"
                                + "[{\"keyspace\":\"shop\",\"rangeCount\":1,\"ranges\":[{\"start\":\"1\"}]}]}}",
                        "end"),
                Arguments.of(MessageType.CANCEL_REQUESTED, "{\"operationId\":\"has space\"}", "operationId"),
                Arguments.of(
                        MessageType.CANCEL_REQUESTED, "{\"operationId\":\"" + "x".repeat(129) + "\"}", "operationId"),
                Arguments.of(MessageType.TAKE_SNAPSHOT, "{\"backupId\":\"b1\",\"nodes\":[]}", "nodes"),
                Arguments.of(
                        MessageType.TAKE_SNAPSHOT,
                        "{\"backupId\":\"b1\",\"nodes\":[{\"hostId\":\"h\"}]}",
                        "datacenter"),
                Arguments.of(MessageType.CLEAR_SNAPSHOT, "{\"nodes\":[" + node + "]}", "backupId"),
                Arguments.of(
                        MessageType.FILE_READY,
                        fileReady(node, "\"fileName\":\"../../etc/passwd\",\"size\":1"),
                        "../../etc/passwd"),
                Arguments.of(MessageType.FILE_READY, fileReady(node, "\"fileName\":\"..\",\"size\":1"), "fileName"),
                Arguments.of(MessageType.FILE_READY, fileReady(node, "\"fileName\":\"a\\\\b\",\"size\":1"), "fileName"),
                Arguments.of(MessageType.FILE_READY, fileReady(node, "\"fileName\":\"  \",\"size\":1"), "fileName"),
                Arguments.of(MessageType.FILE_READY, fileReady(node, "\"fileName\":\"f\",\"size\":-1"), "size"),
                Arguments.of(
                        MessageType.FILE_READY,
                        fileReady(node, "\"fileName\":\"f\",\"size\":1,\"mode\":\"weekly\""),
                        "weekly"),
                Arguments.of(
                        MessageType.FILE_READY,
                        fileReady(node, "\"fileName\":\"f\",\"size\":1,\"dataDirectory\":-1"),
                        "dataDirectory"),
                Arguments.of(
                        MessageType.FILE_READY,
                        fileReady(node, "\"fileName\":\"f\",\"size\":1,\"tableDirectory\":\"../orders-1\""),
                        "tableDirectory"),
                Arguments.of(
                        MessageType.FILE_READY,
                        fileReady(node, "\"fileName\":\"f\",\"size\":1,\"tableDirectory\":\"shop/orders-1\""),
                        "tableDirectory"),
                Arguments.of(
                        MessageType.FILE_STORED,
                        "{\"node\":" + node + ",\"fileName\":\"f\",\"size\":1,\"reused\":false}",
                        "objectKey"),
                Arguments.of(
                        MessageType.SNAPSHOT_TAKEN,
                        "{\"node\":" + node + ",\"fileCount\":0,\"totalBytes\":0,\"tokens\":[\"-42\",null]}",
                        "tokens"),
                Arguments.of(
                        MessageType.SNAPSHOT_TAKEN,
                        "{\"node\":" + node + ",\"fileCount\":0,\"totalBytes\":0,\"schema\":{\"shop\":null}}",
                        null),
                Arguments.of(
                        MessageType.SNAPSHOT_TAKEN,
                        "{\"node\":" + node + ",\"fileCount\":-1,\"totalBytes\":0}",
                        "fileCount"),
                Arguments.of(
                        MessageType.NODE_FAILED,
                        "{\"node\":" + node + ",\"reason\":\"timeout\",\"detail\":\" \"}",
                        "detail"),
                Arguments.of(MessageType.NODE_FAILED, "{\"reason\":\"timeout\",\"detail\":\"d\"}", "node"),
                Arguments.of(
                        MessageType.OPERATION_ACCEPTED,
                        "{\"kind\":\"backup\",\"requestType\":\"t\",\"restore\":{\"backupId\":\"b1\"}}",
                        "backup"),
                Arguments.of(
                        MessageType.OPERATION_ACCEPTED,
                        "{\"kind\":\"restore\",\"requestType\":\"t\",\"restore\":{\"backupId\":\"b1\"},"
                                + "\"backup\":{\"keyspaces\":[\"shop\"]}}",
                        "restore"),
                Arguments.of(
                        MessageType.OPERATION_ACCEPTED,
                        "{\"kind\":\"snapshot\",\"requestType\":\"t\",\"backup\":{\"keyspaces\":[\"shop\"]}}",
                        "snapshot"),
                Arguments.of(
                        MessageType.OPERATION_ACCEPTED,
                        "{\"kind\":\"backup\",\"requestType\":\"t\",\"backup\":{\"keyspaces\":[\"bad-name!\"]}}",
                        "bad-name!"),
                Arguments.of(
                        MessageType.OPERATION_COMPLETED,
                        "{\"kind\":\"backup\",\"nodes\":-1,\"files\":0,\"bytes\":0,\"bytesTransferred\":0}",
                        "nodes"),
                Arguments.of(
                        MessageType.OPERATION_COMPLETED,
                        "{\"kind\":\"backup\",\"nodes\":1,\"files\":0,\"bytes\":-5,\"bytesTransferred\":0}",
                        "bytes"),
                Arguments.of(MessageType.OPERATION_FAILED, "{\"detail\":\"d\"}", "reason"),
                Arguments.of(MessageType.REQUEST_REJECTED, "{\"reason\":\"unknown-keyspace\"}", "detail"),
                // A reason is one of the failure reasons' codes, exactly: an unknown or respelled code is invalid data.
                Arguments.of(
                        MessageType.NODE_FAILED,
                        "{\"node\":" + node + ",\"reason\":\"no-such-reason\",\"detail\":\"d\"}",
                        "no-such-reason"),
                Arguments.of(MessageType.OPERATION_FAILED, "{\"reason\":\"TIMEOUT\",\"detail\":\"d\"}", "TIMEOUT"),
                Arguments.of(
                        MessageType.RESTORE_FINISHED,
                        "{\"outcome\":\"failed\",\"reason\":\"checksum mismatch\"}",
                        "checksum mismatch"),
                Arguments.of(MessageType.VERIFY_REQUESTED, "{\"backupId\":\"../../etc/passwd\"}", "backupId"),
                Arguments.of(MessageType.DELETE_REQUESTED, "{\"backupId\":\"../../etc/passwd\"}", "backupId"),
                Arguments.of(MessageType.GC_REQUESTED, "{\"dryRun\":\"yes\"}", "yes"),
                Arguments.of(MessageType.COPY_REQUESTED, "{\"backupId\":\"b1\",\"target\":\"../gcs\"}", "target"),
                Arguments.of(MessageType.COPY_REQUESTED, "{\"backupId\":\"b1\"}", "target"),
                Arguments.of(
                        MessageType.OPERATION_ACCEPTED,
                        "{\"kind\":\"copy\",\"requestType\":\"t\",\"verify\":{\"backupId\":\"b1\"}}",
                        "copy"),
                Arguments.of(
                        MessageType.COPY_PROGRESS,
                        "{\"objectsCopied\":-1,\"objectsSkipped\":0,\"objectsTotal\":0,\"bytesCopied\":0,"
                                + "\"bytesSkipped\":0,\"bytesTotal\":0}",
                        "objectsCopied"),
                Arguments.of(
                        MessageType.COPY_FINISHED,
                        "{\"outcome\":\"done\",\"target\":\"t\",\"objectsCopied\":0,\"objectsSkipped\":0,"
                                + "\"objectsTotal\":0,\"bytesCopied\":0,\"bytesSkipped\":0,\"bytesTotal\":0}",
                        "done"),
                Arguments.of(
                        MessageType.START_GC, "{\"request\":{},\"sourceCluster\":\"c\",\"dryRun\":false}", "cutoff"),
                Arguments.of(
                        MessageType.OPERATION_ACCEPTED,
                        "{\"kind\":\"gc\",\"requestType\":\"t\",\"delete\":{\"backupId\":\"b1\"}}",
                        "gc"),
                Arguments.of(
                        MessageType.GC_PROGRESS,
                        "{\"objectsListed\":-1,\"objectsDeleted\":0,\"bytesFreed\":0}",
                        "objectsListed"),
                Arguments.of(
                        MessageType.GC_FINISHED,
                        "{\"outcome\":\"done\",\"dryRun\":false,\"objectsListed\":0,\"objectsReferenced\":0,"
                                + "\"objectsKeptYoung\":0,\"objectsDeleted\":0,\"bytesFreed\":0}",
                        "done"),
                Arguments.of(
                        MessageType.OPERATION_ACCEPTED,
                        "{\"kind\":\"purge\",\"requestType\":\"t\",\"purge\":{}}",
                        "plan"),
                Arguments.of(
                        MessageType.START_PURGE,
                        "{\"request\":{},\"sourceCluster\":\"c\",\"dryRun\":false,"
                                + "\"backups\":[{\"backupId\":\"../x\",\"completedAt\":\"2026-01-01T00:00:00Z\"}]}",
                        "backupId"),
                Arguments.of(
                        MessageType.PURGE_PROGRESS,
                        "{\"dryRun\":false,\"backups\":1,\"objectsDeleted\":0,\"objectsToDelete\":-2,"
                                + "\"bytesFreed\":0}",
                        "objectsToDelete"),
                Arguments.of(
                        MessageType.PURGE_FINISHED,
                        "{\"outcome\":\"gone\",\"dryRun\":false,\"objectsDeleted\":0,\"objectsKept\":0,"
                                + "\"bytesFreed\":0,\"manifestsDeleted\":0}",
                        "gone"),
                Arguments.of(
                        MessageType.OPERATION_ACCEPTED,
                        "{\"kind\":\"delete\",\"requestType\":\"t\",\"verify\":{\"backupId\":\"b1\"}}",
                        "delete"),
                Arguments.of(
                        MessageType.DELETE_PROGRESS,
                        "{\"objectsDeleted\":0,\"objectsToDelete\":-2,\"bytesFreed\":0}",
                        "objectsToDelete"),
                Arguments.of(
                        MessageType.DELETE_FINISHED,
                        "{\"outcome\":\"gone\",\"objectsDeleted\":0,\"objectsKept\":0,\"bytesFreed\":0,"
                                + "\"manifestsDeleted\":0}",
                        "gone"),
                Arguments.of(
                        MessageType.OPERATION_ACCEPTED,
                        "{\"kind\":\"verify\",\"requestType\":\"t\",\"restore\":{\"backupId\":\"b1\"}}",
                        "verify"),
                Arguments.of(
                        MessageType.VERIFY_PROGRESS,
                        "{\"objectsChecked\":-1,\"objectsTotal\":0,\"bytesChecked\":0,\"bytesTotal\":0,"
                                + "\"problemCount\":0}",
                        "objectsChecked"),
                Arguments.of(
                        MessageType.VERIFY_FINISHED,
                        "{\"outcome\":\"completed\",\"objectsChecked\":0,\"objectsTotal\":0,\"bytesChecked\":0,"
                                + "\"problemCount\":1,\"problems\":[{\"objectKey\":\"k\"}]}",
                        "kind"),
                Arguments.of(
                        MessageType.VERIFY_FINISHED,
                        "{\"outcome\":\"completed\",\"objectsChecked\":0,\"objectsTotal\":0,\"bytesChecked\":0,"
                                + "\"problemCount\":1,\"problems\":[{\"kind\":\"lost\",\"objectKey\":\"k\"}]}",
                        "lost"));
    }

    private static String fileReady(String node, String rest) {
        return "{\"node\":" + node + ",\"keyspace\":\"shop\",\"table\":\"orders\"," + rest + "}";
    }

    @ParameterizedTest
    @MethodSource("invalidPayloads")
    void invalidPayloadsAreRejectedByBothTheSchemaAndTheRecord(MessageType type, String json, String named) {
        JsonNode data = MAPPER.readTree(json);

        assertThat(errors(type, data))
                .as("schema errors for %s %s", type.type(), json)
                .isNotEmpty();
        assertThatThrownBy(() -> decode(type, data))
                .as("decoding %s %s", type.type(), json)
                .isInstanceOfSatisfying(InvalidMessageException.class, e -> {
                    assertThat(e.reason().code()).isEqualTo("invalid-data");
                    if (named != null) {
                        assertThat(e.getMessage()).contains(named);
                    }
                });
    }

    @Test
    void recordConstructorsRejectWhatTheSchemasRejectWithoutTheCodec() {
        assertThatThrownBy(() -> new BackupRequested(List.of("bad-name!"), null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad-name!");
        assertThatThrownBy(() -> new BackupRequested(List.of("shop"), List.of("other.t"), null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("other.t");
        assertThatThrownBy(() -> new TakeSnapshot("b1", List.of("shop"), null, null, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nodes");
        assertThatThrownBy(() ->
                        new FileReady(Examples.NODE_1, "shop", "orders", null, "../x", 1, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fileName");
        assertThatThrownBy(() ->
                        new FileReady(Examples.NODE_1, "shop", "orders", null, "x", 1, null, -1, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dataDirectory");
        assertThatThrownBy(() -> new FileReady(
                        Examples.NODE_1, "shop", "orders", null, "x", 1, null, 0, "../orders-1", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tableDirectory");
        assertThat(new FileReady(Examples.NODE_1, "shop", "orders", null, "x", 1, null, null, null, null, null)
                        .dataDirectory())
                .isZero();
        assertThatThrownBy(() -> new OperationCompleted(OperationKind.BACKUP, -1, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nodes");
    }

    // --- JSON helpers ---

    /** The data with only the fields the schema requires, including the ones an if/then requires for this data. */
    private static JsonNode keepOnlyRequired(ObjectNode root, JsonNode schemaNode, JsonNode data) {
        JsonNode schema = RecordSchemas.resolve(root, schemaNode);
        if (data.isArray()) {
            ArrayNode kept = MAPPER.createArrayNode();
            data.forEach(item -> kept.add(keepOnlyRequired(root, schema.get("items"), item)));
            return kept;
        }
        if (!data.isObject() || !schema.has("properties")) {
            return data;
        }
        Set<String> required = new LinkedHashSet<>(RecordSchemas.strings(schema.path("required")));
        for (JsonNode condition : schema.path("allOf")) {
            boolean applies = condition.path("if").path("properties").properties().stream()
                    .allMatch(p -> p.getValue().path("const").equals(data.get(p.getKey())));
            if (applies) {
                required.addAll(RecordSchemas.strings(condition.path("then").path("required")));
            }
        }
        ObjectNode kept = MAPPER.createObjectNode();
        for (String name : required) {
            assertThat(data.has(name)).as("a full example sets %s", name).isTrue();
            kept.set(name, keepOnlyRequired(root, schema.path("properties").get(name), data.get(name)));
        }
        return kept;
    }

    /** Every path to an object property in the data, descending into objects and the first element of arrays. */
    private static List<List<Object>> propertyPaths(JsonNode node, List<Object> prefix) {
        List<List<Object>> paths = new ArrayList<>();
        if (node.isObject()) {
            for (String name : node.propertyNames()) {
                List<Object> path = new ArrayList<>(prefix);
                path.add(name);
                paths.add(path);
                paths.addAll(propertyPaths(node.get(name), path));
            }
        } else if (node.isArray() && !node.isEmpty()) {
            List<Object> path = new ArrayList<>(prefix);
            path.add(0);
            paths.addAll(propertyPaths(node.get(0), path));
        }
        return paths;
    }

    // --- schema and codec access ---

    static ObjectNode schemaJson(MessageType type) {
        try (InputStream in = ContractSchemaTest.class.getResourceAsStream(type.schemaResource())) {
            if (in == null) {
                fail("no schema at " + type.schemaResource());
            }
            return (ObjectNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static synchronized List<String> errors(MessageType type, JsonNode data) {
        Schema schema = SCHEMAS.computeIfAbsent(type, t -> REGISTRY.getSchema(schemaJson(t)));
        return schema.validate(data).stream().map(Error::toString).toList();
    }

    private static Envelope<Payload> decode(MessageType type, JsonNode data) {
        ObjectNode json = CODEC.toJson(Envelope.of("/ringvault/test", "op-1", Examples.minimal(type)));
        json.set("data", data);
        return CODEC.decode(json);
    }

    private static boolean decodes(MessageType type, JsonNode data) {
        try {
            decode(type, data);
            return true;
        } catch (InvalidMessageException e) {
            assertThat(e.reason().code()).isEqualTo("invalid-data");
            return false;
        }
    }
}
