package io.ringvault.coordinator.schedule;

import static io.ringvault.coordinator.fakes.TestMessages.T0;
import static io.ringvault.coordinator.schedule.ScheduleFixture.assertRefused;
import static io.ringvault.coordinator.schedule.ScheduleFixture.schedule;
import static io.ringvault.coordinator.schedule.ScheduleFixture.withRetention;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.Envelope;
import io.ringvault.common.message.MissedFirings;
import io.ringvault.common.message.Payload;
import io.ringvault.common.message.Retention;
import io.ringvault.common.message.ScheduleCreateRequested;
import io.ringvault.common.message.ScheduleCreated;
import io.ringvault.common.message.ScheduleDeleteRequested;
import io.ringvault.common.message.ScheduleEvent;
import io.ringvault.common.message.SchedulePauseRequested;
import io.ringvault.common.message.ScheduleResumeRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScheduleServiceTest {
    final ScheduleFixture fixture = new ScheduleFixture();
    final ScheduleService service = fixture.service;

    @AfterEach
    void close() {
        fixture.close();
    }

    private ScheduleService.Outcome submit(io.ringvault.common.message.ScheduleRequest request) {
        return service.submit(request, "/cli/alice", "rest");
    }

    @Test
    void shouldRecordACreatedScheduleOnItsOwnKeyAndShowItWithItsNextFiringInUtcAndInItsZone() {
        ScheduleCreateRequested nightly = withRetention("nightly", new Retention(7, null, null, null, null));

        ScheduleService.Outcome outcome = submit(nightly);

        assertThat(outcome).isEqualTo(new ScheduleService.Outcome("nightly", "active", true));
        assertThat(fixture.events.published(ScheduleCreated.class))
                .containsExactly(new ScheduleCreated(nightly, "rest", "/cli/alice"));
        ScheduleView view = fixture.views.get("nightly");
        assertThat(view.state()).isEqualTo("active");
        assertThat(view.cron()).isEqualTo("0 2 * * *");
        assertThat(view.timeZone()).isEqualTo("Europe/Paris");
        assertThat(view.retention()).isEqualTo(new Retention(7, null, null, null, null));
        assertThat(view.missedFirings()).isEqualTo(MissedFirings.CATCH_UP);
        assertThat(view.createdAt()).isEqualTo(T0);
        // T0 is 2026-11-21T00:00Z, 01:00 in Paris: the next 02:00 in Paris is 01:00 UTC.
        assertThat(view.nextFiring().utc()).isEqualTo(Instant.parse("2026-11-21T01:00:00Z"));
        assertThat(view.nextFiring().local()).isEqualTo("2026-11-21T02:00:00+01:00[Europe/Paris]");
        assertThat(fixture.views.list()).extracting(ScheduleView::name).containsExactly("nightly");
    }

    @Test
    void shouldRefuseWhatCannotBeAScheduleNamingTheProblemAndWriteNothing() {
        assertRefused(() -> submit(schedule("bad", "0 2 * *", null)), "invalid-cron", 400, "0 2 * *", "4 fields");
        assertRefused(() -> submit(schedule("bad", "0 61 * * *", null)), "invalid-cron", 400, "0 61 * * *");
        assertRefused(
                () -> submit(new ScheduleCreateRequested(
                        "bad",
                        "@daily",
                        "Mars/Olympus",
                        List.of("ks"),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null)),
                "invalid-time-zone",
                400,
                "Mars/Olympus");
        assertRefused(
                () -> submit(withRetention("bad", new Retention(0, "PT5M", null, null, null))),
                "invalid-retention",
                400,
                "keepLast 0",
                "maxAge PT5M");
        assertRefused(
                () -> submit(withRetention("bad", new Retention(null, null, null, null, null))),
                "invalid-retention",
                400,
                "no rule");
        assertRefused(
                () -> submit(new ScheduleCreateRequested(
                        "bad", "@daily", null, List.of("nope"), null, null, null, null, null, null, null, null)),
                "unknown-keyspace",
                400,
                "nope");
        assertRefused(
                () -> submit(new ScheduleCreateRequested(
                        "bad",
                        "@daily",
                        null,
                        List.of("ks"),
                        List.of("ks.t9"),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null)),
                "unknown-table",
                400,
                "ks.t9");
        assertRefused(
                () -> submit(new ScheduleCreateRequested(
                        "bad",
                        "@daily",
                        null,
                        List.of("ks"),
                        null,
                        List.of("dc9"),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null)),
                "unknown-datacenter",
                400,
                "dc9");
        assertRefused(
                () -> submit(new ScheduleCreateRequested(
                        "bad", "@daily", null, List.of("ks"), null, null, null, null, true, null, null, null)),
                "invalid-data",
                400,
                "deep");

        assertThat(fixture.events.published()).isEmpty();
        assertThat(fixture.views.list()).isEmpty();
    }

    @Test
    void shouldRefuseASecondScheduleOfTheSameNameAndUnknownNames() {
        submit(schedule("nightly", "0 2 * * *", null));

        assertRefused(() -> submit(schedule("nightly", "0 3 * * *", null)), "schedule-exists", 409, "nightly");
        assertRefused(() -> submit(new SchedulePauseRequested("nope", null)), "unknown-schedule", 404, "nope");
        assertRefused(() -> submit(new ScheduleResumeRequested("nope", null)), "unknown-schedule", 404, "nope");
        assertRefused(() -> submit(new ScheduleDeleteRequested("nope", null)), "unknown-schedule", 404, "nope");
        assertThat(fixture.events.published()).hasSize(1);
    }

    @Test
    void shouldPauseResumeAndDeleteWritingOnlyChanges() {
        submit(schedule("nightly", "0 2 * * *", null));

        assertThat(submit(new SchedulePauseRequested("nightly", "bob")))
                .isEqualTo(new ScheduleService.Outcome("nightly", "paused", true));
        assertThat(submit(new SchedulePauseRequested("nightly", "bob")).changed())
                .isFalse();
        ScheduleView paused = fixture.views.get("nightly");
        assertThat(paused.state()).isEqualTo("paused");
        assertThat(paused.pausedBy()).isEqualTo("bob");
        assertThat(paused.nextFiring()).isNull();

        fixture.clock.advance(Duration.ofHours(1));
        assertThat(submit(new ScheduleResumeRequested("nightly", "bob")).changed())
                .isTrue();
        assertThat(submit(new ScheduleResumeRequested("nightly", "bob")).changed())
                .isFalse();
        assertThat(fixture.views.get("nightly").state()).isEqualTo("active");

        assertThat(submit(new ScheduleDeleteRequested("nightly", "bob")))
                .isEqualTo(new ScheduleService.Outcome("nightly", "deleted", true));
        assertRefused(() -> fixture.views.get("nightly"), "unknown-schedule", 404, "nightly");
        assertThat(fixture.events.publishedTypes())
                .containsExactly(
                        "io.ringvault.schedule.created",
                        "io.ringvault.schedule.paused",
                        "io.ringvault.schedule.resumed",
                        "io.ringvault.schedule.deleted");
        // The name is free again.
        assertThat(submit(schedule("nightly", "0 4 * * *", null)).changed()).isTrue();
        assertThat(fixture.views.get("nightly").cron()).isEqualTo("0 4 * * *");
    }

    @Test
    void shouldRebuildTheSameSchedulesFromTheLogAfterARestart() {
        submit(schedule("nightly", "0 2 * * *", null));
        submit(schedule("hourly", "@hourly", MissedFirings.SKIP));
        submit(new SchedulePauseRequested("hourly", "bob"));
        submit(schedule("gone", "@daily", null));
        submit(new ScheduleDeleteRequested("gone", null));

        ScheduleLog replayed = new ScheduleLog();
        for (Payload event : fixture.events.published()) {
            ScheduleEvent scheduleEvent = (ScheduleEvent) event;
            replayed.apply(new Envelope<>(
                    "e-" + replayed.hashCode(), "/test", null, T0, ScheduleEvent.keyOf(scheduleEvent.name()), event));
        }

        assertThat(new ScheduleViews(replayed, fixture.log, fixture.clock).list())
                .isEqualTo(fixture.views.list())
                .extracting(ScheduleView::name, ScheduleView::state)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("nightly", "active"),
                        org.assertj.core.groups.Tuple.tuple("hourly", "paused"));
    }
}
