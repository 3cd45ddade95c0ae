package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.ringvault.common.failure.FailureReason;
import java.time.Instant;
import java.util.Objects;

/**
 * {@code io.ringvault.schedule.fired}: a schedule fired for one scheduled instant. Written by the coordinator that owns
 * the schedule's partition, after it submitted the firing's request. {@code operationId} is the firing's operation id:
 * a name-based UUID of the schedule's name and {@code scheduledAt}, the same on every coordinator, which is what makes
 * the firing one operation. When {@code reason} is set the request was refused and no operation has that id; the
 * schedule goes on either way.
 *
 * @param name the schedule; required
 * @param scheduledAt the instant the firing was due (not when it ran); required
 * @param operationId the firing's operation id; required. The operation it started (or that an earlier copy of the
 *     firing started), unless {@code reason} says the request was refused
 * @param reason why the request was refused (for example {@code backup-in-progress}, {@code node-down}); absent when
 *     it was accepted
 * @param detail the refusal, for a person
 * @param caughtUp true when the firing was missed while no coordinator ran and fired late ({@code catch-up}); written
 *     only when true
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduleFired(
        String name, Instant scheduledAt, String operationId, FailureReason reason, String detail, Boolean caughtUp)
        implements ScheduleEvent {
    public ScheduleFired {
        Names.requireScheduleName(name, "name");
        Objects.requireNonNull(scheduledAt, "scheduledAt");
        Names.requireId(operationId, "operationId");
        caughtUp = Boolean.TRUE.equals(caughtUp) ? Boolean.TRUE : null;
    }

    /** A firing whose request was accepted. */
    public static ScheduleFired accepted(String name, Instant scheduledAt, String operationId, boolean caughtUp) {
        return new ScheduleFired(name, scheduledAt, operationId, null, null, caughtUp);
    }

    /** A firing whose request was refused. */
    public static ScheduleFired refused(
            String name,
            Instant scheduledAt,
            String operationId,
            FailureReason reason,
            String detail,
            boolean caughtUp) {
        return new ScheduleFired(name, scheduledAt, operationId, reason, detail, caughtUp);
    }

    /** Whether the firing's request was refused. */
    public boolean wasRefused() {
        return reason != null;
    }
}
