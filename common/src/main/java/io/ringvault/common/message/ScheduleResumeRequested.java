package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code io.ringvault.schedule.resume.requested}: resume a paused schedule: it fires again from its next firing after now (the firings missed while it was paused are not caught up). Published by any system on the requests topic, or sent as
 * {@code POST /api/v1/schedules/{name}/resume}; consumed by the coordinator, which refuses a schedule it does not know
 * ({@code unknown-schedule}) and records {@link ScheduleResumed}.
 *
 * @param name the schedule; required
 * @param requestedBy optional free text naming who asked
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduleResumeRequested(String name, String requestedBy) implements ScheduleRequest {
    public ScheduleResumeRequested {
        Names.requireScheduleName(name, "name");
    }
}
