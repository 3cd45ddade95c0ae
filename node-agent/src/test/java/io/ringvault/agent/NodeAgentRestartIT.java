package io.ringvault.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ringvault.common.message.ClearSnapshot;
import io.ringvault.common.message.FileReady;
import io.ringvault.common.message.NodeFailed;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.OperationCompleted;
import io.ringvault.common.message.OperationKind;
import io.ringvault.common.message.SnapshotTaken;
import io.ringvault.common.message.TakeSnapshot;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real restart: an agent takes snapshots and stops; while it is down one operation completes; a new agent on the same
 * work directory clears that operation's snapshot at start-up, keeps the other, and ignores the old snapshot command
 * of the finished operation when it reads it again.
 */
class NodeAgentRestartIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final AgentHarness harness =
            new AgentHarness("agent-restart-it-" + UUID.randomUUID().toString().substring(0, 8));
    private final List<ConfigurableApplicationContext> agents = new ArrayList<>();

    @AfterEach
    void stop() {
        agents.forEach(ConfigurableApplicationContext::close);
        harness.close();
    }

    @Test
    void shouldClearSnapshotsOfOperationsThatEndedWhileItWasDown() throws Exception {
        String keyspace =
                "restart_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        harness.createKeyspace(keyspace, 50, "data");
        List<NodeRef> nodes = List.of(harness.self());
        String completed = "backup-done-" + UUID.randomUUID();
        String running = "backup-running-" + UUID.randomUUID();

        ConfigurableApplicationContext first = start(Map.of());
        harness.send(completed, new TakeSnapshot(completed, List.of(keyspace), List.of(), null, nodes));
        harness.send(running, new TakeSnapshot(running, List.of(keyspace), List.of(), null, nodes));
        awaitSnapshotTaken(completed, 1);
        awaitSnapshotTaken(running, 1);
        first.close();
        assertThat(harness.snapshotDirectories(completed)).isNotEmpty();
        assertThat(Files.readString(harness.workDirectory.resolve("snapshots.json")))
                .contains(completed)
                .contains(running);

        // While the agent is down, the coordinator completes one of the operations.
        harness.publish(harness.topic("events"), completed, new OperationCompleted(OperationKind.BACKUP, 1, 1, 1, 1));

        // A new consumer group reads the old commands again, as a brand-new agent would.
        ConfigurableApplicationContext second =
                start(Map.of("ringvault.agent.consumer-group", harness.prefix + "-agent-restarted"));
        String secondUrl = "http://127.0.0.1:" + second.getEnvironment().getProperty("local.server.port");
        String afterRestart = "backup-after-" + UUID.randomUUID();
        harness.send(afterRestart, new TakeSnapshot(afterRestart, List.of(keyspace), List.of(), null, nodes));

        // One commands partition: once the new command is answered, the old ones were read (after start-up recovery).
        awaitSnapshotTaken(afterRestart, 1);
        assertThat(harness.snapshotDirectories(completed)).isEmpty();
        assertThat(harness.collector().payloads(completed, SnapshotTaken.class)).hasSize(1);
        // The running operation's snapshot is kept, and its command read again is answered by listing it again.
        awaitSnapshotTaken(running, 2);
        assertThat(harness.snapshotDirectories(running)).isNotEmpty();
        String state = Files.readString(harness.workDirectory.resolve("snapshots.json"));
        assertThat(state).contains(running).contains(afterRestart).doesNotContain(completed);

        FileReady file = harness.collector().payloads(running, FileReady.class).get(0);
        assertThat(harness.get(fileUrl(secondUrl, file, running), harness.bearer())
                        .status())
                .isEqualTo(200);
        FileReady gone =
                harness.collector().payloads(completed, FileReady.class).get(0);
        assertThat(harness.get(fileUrl(secondUrl, gone, completed), harness.bearer())
                        .status())
                .isEqualTo(404);

        harness.send(running, new ClearSnapshot(running, nodes));
        harness.send(afterRestart, new ClearSnapshot(afterRestart, nodes));
        await().atMost(WAIT)
                .until(() -> harness.snapshotDirectories(running).isEmpty()
                        && harness.snapshotDirectories(afterRestart).isEmpty());
    }

    private ConfigurableApplicationContext start(Map<String, String> overrides) {
        Map<String, String> properties = new java.util.HashMap<>(harness.properties());
        properties.put("server.port", "0");
        properties.putAll(overrides);
        String[] arguments = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext agent = new SpringApplicationBuilder(NodeAgentApplication.class).run(arguments);
        agents.add(agent);
        return agent;
    }

    private void awaitSnapshotTaken(String backupId, int count) {
        await().atMost(WAIT)
                .until(() -> harness.collector()
                                        .payloads(backupId, SnapshotTaken.class)
                                        .size()
                                >= count
                        || !harness.collector()
                                .payloads(backupId, NodeFailed.class)
                                .isEmpty());
        assertThat(harness.collector().payloads(backupId, NodeFailed.class)).isEmpty();
    }

    private static String fileUrl(String agentUrl, FileReady file, String backupId) {
        return agentUrl + "/api/v1/snapshots/" + backupId + "/files/" + file.dataDirectory() + "/" + file.keyspace()
                + "/" + file.tableDirectory() + "/" + file.fileName();
    }
}
