package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code io.ringvault.backup.copy.command}: copy a backup to a copy target. Sent by the coordinator on the commands
 * topic once it has accepted a copy request; consumed by the restorers' consumer group (they read the object store and
 * know the targets), so one restorer runs it. The operation id is the event's {@code subject}. A restorer that stops in
 * the middle leaves the command uncommitted, and the next one copies again, skipping the objects already in the target.
 *
 * @param request the accepted request
 * @param sourceCluster the cluster name the backup is stored under (the deployment's own); the copy keeps it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StartCopy(CopyRequested request, String sourceCluster) implements Command {
    public StartCopy {
        if (request == null) {
            throw new IllegalArgumentException("request is required");
        }
        Names.requireText(sourceCluster, "sourceCluster");
    }
}
