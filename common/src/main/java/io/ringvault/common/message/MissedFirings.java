package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a schedule does about the firings that fell due while no coordinator ran. */
public enum MissedFirings {
    /** Fire once, at once, for the latest missed instant (the default). */
    @JsonProperty("catch-up")
    CATCH_UP,
    /** Record them ({@code schedule.missed}) and wait for the next firing. */
    @JsonProperty("skip")
    SKIP
}
