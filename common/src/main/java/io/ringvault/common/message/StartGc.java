package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * {@code io.ringvault.backup.gc.command}: delete the objects of the cluster's part of the store that no complete backup
 * references and that were last modified before {@code cutoff}. Sent by the coordinator on the commands topic once it
 * has accepted a gc request; consumed by the restorers' consumer group, so one restorer runs it. The operation id is the
 * event's {@code subject}. A restorer that stops in the middle leaves the command uncommitted and the next one runs the
 * collection again from the start: it decides again from what is in the store, with the same cutoff.
 *
 * @param request the accepted request
 * @param sourceCluster the cluster name whose objects are collected (the deployment's own); nothing outside
 *     {@code [prefix/]<sourceCluster>/} is touched
 * @param cutoff when the coordinator accepted the request, less the grace period: only objects last modified before it
 *     may be deleted
 * @param dryRun whether the collection only reports what it would delete
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StartGc(GcRequested request, String sourceCluster, Instant cutoff, boolean dryRun) implements Command {
    public StartGc {
        if (request == null) {
            throw new IllegalArgumentException("request is required");
        }
        Names.requireText(sourceCluster, "sourceCluster");
        if (cutoff == null) {
            throw new IllegalArgumentException("cutoff is required");
        }
    }
}
