package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code io.ringvault.backup.copy.requested}: copy a backup from the deployment's object store to another store, one
 * of its named copy targets ({@code ringvault.storage.targets.<name>}), so a deployment whose store is that target can
 * list and restore it. Published by any system on the requests topic, or posted to
 * {@code POST /api/v1/backups/{id}/copy}; consumed by the coordinator, which refuses a backup it does not know
 * ({@code unknown-backup}) or a target it does not know ({@code unknown-target}) and hands the rest to the restorers
 * with {@code backup.copy.command}.
 *
 * @param backupId the backup to copy (the operation id of the backup); required
 * @param target the name of the copy target to copy it to; required, a plain name (1-64 letters, digits, '_' or '-')
 * @param requestedBy optional free text naming who asked
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CopyRequested(String backupId, String target, String requestedBy) implements Request {
    public CopyRequested {
        Names.requireId(backupId, "backupId");
        Names.requireScheduleName(target, "target");
    }
}
