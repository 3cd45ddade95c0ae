package io.ringvault.coordinator.schedule;

import io.ringvault.common.Envelope;
import io.ringvault.common.MessageType;
import io.ringvault.common.failure.ClassifiedFailure;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.MissedFirings;
import io.ringvault.common.message.Request;
import io.ringvault.common.message.ScheduleAction;
import io.ringvault.common.message.ScheduleCreateRequested;
import io.ringvault.common.message.ScheduleEvent;
import io.ringvault.common.message.ScheduleFired;
import io.ringvault.common.message.ScheduleMissed;
import io.ringvault.common.message.VerifyRequested;
import io.ringvault.coordinator.operation.BackupView;
import io.ringvault.coordinator.operation.EventSink;
import io.ringvault.coordinator.operation.OperationLog;
import io.ringvault.coordinator.operation.OperationStatus;
import io.ringvault.coordinator.request.RequestRejectedException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires the schedules this instance owns. A schedule's events are keyed {@code schedule:<name>}, so the coordinators'
 * consumer group gives each schedule to one instance, as it does each operation; that instance fires it.
 *
 * <p>Each {@link #tick()} looks at every owned, active schedule: the firings due since its watermark (its latest
 * firing, its latest skipped firings, or when it became active) and up to now. A firing due within {@code missedAfter}
 * of now fires: its request goes through the same path as any request, with the id {@link #firingId}, a name-based
 * UUID of the schedule's name and the instant, so a firing submitted twice (two instances around a rebalance, or a
 * retry after Kafka did not acknowledge {@code schedule.fired}) is one operation. Then {@code schedule.fired} records
 * the operation, or the refusal. Firings older than that were missed while no coordinator ran: {@code catch-up} fires
 * the latest of them once, {@code skip} records them all in one {@code schedule.missed}.
 */
public class Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    /** The CloudEvent source of the requests the schedules make. */
    public static final String SOURCE = "/ringvault/coordinator/schedules";
    /** The channel {@code operation.accepted} names for them. */
    public static final String CHANNEL = "schedule";
    /** A bound on the firings looked at in one tick, and on the missed firings counted. */
    static final int MAX_FIRINGS = 100_000;

    /** Where a firing's request goes: the coordinator's one request path. */
    @FunctionalInterface
    public interface FiringTarget {
        void submit(Envelope<? extends Request> request);
    }

    private final ScheduleLog schedules;
    private final OperationLog operations;
    private final FiringTarget target;
    private final EventSink publisher;
    private final Clock clock;
    private final Predicate<String> owns;
    private final BooleanSupplier ready;
    private final Duration missedAfter;
    private final Duration settle;
    /** Per schedule, the latest instant this instance fired or skipped, until the fold shows it. */
    private final Map<String, Instant> handled = new ConcurrentHashMap<>();
    /** Per schedule, since when this instance has owned it (without a break). */
    private final Map<String, Instant> ownedSince = new ConcurrentHashMap<>();

    /**
     * @param owns whether this instance owns an event key's partition
     * @param ready whether the fold has caught up with the log (nothing is fired on a partial picture)
     * @param missedAfter how late a firing may be and still fire as on time; later, it was missed
     * @param settle once this instance owns a schedule (at start-up, or given its partition), how long it waits before
     *     firing it, so that the fold shows what the previous owner fired
     */
    public Scheduler(
            ScheduleLog schedules,
            OperationLog operations,
            FiringTarget target,
            EventSink publisher,
            Clock clock,
            Predicate<String> owns,
            BooleanSupplier ready,
            Duration missedAfter,
            Duration settle) {
        this.schedules = schedules;
        this.operations = operations;
        this.target = target;
        this.publisher = publisher;
        this.clock = clock;
        this.owns = owns;
        this.ready = ready;
        this.missedAfter = missedAfter;
        this.settle = settle;
    }

    /** The operation id of a schedule's firing: the same on every coordinator, for the same instant. */
    public static String firingId(String scheduleName, Instant scheduledAt) {
        return UUID.nameUUIDFromBytes((scheduleName + "@" + scheduledAt).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** Fires what is due; called every tick. One schedule's failure does not hold up the others. */
    public synchronized void tick() {
        if (!ready.getAsBoolean()) {
            return;
        }
        Instant now = clock.instant();
        for (Schedule schedule : schedules.all()) {
            String name = schedule.name();
            if (!owns.test(ScheduleEvent.keyOf(name))) {
                ownedSince.remove(name);
                handled.remove(name);
                continue;
            }
            Instant since = ownedSince.computeIfAbsent(name, n -> now);
            if (schedule.paused() || now.isBefore(since.plus(settle))) {
                continue;
            }
            try {
                fireDue(schedule, now);
            } catch (RuntimeException e) {
                // Kafka did not acknowledge: nothing moved on, so the next tick tries the same firing, same id.
                LOG.warn("schedule firing not recorded; trying again schedule={}", schedule.name(), e);
            }
        }
        handled.keySet().removeIf(name -> schedules.schedule(name).isEmpty());
        ownedSince.keySet().removeIf(name -> schedules.schedule(name).isEmpty());
    }

    private void fireDue(Schedule schedule, Instant now) {
        String name = schedule.name();
        Instant mark = schedule.watermark();
        Instant local = handled.get(name);
        if (local != null && local.isAfter(mark)) {
            mark = local;
        }
        List<Instant> onTime = new ArrayList<>();
        Instant lateFirst = null;
        Instant lateLast = null;
        long lateCount = 0;
        Instant horizon = now.minus(missedAfter);
        int looked = 0;
        for (Instant next = schedule.cron().next(mark);
                next != null && !next.isAfter(now) && looked < MAX_FIRINGS;
                next = schedule.cron().next(next), looked++) {
            if (next.isBefore(horizon)) {
                lateFirst = lateFirst == null ? next : lateFirst;
                lateLast = next;
                lateCount++;
            } else {
                onTime.add(next);
            }
        }
        if (lateCount > 0) {
            if (schedule.definition().missedFirings() == MissedFirings.SKIP) {
                publisher.publish(ScheduleEvent.keyOf(name), new ScheduleMissed(name, lateCount, lateFirst, lateLast));
                handled.put(name, lateLast);
                LOG.info(
                        "schedule firings missed while no coordinator ran, skipped schedule={} count={} first={} last={}",
                        name,
                        lateCount,
                        lateFirst,
                        lateLast);
            } else if (onTime.isEmpty()) {
                // Catch up once, for the latest: one backup now stands for all that were missed.
                fire(schedule, lateLast, true);
            } else {
                LOG.info(
                        "schedule firings missed while no coordinator ran, superseded by the one due now schedule={}"
                                + " count={}",
                        name,
                        lateCount);
            }
        }
        for (Instant at : onTime) {
            fire(schedule, at, false);
        }
    }

    private void fire(Schedule schedule, Instant scheduledAt, boolean caughtUp) {
        String name = schedule.name();
        String id = firingId(name, scheduledAt);
        ScheduleFired fired;
        try {
            target.submit(request(schedule.definition(), id));
            fired = ScheduleFired.accepted(name, scheduledAt, id, caughtUp);
            LOG.info(
                    "schedule fired schedule={} scheduledAt={} operationId={} caughtUp={}",
                    name,
                    scheduledAt,
                    id,
                    caughtUp);
        } catch (RequestRejectedException e) {
            fired = refused(name, scheduledAt, id, e.reason(), e.getMessage(), caughtUp);
        } catch (RuntimeException e) {
            // A refusal has a reason (the cluster unreachable, say); anything else is Kafka, and is tried again.
            if (!(e instanceof ClassifiedFailure classified)) {
                throw e;
            }
            fired = refused(name, scheduledAt, id, classified.reason(), e.getMessage(), caughtUp);
        }
        publisher.publish(ScheduleEvent.keyOf(name), fired);
        handled.put(name, scheduledAt);
    }

    private static ScheduleFired refused(
            String name, Instant scheduledAt, String id, FailureReason reason, String detail, boolean caughtUp) {
        LOG.info(
                "schedule firing refused schedule={} scheduledAt={} reason={} detail={}",
                name,
                scheduledAt,
                reason,
                detail);
        return ScheduleFired.refused(name, scheduledAt, id, reason, detail, caughtUp);
    }

    private Envelope<? extends Request> request(ScheduleCreateRequested definition, String id) {
        if (definition.action() == ScheduleAction.VERIFY) {
            String backupId = newestCompleteBackup(definition.keyspaces())
                    .orElseThrow(() -> RequestRejectedException.invalid(
                            FailureReason.UNKNOWN_BACKUP,
                            "no complete backup of keyspaces " + definition.keyspaces() + " to verify"));
            return new Envelope<>(
                    id,
                    SOURCE,
                    MessageType.VERIFY_REQUESTED,
                    clock.instant(),
                    null,
                    new VerifyRequested(
                            backupId, definition.deep(), definition.firingRequestedBy(), definition.name()));
        }
        return new Envelope<>(
                id, SOURCE, MessageType.BACKUP_REQUESTED, clock.instant(), null, definition.backupRequest());
    }

    /** The newest completed backup (as the event log knows them) holding every one of {@code keyspaces}. */
    private Optional<String> newestCompleteBackup(List<String> keyspaces) {
        return operations.backups().stream()
                .filter(backup -> backup.state() == OperationStatus.COMPLETED)
                .filter(backup -> backup.keyspaces().containsAll(keyspaces))
                .findFirst()
                .map(BackupView::id);
    }
}
