package io.ringvault.coordinator.config;

import io.ringvault.connections.Settings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the backup metrics ({@code ringvault.coordinator.monitoring.*}).
 *
 * @param usageRefresh how often the index and new manifests are read for the backup metrics; default 1 minute. Each
 *     refresh reads the index and only the manifests of backups not seen before.
 */
@ConfigurationProperties("ringvault.coordinator.monitoring")
public record MonitoringProperties(Duration usageRefresh) {
    public MonitoringProperties {
        usageRefresh = Settings.positive(
                Settings.orDefault(usageRefresh, Duration.ofMinutes(1)),
                "ringvault.coordinator.monitoring.usage-refresh");
    }
}
