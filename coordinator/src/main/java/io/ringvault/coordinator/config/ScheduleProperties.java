package io.ringvault.coordinator.config;

import io.ringvault.connections.Settings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the schedules ({@code ringvault.coordinator.schedules.*}). The defaults are here, and only here.
 *
 * @param tick how often the coordinator looks for firings that are due; a firing fires at most this late. Default 1 s
 * @param missedAfter how late a firing may be and still fire as on time; a firing later than this fell due while no
 *     coordinator ran, and the schedule's {@code missedFirings} policy applies. Default 1 minute
 * @param settle once a coordinator owns a schedule (at start-up, or given its partition by a rebalance), how long it
 *     waits before firing it, so that its fold shows what the previous owner fired. Default 3 s
 */
@ConfigurationProperties("ringvault.coordinator.schedules")
public record ScheduleProperties(Duration tick, Duration missedAfter, Duration settle) {
    public ScheduleProperties {
        tick = Settings.positive(
                Settings.orDefault(tick, Duration.ofSeconds(1)), "ringvault.coordinator.schedules.tick");
        missedAfter = Settings.positive(
                Settings.orDefault(missedAfter, Duration.ofMinutes(1)), "ringvault.coordinator.schedules.missed-after");
        settle = Settings.orDefault(settle, Duration.ofSeconds(3));
        if (settle.isNegative()) {
            throw new IllegalArgumentException(
                    "ringvault.coordinator.schedules.settle must not be negative: " + settle);
        }
    }
}
