package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code io.ringvault.backup.verify.command}: verify a backup in the object store. Sent by the coordinator on the
 * commands topic once it has accepted a verify request; consumed by the restorers' consumer group (they already read
 * the object store), so one restorer runs it. The operation id is the event's {@code subject}. A restorer that stops in
 * the middle leaves the command uncommitted, and the next one verifies the backup again from the start.
 *
 * @param request the accepted request
 * @param sourceCluster the cluster name the backup is stored under (the deployment's own)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StartVerify(VerifyRequested request, String sourceCluster) implements Command {
    public StartVerify {
        if (request == null) {
            throw new IllegalArgumentException("request is required");
        }
        Names.requireText(sourceCluster, "sourceCluster");
    }
}
