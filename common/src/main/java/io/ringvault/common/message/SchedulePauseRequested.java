package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code io.ringvault.schedule.pause.requested}: pause a schedule: it does not fire until resumed. Firings that fall due while it is paused are not caught up on resume. Published by any system on the requests topic, or sent as
 * {@code POST /api/v1/schedules/{name}/pause}; consumed by the coordinator, which refuses a schedule it does not know
 * ({@code unknown-schedule}) and records {@link SchedulePaused}.
 *
 * @param name the schedule; required
 * @param requestedBy optional free text naming who asked
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SchedulePauseRequested(String name, String requestedBy) implements ScheduleRequest {
    public SchedulePauseRequested {
        Names.requireScheduleName(name, "name");
    }
}
