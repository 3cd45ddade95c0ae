package io.ringvault.coordinator.schedule;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.ScheduleCreateRequested;
import io.ringvault.common.message.ScheduleCreated;
import io.ringvault.common.message.ScheduleDeleteRequested;
import io.ringvault.common.message.ScheduleDeleted;
import io.ringvault.common.message.ScheduleEvent;
import io.ringvault.common.message.SchedulePauseRequested;
import io.ringvault.common.message.SchedulePaused;
import io.ringvault.common.message.ScheduleRequest;
import io.ringvault.common.message.ScheduleResumeRequested;
import io.ringvault.common.message.ScheduleResumed;
import io.ringvault.coordinator.operation.EventSink;
import io.ringvault.coordinator.request.RequestRejectedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns schedule requests, from REST or Kafka alike, into schedule events: validates them against the schedules fold
 * and the cluster, and publishes {@code schedule.created}, {@code .paused}, {@code .resumed} or {@code .deleted}. A
 * request is answered once its event is acknowledged; the schedule's view changes when the fold reads it back.
 */
public class ScheduleService {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleService.class);
    /** How long a change is remembered before the fold has read it back. */
    private static final Duration PENDING_MEMORY = Duration.ofMinutes(5);

    private final ScheduleLog schedules;
    private final ScheduleValidator validator;
    private final EventSink publisher;
    private final Clock clock;
    /** Names created or deleted here whose event the fold has not shown yet, with the state they are in. */
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    private record Pending(boolean exists, Instant at) {}

    public ScheduleService(ScheduleLog schedules, ScheduleValidator validator, EventSink publisher, Clock clock) {
        this.schedules = schedules;
        this.validator = validator;
        this.publisher = publisher;
        this.clock = clock;
    }

    /**
     * What became of a request.
     *
     * @param state the schedule's state after it: {@code active}, {@code paused} or {@code deleted}
     * @param changed false when the schedule was already in that state and nothing was written
     */
    public record Outcome(String name, String state, boolean changed) {}

    /** Carries out {@code request}; throws {@link RequestRejectedException} naming the problem. */
    public synchronized Outcome submit(ScheduleRequest request, String source, String channel) {
        forgetOldPending();
        String name = request.name();
        if (request instanceof ScheduleCreateRequested create) {
            if (exists(name)) {
                throw RequestRejectedException.conflict(
                        FailureReason.SCHEDULE_EXISTS,
                        "a schedule named '" + name + "' exists: delete it first, or choose another name");
            }
            validator.validateCreate(create);
            publish(name, new ScheduleCreated(create, channel, source));
            pending.put(name, new Pending(true, clock.instant()));
            LOG.info(
                    "schedule created schedule={} cron='{}' timeZone={} action={} keyspaces={} channel={}",
                    name,
                    create.cron(),
                    create.timeZone(),
                    create.action(),
                    create.keyspaces(),
                    channel);
            return new Outcome(name, "active", true);
        }
        Schedule schedule = existing(name);
        if (request instanceof SchedulePauseRequested pause) {
            if (schedule != null && schedule.paused()) {
                return new Outcome(name, "paused", false);
            }
            publish(name, new SchedulePaused(name, pause.requestedBy()));
            LOG.info("schedule paused schedule={} channel={}", name, channel);
            return new Outcome(name, "paused", true);
        }
        if (request instanceof ScheduleResumeRequested resume) {
            if (schedule == null || !schedule.paused()) {
                return new Outcome(name, "active", false);
            }
            publish(name, new ScheduleResumed(name, resume.requestedBy()));
            LOG.info("schedule resumed schedule={} channel={}", name, channel);
            return new Outcome(name, "active", true);
        }
        ScheduleDeleteRequested delete = (ScheduleDeleteRequested) request;
        publish(name, new ScheduleDeleted(name, delete.requestedBy()));
        pending.put(name, new Pending(false, clock.instant()));
        LOG.info("schedule deleted schedule={} channel={}", name, channel);
        return new Outcome(name, "deleted", true);
    }

    /** The schedule, or a refusal naming it; null for one created here whose event the fold has not shown yet. */
    private Schedule existing(String name) {
        if (!exists(name)) {
            throw RequestRejectedException.notFound(
                    FailureReason.UNKNOWN_SCHEDULE, "schedule '" + name + "' does not exist");
        }
        return schedules.schedule(name).orElse(null);
    }

    private boolean exists(String name) {
        Pending change = pending.get(name);
        return change != null ? change.exists() : schedules.schedule(name).isPresent();
    }

    private void publish(String name, ScheduleEvent event) {
        publisher.publish(ScheduleEvent.keyOf(name), event);
    }

    private void forgetOldPending() {
        Instant horizon = clock.instant().minus(PENDING_MEMORY);
        pending.entrySet()
                .removeIf(entry -> entry.getValue().at().isBefore(horizon)
                        || entry.getValue().exists()
                                == schedules.schedule(entry.getKey()).isPresent());
    }
}
