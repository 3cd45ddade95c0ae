package io.ringvault.coordinator.schedule;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.MissedFirings;
import io.ringvault.common.message.Retention;
import io.ringvault.common.message.ScheduleAction;
import io.ringvault.common.message.ScheduleCreateRequested;
import io.ringvault.coordinator.operation.OperationLog;
import io.ringvault.coordinator.operation.OperationView;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A schedule as {@code GET /api/v1/schedules/{name}} shows it: its definition, its state, its next firing (in UTC and
 * on the schedule's wall clock), its latest firings with the operations they started and how those went, and the
 * firings it skipped while no coordinator ran.
 *
 * @param state {@code active} or {@code paused}
 * @param nextFiring null while paused (resuming fires from the next firing after the resume)
 * @param lastFirings newest first
 */
public record ScheduleView(
        String name,
        String state,
        String cron,
        String timeZone,
        List<String> keyspaces,
        List<String> tables,
        List<String> datacenters,
        BackupMode mode,
        ScheduleAction action,
        boolean deep,
        Retention retention,
        MissedFirings missedFirings,
        Instant createdAt,
        String createdBy,
        Instant pausedAt,
        String pausedBy,
        NextFiring nextFiring,
        List<FiringView> lastFirings,
        Missed missed) {

    /**
     * The next firing.
     *
     * @param local the same instant on the schedule's wall clock, with its offset and zone
     */
    public record NextFiring(Instant utc, String local) {}

    /**
     * One firing.
     *
     * @param outcome {@code refused}, or the state of the operation it started ({@code accepted}, {@code running},
     *     {@code completed}, {@code failed}, {@code cancelled}), also {@code accepted} until the fold shows it
     */
    public record FiringView(
            Instant scheduledAt,
            Instant firedAt,
            String operationId,
            String outcome,
            FailureReason reason,
            String detail,
            boolean caughtUp) {}

    /**
     * The firings skipped while no coordinator ran ({@code missedFirings: skip}).
     *
     * @param count all told
     * @param lastFirst the first of the latest skipped run; null when none
     * @param lastLast the last of the latest skipped run; null when none
     */
    public record Missed(long count, Instant lastFirst, Instant lastLast) {}

    static ScheduleView of(Schedule schedule, Instant now, OperationLog operations) {
        ScheduleCreateRequested definition = schedule.definition();
        NextFiring next = null;
        if (!schedule.paused()) {
            Instant from = schedule.watermark().isAfter(now) ? schedule.watermark() : now;
            Instant at = schedule.cron().next(from);
            if (at != null) {
                next = new NextFiring(
                        at,
                        DateTimeFormatter.ISO_ZONED_DATE_TIME.format(
                                schedule.cron().local(at)));
            }
        }
        List<Schedule.Firing> newestFirst = new ArrayList<>(schedule.lastFirings());
        Collections.reverse(newestFirst);
        List<FiringView> firings = newestFirst.stream()
                .map(firing -> new FiringView(
                        firing.scheduledAt(),
                        firing.firedAt(),
                        firing.operationId(),
                        firing.refused()
                                ? "refused"
                                : operations
                                        .view(firing.operationId())
                                        .map(OperationView::state)
                                        .map(state -> state.name().toLowerCase())
                                        .orElse("accepted"),
                        firing.reason(),
                        firing.detail(),
                        firing.caughtUp()))
                .toList();
        return new ScheduleView(
                definition.name(),
                schedule.paused() ? "paused" : "active",
                definition.cron(),
                definition.timeZone(),
                definition.keyspaces(),
                definition.tables(),
                definition.datacenters(),
                definition.mode(),
                definition.action(),
                definition.rereads(),
                definition.retention(),
                definition.missedFirings(),
                schedule.createdAt(),
                definition.requestedBy(),
                schedule.pausedAt(),
                schedule.pausedBy(),
                next,
                firings,
                new Missed(
                        schedule.missedCount(),
                        schedule.lastMissed() == null
                                ? null
                                : schedule.lastMissed().first(),
                        schedule.lastMissed() == null
                                ? null
                                : schedule.lastMissed().last()));
    }
}
