package io.ringvault.coordinator.schedule;

import static io.ringvault.coordinator.fakes.TestMessages.NODE_A;
import static io.ringvault.coordinator.fakes.TestMessages.backupAccepted;
import static io.ringvault.coordinator.schedule.ScheduleFixture.schedule;
import static io.ringvault.coordinator.schedule.ScheduleFixture.verifySchedule;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.BackupRequested;
import io.ringvault.common.message.DeleteRequested;
import io.ringvault.common.message.MissedFirings;
import io.ringvault.common.message.OperationAccepted;
import io.ringvault.common.message.OperationCompleted;
import io.ringvault.common.message.OperationKind;
import io.ringvault.common.message.ScheduleFired;
import io.ringvault.common.message.ScheduleMissed;
import io.ringvault.common.message.SchedulePauseRequested;
import io.ringvault.common.message.ScheduleResumeRequested;
import io.ringvault.common.message.TakeSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchedulerTest {
    static final Duration MISSED_AFTER = Duration.ofMinutes(1);
    final ScheduleFixture fixture = new ScheduleFixture();
    final Scheduler scheduler = fixture.scheduler(MISSED_AFTER, Duration.ZERO);

    @AfterEach
    void close() {
        fixture.close();
    }

    private void create(io.ringvault.common.message.ScheduleCreateRequested definition) {
        fixture.service.submit(definition, "/cli/alice", "rest");
    }

    private void at(String instant) {
        fixture.clock.advance(Duration.between(fixture.clock.instant(), Instant.parse(instant)));
    }

    private List<OperationAccepted> accepted() {
        return fixture.events.published(OperationAccepted.class);
    }

    @Test
    void shouldUseANameBasedUuidOfTheScheduleAndTheInstantAsTheOperationId() {
        String id = Scheduler.firingId("nightly", Instant.parse("2026-11-21T02:00:00Z"));

        assertThat(UUID.fromString(id).version()).isEqualTo(3);
        // As docs/messages.md shows it: the UUID of "nightly@2026-03-14T01:00:00Z".
        assertThat(Scheduler.firingId("nightly", Instant.parse("2026-03-14T01:00:00Z")))
                .isEqualTo("1a3c251c-6045-31a7-a950-da83121cd255");
        assertThat(id).isEqualTo(Scheduler.firingId("nightly", Instant.parse("2026-11-21T02:00:00Z")));
        assertThat(id)
                .isNotEqualTo(Scheduler.firingId("nightly", Instant.parse("2026-11-22T02:00:00Z")))
                .isNotEqualTo(Scheduler.firingId("weekly", Instant.parse("2026-11-21T02:00:00Z")));
    }

    @Test
    void shouldFireEachFiringOnceWhenDueWithItsIdAndTheScheduleNamedInTheBackup() {
        create(schedule("every-minute", "* * * * *", null));
        at("2026-11-21T00:00:30Z");
        scheduler.tick();
        assertThat(accepted()).isEmpty();

        at("2026-11-21T00:01:00.300Z");
        scheduler.tick();
        scheduler.tick();
        at("2026-11-21T00:01:30Z");
        scheduler.tick();

        Instant due = Instant.parse("2026-11-21T00:01:00Z");
        String id = Scheduler.firingId("every-minute", due);
        assertThat(accepted()).hasSize(1);
        OperationAccepted backup = accepted().get(0);
        assertThat(backup.kind()).isEqualTo(OperationKind.BACKUP);
        assertThat(backup.channel()).isEqualTo("schedule");
        assertThat(backup.requestSource()).isEqualTo(Scheduler.SOURCE);
        assertThat(backup.backup())
                .isEqualTo(new BackupRequested(
                        List.of("ks"), null, null, BackupMode.FULL, "schedule:every-minute", false, "every-minute"));
        assertThat(fixture.log.contains(id)).isTrue();
        assertThat(fixture.events.published(TakeSnapshot.class).get(0).backupId())
                .isEqualTo(id);
        assertThat(fixture.events.published(ScheduleFired.class))
                .containsExactly(ScheduleFired.accepted("every-minute", due, id, false));

        at("2026-11-21T00:02:00Z");
        scheduler.tick();
        assertThat(fixture.events.published(ScheduleFired.class))
                .extracting(ScheduleFired::scheduledAt)
                .containsExactly(due, Instant.parse("2026-11-21T00:02:00Z"));
        ScheduleView view = fixture.views.get("every-minute");
        assertThat(view.lastFirings())
                .extracting(ScheduleView.FiringView::scheduledAt, ScheduleView.FiringView::outcome)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Instant.parse("2026-11-21T00:02:00Z"), "accepted"),
                        org.assertj.core.groups.Tuple.tuple(due, "accepted"));
        assertThat(view.nextFiring().utc()).isEqualTo(Instant.parse("2026-11-21T00:03:00Z"));
    }

    @Test
    void shouldRecordARefusedFiringWithItsReasonAndGoOn() {
        create(schedule("every-minute", "* * * * *", null));
        fixture.events.append(
                "delete-1",
                OperationAccepted.delete(
                        "io.ringvault.backup.delete.requested", "/cli/bob", "rest", new DeleteRequested("b0", "bob")));

        at("2026-11-21T00:01:00Z");
        scheduler.tick();

        ScheduleFired refused = fixture.events.published(ScheduleFired.class).get(0);
        assertThat(refused.reason()).isEqualTo(FailureReason.BACKUP_IN_PROGRESS);
        assertThat(refused.detail()).contains("delete-1");
        assertThat(refused.operationId())
                .isEqualTo(Scheduler.firingId("every-minute", Instant.parse("2026-11-21T00:01:00Z")));
        assertThat(accepted()).isEmpty();
        assertThat(fixture.views.get("every-minute").lastFirings().get(0).outcome())
                .isEqualTo("refused");

        fixture.events.append("delete-1", new OperationCompleted(OperationKind.DELETE, 0, 0, 0, 0));
        at("2026-11-21T00:02:00Z");
        scheduler.tick();
        assertThat(accepted()).hasSize(1);
        assertThat(fixture.events.published(ScheduleFired.class))
                .extracting(ScheduleFired::wasRefused)
                .containsExactly(true, false);
    }

    @Test
    void shouldMakeOneOperationOfAFiringSubmittedTwiceBeforeTheLogShowsEither() {
        create(schedule("every-minute", "* * * * *", null));
        Scheduler other = fixture.scheduler(MISSED_AFTER, Duration.ZERO);
        fixture.events.stopFolding();

        at("2026-11-21T00:01:00Z");
        scheduler.tick();
        other.tick();

        assertThat(accepted()).hasSize(1);
        assertThat(fixture.events.published(ScheduleFired.class))
                .extracting(ScheduleFired::operationId)
                .containsOnly(Scheduler.firingId("every-minute", Instant.parse("2026-11-21T00:01:00Z")));
    }

    @Test
    void shouldTryAFiringAgainWithTheSameIdWhenItsFiredEventWasNotAcknowledged() {
        create(schedule("every-minute", "* * * * *", null));
        fixture.events.failNextPublishOf(ScheduleFired.class);

        at("2026-11-21T00:01:00Z");
        scheduler.tick();
        assertThat(fixture.events.published(ScheduleFired.class)).isEmpty();
        at("2026-11-21T00:01:01Z");
        scheduler.tick();

        assertThat(accepted()).hasSize(1);
        assertThat(fixture.events.published(ScheduleFired.class)).hasSize(1);
    }

    @Test
    void shouldCatchUpOnceForTheLatestFiringMissedWhileNoCoordinatorRan() {
        create(schedule("five-minutes", "*/5 * * * *", MissedFirings.CATCH_UP));

        // 00:05 to 00:20 fell due while no coordinator ran; the latest is 3 minutes late.
        at("2026-11-21T00:23:00Z");
        scheduler.tick();
        scheduler.tick();

        Instant latest = Instant.parse("2026-11-21T00:20:00Z");
        assertThat(accepted()).hasSize(1);
        assertThat(fixture.log.contains(Scheduler.firingId("five-minutes", latest)))
                .isTrue();
        assertThat(fixture.events.published(ScheduleFired.class))
                .containsExactly(ScheduleFired.accepted(
                        "five-minutes", latest, Scheduler.firingId("five-minutes", latest), true));
        assertThat(fixture.events.published(ScheduleMissed.class)).isEmpty();
        assertThat(fixture.views.get("five-minutes").lastFirings().get(0).caughtUp())
                .isTrue();
        at("2026-11-21T00:25:00Z");
        scheduler.tick();
        assertThat(fixture.events.published(ScheduleFired.class))
                .extracting(ScheduleFired::scheduledAt, ScheduleFired::caughtUp)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(latest, true),
                        org.assertj.core.groups.Tuple.tuple(Instant.parse("2026-11-21T00:25:00Z"), null));
    }

    @Test
    void shouldRecordTheFiringsMissedWhileNoCoordinatorRanAndWaitForTheNextWhenSkipping() {
        create(schedule("every-minute", "* * * * *", MissedFirings.SKIP));

        at("2026-11-21T00:10:20Z");
        scheduler.tick();

        // 00:01 to 00:09 are over a minute late and skipped; 00:10 is on time and fires.
        assertThat(fixture.events.published(ScheduleMissed.class))
                .containsExactly(new ScheduleMissed(
                        "every-minute",
                        9,
                        Instant.parse("2026-11-21T00:01:00Z"),
                        Instant.parse("2026-11-21T00:09:00Z")));
        assertThat(accepted()).extracting(OperationAccepted::backup).hasSize(1);
        at("2026-11-21T00:10:40Z");
        scheduler.tick();
        assertThat(fixture.events.published(ScheduleFired.class))
                .extracting(ScheduleFired::scheduledAt)
                .containsExactly(Instant.parse("2026-11-21T00:10:00Z"));
        ScheduleView view = fixture.views.get("every-minute");
        assertThat(view.missed())
                .isEqualTo(new ScheduleView.Missed(
                        9, Instant.parse("2026-11-21T00:01:00Z"), Instant.parse("2026-11-21T00:09:00Z")));
        assertThat(view.missedFirings()).isEqualTo(MissedFirings.SKIP);
    }

    @Test
    void shouldSkipEveryMissedFiringWhenNoneIsOnTime() {
        create(schedule("every-minute", "* * * * *", MissedFirings.SKIP));

        at("2026-11-21T00:10:00Z");
        at("2026-11-21T00:12:30Z");
        scheduler.tick();
        scheduler.tick();

        assertThat(fixture.events.published(ScheduleMissed.class))
                .containsExactly(new ScheduleMissed(
                        "every-minute",
                        11,
                        Instant.parse("2026-11-21T00:01:00Z"),
                        Instant.parse("2026-11-21T00:11:00Z")));
        // 00:12:00 was due 30 s ago, within a minute: it fires.
        assertThat(fixture.events.published(ScheduleFired.class))
                .extracting(ScheduleFired::scheduledAt)
                .containsExactly(Instant.parse("2026-11-21T00:12:00Z"));
    }

    @Test
    void shouldNotFireWhilePausedNorCatchUpOnResume() {
        create(schedule("every-minute", "* * * * *", MissedFirings.CATCH_UP));
        fixture.service.submit(new SchedulePauseRequested("every-minute", "bob"), "/cli/bob", "rest");

        at("2026-11-21T00:05:00Z");
        scheduler.tick();
        assertThat(fixture.events.published(ScheduleFired.class)).isEmpty();

        at("2026-11-21T00:05:30Z");
        fixture.service.submit(new ScheduleResumeRequested("every-minute", "bob"), "/cli/bob", "rest");
        scheduler.tick();
        assertThat(fixture.events.published(ScheduleFired.class)).isEmpty();

        at("2026-11-21T00:06:00Z");
        scheduler.tick();
        assertThat(fixture.events.published(ScheduleFired.class))
                .extracting(ScheduleFired::scheduledAt)
                .containsExactly(Instant.parse("2026-11-21T00:06:00Z"));
    }

    @Test
    void shouldFireOnlyTheSchedulesThisInstanceOwnsAndOnlyOnceItHasSettled() {
        Scheduler settling = fixture.scheduler(MISSED_AFTER, Duration.ofSeconds(3));
        create(schedule("every-minute", "* * * * *", null));
        fixture.owned = false;

        at("2026-11-21T00:01:00Z");
        settling.tick();
        assertThat(fixture.events.published(ScheduleFired.class)).isEmpty();

        fixture.owned = true;
        settling.tick();
        at("2026-11-21T00:01:02Z");
        settling.tick();
        assertThat(fixture.events.published(ScheduleFired.class)).isEmpty();

        at("2026-11-21T00:01:03Z");
        settling.tick();
        assertThat(fixture.events.published(ScheduleFired.class))
                .extracting(ScheduleFired::scheduledAt, ScheduleFired::caughtUp)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Instant.parse("2026-11-21T00:01:00Z"), null));
    }

    @Test
    void shouldVerifyTheNewestCompleteBackupOfTheKeyspacesOrRecordThatThereIsNone() {
        create(verifySchedule("check", "* * * * *"));

        at("2026-11-21T00:01:00Z");
        scheduler.tick();
        ScheduleFired none = fixture.events.published(ScheduleFired.class).get(0);
        assertThat(none.reason()).isEqualTo(FailureReason.UNKNOWN_BACKUP);
        assertThat(none.detail()).contains("[ks]");

        BackupRequested ks = new BackupRequested(List.of("ks"), null, null, null, "alice");
        fixture.events.append("older", backupAccepted(ks, NODE_A));
        fixture.events.append("older", new OperationCompleted(OperationKind.BACKUP, 1, 0, 0, 0));
        at("2026-11-21T00:01:30Z");
        fixture.events.append("newer", backupAccepted(ks, NODE_A));
        fixture.events.append("newer", new OperationCompleted(OperationKind.BACKUP, 1, 0, 0, 0));
        fixture.events.append("running", backupAccepted(ks, NODE_A));
        at("2026-11-21T00:02:00Z");
        scheduler.tick();

        OperationAccepted verify = accepted().stream()
                .filter(op -> op.kind() == OperationKind.VERIFY)
                .findFirst()
                .orElseThrow();
        assertThat(verify.verify().backupId()).isEqualTo("newer");
        assertThat(verify.verify().rereads()).isTrue();
        assertThat(verify.verify().schedule()).isEqualTo("check");
    }
}
