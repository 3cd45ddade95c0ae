package io.ringvault.coordinator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CronScheduleTest {

    private static List<String> firings(CronSchedule schedule, String after, int count) {
        List<String> firings = new ArrayList<>();
        Instant at = Instant.parse(after);
        for (int i = 0; i < count; i++) {
            at = schedule.next(at);
            firings.add(schedule.local(at).toOffsetDateTime().toString());
        }
        return firings;
    }

    @Test
    void shouldReadTheFiveFieldUnixFormWithASecondsFieldOfZero() {
        assertThat(CronSchedule.toSixFields("0 2 * * *")).isEqualTo("0 0 2 * * *");
        assertThat(CronSchedule.toSixFields("  */15   9-17 * * MON-FRI ")).isEqualTo("0 */15 9-17 * * MON-FRI");
        assertThat(CronSchedule.toSixFields("*/5 * * * * *")).isEqualTo("*/5 * * * * *");
        assertThat(CronSchedule.toSixFields("@Daily")).isEqualTo("@daily");

        CronSchedule nightly = CronSchedule.of("0 2 * * *", "UTC");
        assertThat(nightly.next(Instant.parse("2026-11-21T01:59:59Z"))).isEqualTo("2026-11-21T02:00:00Z");
        assertThat(nightly.next(Instant.parse("2026-11-21T02:00:00Z"))).isEqualTo("2026-11-22T02:00:00Z");
    }

    @Test
    void shouldReadTheSixFieldFormWithSecondsAndTheMacros() {
        CronSchedule everyFiveSeconds = CronSchedule.of("*/5 * * * * *", "UTC");
        assertThat(everyFiveSeconds.next(Instant.parse("2026-11-21T00:00:03Z"))).isEqualTo("2026-11-21T00:00:05Z");

        CronSchedule daily = CronSchedule.of("@daily", "Europe/Paris");
        assertThat(daily.next(Instant.parse("2026-11-21T12:00:00Z"))).isEqualTo("2026-11-21T23:00:00Z");
        assertThat(CronSchedule.of("@hourly", "UTC").next(Instant.parse("2026-11-21T12:00:00Z")))
                .isEqualTo("2026-11-21T13:00:00Z");
    }

    @Test
    void shouldKeepANightlyBackupAtTwoOClockLocalTimeAcrossBothDstChangesInParis() {
        CronSchedule nightly = CronSchedule.of("0 2 * * *", "Europe/Paris");

        // 2026-03-29: the clocks go from 02:00 to 03:00. The night still has its backup, at the first time that exists.
        assertThat(firings(nightly, "2026-03-27T12:00:00Z", 4))
                .containsExactly(
                        "2026-03-28T02:00+01:00",
                        "2026-03-29T03:00+02:00",
                        "2026-03-30T02:00+02:00",
                        "2026-03-31T02:00+02:00");
        // 2026-10-25: 02:00 to 03:00 happens twice. One backup, at the first 02:00.
        assertThat(firings(nightly, "2026-10-23T12:00:00Z", 4))
                .containsExactly(
                        "2026-10-24T02:00+02:00",
                        "2026-10-25T02:00+02:00",
                        "2026-10-26T02:00+01:00",
                        "2026-10-27T02:00+01:00");
    }

    @Test
    void shouldShiftATimeInTheSpringGapByTheGapAndFireOnceInTheAutumnOverlap() {
        CronSchedule halfPastTwo = CronSchedule.of("30 2 * * *", "Europe/Paris");

        assertThat(firings(halfPastTwo, "2026-03-28T12:00:00Z", 2))
                .containsExactly("2026-03-29T03:30+02:00", "2026-03-30T02:30+02:00");
        // Asked from inside the repeated hour (02:45 the second time, UTC+1): the 02:30 of that night is over.
        assertThat(halfPastTwo.next(Instant.parse("2026-10-25T01:45:00Z"))).isEqualTo("2026-10-26T01:30:00Z");
        assertThat(firings(halfPastTwo, "2026-10-24T12:00:00Z", 2))
                .containsExactly("2026-10-25T02:30+02:00", "2026-10-26T02:30+01:00");
    }

    @Test
    void shouldRefuseExpressionsThatDoNotParseOrNeverFire() {
        assertThatThrownBy(() -> CronSchedule.of("0 2 * *", "UTC"))
                .isInstanceOf(CronSchedule.InvalidCronException.class)
                .hasMessageContaining("has 4 fields");
        assertThatThrownBy(() -> CronSchedule.of("0 25 * * *", "UTC"))
                .isInstanceOf(CronSchedule.InvalidCronException.class)
                .hasMessageContaining("'0 25 * * *' is not valid");
        assertThatThrownBy(() -> CronSchedule.of("@fortnightly", "UTC"))
                .isInstanceOf(CronSchedule.InvalidCronException.class);
        assertThatThrownBy(() -> CronSchedule.of("0 0 30 2 *", "UTC"))
                .isInstanceOf(CronSchedule.InvalidCronException.class)
                .hasMessageContaining("never fires");
        assertThatThrownBy(() -> CronSchedule.of("0 2 * * *", "Europe/Atlantis"))
                .isInstanceOf(DateTimeException.class);
    }
}
