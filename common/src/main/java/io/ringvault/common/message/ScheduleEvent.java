package io.ringvault.common.message;

/**
 * Something that happened to a schedule. Written by the coordinator on the events topic with the key (and subject)
 * {@link #keyOf(String) schedule:&lt;name&gt;}, so that every event of a schedule sits on one partition, in order. The
 * coordinator's schedules are a fold over these events and nothing else.
 */
public sealed interface ScheduleEvent extends Event
        permits ScheduleCreated, SchedulePaused, ScheduleResumed, ScheduleDeleted, ScheduleFired, ScheduleMissed {
    /** The schedule the event is about. */
    String name();

    /** The key and subject of a schedule's events: {@code schedule:<name>}. */
    static String keyOf(String name) {
        return "schedule:" + name;
    }
}
