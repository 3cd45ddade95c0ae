package io.ringvault.coordinator.monitoring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.ringvault.coordinator.catalog.BackupUsage;
import io.ringvault.coordinator.catalog.StoreCensus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backups as Prometheus sees them, refreshed from the object store's index and manifests ({@link BackupUsage}):
 * how old the last complete backup of each keyspace and of each schedule is, each backup's size and what deleting it
 * would free, and what the backups reference in the store. Ages are computed when scraped, so they grow between
 * refreshes as an alert on them expects.
 *
 * <p>The names, as Prometheus shows them (the dashboard in {@code docs/monitoring/} queries them):
 *
 * <ul>
 *   <li>{@code ringvault_backup_last_complete_age_seconds{keyspace}} and
 *       {@code ringvault_backup_last_complete_timestamp_seconds{keyspace}};
 *   <li>{@code ringvault_schedule_last_complete_age_seconds{schedule}};
 *   <li>{@code ringvault_backup_size_bytes{backup}} and {@code ringvault_backup_unique_size_bytes{backup}};
 *   <li>{@code ringvault_backups} (complete backups in the index), {@code ringvault_store_referenced_objects} and
 *       {@code ringvault_store_referenced_size_bytes};
 *   <li>{@code ringvault_store_objects}, {@code ringvault_store_size_bytes}, {@code ringvault_store_reclaimable_objects}
 *       and {@code ringvault_store_reclaimable_size_bytes}, from a walk of the store ({@link StoreCensus}) less often;
 *   <li>{@code ringvault_backup_usage_refreshed_timestamp_seconds} and
 *       {@code ringvault_backup_usage_refresh_failures_total}.
 * </ul>
 */
public final class BackupMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(BackupMetrics.class);

    private final BackupUsage usage;
    private final StoreCensus census;
    private final AtomicReference<BackupUsage.Report> lastReport = new AtomicReference<>();
    private final AtomicLong storeObjects = new AtomicLong(-1);
    private final AtomicLong storeBytes = new AtomicLong(-1);
    private final AtomicLong reclaimableObjects = new AtomicLong(-1);
    private final AtomicLong reclaimableBytes = new AtomicLong(-1);
    private final Clock clock;
    private final MultiGauge keyspaceAge;
    private final MultiGauge keyspaceTimestamp;
    private final MultiGauge scheduleAge;
    private final MultiGauge backupSize;
    private final MultiGauge backupUniqueSize;
    private final AtomicLong backups = new AtomicLong();
    private final AtomicLong referencedObjects = new AtomicLong();
    private final AtomicLong referencedBytes = new AtomicLong();
    private final AtomicReference<Instant> refreshedAt = new AtomicReference<>();
    private final io.micrometer.core.instrument.Counter failures;

    public BackupMetrics(BackupUsage usage, StoreCensus census, MeterRegistry registry, Clock clock) {
        this.usage = usage;
        this.census = census;
        this.clock = clock;
        keyspaceAge = MultiGauge.builder("ringvault.backup.last.complete.age")
                .description("Seconds since the newest complete (not partial) backup of the keyspace completed")
                .baseUnit("seconds")
                .register(registry);
        keyspaceTimestamp = MultiGauge.builder("ringvault.backup.last.complete.timestamp")
                .description("When the newest complete (not partial) backup of the keyspace completed (Unix time)")
                .baseUnit("seconds")
                .register(registry);
        scheduleAge = MultiGauge.builder("ringvault.schedule.last.complete.age")
                .description("Seconds since the newest complete backup the schedule took completed")
                .baseUnit("seconds")
                .register(registry);
        backupSize = MultiGauge.builder("ringvault.backup.size")
                .description("The bytes of every object the backup lists, shared ones included")
                .baseUnit("bytes")
                .register(registry);
        backupUniqueSize = MultiGauge.builder("ringvault.backup.unique.size")
                .description("The bytes of the objects no other backup lists: what deleting the backup frees")
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder("ringvault.backups", backups, AtomicLong::get)
                .description("Complete backups in the object store's index")
                .register(registry);
        Gauge.builder("ringvault.store.referenced.objects", referencedObjects, AtomicLong::get)
                .description("Distinct objects the complete backups list")
                .register(registry);
        Gauge.builder("ringvault.store.referenced.size", referencedBytes, AtomicLong::get)
                .description("The bytes of the distinct objects the complete backups list")
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder(
                        "ringvault.backup.usage.refreshed.timestamp",
                        refreshedAt,
                        at -> at.get() == null ? Double.NaN : at.get().toEpochMilli() / 1000.0)
                .description("When the backup figures were last read from the object store (Unix time)")
                .baseUnit("seconds")
                .register(registry);
        storeGauge(
                "ringvault.store.objects",
                storeObjects,
                "Objects under the cluster's prefix in the store",
                null,
                registry);
        storeGauge(
                "ringvault.store.size",
                storeBytes,
                "The bytes of the objects under the cluster's prefix",
                "bytes",
                registry);
        storeGauge(
                "ringvault.store.reclaimable.objects",
                reclaimableObjects,
                "Objects no complete backup needs: what a garbage collection with no grace period would delete",
                null,
                registry);
        storeGauge(
                "ringvault.store.reclaimable.size",
                reclaimableBytes,
                "The bytes of the objects no complete backup needs",
                "bytes",
                registry);
        failures = io.micrometer.core.instrument.Counter.builder("ringvault.backup.usage.refresh.failures")
                .description("Refreshes of the backup figures that could not read the object store's index")
                .register(registry);
    }

    /**
     * Reads the store's index and manifests again; a failure keeps the last figures and is counted (never thrown: the
     * refresher runs this on a schedule that would stop at the first exception).
     */
    public void refresh() {
        try {
            show(usage.refresh());
        } catch (RuntimeException e) {
            failures.increment();
            LOG.warn("backup metrics not refreshed: the object store could not be read: {}", e.getMessage());
        }
    }

    /**
     * Walks the store for the store gauges, against the backups as last measured; a failure keeps the last figures and
     * is counted. Until the first walk the gauges are absent (NaN).
     */
    public void takeCensus() {
        try {
            BackupUsage.Report report = lastReport.get() != null ? lastReport.get() : usage.refresh();
            StoreCensus.Census taken = census.take(report);
            storeObjects.set(taken.objects());
            storeBytes.set(taken.bytes());
            reclaimableObjects.set(taken.reclaimableObjects());
            reclaimableBytes.set(taken.reclaimableBytes());
        } catch (RuntimeException e) {
            failures.increment();
            LOG.warn("store metrics not refreshed: the object store could not be listed: {}", e.getMessage());
        }
    }

    private static void storeGauge(
            String name, AtomicLong value, String description, String unit, MeterRegistry registry) {
        Gauge.builder(name, value, v -> v.get() < 0 ? Double.NaN : v.get())
                .description(description)
                .baseUnit(unit)
                .register(registry);
    }

    private void show(BackupUsage.Report report) {
        lastReport.set(report);
        keyspaceAge.register(ages(report.lastCompleteByKeyspace(), "keyspace"), true);
        keyspaceTimestamp.register(
                report.lastCompleteByKeyspace().entrySet().stream()
                        .map(e -> MultiGauge.Row.of(
                                Tags.of("keyspace", e.getKey()), e.getValue().toEpochMilli() / 1000.0))
                        .toList(),
                true);
        scheduleAge.register(ages(report.lastCompleteBySchedule(), "schedule"), true);
        backupSize.register(
                report.measures().entrySet().stream()
                        .map(e -> MultiGauge.Row.of(
                                Tags.of("backup", e.getKey()), e.getValue().bytes()))
                        .toList(),
                true);
        backupUniqueSize.register(
                report.measures().entrySet().stream()
                        .map(e -> MultiGauge.Row.of(
                                Tags.of("backup", e.getKey()), e.getValue().uniqueBytes()))
                        .toList(),
                true);
        backups.set(report.backups().size());
        referencedObjects.set(report.referencedObjects());
        referencedBytes.set(report.referencedBytes());
        refreshedAt.set(clock.instant());
    }

    private List<MultiGauge.Row<?>> ages(Map<String, Instant> completedAt, String tag) {
        return completedAt.entrySet().stream()
                .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(
                        Tags.of(tag, e.getKey()),
                        e.getValue(),
                        at -> Duration.between(at, clock.instant()).toMillis() / 1000.0))
                .toList();
    }
}
