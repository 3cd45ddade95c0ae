package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Objects;

/**
 * {@code io.ringvault.schedule.missed}: firings of a schedule whose policy is {@code skip} fell due while no
 * coordinator ran, and were skipped. Written by the coordinator that owns the schedule's partition when it starts or
 * takes the partition; the schedule then waits for its next firing.
 *
 * @param name the schedule; required
 * @param count how many firings were skipped; at least 1
 * @param first the first skipped firing's scheduled instant; required
 * @param last the last skipped firing's scheduled instant; required
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduleMissed(String name, long count, Instant first, Instant last) implements ScheduleEvent {
    public ScheduleMissed {
        Names.requireScheduleName(name, "name");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1: " + count);
        }
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("last " + last + " is before first " + first);
        }
    }
}
