package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code io.ringvault.schedule.deleted}: the schedule was deleted: it never fires again, and its name may be used again. Written by the coordinator.
 *
 * @param name the schedule; required
 * @param requestedBy the request's optional {@code requestedBy}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduleDeleted(String name, String requestedBy) implements ScheduleEvent {
    public ScheduleDeleted {
        Names.requireScheduleName(name, "name");
    }
}
