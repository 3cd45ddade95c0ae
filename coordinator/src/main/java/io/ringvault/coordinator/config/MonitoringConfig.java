package io.ringvault.coordinator.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.ringvault.coordinator.catalog.BackupCatalog;
import io.ringvault.coordinator.catalog.BackupUsage;
import io.ringvault.coordinator.catalog.StoreCensus;
import io.ringvault.coordinator.monitoring.BackupMetrics;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The backup metrics and the thread that refreshes them. */
@Configuration
@EnableConfigurationProperties(MonitoringProperties.class)
public class MonitoringConfig {

    @Bean
    BackupUsage backupUsage(BackupCatalog catalog) {
        return new BackupUsage(catalog);
    }

    @Bean
    BackupMetrics backupMetrics(BackupUsage usage, BackupCatalog catalog, MeterRegistry meters, Clock clock) {
        return new BackupMetrics(usage, new StoreCensus(catalog), meters, clock);
    }

    /**
     * Refreshes the backup metrics now, then every {@code usage-refresh}, and walks the store every
     * {@code store-census}, off the request and fold threads.
     */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService backupMetricsRefresher(BackupMetrics metrics, MonitoringProperties properties) {
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "backup-metrics");
            thread.setDaemon(true);
            return thread;
        });
        long period = properties.usageRefresh().toMillis();
        refresher.scheduleWithFixedDelay(metrics::refresh, 0, period, TimeUnit.MILLISECONDS);
        // The walk of the store is the costly part: on its own period, after the first backup figures.
        long census = properties.storeCensus().toMillis();
        refresher.scheduleWithFixedDelay(metrics::takeCensus, period / 2, census, TimeUnit.MILLISECONDS);
        return refresher;
    }
}
