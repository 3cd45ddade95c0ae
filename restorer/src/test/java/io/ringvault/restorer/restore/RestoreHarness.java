package io.ringvault.restorer.restore;

import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ringvault.common.message.RestoreFinished;
import io.ringvault.common.message.RestoreRequested;
import io.ringvault.common.message.StartRestore;
import io.ringvault.connections.retry.RetryPolicies;
import io.ringvault.storage.Bandwidth;
import io.ringvault.storage.FilesystemObjectStore;
import io.ringvault.storage.ObjectStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a {@link RestoreService} works with, without Kafka, HTTP or Cassandra: {@link TestBackup} in a real
 * {@link FilesystemObjectStore}, {@link FakeAgents} at {@code http://h1} and {@code http://h2}, a
 * {@link FakeTargetCluster}, {@link RecordingEvents}, and a clock that stands still.
 */
final class RestoreHarness implements AutoCloseable {
    static final String OP = "op-restore-1";
    static final String AGENT_1 = "http://h1";
    static final String AGENT_2 = "http://h2";

    final ObjectStore store;
    final TestBackup backup;
    final FakeTargetCluster cluster = new FakeTargetCluster();
    final FakeAgents agents = new FakeAgents();
    final RecordingEvents events = new RecordingEvents(OP);
    final CancelRegistry cancels = new CancelRegistry();
    /** Replaced to stand for a restarted restorer, whose counters start at zero. */
    MeterRegistry meters = new SimpleMeterRegistry();

    int nodeParallelism = 2;
    private final List<RestoreService> services = new ArrayList<>();

    RestoreHarness(Path objects) {
        this(new FilesystemObjectStore(objects));
    }

    /** The same world over another store (an encrypting one). */
    RestoreHarness(ObjectStore store) {
        this.store = store;
        this.backup = TestBackup.standard(store);
    }

    /** A restorer as the service wires it, with a clock that stands still: progress events show no rate. */
    RestoreService service() {
        RestorePlanner planner =
                new RestorePlanner(store, "", TestBackup.JSON, cluster, node -> "http://" + node.hostId());
        RestoreService service = new RestoreService(
                planner,
                new SchemaRestorer(cluster),
                cluster,
                store,
                agents,
                events,
                cancels,
                retry(),
                Bandwidth.of(0),
                new RestoreMetrics(meters),
                // Longer than any test: no periodic progress event interleaves with the ones asserted.
                Duration.ofHours(1),
                nodeParallelism,
                2,
                () -> 1_000_000_000L);
        services.add(service);
        return service;
    }

    RestoreFinished restore(boolean truncate) {
        return service().run(OP, command(truncate));
    }

    static StartRestore command(boolean truncate) {
        return new StartRestore(
                new RestoreRequested(TestBackup.BACKUP_ID, List.of(), List.of(), "test", truncate, false, null, null),
                TestBackup.CLUSTER);
    }

    /**
     * Three quick attempts of the service's one retry policy ({@link RetryPolicies}): it retries what a retryable
     * reason says can pass later (an agent's retryable answer, a retryable object-store error, an agent that cannot be
     * reached).
     */
    static Retry retry() {
        return RetryPolicies.retry("test", new RetryPolicies.Policy(3, Duration.ofMillis(1), Duration.ofMillis(1)));
    }

    double files(String outcome) {
        return meters.get("ringvault.restorer.files")
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    @Override
    public void close() {
        services.forEach(RestoreService::close);
    }
}
