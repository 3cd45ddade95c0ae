package io.ringvault.coordinator.schedule;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.coordinator.operation.OperationLog;
import io.ringvault.coordinator.request.RequestRejectedException;
import java.time.Clock;
import java.util.List;

/** Builds the views of the schedules the API returns, from the schedules fold and the operations of their firings. */
public class ScheduleViews {
    private final ScheduleLog schedules;
    private final OperationLog operations;
    private final Clock clock;

    public ScheduleViews(ScheduleLog schedules, OperationLog operations, Clock clock) {
        this.schedules = schedules;
        this.operations = operations;
        this.clock = clock;
    }

    /** Every schedule, in the order they were created. */
    public List<ScheduleView> list() {
        return schedules.all().stream()
                .map(schedule -> ScheduleView.of(schedule, clock.instant(), operations))
                .toList();
    }

    /** One schedule; {@code unknown-schedule} (404) when there is none of that name. */
    public ScheduleView get(String name) {
        return schedules
                .schedule(name)
                .map(schedule -> ScheduleView.of(schedule, clock.instant(), operations))
                .orElseThrow(() -> RequestRejectedException.notFound(
                        FailureReason.UNKNOWN_SCHEDULE, "schedule '" + name + "' does not exist"));
    }
}
