package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * {@code io.ringvault.backup.purge.command}: delete a set of backups as one: every object of their node manifests
 * that no node manifest of a backup remaining in the index references, then their manifests. Sent by the coordinator on
 * the commands topic once it has accepted a purge and, unless it is a dry run, removed the backups from the index;
 * consumed by the restorers' consumer group, so one restorer runs it. The operation id is the event's {@code subject}.
 * A restorer that stops in the middle leaves the command uncommitted, and the next one runs it again: deleting an
 * object that is already gone is fine.
 *
 * @param request the accepted request
 * @param sourceCluster the cluster name the backups are stored under (the deployment's own)
 * @param backups the backups the policy chose, oldest first; never empty (a purge with nothing to delete completes
 *     without a command)
 * @param dryRun true to compute the same figures and delete nothing
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StartPurge(PurgeRequested request, String sourceCluster, List<PurgePlan.Chosen> backups, boolean dryRun)
        implements Command {
    public StartPurge {
        if (request == null) {
            throw new IllegalArgumentException("request is required");
        }
        Names.requireText(sourceCluster, "sourceCluster");
        backups = Names.listOrEmpty(backups, "backups");
    }
}
