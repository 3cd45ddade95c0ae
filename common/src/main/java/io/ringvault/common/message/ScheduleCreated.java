package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code io.ringvault.schedule.created}: the coordinator accepted a {@link ScheduleCreateRequested}; the schedule is
 * active from now on. The first event of every schedule.
 *
 * @param schedule the definition, exactly as accepted; required
 * @param channel {@code rest} or {@code kafka}
 * @param requestSource the CloudEvent source of the request: the system that asked
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduleCreated(ScheduleCreateRequested schedule, String channel, String requestSource)
        implements ScheduleEvent {
    public ScheduleCreated {
        if (schedule == null) {
            throw new IllegalArgumentException("schedule is required");
        }
    }

    @Override
    @JsonIgnore
    public String name() {
        return schedule.name();
    }
}
