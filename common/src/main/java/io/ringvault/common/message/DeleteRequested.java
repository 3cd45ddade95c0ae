package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code io.ringvault.backup.delete.requested}: delete a backup from the object store. Published by any system on the
 * requests topic, or sent as {@code DELETE /api/v1/backups/{id}}; consumed by the coordinator, which refuses a backup
 * it does not know ({@code unknown-backup}), one already deleted ({@code backup-deleted}), any delete while a backup or
 * another delete runs ({@code backup-in-progress}) and a backup a running restore or verify reads
 * ({@code backup-in-use}). It removes the backup from the index and hands the rest to the restorers with
 * {@code backup.delete.command}.
 *
 * @param backupId the backup to delete (the operation id of the backup); required
 * @param requestedBy optional free text naming who asked
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeleteRequested(String backupId, String requestedBy) implements Request {
    public DeleteRequested {
        Names.requireId(backupId, "backupId");
    }
}
