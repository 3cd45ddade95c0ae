package io.ringvault.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContinuousCommandTest {
    @Test
    void shouldTurnAnIntervalThatDividesAMinuteOrAnHourIntoACronExpression() {
        assertThat(ContinuousCommand.cron(Duration.ofSeconds(30))).isEqualTo("*/30 * * * * *");
        assertThat(ContinuousCommand.cron(Duration.ofSeconds(5))).isEqualTo("*/5 * * * * *");
        assertThat(ContinuousCommand.cron(Duration.ofMinutes(15))).isEqualTo("0 */15 * * * *");
        assertThat(ContinuousCommand.cron(Duration.ofHours(1))).isEqualTo("0 0 * * * *");
    }

    @Test
    void shouldRefuseAnIntervalNoCronExpressionKeeps() {
        for (Duration interval :
                List.of(Duration.ofSeconds(7), Duration.ofSeconds(90), Duration.ofMillis(500), Duration.ofHours(2))) {
            assertThatThrownBy(() -> ContinuousCommand.cron(interval))
                    .as("%s", interval)
                    .hasMessageContaining("--interval");
        }
    }

    @Test
    void shouldNameTheScheduleAfterItsKeyspacesUnlessNamed() {
        assertThat(ContinuousCommand.name(null, List.of("shop", "users"))).isEqualTo("continuous-shop-users");
        assertThat(ContinuousCommand.name("mine", List.of("shop"))).isEqualTo("mine");
    }
}
