package io.ringvault.coordinator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.message.Retention;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class RetentionPropertiesTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Enabled.class);

    @Test
    void shouldHaveNoClusterPolicyAndUtcBucketsByDefault() {
        runner.withPropertyValues(
                        "ringvault.coordinator.retention.max-age=", "ringvault.coordinator.retention.time-zone=")
                .run(context -> {
                    RetentionProperties properties = context.getBean(RetentionProperties.class);
                    assertThat(properties.policy()).isNull();
                    assertThat(properties.zone()).isEqualTo(ZoneId.of("UTC"));
                });
    }

    @Test
    void shouldBindTheClusterPolicyAndItsTimeZone() {
        runner.withPropertyValues(
                        "ringvault.coordinator.retention.keep-last=7",
                        "ringvault.coordinator.retention.max-age=P30D",
                        "ringvault.coordinator.retention.keep-weekly=4",
                        "ringvault.coordinator.retention.time-zone=Europe/Paris")
                .run(context -> {
                    RetentionProperties properties = context.getBean(RetentionProperties.class);
                    assertThat(properties.policy()).isEqualTo(new Retention(7, "P30D", null, 4, null));
                    assertThat(properties.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
                });
    }

    @Test
    void shouldRefuseABadPolicyAtStartUpNamingTheProperty() {
        Map<String, String> refused = Map.of(
                "keep-last=0", "ringvault.coordinator.retention.keep-last 0 is outside 1..100000",
                "keep-monthly=-1", "ringvault.coordinator.retention.keep-monthly -1 is outside 0..100000",
                "max-age=PT5M", "ringvault.coordinator.retention.max-age PT5M is shorter than PT1H",
                "max-age=30 days", "ringvault.coordinator.retention.max-age 30 days is not an ISO-8601 duration",
                "time-zone=Mars/Olympus",
                        "ringvault.coordinator.retention.time-zone: 'Mars/Olympus' is not a time zone");
        refused.forEach((setting, message) -> runner.withPropertyValues("ringvault.coordinator.retention." + setting)
                .run(context -> assertThat(context)
                        .as(setting)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining(message)));
    }

    @EnableConfigurationProperties(RetentionProperties.class)
    static class Enabled {}
}
