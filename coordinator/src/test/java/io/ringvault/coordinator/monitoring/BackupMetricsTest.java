package io.ringvault.coordinator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.coordinator.catalog.BackupCatalog;
import io.ringvault.coordinator.catalog.BackupUsage;
import io.ringvault.coordinator.catalog.StoreCensus;
import io.ringvault.coordinator.fakes.InMemoryObjectStore;
import io.ringvault.coordinator.fakes.MutableClock;
import io.ringvault.coordinator.fakes.StoredBackups;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackupMetricsTest {
    private static final Instant COMPLETED = Instant.parse("2026-12-01T02:01:00Z");

    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final ObjectLayout layout = new ObjectLayout("", "prod");
    private final StoredBackups backups = new StoredBackups(store, layout);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock(COMPLETED.plus(Duration.ofHours(2)));
    private final BackupCatalog catalog = new BackupCatalog(store, layout, new CloudEventCodec().mapper());
    private final BackupMetrics metrics =
            new BackupMetrics(new BackupUsage(catalog), new StoreCensus(catalog), registry, clock);

    @Test
    void shouldShowTheAgeOfTheLastCompleteBackupGrowingBetweenRefreshes() {
        backups.store("b-1", COMPLETED, Map.of("h-1", Map.of("nb-1-Data.db", 1000L)), "nightly");

        metrics.refresh();

        assertThat(gauge("ringvault.backup.last.complete.age", "keyspace", "ks"))
                .isEqualTo(7200.0);
        assertThat(gauge("ringvault.schedule.last.complete.age", "schedule", "nightly"))
                .isEqualTo(7200.0);
        assertThat(gauge("ringvault.backup.last.complete.timestamp", "keyspace", "ks"))
                .isEqualTo(COMPLETED.getEpochSecond());
        clock.advance(Duration.ofMinutes(1));
        assertThat(gauge("ringvault.backup.last.complete.age", "keyspace", "ks"))
                .isEqualTo(7260.0);
    }

    @Test
    void shouldShowEachBackupsSizeAndWhatDeletingItFreesAndDropADeletedBackup() {
        backups.store("b-1", COMPLETED, Map.of("h-1", Map.of("nb-1-Data.db", 1000L)), null);
        backups.store(
                "b-2",
                COMPLETED.plusSeconds(60),
                Map.of("h-1", Map.of("nb-1-Data.db", 1000L, "nb-2-Data.db", 5L)),
                null);
        metrics.refresh();

        assertThat(gauge("ringvault.backup.size", "backup", "b-2")).isEqualTo(1005.0 + StoredBackups.SCHEMA_BYTES);
        assertThat(gauge("ringvault.backup.unique.size", "backup", "b-2")).isEqualTo(5.0 + StoredBackups.SCHEMA_BYTES);
        assertThat(registry.get("ringvault.backups").gauge().value()).isEqualTo(2.0);
        assertThat(registry.get("ringvault.store.referenced.size").gauge().value())
                .isEqualTo(1005.0 + 2 * StoredBackups.SCHEMA_BYTES);

        backups.unlist("b-1");
        metrics.refresh();

        assertThat(registry.find("ringvault.backup.size").tag("backup", "b-1").gauge())
                .isNull();
        assertThat(gauge("ringvault.backup.unique.size", "backup", "b-2"))
                .isEqualTo(1005.0 + StoredBackups.SCHEMA_BYTES);
    }

    @Test
    void shouldCountTheObjectsNoCompleteBackupNeedsAsReclaimable() {
        backups.store("b-1", COMPLETED, Map.of("h-1", Map.of("nb-1-Data.db", 1000L)), null);
        // A failed backup's leftovers: an SSTable no manifest lists, and a node manifest without a backup manifest.
        store.put("prod/nodes/h-1/ks/t-1/nb-2-Data.db", new byte[300]);
        store.put(layout.nodeManifest("failed-1", "h-1"), new byte[40]);
        // Outside the cluster's prefix: not counted at all.
        store.put("other/nodes/h-1/ks/t-1/nb-1-Data.db", new byte[5]);
        metrics.refresh();

        metrics.takeCensus();

        // The index, b-1's backup and node manifests (the fixture stores no SSTable of b-1), and the two leftovers.
        assertThat(registry.get("ringvault.store.objects").gauge().value()).isEqualTo(5.0);
        assertThat(registry.get("ringvault.store.reclaimable.objects").gauge().value())
                .isEqualTo(2.0);
        assertThat(registry.get("ringvault.store.reclaimable.size").gauge().value())
                .isEqualTo(340.0);
    }

    @Test
    void shouldKeepTheLastFiguresAndCountTheFailureWhenTheStoreCannotBeRead() {
        backups.store("b-1", COMPLETED, Map.of("h-1", Map.of("nb-1-Data.db", 1000L)), null);
        metrics.refresh();
        store.put(layout.index(), "not json".getBytes());

        metrics.refresh();

        assertThat(registry.get("ringvault.backup.usage.refresh.failures")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(registry.get("ringvault.backups").gauge().value()).isEqualTo(1.0);
    }

    private double gauge(String name, String tag, String value) {
        return registry.get(name).tag(tag, value).gauge().value();
    }
}
