package io.ringvault.coordinator.config;

import io.ringvault.connections.Settings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the backup metrics ({@code ringvault.coordinator.monitoring.*}).
 *
 * @param usageRefresh how often the index and new manifests are read for the backup metrics; default 1 minute. Each
 *     refresh reads the index and only the manifests of backups not seen before.
 * @param storeCensus how often the cluster's part of the store is walked for the store metrics (objects, bytes,
 *     reclaimable); default 15 minutes: a walk lists every object, page by page
 */
@ConfigurationProperties("ringvault.coordinator.monitoring")
public record MonitoringProperties(Duration usageRefresh, Duration storeCensus) {
    public MonitoringProperties {
        storeCensus = Settings.positive(
                Settings.orDefault(storeCensus, Duration.ofMinutes(15)),
                "ringvault.coordinator.monitoring.store-census");
        usageRefresh = Settings.positive(
                Settings.orDefault(usageRefresh, Duration.ofMinutes(1)),
                "ringvault.coordinator.monitoring.usage-refresh");
    }
}
