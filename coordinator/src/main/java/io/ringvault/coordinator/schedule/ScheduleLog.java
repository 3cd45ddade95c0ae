package io.ringvault.coordinator.schedule;

import io.ringvault.common.Envelope;
import io.ringvault.common.message.Payload;
import io.ringvault.common.message.ScheduleCreated;
import io.ringvault.common.message.ScheduleDeleted;
import io.ringvault.common.message.ScheduleEvent;
import io.ringvault.common.message.ScheduleFired;
import io.ringvault.common.message.ScheduleMissed;
import io.ringvault.common.message.SchedulePaused;
import io.ringvault.common.message.ScheduleResumed;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schedules: a fold over their events on the events topic, and nothing else. Every instance folds every
 * partition, so any instance answers for every schedule, and a restart rebuilds the same schedules from the log. The
 * operation log hands this fold each schedule event once, in log order (see {@code OperationLog.alsoFold}).
 */
public class ScheduleLog {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleLog.class);

    private final Map<String, Schedule> schedules = new LinkedHashMap<>();

    /** Folds one event; anything but a schedule event is ignored. */
    public synchronized void apply(Envelope<Payload> event) {
        if (!(event.data() instanceof ScheduleEvent scheduleEvent)) {
            return;
        }
        String name = scheduleEvent.name();
        Schedule schedule = schedules.get(name);
        if (scheduleEvent instanceof ScheduleCreated created) {
            // A second create of a name in use (two instances accepting it in the same instant): the first wins.
            if (schedule == null) {
                try {
                    CronSchedule cron = CronSchedule.of(
                            created.schedule().cron(), created.schedule().timeZone());
                    schedules.put(
                            name,
                            Schedule.created(
                                    created.schedule(),
                                    cron,
                                    event.time(),
                                    created.channel(),
                                    created.requestSource()));
                } catch (IllegalArgumentException | DateTimeException e) {
                    // Only a coordinator that validated it writes this; a foreign one never stops the fold.
                    LOG.warn("skipping a schedule that cannot fire schedule={} reason={}", name, e.getMessage());
                }
            }
        } else if (scheduleEvent instanceof ScheduleDeleted) {
            schedules.remove(name);
        } else if (schedule == null) {
            return;
        } else if (scheduleEvent instanceof SchedulePaused paused) {
            if (!schedule.paused()) {
                schedules.put(name, schedule.pause(event.time(), paused.requestedBy()));
            }
        } else if (scheduleEvent instanceof ScheduleResumed) {
            if (schedule.paused()) {
                schedules.put(name, schedule.resume(event.time()));
            }
        } else if (scheduleEvent instanceof ScheduleFired fired) {
            schedules.put(name, schedule.fired(fired, event.time()));
        } else if (scheduleEvent instanceof ScheduleMissed missed) {
            schedules.put(name, schedule.missed(missed));
        }
    }

    public synchronized Optional<Schedule> schedule(String name) {
        return Optional.ofNullable(schedules.get(name));
    }

    /** Every schedule, in the order they were created. */
    public synchronized List<Schedule> all() {
        return new ArrayList<>(schedules.values());
    }
}
