package io.ringvault.coordinator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.TopicNames;
import io.ringvault.connections.CassandraConnection;
import io.ringvault.connections.kafka.EventPublisher;
import io.ringvault.coordinator.CoordinatorApplication;
import io.ringvault.coordinator.messaging.RequestListener;
import io.ringvault.coordinator.operation.EventSink;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;

/**
 * The coordinator's wiring with its own application.yml and no variable set, so every placeholder is empty: the
 * settings take the records' defaults and the shared plumbing comes from the auto-configuration. Neither a broker nor
 * Cassandra is needed: the listeners do not start, no topic is created, and the cluster is reached on first use only.
 */
class CoordinatorWiringTest {

    @Test
    void shouldWireWithTheDefaultsOfTheSettingsRecords(@TempDir Path objects) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(CoordinatorApplication.class)
                .web(WebApplicationType.NONE)
                // As command-line arguments: they win over application.yml, as the test's settings must.
                .run(
                        "--spring.kafka.bootstrap-servers=127.0.0.1:9",
                        "--spring.kafka.listener.auto-startup=false",
                        "--spring.kafka.admin.auto-create=false",
                        // The one ringvault setting given: the filesystem store's directory, so the test leaves
                        // nothing.
                        "--ringvault.storage.filesystem.root=" + objects)) {
            CoordinatorProperties properties = context.getBean(CoordinatorProperties.class);
            assertThat(properties.source()).isEqualTo("/ringvault/coordinator");
            assertThat(properties.consumerGroup()).isEqualTo("ringvault-coordinator");
            assertThat(properties.nodeTimeout()).isEqualTo(Duration.ofMinutes(10));
            assertThat(properties.timeoutSweep()).isEqualTo(Duration.ofSeconds(5));
            assertThat(properties.cassandra()).isEqualTo(CassandraConnection.defaults());
            assertThat(context.getBean("topicNames", TopicNames.class)).isEqualTo(TopicNames.defaults());
            assertThat(context.getBean(EventPublisher.class).source()).isEqualTo("/ringvault/coordinator");
            assertThat(context.getBeansOfType(EventSink.class)).hasSize(1);
            assertThat(context.getBean(RequestListener.class).groupId()).isEqualTo("ringvault-coordinator-requests");
            // The timeout sweep, every timeout-sweep; the schedules' tick, every second.
            assertThat(context.getBean(ScheduledTaskHolder.class).getScheduledTasks())
                    .extracting(ScheduledTask::getTask)
                    .filteredOn(task -> task instanceof FixedDelayTask)
                    .extracting(task -> ((FixedDelayTask) task).getIntervalDuration())
                    .containsExactlyInAnyOrder(Duration.ofSeconds(5), Duration.ofSeconds(1));
            ScheduleProperties schedules = context.getBean(ScheduleProperties.class);
            assertThat(schedules.missedAfter()).isEqualTo(Duration.ofMinutes(1));
            assertThat(schedules.settle()).isEqualTo(Duration.ofSeconds(3));
        }
    }
}
