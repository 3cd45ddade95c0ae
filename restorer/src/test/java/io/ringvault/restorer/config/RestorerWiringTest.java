package io.ringvault.restorer.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.TopicNames;
import io.ringvault.connections.kafka.EventPublisher;
import io.ringvault.connections.kafka.EventsReplay;
import io.ringvault.restorer.RestorerApplication;
import io.ringvault.restorer.messaging.RestoreCommandListener;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The restorer's wiring with its own application.yml and no variable set, so every placeholder is empty: the settings
 * take the records' defaults and the shared plumbing comes from the auto-configuration. Neither a broker nor Cassandra
 * is needed: the listeners do not start, no topic is created, and the target cluster is reached on first use only.
 */
class RestorerWiringTest {

    @Test
    void shouldWireWithTheDefaultsOfTheSettingsRecords(@TempDir Path objects) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(RestorerApplication.class)
                .web(WebApplicationType.NONE)
                // As command-line arguments: they win over application.yml, as the test's settings must.
                .run(
                        "--spring.kafka.bootstrap-servers=127.0.0.1:9",
                        "--spring.kafka.listener.auto-startup=false",
                        "--spring.kafka.admin.auto-create=false",
                        // The one ringvault setting given: the filesystem store's directory, so the test leaves
                        // nothing.
                        "--ringvault.storage.filesystem.root=" + objects)) {
            assertThat(context.getBean(RestorerProperties.class)).isEqualTo(RestorerProperties.defaults());
            assertThat(context.getBean("topicNames", TopicNames.class)).isEqualTo(TopicNames.defaults());
            assertThat(context.getBean(EventPublisher.class).source()).isEqualTo("/ringvault/restorer");
            assertThat(context.getBean(EventsReplay.class).topic()).isEqualTo("ringvault.events");
            assertThat(context.getBean(RestoreCommandListener.class).groupId()).isEqualTo("ringvault-restorer");
        }
    }
}
