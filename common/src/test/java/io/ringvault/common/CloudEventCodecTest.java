package io.ringvault.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.BackupRequested;
import io.ringvault.common.message.FileReady;
import io.ringvault.common.message.Payload;
import io.ringvault.common.message.TakeSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class CloudEventCodecTest {
    private final CloudEventCodec codec = new CloudEventCodec();

    private static final String VALID = """
            {"specversion":"1.0","id":"req-1","source":"/ops/scheduler","type":"io.ringvault.backup.requested",
             "time":"2026-03-14T02:00:00Z","datacontenttype":"application/json",
             "dataschema":"https://ringvault.io/schemas/v1/io.ringvault.backup.requested.json",
             "data":{"keyspaces":["shop"],"tables":["shop.orders"],"mode":"full"}}
            """;

    @Test
    void writesEveryCloudEventAttributeAndReadsThemBack() {
        Instant time = Instant.parse("2026-03-14T02:00:01.123456789Z");
        Envelope<Payload> event = new Envelope<>(
                "evt-1",
                "/ringvault/coordinator",
                MessageType.TAKE_SNAPSHOT,
                time,
                "op-1",
                example(MessageType.TAKE_SNAPSHOT));

        JsonNode json = codec.mapper().readTree(codec.encode(event));

        assertThat(json.propertyNames())
                .containsExactly(
                        "specversion",
                        "id",
                        "source",
                        "type",
                        "time",
                        "subject",
                        "datacontenttype",
                        "dataschema",
                        "data");
        assertThat(json.get("specversion").asString()).isEqualTo("1.0");
        assertThat(json.get("id").asString()).isEqualTo("evt-1");
        assertThat(json.get("source").asString()).isEqualTo("/ringvault/coordinator");
        assertThat(json.get("type").asString()).isEqualTo("io.ringvault.node.snapshot.command");
        assertThat(json.get("time").asString()).isEqualTo("2026-03-14T02:00:01.123456789Z");
        assertThat(json.get("subject").asString()).isEqualTo("op-1");
        assertThat(json.get("datacontenttype").asString()).isEqualTo("application/json");
        assertThat(json.get("dataschema").asString())
                .isEqualTo("https://ringvault.io/schemas/v1/io.ringvault.node.snapshot.command.json");
        assertThat(json.get("data").get("mode").asString()).isEqualTo("full");

        Envelope<Payload> decoded = codec.decode(codec.encode(event));
        assertThat(decoded).isEqualTo(event);
        assertThat(decoded.operationId()).isEqualTo("op-1");
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void everyTypeRoundTripsThroughBytesStringsAndTrees(MessageType type) {
        Envelope<Payload> event = Envelope.of("/ringvault/test", "op-1", example(type));

        assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
        assertThat(codec.decode(new String(codec.encode(event), StandardCharsets.UTF_8)))
                .isEqualTo(event);
        assertThat(codec.decode(codec.toJson(event))).isEqualTo(event);
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void writtenJsonNamesNoJavaClass(MessageType type) {
        for (Payload example : Examples.full(type)) {
            String json =
                    new String(codec.encode(Envelope.of("/ringvault/test", "op-1", example)), StandardCharsets.UTF_8);

            assertThat(json)
                    .doesNotContain("io.ringvault.common")
                    .doesNotContain("java.")
                    .doesNotContain("@class")
                    .doesNotContain("@type")
                    .doesNotContain(example.getClass().getSimpleName())
                    .doesNotContain("BACKUP")
                    .doesNotContain("DIFFERENTIAL")
                    .doesNotContain("FULL");
        }
    }

    @Test
    void requestsWithoutSubjectLeaveItOutAndUseTheirIdAsOperationId() {
        Envelope<Payload> request = new Envelope<>(
                "req-1", "/ops/scheduler", null, Instant.parse("2026-03-14T02:00:00Z"), null, Examples.BACKUP);

        ObjectNode json = codec.toJson(request);

        assertThat(json.has("subject")).isFalse();
        assertThat(json.get("data").has("requestedBy")).isTrue();
        assertThat(codec.decode(json).operationId()).isEqualTo("req-1");
    }

    @Test
    void nullOptionalFieldsAreLeftOutOfTheJson() {
        JsonNode data = codec.toJson(
                        Envelope.of("/s", null, new BackupRequested(List.of("shop"), null, null, null, null)))
                .get("data");

        assertThat(data.has("requestedBy")).isFalse();
        assertThat(data.toString()).doesNotContain("null");
    }

    @Test
    void readsTheHandWrittenExampleOfAnExternalSystem() {
        Envelope<Payload> event = codec.decode(VALID);

        assertThat(event.id()).isEqualTo("req-1");
        assertThat(event.source()).isEqualTo("/ops/scheduler");
        assertThat(event.type()).isEqualTo(MessageType.BACKUP_REQUESTED);
        assertThat(event.time()).isEqualTo(Instant.parse("2026-03-14T02:00:00Z"));
        assertThat(event.subject()).isNull();
        assertThat(event.data())
                .isEqualTo(new BackupRequested(List.of("shop"), List.of("shop.orders"), null, BackupMode.FULL, null));
    }

    @Test
    void readsTimesWithAnOffsetAndDefaultsAMissingTimeToNow() {
        ObjectNode json = valid();
        json.put("time", "2026-03-14T04:00:00+02:00");
        assertThat(codec.decode(json).time()).isEqualTo(Instant.parse("2026-03-14T02:00:00Z"));

        json.remove("time");
        Instant before = Instant.now();
        assertThat(codec.decode(json).time()).isBetween(before, Instant.now());
    }

    @Test
    void acceptsJsonContentTypeWithParametersAndAMissingContentType() {
        ObjectNode json = valid();
        json.put("datacontenttype", "application/json; charset=utf-8");
        assertThat(codec.decode(json).data()).isInstanceOf(BackupRequested.class);
        json.remove("datacontenttype");
        assertThat(codec.decode(json).data()).isInstanceOf(BackupRequested.class);
    }

    @Test
    void rejectsOtherContentTypes() {
        ObjectNode json = valid();
        json.put("datacontenttype", "application/xml");
        assertRejected(json, "unsupported-content-type", "application/xml");
    }

    // --- forward compatibility ---

    @Test
    void ignoresUnknownAttributesAndUnknownDataFields() {
        ObjectNode json = valid();
        json.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        json.putObject("ringvaultextension").put("nested", true);
        ((ObjectNode) json.get("data")).put("addedLater", "x");
        ((ObjectNode) json.get("data")).putArray("alsoAddedLater").add(1);

        assertThat(codec.decode(json)).isEqualTo(codec.decode(VALID));
    }

    @Test
    void modeDefaultsToDifferential() {
        assertThat(((BackupRequested) codec.decode(withData("{\"keyspaces\":[\"shop\"]}"))
                                .data())
                        .mode())
                .isEqualTo(BackupMode.DIFFERENTIAL);
        assertThat(((BackupRequested) codec.decode(withData("{\"keyspaces\":[\"shop\"],\"mode\":null}"))
                                .data())
                        .mode())
                .isEqualTo(BackupMode.DIFFERENTIAL);

        ObjectNode snapshot = valid();
        snapshot.put("type", MessageType.TAKE_SNAPSHOT.type());
        snapshot.set(
                "data",
                codec.mapper()
                        .readTree("{\"backupId\":\"b1\",\"nodes\":[{\"hostId\":\"h1\",\"datacenter\":\"dc1\"}]}"));
        assertThat(((TakeSnapshot) codec.decode(snapshot).data()).mode()).isEqualTo(BackupMode.DIFFERENTIAL);

        ObjectNode file = valid();
        file.put("type", MessageType.FILE_READY.type());
        file.set(
                "data",
                codec.mapper()
                        .readTree("{\"node\":{\"hostId\":\"h1\",\"datacenter\":\"dc1\"},\"keyspace\":\"shop\","
                                + "\"table\":\"orders\",\"fileName\":\"nb-1-big-Data.db\",\"size\":10}"));
        assertThat(((FileReady) codec.decode(file).data()).mode()).isEqualTo(BackupMode.DIFFERENTIAL);
    }

    // --- rejections ---

    @ParameterizedTest
    @ValueSource(strings = {"{\"specversion\":", "not json at all", "{\"a\":1} trailing", "{'single':'quotes'}"})
    void rejectsMalformedJson(String text) {
        assertThatThrownBy(() -> codec.decode(text)).isInstanceOfSatisfying(InvalidMessageException.class, e -> {
            assertThat(e.reason().code()).isEqualTo("malformed-json");
            assertThat(e.getMessage()).contains("not valid JSON");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"id\":\"x\"}]", "\"text\"", "42", "true", "null", ""})
    void rejectsJsonThatIsNotAnObject(String text) {
        assertThatThrownBy(() -> codec.decode(text)).isInstanceOfSatisfying(InvalidMessageException.class, e -> {
            assertThat(e.reason().code()).isEqualTo("malformed-json");
            assertThat(e.getMessage()).contains("not a JSON object");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "type", "source", "specversion"})
    void rejectsMissingRequiredAttributes(String attribute) {
        ObjectNode missing = valid();
        missing.remove(attribute);
        assertRejected(missing, "missing-attribute", "'" + attribute + "'");

        ObjectNode blank = valid();
        blank.put(attribute, "  ");
        assertRejected(blank, "missing-attribute", "'" + attribute + "'");

        ObjectNode nulled = valid();
        nulled.putNull(attribute);
        assertRejected(nulled, "missing-attribute", "'" + attribute + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "type", "source", "specversion", "subject"})
    void rejectsObjectsAndArraysWhereAnAttributeStringBelongs(String attribute) {
        ObjectNode object = valid();
        object.putObject(attribute).put("x", 1);
        assertRejected(object, "missing-attribute", "'" + attribute + "'");

        ObjectNode array = valid();
        array.putArray(attribute).add("x");
        assertRejected(array, "missing-attribute", "'" + attribute + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.3", "2.0", "1"})
    void rejectsOtherSpecVersions(String version) {
        ObjectNode json = valid();
        json.put("specversion", version);
        assertRejected(json, "unsupported-specversion", "'" + version + "'");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "io.ringvault.nope",
                "io.ringvault.common.message.BackupRequested",
                "java.lang.Runtime",
                "BackupRequested",
                "BACKUP_REQUESTED",
                "io.ringvault.backup.requested.v2",
                "IO.RINGVAULT.BACKUP.REQUESTED"
            })
    void rejectsUnknownTypesIncludingJavaClassNames(String type) {
        ObjectNode json = valid();
        json.put("type", type);
        assertRejected(json, "unknown-type", "'" + type + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2026-03-14", "2026-03-14T02:00:00", "14/03/2026 02:00", "1773453600"})
    void rejectsTimesThatAreNotRfc3339(String time) {
        ObjectNode json = valid();
        json.put("time", time);
        assertRejected(json, "invalid-time", "'" + time + "'");
    }

    @Test
    void rejectsATimeThatIsAnObject() {
        ObjectNode json = valid();
        json.putObject("time").put("epochSecond", 1);
        assertRejected(json, "invalid-time", "'time'");
    }

    @Test
    void rejectsMissingOrNonObjectData() {
        ObjectNode missing = valid();
        missing.remove("data");
        assertRejected(missing, "invalid-data", "data is required");

        ObjectNode nulled = valid();
        nulled.putNull("data");
        assertRejected(nulled, "invalid-data", "data is required");

        ObjectNode text = valid();
        text.put("data", "{\"keyspaces\":[\"shop\"]}");
        assertRejected(text, "invalid-data", "data must be a JSON object, not string");

        ObjectNode array = valid();
        array.putArray("data").add("shop");
        assertRejected(array, "invalid-data", "data must be a JSON object, not array");
    }

    @Test
    void rejectsInvalidDataNamingTheProblem() {
        assertRejected(withData("{}"), "invalid-data", "keyspaces is required");
        assertRejected(withData("{\"keyspaces\":[]}"), "invalid-data", "keyspaces is required");
        assertRejected(withData("{\"tables\":[\"shop.orders\"]}"), "invalid-data", "keyspaces");
        assertRejected(
                withData("{\"keyspaces\":[\"shop\"],\"tables\":[\"ks.t\"]}"),
                "invalid-data",
                "tables contains 'ks.t', whose keyspace is not in keyspaces [shop]");
        assertRejected(withData("{\"keyspaces\":[\"shop\"],\"mode\":\"weekly\"}"), "invalid-data", "weekly");
        assertRejected(withData("{\"keyspaces\":[\"bad-name!\"]}"), "invalid-data", "'bad-name!'");
        assertRejected(withData("{\"keyspaces\":[\"shop\"],\"tables\":[\"orders\"]}"), "invalid-data", "'orders'");
        assertRejected(withData("{\"keyspaces\":\"shop\"}"), "invalid-data", "io.ringvault.backup.requested");
    }

    @Test
    void rejectsDataOfAnotherTypeThanTheOneNamed() {
        ObjectNode json = valid();
        json.put("type", MessageType.RESTORE_REQUESTED.type());
        assertRejected(json, "invalid-data", "backupId is required");
    }

    @Test
    void rejectionsAreInvalidMessageExceptionsForAnyInput() {
        for (String text : List.of(
                "{\"specversion\":\"1.0\",\"id\":1,\"source\":\"/s\",\"type\":\"io.ringvault.nope\",\"data\":{}}",
                "{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"/s\",\"type\":\"io.ringvault.backup.requested\","
                        + "\"data\":{\"keyspaces\":[{\"name\":\"shop\"}]}}",
                "{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"/s\",\"type\":\"io.ringvault.operation.failed\","
                        + "\"data\":{\"reason\":\"timeout\",\"detail\":\"d\",\"nodeFailures\":{\"h\":null}}}",
                "{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"/s\",\"type\":\"io.ringvault.file.ready\","
                        + "\"data\":{\"node\":{\"hostId\":\"h\",\"datacenter\":\"dc\"},\"keyspace\":\"k\","
                        + "\"table\":\"t\",\"fileName\":\"f\"}}")) {
            assertThatThrownBy(() -> codec.decode(text)).as(text).isInstanceOf(InvalidMessageException.class);
        }
    }

    // --- helpers ---

    private static Payload example(MessageType type) {
        return Examples.full(type).get(0);
    }

    private ObjectNode valid() {
        return (ObjectNode) codec.mapper().readTree(VALID);
    }

    private ObjectNode withData(String data) {
        ObjectNode json = valid();
        json.set("data", codec.mapper().readTree(data));
        return json;
    }

    private void assertRejected(ObjectNode json, String reason, String named) {
        assertThatThrownBy(() -> codec.decode(codec.mapper().writeValueAsBytes(json)))
                .as("%s", json)
                .isInstanceOfSatisfying(InvalidMessageException.class, e -> {
                    assertThat(e.reason().code())
                            .as("reason of %s", e.getMessage())
                            .isEqualTo(reason);
                    assertThat(e.getMessage()).contains(named);
                });
    }
}
