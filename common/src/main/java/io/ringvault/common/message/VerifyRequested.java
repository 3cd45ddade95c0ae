package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code io.ringvault.backup.verify.requested}: check that a backup is still whole in the object store. Published by any
 * system on the requests topic, or posted to {@code POST /api/v1/backups/{id}/verify}; consumed by the coordinator,
 * which refuses a backup it does not know ({@code unknown-backup}) and hands the rest to the restorers with
 * {@code backup.verify.command}.
 *
 * @param backupId the backup to verify (the operation id of the backup); required
 * @param deep optional: re-read every object and compare its SHA-256 with the one its node manifest records. Absent or
 *     false: only check that every object exists with the recorded size (one metadata request per object; false is
 *     written as absent)
 * @param requestedBy optional free text naming who asked
 * @param schedule the name of the schedule whose firing asked for this verify; absent when asked for directly
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VerifyRequested(String backupId, Boolean deep, String requestedBy, String schedule) implements Request {
    public VerifyRequested {
        if (schedule != null) {
            Names.requireScheduleName(schedule, "schedule");
        }
        Names.requireId(backupId, "backupId");
        // Only a deep verify is written: a plain one reads the same whether or not the writer knew the field.
        deep = Boolean.TRUE.equals(deep) ? Boolean.TRUE : null;
    }

    /** A verify asked for directly, not by a schedule. */
    public VerifyRequested(String backupId, Boolean deep, String requestedBy) {
        this(backupId, deep, requestedBy, null);
    }

    /** Whether every object is read again and its checksum compared. */
    public boolean rereads() {
        return Boolean.TRUE.equals(deep);
    }
}
