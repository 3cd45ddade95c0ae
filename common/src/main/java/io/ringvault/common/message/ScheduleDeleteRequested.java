package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code io.ringvault.schedule.delete.requested}: delete a schedule: it never fires again. The backups it took stay. Published by any system on the requests topic, or sent as
 * {@code DELETE /api/v1/schedules/{name}}; consumed by the coordinator, which refuses a schedule it does not know
 * ({@code unknown-schedule}) and records {@link ScheduleDeleted}.
 *
 * @param name the schedule; required
 * @param requestedBy optional free text naming who asked
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduleDeleteRequested(String name, String requestedBy) implements ScheduleRequest {
    public ScheduleDeleteRequested {
        Names.requireScheduleName(name, "name");
    }
}
