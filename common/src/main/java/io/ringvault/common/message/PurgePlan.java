package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;

/**
 * What a purge decided when the coordinator accepted it, kept in {@code operation.accepted} as the audit trail: the
 * backups it deletes, and every backup it keeps with the rules that keep it.
 *
 * @param policy the policy that judged the backups no schedule policy covers: the request's, else the cluster's;
 *     absent when every backup belongs to a schedule with its own policy
 * @param timeZone the time zone of the daily, weekly and monthly buckets, an IANA zone id such as {@code UTC}
 * @param delete the backups the purge deletes, oldest first
 * @param keep the backups the purge keeps, newest first, each with its reasons
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PurgePlan(Retention policy, String timeZone, List<Chosen> delete, List<Kept> keep) {
    public PurgePlan {
        Names.requireText(timeZone, "timeZone");
        delete = Names.listOrEmpty(delete, "delete");
        keep = Names.listOrEmpty(keep, "keep");
    }

    /**
     * A backup the purge deletes.
     *
     * @param backupId the backup (the operation id that took it)
     * @param completedAt when it completed
     * @param schedule the schedule that took it; absent for a backup asked for directly
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Chosen(String backupId, Instant completedAt, String schedule) {
        public Chosen {
            Names.requireId(backupId, "backupId");
            if (completedAt == null) {
                throw new IllegalArgumentException("completedAt is required");
            }
        }
    }

    /**
     * A backup the purge keeps.
     *
     * @param backupId the backup (the operation id that took it)
     * @param completedAt when it completed
     * @param schedule the schedule that took it; absent for a backup asked for directly
     * @param reasons why it is kept, one per rule that keeps it: {@code newest 3}, {@code daily 2026-12-01},
     *     {@code weekly 2026-W48}, {@code monthly 2026-11}, {@code younger than P30D}, {@code newest of its group},
     *     {@code in use by restore <id>}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Kept(String backupId, Instant completedAt, String schedule, List<String> reasons) {
        public Kept {
            Names.requireId(backupId, "backupId");
            if (completedAt == null) {
                throw new IllegalArgumentException("completedAt is required");
            }
            reasons = Names.listOrEmpty(reasons, "reasons");
        }
    }
}
