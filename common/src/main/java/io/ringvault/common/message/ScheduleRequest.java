package io.ringvault.common.message;

/**
 * A request about a schedule: create, pause, resume or delete it. Published on the requests topic or sent to
 * {@code /api/v1/schedules}; consumed by the coordinator, which records the change as a {@link ScheduleEvent}.
 */
public sealed interface ScheduleRequest extends Request
        permits ScheduleCreateRequested, SchedulePauseRequested, ScheduleResumeRequested, ScheduleDeleteRequested {
    /** The schedule the request is about. */
    String name();

    /** Optional free text naming who asked. */
    String requestedBy();
}
