package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code io.ringvault.backup.purge.requested}: delete the backups a retention policy no longer keeps. Published by any
 * system on the requests topic, or sent as {@code POST /api/v1/backups/purge}; consumed by the coordinator, which
 * refuses a policy that is not valid ({@code invalid-retention}), a purge no policy applies to
 * ({@code no-retention-policy}) and any purge while a backup, a delete or another purge runs
 * ({@code backup-in-progress}). It evaluates the policy against the index, records what it keeps and why in
 * {@code operation.accepted}, removes the chosen backups from the index (unless it is a dry run) and hands them to the
 * restorers with {@code backup.purge.command}.
 *
 * @param requestedBy optional free text naming who asked
 * @param dryRun true to compute what the purge would delete and free without deleting anything or touching the index;
 *     false when absent
 * @param retention the policy for this purge instead of the cluster's ({@code ringvault.coordinator.retention.*});
 *     absent: the cluster's. A schedule's own policy still judges the backups that schedule took
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PurgeRequested(String requestedBy, Boolean dryRun, Retention retention) implements Request {

    /** Whether this purge only reports what it would delete. */
    public boolean deletesNothing() {
        return Boolean.TRUE.equals(dryRun);
    }
}
