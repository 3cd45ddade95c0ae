package io.ringvault.coordinator.retention;

import io.ringvault.common.message.Retention;
import java.time.Clock;
import java.time.ZoneId;

/**
 * What a purge is judged by besides its request: the cluster's policy, the time zone of the buckets, the schedules'
 * own policies and the clock.
 *
 * @param clusterPolicy the configured policy; null when none is configured
 * @param zone the time zone of the daily, weekly and monthly buckets
 * @param schedules each schedule's own policy
 * @param clock now, for {@code maxAge}
 */
public record RetentionSettings(Retention clusterPolicy, ZoneId zone, ScheduleRetentions schedules, Clock clock) {
    /** No configured policy, UTC buckets, no schedule policies: every purge must bring its own policy. */
    public static RetentionSettings none(Clock clock) {
        return new RetentionSettings(null, ZoneId.of("UTC"), ScheduleRetentions.none(), clock);
    }

    /** The evaluator of a purge: the request's policy, when it brings one, instead of the cluster's. */
    public RetentionEvaluator evaluator(Retention requested) {
        return new RetentionEvaluator(requested != null ? requested : clusterPolicy, schedules, zone);
    }
}
