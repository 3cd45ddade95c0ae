package io.ringvault.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ringvault.common.Envelope;
import io.ringvault.common.message.OperationAccepted;
import io.ringvault.common.message.Payload;
import io.ringvault.common.message.ScheduleEvent;
import io.ringvault.common.message.ScheduleFired;
import io.ringvault.common.message.ScheduleMissed;
import io.ringvault.coordinator.schedule.Scheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Schedules on real Kafka and Cassandra: created over REST and Kafka, refused with their reasons, kept across a restart
 * (state only from the log), fired exactly once per instant by two coordinators at once, and their missed firings
 * handled by each policy when no coordinator ran.
 */
class CoordinatorSchedulesIT {
    static final String KEYSPACE = "schedules_it";

    final CoordinatorHarness harness =
            new CoordinatorHarness("it-sched-" + UUID.randomUUID().toString().substring(0, 8));

    @BeforeAll
    static void createSchema() {
        new CoordinatorHarness("it-sched-schema").createKeyspace(KEYSPACE, "t1");
    }

    ConfigurableApplicationContext startCoordinator(String missedAfter, String settle) {
        Map<String, String> properties = new HashMap<>(harness.properties());
        properties.put("server.port", "0");
        properties.put("ringvault.coordinator.schedules.tick", "200ms");
        properties.put("ringvault.coordinator.schedules.missed-after", missedAfter);
        properties.put("ringvault.coordinator.schedules.settle", settle);
        String[] arguments = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(CoordinatorApplication.class).run(arguments);
    }

    static String url(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:"
                + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    static String createJson(String name, String cron, String extra) {
        return "{\"name\":\"" + name + "\",\"cron\":\"" + cron + "\",\"keyspaces\":[\"" + KEYSPACE + "\"]" + extra
                + "}";
    }

    static String createRequest(String id, String dataJson) {
        return """
                {"specversion":"1.0","id":"%s","source":"/ops/scheduler","type":"io.ringvault.schedule.create.requested",
                 "time":"2026-11-21T00:00:00Z","datacontenttype":"application/json","data":%s}
                """.formatted(id, dataJson);
    }

    JsonNode awaitSchedule(String url, String name) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> harness.get(url, "/api/v1/schedules/" + name).status() == 200);
        return uncheckedGet(url, "/api/v1/schedules/" + name);
    }

    JsonNode uncheckedGet(String url, String path) {
        try {
            return harness.get(url, path).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void awaitEventLogUp(String url) {
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(harness.get(url, "/actuator/health")
                                .body()
                                .path("components")
                                .path("eventLog")
                                .path("status")
                                .asString())
                        .isEqualTo("UP"));
    }

    <T extends Payload> List<Envelope<T>> events(Class<T> type) {
        @SuppressWarnings("unchecked")
        List<Envelope<T>> events = harness.messages(harness.topic("events")).stream()
                .filter(event -> type.isInstance(event.data()))
                .map(event -> (Envelope<T>) (Envelope<?>) event)
                .toList();
        return events;
    }

    /** A cron that fires at exactly these instants (all in one minute, UTC), and never again for a year. */
    static String cronAt(List<Instant> instants) {
        ZonedDateTime first = instants.get(0).atZone(ZoneOffset.UTC);
        String seconds = instants.stream()
                .map(at -> String.valueOf(at.atZone(ZoneOffset.UTC).getSecond()))
                .collect(Collectors.joining(","));
        return seconds + " " + first.getMinute() + " " + first.getHour() + " " + first.getDayOfMonth() + " "
                + first.getMonthValue() + " *";
    }

    /** Instants 12, 13 and 14 s from now, in one minute (waits for a second-of-minute that allows it). */
    static List<Instant> threeInstantsAhead() {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> Instant.now().atZone(ZoneOffset.UTC).getSecond() < 40);
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(12);
        return List.of(base, base.plusSeconds(1), base.plusSeconds(2));
    }

    @Test
    void shouldCreateOverRestAndKafkaRefuseWithReasonsAndKeepSchedulesAcrossARestart() throws Exception {
        String before;
        try (ConfigurableApplicationContext first = startCoordinator("1m", "0s")) {
            String url = url(first);
            awaitEventLogUp(url);
            CoordinatorHarness.Response created = harness.post(
                    url,
                    "/api/v1/schedules",
                    createJson(
                            "nightly",
                            "0 2 * * *",
                            ",\"timeZone\":\"Europe/Paris\",\"mode\":\"full\",\"retention\":{\"keepLast\":7}"),
                    Map.of());
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.body().get("state").asString()).isEqualTo("active");
            harness.publishRaw(
                    harness.topic("requests"),
                    "weekly-create",
                    createRequest(
                            "weekly-create",
                            createJson("weekly", "@weekly", ",\"action\":\"verify\",\"missedFirings\":\"skip\"")));

            JsonNode nightly = awaitSchedule(url, "nightly");
            assertThat(nightly.get("state").asString()).isEqualTo("active");
            assertThat(nightly.get("timeZone").asString()).isEqualTo("Europe/Paris");
            assertThat(nightly.get("retention").get("keepLast").asInt()).isEqualTo(7);
            assertThat(nightly.get("nextFiring").get("local").asString())
                    .matches("\\d{4}-\\d{2}-\\d{2}T02:00:00\\+0[12]:00\\[Europe/Paris]");
            JsonNode weekly = awaitSchedule(url, "weekly");
            assertThat(weekly.get("action").asString()).isEqualTo("verify");
            assertThat(weekly.get("missedFirings").asString()).isEqualTo("skip");

            Map<String, String[]> refusals = Map.of(
                    createJson("bad-cron", "0 2 * *", ""),
                    new String[] {"invalid-cron", "4 fields"},
                    createJson("bad-zone", "@daily", ",\"timeZone\":\"Mars/Olympus\""),
                    new String[] {"invalid-time-zone", "Mars/Olympus"},
                    createJson("bad-retention", "@daily", ",\"retention\":{\"keepLast\":0}"),
                    new String[] {"invalid-retention", "keepLast 0"},
                    "{\"name\":\"bad-ks\",\"cron\":\"@daily\",\"keyspaces\":[\"nope_ks\"]}",
                    new String[] {"unknown-keyspace", "nope_ks"},
                    createJson("bad name!", "@daily", ""),
                    new String[] {"invalid-data", "name"});
            for (Map.Entry<String, String[]> refusal : refusals.entrySet()) {
                CoordinatorHarness.Response response =
                        harness.post(url, "/api/v1/schedules", refusal.getKey(), Map.of());
                assertThat(response.status()).as(refusal.getKey()).isEqualTo(400);
                assertThat(response.contentType()).startsWith("application/problem+json");
                assertThat(response.body().get("reason").asString())
                        .as(refusal.getKey())
                        .isEqualTo(refusal.getValue()[0]);
                assertThat(response.body().get("detail").asString()).contains(refusal.getValue()[1]);
            }
            CoordinatorHarness.Response duplicate =
                    harness.post(url, "/api/v1/schedules", createJson("nightly", "0 3 * * *", ""), Map.of());
            assertThat(duplicate.status()).isEqualTo(409);
            assertThat(duplicate.body().get("reason").asString()).isEqualTo("schedule-exists");
            CoordinatorHarness.Response unknown = harness.get(url, "/api/v1/schedules/nope");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.body().get("reason").asString()).isEqualTo("unknown-schedule");
            assertThat(harness.post(url, "/api/v1/schedules/nope/pause", "", Map.of())
                            .status())
                    .isEqualTo(404);

            // Over Kafka, a refusal is a dead letter with its reason and a request.rejected event.
            harness.publishRaw(
                    harness.topic("requests"),
                    "bad-cron-create",
                    createRequest("bad-cron-create", createJson("kafka-bad", "61 * * * *", "")));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<ConsumerRecord<String, byte[]>> dead = harness.readAll(harness.topic("dlq"));
                assertThat(dead)
                        .filteredOn(r -> new String(r.value(), StandardCharsets.UTF_8).contains("kafka-bad"))
                        .extracting(r -> new String(
                                r.headers()
                                        .lastHeader("ringvault.rejection.reason")
                                        .value(),
                                StandardCharsets.UTF_8))
                        .containsExactly("invalid-cron");
            });
            assertThat(harness.get(url, "/api/v1/operations/bad-cron-create/events")
                            .body()
                            .get(0)
                            .get("data")
                            .get("reason")
                            .asString())
                    .isEqualTo("invalid-cron");

            CoordinatorHarness.Response paused =
                    harness.post(url, "/api/v1/schedules/weekly/pause", "", Map.of("X-Requested-By", "bob"));
            assertThat(paused.status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(harness.get(url, "/api/v1/schedules/weekly")
                                    .body()
                                    .get("state")
                                    .asString())
                            .isEqualTo("paused"));
            before = withoutNextFirings(harness.get(url, "/api/v1/schedules").body());
            assertThat(harness.get(url, "/api/v1/schedules").body()).hasSize(2);
        }

        try (ConfigurableApplicationContext second = startCoordinator("1m", "0s")) {
            String url = url(second);
            awaitEventLogUp(url);
            assertThat(withoutNextFirings(harness.get(url, "/api/v1/schedules").body()))
                    .isEqualTo(before);
            assertThat(harness.delete(url, "/api/v1/schedules/weekly", Map.of()).status())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(
                                    harness.get(url, "/api/v1/schedules/weekly").status())
                            .isEqualTo(404));
        }
        assertThat(events(io.ringvault.common.message.ScheduleCreated.class))
                .allSatisfy(event -> assertThat(event.subject())
                        .isEqualTo(ScheduleEvent.keyOf(
                                ((io.ringvault.common.message.ScheduleCreated) event.data()).name())));
    }

    /** The next firing moves with the clock; everything else must be identical after a restart. */
    private static String withoutNextFirings(JsonNode schedules) {
        JsonNode copy = schedules.deepCopy();
        copy.forEach(schedule -> ((ObjectNode) schedule).remove("nextFiring"));
        return copy.toString();
    }

    @Test
    void shouldFireEachInstantOnceWhileTwoCoordinatorsRunAndOneOfThemStops() throws Exception {
        String name = "every-3s";
        try (ConfigurableApplicationContext first = startCoordinator("1m", "3s")) {
            awaitEventLogUp(url(first));
            assertThat(harness.post(url(first), "/api/v1/schedules", createJson(name, "*/3 * * * * *", ""), Map.of())
                            .status())
                    .isEqualTo(201);
            try (ConfigurableApplicationContext second = startCoordinator("1m", "3s")) {
                awaitEventLogUp(url(second));
                // Both run: the group gives the schedule's partition to one of them.
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> events(ScheduleFired.class).size() >= 3);
                first.close();
                int firedBefore = events(ScheduleFired.class).size();
                // The second one alone now: it owns every partition, and goes on firing.
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> events(ScheduleFired.class).size() >= firedBefore + 3);
                assertThat(harness.post(url(second), "/api/v1/schedules/" + name + "/pause", "", Map.of())
                                .status())
                        .isEqualTo(200);
            }
        }

        List<Envelope<ScheduleFired>> fired = events(ScheduleFired.class);
        List<Envelope<OperationAccepted>> accepted = events(OperationAccepted.class).stream()
                .filter(event -> event.data().backup() != null
                        && name.equals(event.data().backup().schedule()))
                .toList();
        Map<Instant, List<Envelope<ScheduleFired>>> firedByInstant = fired.stream()
                .collect(Collectors.groupingBy(event -> event.data().scheduledAt()));
        Map<String, Long> acceptedById =
                accepted.stream().collect(Collectors.groupingBy(Envelope::subject, Collectors.counting()));
        assertThat(firedByInstant).hasSizeGreaterThanOrEqualTo(6);
        for (Instant at : firedByInstant.keySet()) {
            String id = Scheduler.firingId(name, at);
            assertThat(at.getEpochSecond() % 3).as("%s is a firing of */3", at).isZero();
            assertThat(firedByInstant.get(at))
                    .as("fired events of %s", at)
                    .allSatisfy(event -> assertThat(event.data().operationId()).isEqualTo(id));
            boolean refused = firedByInstant.get(at).stream()
                    .allMatch(event -> event.data().wasRefused());
            // Exactly one operation.accepted per firing instant: the two coordinators never both started it.
            assertThat(acceptedById.getOrDefault(id, 0L))
                    .as("operation.accepted events of the firing at %s", at)
                    .isEqualTo(refused ? 0L : 1L);
        }
        assertThat(acceptedById.keySet())
                .allSatisfy(id -> assertThat(firedByInstant.keySet().stream()
                                .map(at -> Scheduler.firingId(name, at))
                                .toList())
                        .contains(id));
        assertThat(acceptedById.values().stream().mapToLong(Long::longValue).sum())
                .isGreaterThanOrEqualTo(6);
    }

    @Test
    void shouldCatchUpOnceOrRecordTheMissedFiringsOfTheTimeNoCoordinatorRan() throws Exception {
        List<Instant> due;
        try (ConfigurableApplicationContext first = startCoordinator("1s", "0s")) {
            String url = url(first);
            awaitEventLogUp(url);
            due = threeInstantsAhead();
            String cron = cronAt(due);
            assertThat(harness.post(
                                    url,
                                    "/api/v1/schedules",
                                    createJson("catch-up-it", cron, ",\"missedFirings\":\"catch-up\""),
                                    Map.of())
                            .status())
                    .isEqualTo(201);
            assertThat(harness.post(
                                    url,
                                    "/api/v1/schedules",
                                    createJson("skip-it", cron, ",\"missedFirings\":\"skip\""),
                                    Map.of())
                            .status())
                    .isEqualTo(201);
            awaitSchedule(url, "skip-it");
        }
        assertThat(Instant.now())
                .as("the coordinator stopped before the firings")
                .isBefore(due.get(0));
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> Instant.now().isAfter(due.get(2).plusSeconds(2)));

        try (ConfigurableApplicationContext second = startCoordinator("1s", "0s")) {
            String url = url(second);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        assertThat(events(ScheduleFired.class)).hasSize(1);
                        assertThat(events(ScheduleMissed.class)).hasSize(1);
                    });
            ScheduleFired caughtUp = events(ScheduleFired.class).get(0).data();
            assertThat(caughtUp.name()).isEqualTo("catch-up-it");
            assertThat(caughtUp.scheduledAt()).isEqualTo(due.get(2));
            assertThat(caughtUp.caughtUp()).isTrue();
            assertThat(caughtUp.operationId()).isEqualTo(Scheduler.firingId("catch-up-it", due.get(2)));
            assertThat(events(OperationAccepted.class))
                    .extracting(Envelope::subject)
                    .containsExactly(caughtUp.operationId());
            assertThat(events(ScheduleMissed.class).get(0).data())
                    .isEqualTo(new ScheduleMissed("skip-it", 3, due.get(0), due.get(2)));

            JsonNode skip = awaitSchedule(url, "skip-it");
            assertThat(skip.get("missed").get("count").asLong()).isEqualTo(3);
            assertThat(skip.get("lastFirings")).isEmpty();
            JsonNode catchUp = awaitSchedule(url, "catch-up-it");
            assertThat(catchUp.get("lastFirings").get(0).get("operationId").asString())
                    .isEqualTo(caughtUp.operationId());
            assertThat(catchUp.get("lastFirings").get(0).get("caughtUp").asBoolean())
                    .isTrue();
        }
        Map<String, Long> perType = events(ScheduleEvent.class).stream()
                .collect(Collectors.groupingBy(event -> event.type().type(), Collectors.counting()));
        assertThat(perType)
                .containsEntry("io.ringvault.schedule.created", 2L)
                .containsEntry("io.ringvault.schedule.fired", 1L)
                .containsEntry("io.ringvault.schedule.missed", 1L);
    }
}
