package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code io.ringvault.backup.delete.command}: delete a backup's manifests and the objects no other backup references.
 * Sent by the coordinator on the commands topic once it has accepted a delete request and removed the backup from the
 * index; consumed by the restorers' consumer group, so one restorer runs it. The operation id is the event's
 * {@code subject}. A restorer that stops in the middle leaves the command uncommitted, and the next one runs the delete
 * again: deleting an object that is already gone is fine.
 *
 * @param request the accepted request
 * @param sourceCluster the cluster name the backup is stored under (the deployment's own)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StartDelete(DeleteRequested request, String sourceCluster) implements Command {
    public StartDelete {
        if (request == null) {
            throw new IllegalArgumentException("request is required");
        }
        Names.requireText(sourceCluster, "sourceCluster");
    }
}
