package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a schedule asks for each time it fires. */
public enum ScheduleAction {
    /** A backup of the schedule's keyspaces (the default). */
    @JsonProperty("backup")
    BACKUP,
    /** A verify of the newest complete backup of the schedule's keyspaces. */
    @JsonProperty("verify")
    VERIFY
}
