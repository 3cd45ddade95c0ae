package io.ringvault.coordinator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class GcPropertiesTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Enabled.class);

    @Test
    void shouldTakeSixHoursForAnEmptyValue() {
        runner.withPropertyValues("ringvault.coordinator.gc.grace-period=")
                .run(context -> assertThat(context.getBean(GcProperties.class).gracePeriod())
                        .isEqualTo(Duration.ofHours(6)));
    }

    @Test
    void shouldTakeZeroAndAnIsoDuration() {
        runner.withPropertyValues("ringvault.coordinator.gc.grace-period=PT0S")
                .run(context -> assertThat(context.getBean(GcProperties.class).gracePeriod())
                        .isZero());
        runner.withPropertyValues("ringvault.coordinator.gc.grace-period=P1D")
                .run(context -> assertThat(context.getBean(GcProperties.class).gracePeriod())
                        .isEqualTo(Duration.ofDays(1)));
    }

    @Test
    void shouldRefuseANegativeGracePeriodAtStartUpNamingTheProperty() {
        runner.withPropertyValues("ringvault.coordinator.gc.grace-period=-1h")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("ringvault.coordinator.gc.grace-period"));
    }

    @EnableConfigurationProperties(GcProperties.class)
    static class Enabled {}
}
