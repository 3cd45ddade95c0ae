package io.ringvault.common.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Examples;
import io.ringvault.common.RecordSchemas;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The documents a backup stores in the object store (node manifests, the backup manifest, the index) and their JSON
 * Schemas under {@code /schemas/v1/backup/}: what the code writes matches the schema, reads back equal, and the schema
 * describes exactly the fields of the records.
 */
class BackupDocumentsTest {
    private static final JsonMapper MAPPER = new CloudEventCodec().mapper();
    private static final SchemaRegistry REGISTRY =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<Document, Schema> SCHEMAS = new EnumMap<>(Document.class);

    /** The stored documents: their record, schema name and realistic instances. */
    enum Document {
        NODE_MANIFEST(NodeManifest.class, "node-manifest") {
            @Override
            List<?> examples() {
                List<Object> all = new ArrayList<>();
                all.addAll(BackupExamples.nodeManifests(BackupExamples.FULL_ID));
                all.addAll(BackupExamples.nodeManifests(BackupExamples.DIFFERENTIAL_ID));
                all.add(BackupExamples.importedNodeManifest());
                all.add(BackupExamples.logicalNodeManifest(Examples.NODE_1));
                return all;
            }
        },
        BACKUP_MANIFEST(BackupManifest.class, "backup-manifest") {
            @Override
            List<?> examples() {
                return List.of(
                        BackupExamples.backupManifest(BackupExamples.FULL_ID),
                        BackupExamples.backupManifest(BackupExamples.DIFFERENTIAL_ID),
                        BackupExamples.partialBackupManifest(),
                        BackupExamples.incrementalBackupManifest(),
                        BackupExamples.importedBackupManifest(),
                        BackupExamples.logicalBackupManifest(),
                        BackupExamples.logicalBackupManifestWithNullMarker());
            }
        },
        BACKUP_INDEX(BackupIndex.class, "backup-index") {
            @Override
            List<?> examples() {
                return List.of(BackupExamples.index(), BackupExamples.index().with(BackupExamples.logicalIndexEntry()));
            }
        };

        final Class<?> recordClass;
        final String name;

        Document(Class<?> recordClass, String name) {
            this.recordClass = recordClass;
            this.name = name;
        }

        abstract List<?> examples();

        String resource() {
            return "/schemas/v1/backup/" + name + ".json";
        }

        String id() {
            return "https://ringvault.io/schemas/v1/backup/" + name + ".json";
        }
    }

    @ParameterizedTest
    @EnumSource(Document.class)
    void schemaIsADraft202012SchemaPublishedBesideTheMessageSchemas(Document document) {
        ObjectNode schema = schemaJson(document);

        assertThat(schema.path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("$id").asString()).isEqualTo(document.id());
        assertThat(schema.path("type").asString()).isEqualTo("object");
        assertThat(schema.path("title").asString()).isNotBlank();
        assertThat(schema.path("description").asString()).isNotBlank();
        RecordSchemas.assertEveryPropertyIsDescribed(document.name, schema);
        for (JsonNode def : schema.path("$defs")) {
            RecordSchemas.assertEveryPropertyIsDescribed(document.name + " $defs", def);
        }
    }

    @Test
    void everyBackupSchemaFileBelongsToADocument() throws IOException, URISyntaxException {
        Path directory = Path.of(
                BackupDocumentsTest.class.getResource("/schemas/v1/backup/").toURI());
        Set<String> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        assertThat(files).containsExactlyInAnyOrder("node-manifest.json", "backup-manifest.json", "backup-index.json");
    }

    @ParameterizedTest
    @EnumSource(Document.class)
    void examplesMatchTheSchemaAndRoundTripByteForByte(Document document) {
        Set<String> written = new java.util.LinkedHashSet<>();
        for (Object example : document.examples()) {
            byte[] bytes = MAPPER.writeValueAsBytes(example);
            JsonNode json = MAPPER.readTree(bytes);

            assertThat(errors(document, json)).as("%s: %s", document.name, json).isEmpty();
            Object read = MAPPER.readValue(bytes, document.recordClass);
            assertThat(read).isEqualTo(example);
            assertThat(MAPPER.writeValueAsBytes(read)).isEqualTo(bytes);
            written.addAll(json.propertyNames());
        }
        // The examples set every field the schema knows.
        assertThat(written)
                .containsExactlyInAnyOrderElementsOf(
                        schemaJson(document).get("properties").propertyNames());
    }

    @ParameterizedTest
    @EnumSource(Document.class)
    void schemaPropertiesAndTypesAreThoseOfTheRecord(Document document) {
        RecordSchemas.assertMatchesRecord(
                document.name,
                schemaJson(document),
                document.recordClass,
                document.examples(),
                RecordSchemas.Required.AT_LEAST_THE_RECORDS);
    }

    @ParameterizedTest
    @EnumSource(Document.class)
    void onlyTheRequiredFieldsAreEnoughForTheSchemaAndTheRecord(Document document) {
        ObjectNode root = schemaJson(document);
        for (Object example : document.examples()) {
            JsonNode onlyRequired = keepOnlyRequired(root, root, MAPPER.valueToTree(example));

            assertThat(errors(document, onlyRequired)).as("%s", onlyRequired).isEmpty();
            assertThat(MAPPER.treeToValue(onlyRequired, document.recordClass)).isNotNull();
        }
    }

    @ParameterizedTest
    @EnumSource(Document.class)
    void droppingARequiredFieldIsRejectedByTheSchema(Document document) {
        ObjectNode root = schemaJson(document);
        JsonNode example = MAPPER.valueToTree(document.examples().get(0));
        for (String field : RecordSchemas.strings(root.path("required"))) {
            ObjectNode without = (ObjectNode) example.deepCopy();
            without.remove(field);
            assertThat(errors(document, without))
                    .as("%s without %s", document.name, field)
                    .isNotEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Document.class)
    void unknownFieldsAreAllowedByTheSchemaAndIgnoredByTheRecord(Document document) {
        for (Object example : document.examples()) {
            ObjectNode json = MAPPER.valueToTree(example);
            json.put("addedInALaterVersion", "anything");
            json.putObject("anotherNewField").put("nested", 1);
            for (JsonNode value : json) {
                if (value.isArray() && !value.isEmpty() && value.get(0).isObject()) {
                    ((ObjectNode) value.get(0)).put("addedInALaterVersion", true);
                }
            }

            assertThat(errors(document, json)).isEmpty();
            assertThat(MAPPER.treeToValue(json, document.recordClass)).isEqualTo(example);
        }
    }

    @Test
    void datesAreRfc3339AndModesLowerCase() {
        JsonNode manifest = MAPPER.valueToTree(BackupExamples.backupManifest(BackupExamples.DIFFERENTIAL_ID));

        assertThat(manifest.get("startedAt").asString()).isEqualTo("2026-03-15T02:00:01.087Z");
        assertThat(manifest.get("completedAt").asString()).isEqualTo("2026-03-15T02:01:46.530Z");
        assertThat(manifest.get("mode").asString()).isEqualTo("differential");
        assertThat(manifest.get("schemaVersion").asInt()).isEqualTo(BackupManifest.SCHEMA_VERSION);
        assertThat(manifest.toString()).doesNotContain("io.ringvault").doesNotContain("null");
    }

    @Test
    void invalidDocumentsAreRejectedByTheSchema() {
        ObjectNode node = MAPPER.valueToTree(BackupExamples.nodeManifest(BackupExamples.FULL_ID, Examples.NODE_1));
        ((ObjectNode) node.get("files").get(0)).put("checksum", "md5:d41d8cd98f00b204e9800998ecf8427e");
        assertThat(errors(Document.NODE_MANIFEST, node)).isNotEmpty();

        node = MAPPER.valueToTree(BackupExamples.nodeManifest(BackupExamples.FULL_ID, Examples.NODE_1));
        ((ObjectNode) node.get("files").get(0)).put("size", -1);
        assertThat(errors(Document.NODE_MANIFEST, node)).isNotEmpty();

        node = MAPPER.valueToTree(BackupExamples.nodeManifest(BackupExamples.FULL_ID, Examples.NODE_1));
        ((ObjectNode) node.get("node")).remove("hostId");
        assertThat(errors(Document.NODE_MANIFEST, node)).isNotEmpty();

        node = MAPPER.valueToTree(BackupExamples.nodeManifest(BackupExamples.FULL_ID, Examples.NODE_1));
        node.put("backupId", "../other-backup");
        assertThat(errors(Document.NODE_MANIFEST, node)).isNotEmpty();

        ObjectNode manifest = MAPPER.valueToTree(BackupExamples.backupManifest(BackupExamples.FULL_ID));
        manifest.put("mode", "weekly");
        assertThat(errors(Document.BACKUP_MANIFEST, manifest)).isNotEmpty();

        manifest = MAPPER.valueToTree(BackupExamples.backupManifest(BackupExamples.FULL_ID));
        manifest.put("completedAt", 1773540873918L);
        assertThat(errors(Document.BACKUP_MANIFEST, manifest)).isNotEmpty();

        ObjectNode index = MAPPER.valueToTree(BackupExamples.index());
        ((ObjectNode) index.get("backups").get(0)).remove("manifestKey");
        assertThat(errors(Document.BACKUP_INDEX, index)).isNotEmpty();
    }

    @Test
    void backupIdPatternsAreTheOperationIdPattern() throws ReflectiveOperationException {
        Field idField = Class.forName("io.ringvault.common.message.OperationId").getDeclaredField("PATTERN");
        idField.setAccessible(true);
        String id = "^" + ((Pattern) idField.get(null)).pattern() + "$";

        assertThat(schemaJson(Document.NODE_MANIFEST)
                        .at("/properties/backupId/pattern")
                        .asString())
                .isEqualTo(id);
        assertThat(schemaJson(Document.BACKUP_MANIFEST)
                        .at("/properties/backupId/pattern")
                        .asString())
                .isEqualTo(id);
        assertThat(schemaJson(Document.BACKUP_INDEX)
                        .at("/$defs/Entry/properties/backupId/pattern")
                        .asString())
                .isEqualTo(id);
    }

    @Test
    void absentListsAndMapsReadAsEmpty() {
        NodeManifest node = MAPPER.readValue(
                "{\"backupId\":\"b1\",\"node\":{\"hostId\":\"h1\",\"datacenter\":\"dc1\"}}", NodeManifest.class);
        assertThat(node.tokens()).isEmpty();
        assertThat(node.schema()).isEmpty();
        assertThat(node.files()).isEmpty();

        BackupManifest manifest = MAPPER.readValue("{\"schemaVersion\":1,\"backupId\":\"b1\"}", BackupManifest.class);
        assertThat(manifest.keyspaces()).isEmpty();
        assertThat(manifest.tables()).isEmpty();
        assertThat(manifest.datacenters()).isEmpty();
        assertThat(manifest.schema()).isEmpty();
        assertThat(manifest.nodes()).isEmpty();

        assertThat(MAPPER.readValue("{}", BackupIndex.class).backups()).isEmpty();
    }

    // --- helpers ---

    /** The data with only the fields the schema requires, recursively. */
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
        ObjectNode kept = MAPPER.createObjectNode();
        for (String name : RecordSchemas.strings(schema.path("required"))) {
            assertThat(data.has(name)).as("an example sets %s", name).isTrue();
            kept.set(name, keepOnlyRequired(root, schema.path("properties").get(name), data.get(name)));
        }
        return kept;
    }

    static ObjectNode schemaJson(Document document) {
        try (InputStream in = BackupDocumentsTest.class.getResourceAsStream(document.resource())) {
            assertThat(in).as("no schema at %s", document.resource()).isNotNull();
            return (ObjectNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static synchronized List<String> errors(Document document, JsonNode json) {
        Schema schema = SCHEMAS.computeIfAbsent(document, d -> REGISTRY.getSchema(schemaJson(d)));
        return schema.validate(json).stream().map(Error::toString).toList();
    }
}
