package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code io.ringvault.schedule.resumed}: the schedule was resumed: it fires again from its next firing after this event (firings missed while it was paused are not caught up). Written by the coordinator.
 *
 * @param name the schedule; required
 * @param requestedBy the request's optional {@code requestedBy}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduleResumed(String name, String requestedBy) implements ScheduleEvent {
    public ScheduleResumed {
        Names.requireScheduleName(name, "name");
    }
}
