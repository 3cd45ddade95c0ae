package io.ringvault.coordinator.config;

import io.ringvault.connections.Settings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of garbage collection ({@code ringvault.coordinator.gc.*}). The default is here, and only here.
 *
 * @param gracePeriod how long an unreferenced object is kept after it was last modified, for a gc request that does
 *     not say: the cutoff is the time the coordinator accepts the request, less this. Default 6 hours; zero or more
 *     (zero collects every unreferenced object, however young)
 */
@ConfigurationProperties("ringvault.coordinator.gc")
public record GcProperties(Duration gracePeriod) {
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofHours(6);

    public GcProperties {
        gracePeriod = Settings.orDefault(gracePeriod, DEFAULT_GRACE_PERIOD);
        if (gracePeriod.isNegative()) {
            throw new IllegalArgumentException(
                    "ringvault.coordinator.gc.grace-period must be zero or more, not " + gracePeriod);
        }
    }
}
