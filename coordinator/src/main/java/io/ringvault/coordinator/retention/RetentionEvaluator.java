package io.ringvault.coordinator.retention;

import io.ringvault.common.backup.BackupIndex;
import io.ringvault.common.message.PurgePlan;
import io.ringvault.common.message.Retention;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides which complete backups a purge deletes and which it keeps, and why. Pure: no I/O, no clock of its own.
 *
 * <p>The backups fall into groups: those a schedule with its own policy took are judged by that policy among that
 * schedule's backups; every other backup by the cluster policy among the others. Within a group a backup is kept when
 * any rule keeps it:
 *
 * <ul>
 *   <li>{@code keepLast N}: the newest N;
 *   <li>{@code maxAge}: completed after {@code now - maxAge};
 *   <li>{@code keepDaily}, {@code keepWeekly}, {@code keepMonthly}: the backups bucketed by calendar day, ISO week or
 *       month in the policy's time zone; the newest backup of each of the newest N buckets that hold one.
 * </ul>
 *
 * Two safety rules come on top: the newest backup of each group is always kept (a policy never empties a group), and
 * a backup a running restore or verify reads is kept.
 */
public final class RetentionEvaluator {
    /** Why a backup that no rule of the policy keeps is kept anyway: it is its group's newest. */
    public static final String NEWEST_OF_GROUP = "newest of its group";

    private final Retention clusterPolicy;
    private final ScheduleRetentions schedules;
    private final ZoneId zone;

    /**
     * @param clusterPolicy the policy of the backups no schedule policy covers (the request's, else the cluster's);
     *     null when there is none
     * @param schedules each schedule's own policy
     * @param zone the time zone of the daily, weekly and monthly buckets
     */
    public RetentionEvaluator(Retention clusterPolicy, ScheduleRetentions schedules, ZoneId zone) {
        this.clusterPolicy = clusterPolicy;
        this.schedules = schedules;
        this.zone = zone;
    }

    /**
     * The plan of a purge of {@code backups} at {@code now}.
     *
     * @param inUse the backups running operations read, each with the operation that reads it ({@code restore <id>})
     * @throws NoRetentionPolicyException when no policy applies to some backup, or to an empty index
     */
    public PurgePlan evaluate(List<BackupIndex.Entry> backups, Instant now, Map<String, String> inUse) {
        Map<String, Retention> schedulePolicies = new LinkedHashMap<>();
        Map<String, List<BackupIndex.Entry>> groups = new LinkedHashMap<>();
        List<BackupIndex.Entry> others = new ArrayList<>();
        for (BackupIndex.Entry entry : backups) {
            Optional<Retention> own = entry.schedule() == null
                    ? Optional.empty()
                    : schedulePolicies.containsKey(entry.schedule())
                            ? Optional.of(schedulePolicies.get(entry.schedule()))
                            : schedules.forSchedule(entry.schedule());
            if (own.isPresent()) {
                schedulePolicies.put(entry.schedule(), own.get());
                groups.computeIfAbsent(entry.schedule(), name -> new ArrayList<>())
                        .add(entry);
            } else {
                others.add(entry);
            }
        }
        if (clusterPolicy == null && (!others.isEmpty() || groups.isEmpty())) {
            throw new NoRetentionPolicyException(
                    others.isEmpty()
                            ? "no retention policy applies: none was given with the purge and none is configured"
                                    + " (ringvault.coordinator.retention.*)"
                            : others.size() + " backup(s) have no retention policy (for example "
                                    + others.get(0).backupId()
                                    + "): none was given with the purge, none is configured (ringvault.coordinator.retention.*)"
                                    + " and no schedule of theirs sets one");
        }
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        if (!others.isEmpty()) {
            judge(others, clusterPolicy, now, reasons);
        }
        groups.forEach((schedule, members) -> judge(members, schedulePolicies.get(schedule), now, reasons));

        List<PurgePlan.Chosen> delete = new ArrayList<>();
        List<PurgePlan.Kept> keep = new ArrayList<>();
        for (BackupIndex.Entry entry : newestFirst(backups)) {
            List<String> why = reasons.get(entry.backupId());
            String reader = inUse.get(entry.backupId());
            if (reader != null) {
                // Whatever the policy says, a running restore or verify still reads its objects.
                why = why == null ? new ArrayList<>() : why;
                why.add("in use by " + reader);
            }
            if (why == null || why.isEmpty()) {
                delete.add(new PurgePlan.Chosen(entry.backupId(), entry.completedAt(), entry.schedule()));
            } else {
                keep.add(new PurgePlan.Kept(entry.backupId(), entry.completedAt(), entry.schedule(), why));
            }
        }
        // Oldest first: the order a reader expects of what goes.
        Collections.reverse(delete);
        return new PurgePlan(clusterPolicy, zone.getId(), delete, keep);
    }

    /** Adds the reasons the policy keeps each member of one group for. */
    private void judge(
            List<BackupIndex.Entry> members, Retention policy, Instant now, Map<String, List<String>> reasons) {
        List<BackupIndex.Entry> sorted = newestFirst(members);
        for (BackupIndex.Entry entry : sorted) {
            reasons.put(entry.backupId(), new ArrayList<>());
        }
        if (policy.keepLast() != null) {
            for (BackupIndex.Entry entry : sorted.subList(0, Math.min(policy.keepLast(), sorted.size()))) {
                reasons.get(entry.backupId()).add("newest " + policy.keepLast());
            }
        }
        if (policy.maxAge() != null) {
            Instant horizon = now.minus(policy.maxAgeDuration());
            for (BackupIndex.Entry entry : sorted) {
                if (entry.completedAt().isAfter(horizon)) {
                    reasons.get(entry.backupId()).add("younger than " + policy.maxAge());
                }
            }
        }
        buckets(sorted, policy.keepDaily(), "daily ", at -> LocalDate.from(at).toString(), reasons);
        buckets(
                sorted,
                policy.keepWeekly(),
                "weekly ",
                at -> String.format(
                        "%d-W%02d", at.get(IsoFields.WEEK_BASED_YEAR), at.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)),
                reasons);
        buckets(
                sorted,
                policy.keepMonthly(),
                "monthly ",
                at -> YearMonth.from(at).toString(),
                reasons);
        List<String> newest = reasons.get(sorted.get(0).backupId());
        if (newest.isEmpty()) {
            newest.add(NEWEST_OF_GROUP);
        }
    }

    /** Keeps the newest backup of each of the newest {@code count} buckets that hold one. */
    private void buckets(
            List<BackupIndex.Entry> newestFirst,
            Integer count,
            String label,
            Function<ZonedDateTime, String> bucketOf,
            Map<String, List<String>> reasons) {
        if (count == null || count == 0) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (BackupIndex.Entry entry : newestFirst) {
            String bucket = bucketOf.apply(entry.completedAt().atZone(zone));
            if (seen.add(bucket)) {
                reasons.get(entry.backupId()).add(label + bucket);
                if (seen.size() == count) {
                    return;
                }
            }
        }
    }

    private static List<BackupIndex.Entry> newestFirst(List<BackupIndex.Entry> backups) {
        return backups.stream()
                .sorted(Comparator.comparing(BackupIndex.Entry::completedAt)
                        .thenComparing(BackupIndex.Entry::backupId)
                        .reversed())
                .toList();
    }
}
