package io.ringvault.coordinator.schedule;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.ScheduleCreateRequested;
import io.ringvault.common.message.ScheduleFired;
import io.ringvault.common.message.ScheduleMissed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One schedule as the event log tells it: its definition, whether it is paused, and what its firings did. Immutable:
 * the fold replaces it on each event.
 *
 * @param activeSince when it was created, or last resumed: firings before this are not its to fire
 * @param lastFirings its latest firings, newest last, at most {@link #KEPT_FIRINGS}
 * @param lastFiredAt the scheduled instant of its latest firing; null before the first
 * @param missedCount firings skipped while no coordinator ran, all told ({@code missedFirings: skip})
 * @param lastMissed the latest {@code schedule.missed}; null when none
 */
public record Schedule(
        ScheduleCreateRequested definition,
        CronSchedule cron,
        Instant createdAt,
        String channel,
        String requestSource,
        boolean paused,
        Instant activeSince,
        Instant pausedAt,
        String pausedBy,
        List<Firing> lastFirings,
        Instant lastFiredAt,
        long missedCount,
        ScheduleMissed lastMissed) {

    /** How many firings a schedule's view shows; older ones are in the event log. */
    public static final int KEPT_FIRINGS = 20;

    /**
     * One firing, from its {@code schedule.fired}.
     *
     * @param firedAt when the coordinator fired it (the event's time); {@code scheduledAt} is when it was due
     */
    public record Firing(
            Instant scheduledAt,
            String operationId,
            FailureReason reason,
            String detail,
            boolean caughtUp,
            Instant firedAt) {
        static Firing of(ScheduleFired fired, Instant firedAt) {
            return new Firing(
                    fired.scheduledAt(),
                    fired.operationId(),
                    fired.reason(),
                    fired.detail(),
                    Boolean.TRUE.equals(fired.caughtUp()),
                    firedAt);
        }

        public boolean refused() {
            return reason != null;
        }
    }

    public Schedule {
        lastFirings = List.copyOf(lastFirings);
    }

    static Schedule created(
            ScheduleCreateRequested definition, CronSchedule cron, Instant at, String channel, String source) {
        return new Schedule(definition, cron, at, channel, source, false, at, null, null, List.of(), null, 0, null);
    }

    public String name() {
        return definition.name();
    }

    /**
     * The instant up to which the schedule has nothing left to fire: its latest firing, its latest skipped firings, or
     * when it became active, whichever is latest.
     */
    public Instant watermark() {
        Instant mark = activeSince;
        if (lastFiredAt != null && lastFiredAt.isAfter(mark)) {
            mark = lastFiredAt;
        }
        if (lastMissed != null && lastMissed.last().isAfter(mark)) {
            mark = lastMissed.last();
        }
        return mark;
    }

    Schedule pause(Instant at, String by) {
        return new Schedule(
                definition,
                cron,
                createdAt,
                channel,
                requestSource,
                true,
                activeSince,
                at,
                by,
                lastFirings,
                lastFiredAt,
                missedCount,
                lastMissed);
    }

    /** Active again from {@code at}: what fell due while paused is not fired. */
    Schedule resume(Instant at) {
        return new Schedule(
                definition,
                cron,
                createdAt,
                channel,
                requestSource,
                false,
                at,
                null,
                null,
                lastFirings,
                lastFiredAt,
                missedCount,
                lastMissed);
    }

    /**
     * With one more firing. A second firing of an instant already recorded (two coordinators around a rebalance) is
     * the same firing: it only replaces a refusal with an acceptance.
     */
    Schedule fired(ScheduleFired fired, Instant at) {
        Firing firing = Firing.of(fired, at);
        List<Firing> firings = new ArrayList<>(lastFirings);
        if (lastFiredAt != null && !fired.scheduledAt().isAfter(lastFiredAt)) {
            int same = indexOf(firings, fired.scheduledAt());
            if (same < 0 || !firings.get(same).refused() || firing.refused()) {
                return this;
            }
            firings.set(same, firing);
            return withFirings(firings, lastFiredAt);
        }
        firings.add(firing);
        while (firings.size() > KEPT_FIRINGS) {
            firings.remove(0);
        }
        return withFirings(firings, fired.scheduledAt());
    }

    Schedule missed(ScheduleMissed missed) {
        if (lastMissed != null && !missed.last().isAfter(lastMissed.last())) {
            return this;
        }
        return new Schedule(
                definition,
                cron,
                createdAt,
                channel,
                requestSource,
                paused,
                activeSince,
                pausedAt,
                pausedBy,
                lastFirings,
                lastFiredAt,
                missedCount + missed.count(),
                missed);
    }

    private Schedule withFirings(List<Firing> firings, Instant firedAt) {
        return new Schedule(
                definition,
                cron,
                createdAt,
                channel,
                requestSource,
                paused,
                activeSince,
                pausedAt,
                pausedBy,
                firings,
                firedAt,
                missedCount,
                lastMissed);
    }

    private static int indexOf(List<Firing> firings, Instant scheduledAt) {
        for (int i = firings.size() - 1; i >= 0; i--) {
            if (firings.get(i).scheduledAt().equals(scheduledAt)) {
                return i;
            }
        }
        return -1;
    }
}
