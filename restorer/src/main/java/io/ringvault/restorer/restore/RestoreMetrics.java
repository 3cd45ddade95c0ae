package io.ringvault.restorer.restore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The restorer's meters, on {@code /actuator/prometheus}: files downloaded and skipped (found already staged by an
 * earlier attempt), bytes downloaded, tables imported (per node), restores by outcome, and the bytes of the files
 * being streamed right now. No operation tag: operation ids are unbounded.
 */
public class RestoreMetrics {
    private final MeterRegistry registry;
    private final Counter filesDownloaded;
    private final Counter filesSkipped;
    private final Counter bytesDownloaded;
    private final Counter tablesImported;
    private final AtomicLong bytesInFlight = new AtomicLong();

    public RestoreMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.filesDownloaded = Counter.builder("ringvault.restorer.files")
                .tag("outcome", "downloaded")
                .description("SSTable components streamed to a node's staging area")
                .register(registry);
        this.filesSkipped = Counter.builder("ringvault.restorer.files")
                .tag("outcome", "skipped")
                .description("SSTable components found already staged and verified, not fetched again")
                .register(registry);
        this.bytesDownloaded = Counter.builder("ringvault.restorer.bytes")
                .description("bytes of SSTable components streamed to staging areas")
                .baseUnit("bytes")
                .register(registry);
        this.tablesImported = Counter.builder("ringvault.restorer.tables.imported")
                .description("table imports completed, one per table and node")
                .register(registry);
        Gauge.builder("ringvault.restorer.bytes.in.flight", bytesInFlight, AtomicLong::get)
                .description("bytes of the files being streamed right now")
                .baseUnit("bytes")
                .register(registry);
    }

    public void fileDownloaded(long bytes) {
        filesDownloaded.increment();
        bytesDownloaded.increment(bytes);
    }

    public void filesSkipped(long files) {
        filesSkipped.increment(files);
    }

    public void tableImported() {
        tablesImported.increment();
    }

    public void transferStarted(long bytes) {
        bytesInFlight.addAndGet(bytes);
    }

    public void transferEnded(long bytes) {
        bytesInFlight.addAndGet(-bytes);
    }

    public void restoreFinished(String outcome) {
        registry.counter("ringvault.restorer.restores", "outcome", outcome).increment();
    }
}
