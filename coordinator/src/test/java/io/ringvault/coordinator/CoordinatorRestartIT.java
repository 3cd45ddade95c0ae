package io.ringvault.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ringvault.common.message.FileStored;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.SnapshotTaken;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The coordinator keeps no state but the event log: a new instance rebuilds exactly the same view, and two instances
 * running together never both drive one operation.
 */
class CoordinatorRestartIT {
    static final String KEYSPACE = "restart_it";

    final CoordinatorHarness harness =
            new CoordinatorHarness("it-restart-" + UUID.randomUUID().toString().substring(0, 8));

    ConfigurableApplicationContext startCoordinator() {
        Map<String, String> properties = new HashMap<>(harness.properties());
        properties.put("server.port", "0");
        // As command-line arguments: they win over application.yml, as the test's settings must.
        String[] arguments = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(CoordinatorApplication.class).run(arguments);
    }

    static String url(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:"
                + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    String awaitState(String url, String id, String state) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(harness.get(url, "/api/v1/operations/" + id)
                                .body()
                                .path("state")
                                .asString())
                        .isEqualTo(state));
        return id;
    }

    String backup(String url) throws Exception {
        return harness.post(url, "/api/v1/backups", "{\"keyspaces\":[\"" + KEYSPACE + "\"]}", Map.of())
                .body()
                .get("operationId")
                .asString();
    }

    @Test
    void shouldRebuildTheSameOperationsFromTheLogAfterARestart() throws Exception {
        harness.createKeyspace(KEYSPACE, "t1");
        NodeRef node;
        String before;
        List<String> ids = new ArrayList<>();
        try (ConfigurableApplicationContext first = startCoordinator()) {
            String url = url(first);
            // One completed, one cancelled, one failed on timeout, one rejected: every kind of ending.
            String completed = backup(url);
            JsonNode accepted = awaitOperation(url, completed);
            node = new NodeRef(
                    accepted.get("nodes").get(0).get("hostId").asString(),
                    accepted.get("nodes").get(0).get("address").asString(),
                    accepted.get("nodes").get(0).get("datacenter").asString(),
                    accepted.get("nodes").get(0).get("rack").asString());
            harness.publish(
                    harness.topic("events"),
                    completed,
                    new SnapshotTaken(node, 1, 10, "5.0.9", java.util.List.of("-42"), java.util.Map.of()));
            harness.publish(
                    harness.topic("events"),
                    completed,
                    new FileStored(node, KEYSPACE, "t1", "nb-1-big-Data.db", "k", 10, "crc32c:00", false));
            ids.add(awaitState(url, completed, "COMPLETED"));

            String cancelled = backup(url);
            awaitOperation(url, cancelled);
            harness.post(url, "/api/v1/operations/" + cancelled + "/cancel", "", Map.of());
            ids.add(awaitState(url, cancelled, "CANCELLED"));

            ids.add(awaitState(url, backup(url), "FAILED"));
            harness.publishRaw(harness.topic("requests"), "bad", "{oops");

            before = harness.get(url, "/api/v1/operations").body().toString();
            assertThat(harness.get(url, "/api/v1/operations").body()).hasSize(3);
        }

        try (ConfigurableApplicationContext second = startCoordinator()) {
            String url = url(second);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(harness.get(url, "/actuator/health")
                                    .body()
                                    .path("components")
                                    .path("eventLog")
                                    .path("status")
                                    .asString())
                            .isEqualTo("UP"));
            String after = harness.get(url, "/api/v1/operations").body().toString();
            assertThat(after).isEqualTo(before);
            for (String id : ids) {
                assertThat(harness.get(url, "/api/v1/operations/" + id + "/events")
                                .body())
                        .isNotEmpty();
            }
        }
    }

    @Test
    void shouldLetOnlyOneOfTwoCoordinatorsDriveEachOperation() throws Exception {
        harness.createKeyspace(KEYSPACE, "t1");
        try (ConfigurableApplicationContext first = startCoordinator();
                ConfigurableApplicationContext second = startCoordinator()) {
            String url = url(first);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ids.add(backup(i % 2 == 0 ? url(first) : url(second)));
            }
            for (String id : ids) {
                reportEmptySnapshot(id, nodeOf(awaitOperation(url, id)));
            }
            for (String id : ids) {
                // Both instances see every operation; exactly one completion was written for each.
                awaitState(url(first), id, "COMPLETED");
                awaitState(url(second), id, "COMPLETED");
            }
            Thread.sleep(1000);
            assertThat(completionsWritten()).containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    @Test
    void shouldCompleteAnOperationWhoseLastEventArrivedWhileNoCoordinatorRan() throws Exception {
        harness.createKeyspace(KEYSPACE, "t1");
        String id;
        NodeRef node;
        try (ConfigurableApplicationContext first = startCoordinator()) {
            id = backup(url(first));
            node = nodeOf(awaitOperation(url(first), id));
        }
        // The node's snapshot (with no files) is reported while no coordinator runs: the next one to own the
        // operation's partition must pick it up from the log and end it.
        reportEmptySnapshot(id, node);
        try (ConfigurableApplicationContext second = startCoordinator()) {
            awaitState(url(second), id, "COMPLETED");
            Thread.sleep(1000);
            assertThat(completionsWritten()).containsExactly(id);
        }
    }

    /** The one node of an accepted backup, as its agent names itself. */
    private static NodeRef nodeOf(JsonNode accepted) {
        JsonNode node = accepted.get("nodes").get(0);
        return new NodeRef(
                node.get("hostId").asString(), null, node.get("datacenter").asString(), null);
    }

    /** The node's agent reports a snapshot with no files: the operation is then complete. */
    private void reportEmptySnapshot(String id, NodeRef node) throws Exception {
        harness.publish(
                harness.topic("events"),
                id,
                new SnapshotTaken(node, 0, 0, "5.0.9", java.util.List.of("-42"), java.util.Map.of()));
    }

    /** The operations an {@code operation.completed} was written for, once per event. */
    private List<String> completionsWritten() throws Exception {
        return harness.messages(harness.topic("events")).stream()
                .filter(e -> e.type() == io.ringvault.common.MessageType.OPERATION_COMPLETED)
                .map(e -> e.subject())
                .toList();
    }

    private JsonNode awaitOperation(String url, String id) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            CoordinatorHarness.Response response = harness.get(url, "/api/v1/operations/" + id);
            assertThat(response.status()).isEqualTo(200);
            found[0] = response.body();
        });
        return found[0];
    }
}
