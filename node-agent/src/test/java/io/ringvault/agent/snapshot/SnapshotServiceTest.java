package io.ringvault.agent.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.agent.node.CassandraNode;
import io.ringvault.agent.node.NodeState;
import io.ringvault.agent.snapshot.SnapshotRecord.Status;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.TakeSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The life cycle against a fake Cassandra that writes snapshot directories the way the real one does. */
class SnapshotServiceTest {
    private static final NodeRef NODE = new NodeRef("host-1", "10.0.0.1", "dc1", "rack1");
    private static final String TABLE_DIRECTORY = "orders-0123456789abcdef0123456789abcdef";

    @TempDir
    Path root;

    private Path data;
    private FakeCassandra cassandra;
    private SnapshotRegistry registry;
    private SnapshotService service;

    @BeforeEach
    void setUp() throws Exception {
        data = Files.createDirectories(root.resolve("data"));
        Files.createDirectories(data.resolve("shop").resolve(TABLE_DIRECTORY));
        cassandra = new FakeCassandra(data);
        registry = new SnapshotRegistry(root.resolve("work"));
        service = newService();
    }

    private SnapshotService newService() {
        return new SnapshotService(
                new FakeNode(),
                cassandra,
                new SnapshotLister(List.of(data)),
                registry,
                Clock.fixed(Instant.parse("2026-03-14T02:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void shouldTakeListAndRecordASnapshot() {
        TakenSnapshot taken = service.take(command("b1")).orElseThrow();

        assertThat(taken.files())
                .extracting(SnapshotFile::fileName)
                .containsExactly("manifest.json", "nb-1-big-Data.db");
        assertThat(taken.totalBytes()).isEqualTo(2 + 4);
        assertThat(taken.schema()).containsEntry("shop", "CREATE KEYSPACE shop;");
        assertThat(registry.isTaken("b1")).isTrue();
        assertThat(cassandra.calls).containsExactly("take b1 [shop]");
    }

    @Test
    void shouldListAgainWithoutAskingCassandraWhenAlreadyTaken() {
        service.take(command("b1"));
        TakenSnapshot again = service.take(command("b1")).orElseThrow();

        assertThat(again.files()).hasSize(2);
        assertThat(cassandra.calls).containsExactly("take b1 [shop]");
    }

    @Test
    void shouldClearAndRetakeASnapshotInterruptedByACrash() {
        registry.put(new SnapshotRecord("b1", List.of("shop"), Map.of(), Status.TAKING, Instant.now()));

        service.take(command("b1"));

        assertThat(cassandra.calls).containsExactly("clear b1", "take b1 [shop]");
        assertThat(registry.isTaken("b1")).isTrue();
    }

    @Test
    void shouldListAnExistingSnapshotWhenTheStateWasLost() {
        cassandra.take("b1");
        cassandra.calls.clear();

        assertThat(service.take(command("b1")).orElseThrow().files()).hasSize(2);
        assertThat(registry.isTaken("b1")).isTrue();
    }

    @Test
    void shouldClearAndForgetWhenCassandraFails() {
        cassandra.failTake = true;

        assertThatThrownBy(() -> service.take(command("b1")))
                .isInstanceOfSatisfying(
                        SnapshotFailedException.class,
                        e -> assertThat(e.reason()).isEqualTo(FailureReason.SNAPSHOT_FAILED))
                .hasMessageContaining("disk full");
        assertThat(cassandra.calls).containsExactly("take b1 [shop]", "clear b1");
        assertThat(registry.get("b1")).isEmpty();
    }

    @Test
    void shouldFailWhenATableHasNoSnapshotUnderTheDataDirectories() {
        cassandra.writeFiles = false;

        assertThatThrownBy(() -> service.take(command("b1")))
                .isInstanceOfSatisfying(
                        SnapshotFailedException.class,
                        e -> assertThat(e.reason()).isEqualTo(FailureReason.SNAPSHOT_INCOMPLETE))
                .hasMessageContaining("shop.orders")
                .hasMessageContaining(data.toString());
        assertThat(cassandra.calls).endsWith("clear b1");
    }

    @Test
    void shouldRetryAClearThatFailedAndIgnoreTheOperationAfterwards() {
        service.take(command("b1"));
        cassandra.failClear = true;

        assertThat(service.clear("b1", "test", false)).isFalse();
        assertThat(registry.get("b1")).get().extracting(SnapshotRecord::status).isEqualTo(Status.CLEARING);

        cassandra.failClear = false;
        service.retryPendingClears();
        assertThat(registry.get("b1")).isEmpty();
        assertThat(cassandra.exists("b1")).isFalse();

        assertThat(service.take(command("b1"))).isEmpty();
        assertThat(cassandra.exists("b1")).isFalse();
    }

    @Test
    void shouldClearOnlyFinishedOperationsAtStartUp() {
        service.take(command("done"));
        service.take(command("running"));

        SnapshotService restarted = newService();
        restarted.recover(Set.of("done", "unrelated"));

        assertThat(registry.get("done")).isEmpty();
        assertThat(cassandra.exists("done")).isFalse();
        assertThat(registry.isTaken("running")).isTrue();
        assertThat(restarted.take(command("done"))).isEmpty();
    }

    @Test
    void shouldClearOnCancelOnlyWhatItHolds() {
        assertThat(service.clear("never-taken", "cancel", true)).isFalse();
        assertThat(cassandra.calls).isEmpty();
    }

    private static TakeSnapshot command(String backupId) {
        return new TakeSnapshot(backupId, List.of("shop"), List.of(), null, List.of(NODE));
    }

    private static final class FakeNode implements CassandraNode {
        @Override
        public NodeState state() {
            return new NodeState(NODE, "5.0.9", List.of("-1", "1"));
        }

        @Override
        public boolean keyspaceExists(String keyspace) {
            return keyspace.equals("shop");
        }

        @Override
        public Set<String> tablesOf(String keyspace) {
            return Set.of("orders");
        }

        @Override
        public String describeKeyspace(String keyspace) {
            return "CREATE KEYSPACE " + keyspace + ";";
        }
    }

    private static final class FakeCassandra implements SnapshotOperations {
        final List<String> calls = new ArrayList<>();
        private final Path data;
        boolean failTake;
        boolean failClear;
        boolean writeFiles = true;

        FakeCassandra(Path data) {
            this.data = data;
        }

        @Override
        public void takeSnapshot(String tag, List<String> entities) {
            calls.add("take " + tag + " " + entities);
            if (failTake) {
                throw new SnapshotOperationException("Cassandra refused takeSnapshot: disk full", false, null);
            }
            if (exists(tag)) {
                throw new SnapshotOperationException("Snapshot " + tag + " already exists.", true, null);
            }
            take(tag);
        }

        void take(String tag) {
            if (!writeFiles) {
                return;
            }
            try {
                Path snapshot = Files.createDirectories(directory(tag));
                Files.writeString(snapshot.resolve("manifest.json"), "{}");
                Files.writeString(snapshot.resolve("nb-1-big-Data.db"), "data");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void clearSnapshot(String tag) {
            calls.add("clear " + tag);
            if (failClear) {
                throw new SnapshotOperationException("cannot reach Cassandra over JMX", false, null);
            }
            try (var files = Files.walk(directory(tag).getParent())) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .filter(p -> p.startsWith(directory(tag)))
                        .forEach(p -> p.toFile().delete());
            } catch (Exception e) {
                // No snapshot directory: nothing to clear.
            }
        }

        @Override
        public String releaseVersion() {
            return "5.0.9";
        }

        boolean exists(String tag) {
            return Files.isDirectory(directory(tag));
        }

        private Path directory(String tag) {
            return data.resolve("shop")
                    .resolve(TABLE_DIRECTORY)
                    .resolve("snapshots")
                    .resolve(tag);
        }
    }
}
