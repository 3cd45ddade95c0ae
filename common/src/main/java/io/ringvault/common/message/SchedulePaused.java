package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code io.ringvault.schedule.paused}: the schedule was paused: it does not fire until resumed. Written by the coordinator.
 *
 * @param name the schedule; required
 * @param requestedBy the request's optional {@code requestedBy}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SchedulePaused(String name, String requestedBy) implements ScheduleEvent {
    public SchedulePaused {
        Names.requireScheduleName(name, "name");
    }
}
