package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code io.ringvault.restore.command}: restore a backup into the cluster. Sent by the coordinator on the commands topic
 * once it has accepted a restore request; consumed by the restorers' consumer group, so one restorer runs it. The
 * operation id is the event's {@code subject}. A restorer that stops in the middle leaves the command uncommitted, and
 * the next one continues it: files already staged and tables already imported are not done again.
 *
 * @param request the accepted request, options included
 * @param sourceCluster the cluster name the backup is stored under (the request's, else the deployment's own)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StartRestore(RestoreRequested request, String sourceCluster) implements Command {
    public StartRestore {
        if (request == null) {
            throw new IllegalArgumentException("request is required");
        }
        Names.requireText(sourceCluster, "sourceCluster");
    }
}
