package io.ringvault.coordinator.retention;

import io.ringvault.common.message.Retention;
import java.util.Optional;

/** The retention policy a schedule sets for the backups it takes, when it sets one. */
@FunctionalInterface
public interface ScheduleRetentions {
    /** The schedule's own policy; empty when the schedule does not exist or sets none (the cluster's applies). */
    Optional<Retention> forSchedule(String scheduleName);

    /** No schedule sets a policy: the cluster's policy applies to every backup. */
    static ScheduleRetentions none() {
        return name -> Optional.empty();
    }
}
