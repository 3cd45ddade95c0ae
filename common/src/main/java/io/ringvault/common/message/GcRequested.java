package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code io.ringvault.backup.gc.requested}: collect the garbage of the object store, the objects no complete backup
 * references (leftovers of failed or cancelled backups, of a delete that stopped half-way). Published by any system on
 * the requests topic, or posted to {@code POST /api/v1/backups/gc}; consumed by the coordinator, which refuses it while
 * a backup or a delete runs ({@code backup-in-progress}) or another collection runs ({@code gc-in-progress}), and a
 * grace period that is not a non-negative ISO-8601 duration ({@code invalid-grace-period}). It hands the rest to the
 * restorers with {@code backup.gc.command}.
 *
 * @param requestedBy optional free text naming who asked
 * @param gracePeriod optional ISO-8601 duration ({@code PT6H}, {@code P1D}, {@code PT0S}): only objects last modified
 *     longer ago than this, counted from when the coordinator accepts the request, are deleted. Absent: the
 *     coordinator's {@code ringvault.coordinator.gc.grace-period} (6 hours by default). Checked by the coordinator, so
 *     that a bad value is refused with its own reason
 * @param dryRun optional: compute and report what would be deleted, and delete nothing. Absent or false: delete (false
 *     is written as absent)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GcRequested(String requestedBy, String gracePeriod, Boolean dryRun) implements Request {
    public GcRequested {
        gracePeriod = gracePeriod == null || gracePeriod.isBlank() ? null : gracePeriod.strip();
        dryRun = Boolean.TRUE.equals(dryRun) ? Boolean.TRUE : null;
    }

    /** Whether the collection only reports what it would delete. */
    public boolean dry() {
        return Boolean.TRUE.equals(dryRun);
    }
}
