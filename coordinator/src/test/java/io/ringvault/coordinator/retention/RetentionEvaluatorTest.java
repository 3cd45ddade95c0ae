package io.ringvault.coordinator.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.common.backup.BackupIndex;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.PurgePlan;
import io.ringvault.common.message.Retention;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetentionEvaluatorTest {
    static final ZoneId UTC = ZoneId.of("UTC");
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    static BackupIndex.Entry backup(String id, String completedAt) {
        return backup(id, completedAt, null);
    }

    static BackupIndex.Entry backup(String id, String completedAt, String schedule) {
        return new BackupIndex.Entry(
                id,
                Instant.parse(completedAt),
                List.of("ks"),
                List.of("dc1"),
                1,
                1,
                1,
                "m/" + id,
                BackupMode.FULL,
                List.of(),
                Instant.parse(completedAt),
                false,
                schedule);
    }

    /** One backup a day at 02:00 UTC, {@code days} days ending the day before {@link #NOW}. */
    static List<BackupIndex.Entry> daily(int days) {
        List<BackupIndex.Entry> backups = new ArrayList<>();
        for (int day = days; day >= 1; day--) {
            Instant at = NOW.minus(Duration.ofDays(day)).minus(Duration.ofHours(10));
            backups.add(backup("d" + day, at.toString()));
        }
        return backups;
    }

    static Retention keepLast(int n) {
        return new Retention(n, null, null, null, null);
    }

    static PurgePlan evaluate(Retention policy, ZoneId zone, List<BackupIndex.Entry> backups) {
        return new RetentionEvaluator(policy, ScheduleRetentions.none(), zone).evaluate(backups, NOW, Map.of());
    }

    static List<String> deleted(PurgePlan plan) {
        return plan.delete().stream().map(PurgePlan.Chosen::backupId).toList();
    }

    static Map<String, List<String>> kept(PurgePlan plan) {
        Map<String, List<String>> kept = new LinkedHashMap<>();
        plan.keep().forEach(k -> kept.put(k.backupId(), k.reasons()));
        return kept;
    }

    @Test
    void shouldKeepTheNewestNAndDeleteTheRestOldestFirst() {
        PurgePlan plan = evaluate(keepLast(3), UTC, daily(6));

        assertThat(kept(plan))
                .containsExactly(
                        Map.entry("d1", List.of("newest 3")),
                        Map.entry("d2", List.of("newest 3")),
                        Map.entry("d3", List.of("newest 3")));
        assertThat(deleted(plan)).containsExactly("d6", "d5", "d4");
        assertThat(plan.delete().get(0).completedAt()).isEqualTo(Instant.parse("2026-11-28T02:00:00Z"));
        assertThat(plan.policy()).isEqualTo(keepLast(3));
        assertThat(plan.timeZone()).isEqualTo("UTC");
    }

    @Test
    void shouldKeepEveryBackupYoungerThanMaxAge() {
        List<BackupIndex.Entry> backups = List.of(
                backup("fresh", "2026-12-04T11:00:00Z"),
                backup("edge", "2026-12-03T12:00:01Z"),
                backup("exactly-a-day", "2026-12-03T12:00:00Z"),
                backup("old", "2026-12-01T00:00:00Z"));

        PurgePlan plan = evaluate(new Retention(null, "P1D", null, null, null), UTC, backups);

        assertThat(kept(plan))
                .containsExactly(
                        Map.entry("fresh", List.of("younger than P1D")),
                        Map.entry("edge", List.of("younger than P1D")));
        assertThat(deleted(plan)).containsExactly("old", "exactly-a-day");
    }

    @Test
    void shouldKeepTheNewestBackupOfEachOfTheNewestDaysThatHaveOne() {
        List<BackupIndex.Entry> backups = List.of(
                backup("mon-late", "2026-11-30T22:00:00Z"),
                backup("mon-early", "2026-11-30T01:00:00Z"),
                // No backup on Tuesday: the days that have one count, not calendar days.
                backup("wed", "2026-12-02T10:00:00Z"),
                backup("thu-late", "2026-12-03T23:00:00Z"),
                backup("thu-early", "2026-12-03T05:00:00Z"),
                backup("sun", "2026-11-29T10:00:00Z"));

        PurgePlan plan = evaluate(new Retention(null, null, 3, null, null), UTC, backups);

        assertThat(kept(plan))
                .containsExactly(
                        Map.entry("thu-late", List.of("daily 2026-12-03")),
                        Map.entry("wed", List.of("daily 2026-12-02")),
                        Map.entry("mon-late", List.of("daily 2026-11-30")));
        assertThat(deleted(plan)).containsExactly("sun", "mon-early", "thu-early");
    }

    @Test
    void shouldBucketDaysInThePolicysTimeZoneAcrossADaylightSavingChange() {
        // Paris leaves summer time on 2026-10-25 at 03:00 local (01:00 UTC): the day lasts 25 hours.
        List<BackupIndex.Entry> backups = List.of(
                // 21:30 UTC is 23:30 on the 24th in Paris (UTC+2).
                backup("sat-night", "2026-10-24T21:30:00Z"),
                // 22:30 UTC on the 24th is 00:30 on the 25th in Paris (UTC+2 until 01:00 UTC).
                backup("sun-first", "2026-10-24T22:30:00Z"),
                // 22:30 UTC on the 25th is 23:30 on the 25th in Paris (UTC+1 now): the same day.
                backup("sun-last", "2026-10-25T22:30:00Z"),
                // 23:30 UTC on the 25th is 00:30 on the 26th in Paris.
                backup("mon-first", "2026-10-25T23:30:00Z"));

        PurgePlan paris = evaluate(new Retention(null, null, 3, null, null), PARIS, backups);
        PurgePlan utc = evaluate(new Retention(null, null, 3, null, null), UTC, backups);

        assertThat(kept(paris))
                .containsExactly(
                        Map.entry("mon-first", List.of("daily 2026-10-26")),
                        Map.entry("sun-last", List.of("daily 2026-10-25")),
                        Map.entry("sat-night", List.of("daily 2026-10-24")));
        assertThat(deleted(paris)).containsExactly("sun-first");
        assertThat(paris.timeZone()).isEqualTo("Europe/Paris");
        // In UTC the same backups fall on other days: 24th (two), 25th (two).
        assertThat(kept(utc))
                .containsExactly(
                        Map.entry("mon-first", List.of("daily 2026-10-25")),
                        Map.entry("sun-first", List.of("daily 2026-10-24")));
    }

    @Test
    void shouldBucketIsoWeeksAcrossTheYearBoundaryInTheTimeZone() {
        // ISO week 2026-W53 runs from Monday 2026-12-28 to Sunday 2027-01-03; 2027-W01 starts on 2027-01-04.
        List<BackupIndex.Entry> backups = List.of(
                backup("w52", "2026-12-24T12:00:00Z"),
                backup("w53-mon", "2026-12-28T12:00:00Z"),
                backup("w53-new-year", "2027-01-01T12:00:00Z"),
                // Sunday 23:30 UTC is Monday 00:30 in Paris: 2027-W01 there, still 2026-W53 in UTC.
                backup("boundary", "2027-01-03T23:30:00Z"),
                backup("w01", "2027-01-05T12:00:00Z"));
        Instant now = Instant.parse("2027-01-06T00:00:00Z");
        Retention weekly = new Retention(null, null, null, 2, null);

        PurgePlan paris =
                new RetentionEvaluator(weekly, ScheduleRetentions.none(), PARIS).evaluate(backups, now, Map.of());
        PurgePlan utc = new RetentionEvaluator(weekly, ScheduleRetentions.none(), UTC).evaluate(backups, now, Map.of());

        assertThat(kept(paris))
                .containsExactly(
                        Map.entry("w01", List.of("weekly 2027-W01")),
                        Map.entry("w53-new-year", List.of("weekly 2026-W53")));
        assertThat(kept(utc))
                .containsExactly(
                        Map.entry("w01", List.of("weekly 2027-W01")),
                        Map.entry("boundary", List.of("weekly 2026-W53")));
    }

    @Test
    void shouldBucketMonthsInTheTimeZone() {
        List<BackupIndex.Entry> backups = List.of(
                backup("sep", "2026-09-15T12:00:00Z"),
                backup("oct-early", "2026-10-02T12:00:00Z"),
                // 23:30 UTC on October 31st is already November 1st in Paris.
                backup("oct-last-utc", "2026-10-31T23:30:00Z"),
                backup("nov", "2026-11-20T12:00:00Z"));

        PurgePlan paris = evaluate(new Retention(null, null, null, null, 2), PARIS, backups);
        PurgePlan utc = evaluate(new Retention(null, null, null, null, 2), UTC, backups);

        assertThat(kept(paris))
                .containsExactly(
                        Map.entry("nov", List.of("monthly 2026-11")),
                        Map.entry("oct-early", List.of("monthly 2026-10")));
        assertThat(deleted(paris)).containsExactly("sep", "oct-last-utc");
        assertThat(kept(utc))
                .containsExactly(
                        Map.entry("nov", List.of("monthly 2026-11")),
                        Map.entry("oct-last-utc", List.of("monthly 2026-10")));
    }

    @Test
    void shouldKeepABackupAnyRuleKeepsWithEveryReason() {
        List<BackupIndex.Entry> backups = daily(40);

        PurgePlan plan = evaluate(new Retention(2, "P3D", 4, 2, 2), UTC, backups);

        Map<String, List<String>> kept = kept(plan);
        assertThat(kept.get("d1"))
                .containsExactly(
                        "newest 2", "younger than P3D", "daily 2026-12-03", "weekly 2026-W49", "monthly 2026-12");
        assertThat(kept.get("d2")).containsExactly("newest 2", "younger than P3D", "daily 2026-12-02");
        assertThat(kept.get("d3")).containsExactly("daily 2026-12-01");
        assertThat(kept.get("d4")).containsExactly("daily 2026-11-30", "monthly 2026-11");
        // Sunday 2026-11-29 is the newest backup of ISO week 48.
        assertThat(kept.get("d5")).containsExactly("weekly 2026-W48");
        assertThat(kept).hasSize(5);
        assertThat(deleted(plan)).hasSize(35).doesNotContainAnyElementsOf(kept.keySet());
    }

    @Test
    void shouldAlwaysKeepTheNewestBackupOfAGroup() {
        List<BackupIndex.Entry> backups =
                List.of(backup("old-1", "2026-01-01T00:00:00Z"), backup("old-2", "2026-02-01T00:00:00Z"));

        PurgePlan plan = evaluate(new Retention(null, "P7D", 0, 0, 0), UTC, backups);

        assertThat(kept(plan)).containsExactly(Map.entry("old-2", List.of(RetentionEvaluator.NEWEST_OF_GROUP)));
        assertThat(deleted(plan)).containsExactly("old-1");
    }

    @Test
    void shouldKeepABackupARunningRestoreOrVerifyReads() {
        PurgePlan plan = new RetentionEvaluator(keepLast(1), ScheduleRetentions.none(), UTC)
                .evaluate(daily(4), NOW, Map.of("d3", "restore r-1", "d1", "verify v-1"));

        assertThat(kept(plan))
                .containsExactly(
                        Map.entry("d1", List.of("newest 1", "in use by verify v-1")),
                        Map.entry("d3", List.of("in use by restore r-1")));
        assertThat(deleted(plan)).containsExactly("d4", "d2");
    }

    @Test
    void shouldJudgeAScheduleWithItsOwnPolicyAmongItsOwnBackups() {
        List<BackupIndex.Entry> backups = List.of(
                backup("h1", "2026-12-04T09:00:00Z", "hourly"),
                backup("h2", "2026-12-04T10:00:00Z", "hourly"),
                backup("h3", "2026-12-04T11:00:00Z", "hourly"),
                // A schedule without a policy of its own: the cluster's judges it with the others.
                backup("w1", "2026-11-01T00:00:00Z", "weekly"),
                backup("m1", "2026-10-01T00:00:00Z"),
                backup("m2", "2026-12-01T00:00:00Z"));
        ScheduleRetentions schedules = name -> name.equals("hourly") ? Optional.of(keepLast(2)) : Optional.empty();

        PurgePlan plan = new RetentionEvaluator(keepLast(1), schedules, UTC).evaluate(backups, NOW, Map.of());

        // keepLast 1 of the cluster would keep only h3 were the hourly backups judged with the others.
        assertThat(kept(plan))
                .containsExactly(
                        Map.entry("h3", List.of("newest 2")),
                        Map.entry("h2", List.of("newest 2")),
                        Map.entry("m2", List.of("newest 1")));
        assertThat(deleted(plan)).containsExactly("m1", "w1", "h1");
        assertThat(plan.delete().get(1).schedule()).isEqualTo("weekly");
        assertThat(plan.keep().get(0).schedule()).isEqualTo("hourly");
    }

    @Test
    void shouldRefuseWhenNoPolicyAppliesToSomeBackupOrToAnEmptyIndex() {
        ScheduleRetentions schedules = name -> name.equals("hourly") ? Optional.of(keepLast(1)) : Optional.empty();
        RetentionEvaluator noClusterPolicy = new RetentionEvaluator(null, schedules, UTC);

        assertThatThrownBy(() -> noClusterPolicy.evaluate(List.of(), NOW, Map.of()))
                .isInstanceOf(NoRetentionPolicyException.class)
                .hasMessageContaining("ringvault.coordinator.retention");
        assertThatThrownBy(() -> noClusterPolicy.evaluate(
                        List.of(backup("h1", "2026-12-04T09:00:00Z", "hourly"), backup("m1", "2026-12-01T00:00:00Z")),
                        NOW,
                        Map.of()))
                .isInstanceOf(NoRetentionPolicyException.class)
                .hasMessageContaining("1 backup(s) have no retention policy (for example m1)");
        // Every backup covered by its schedule's policy: no cluster policy needed.
        PurgePlan plan = noClusterPolicy.evaluate(
                List.of(backup("h1", "2026-12-04T09:00:00Z", "hourly"), backup("h2", "2026-12-04T10:00:00Z", "hourly")),
                NOW,
                Map.of());
        assertThat(deleted(plan)).containsExactly("h1");
        assertThat(plan.policy()).isNull();
    }

    @Test
    void shouldDeleteNothingFromAnEmptyIndexWithAPolicy() {
        PurgePlan plan = evaluate(keepLast(1), UTC, List.of());

        assertThat(plan.delete()).isEmpty();
        assertThat(plan.keep()).isEmpty();
    }
}
