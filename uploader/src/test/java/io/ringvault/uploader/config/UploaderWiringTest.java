package io.ringvault.uploader.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.TopicNames;
import io.ringvault.connections.kafka.DeadLetters;
import io.ringvault.connections.kafka.EventPublisher;
import io.ringvault.connections.kafka.RecordDecoder;
import io.ringvault.uploader.UploaderApplication;
import io.ringvault.uploader.messaging.CancelListener;
import io.ringvault.uploader.messaging.FileReadyListener;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The uploader's wiring with its own application.yml and no variable set, so every placeholder is empty: the settings
 * take the records' defaults and the shared plumbing comes from the auto-configuration. No broker is needed: the
 * listeners do not start and no topic is created.
 */
class UploaderWiringTest {

    @Test
    void shouldWireWithTheDefaultsOfTheSettingsRecords(@TempDir Path objects) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(UploaderApplication.class)
                .web(WebApplicationType.NONE)
                // As command-line arguments: they win over application.yml, as the test's settings must.
                .run(
                        "--spring.kafka.bootstrap-servers=127.0.0.1:9",
                        "--spring.kafka.listener.auto-startup=false",
                        "--spring.kafka.admin.auto-create=false",
                        // The one ringvault setting given: the filesystem store's directory, so the test leaves
                        // nothing.
                        "--ringvault.storage.filesystem.root=" + objects)) {
            UploaderProperties properties = context.getBean(UploaderProperties.class);
            assertThat(properties).isEqualTo(UploaderProperties.defaults());
            assertThat(context.getBean("topicNames", TopicNames.class)).isEqualTo(TopicNames.defaults());
            assertThat(context.getBean(EventPublisher.class).source()).isEqualTo("/ringvault/uploader");
            assertThat(context.getBeansOfType(DeadLetters.class)).hasSize(1);
            assertThat(context.getBeansOfType(RecordDecoder.class)).hasSize(1);
            assertThat(context.getBean(FileReadyListener.class).groupId()).isEqualTo("ringvault-uploader");
            assertThat(context.getBean(CancelListener.class).groupId()).startsWith("ringvault-uploader-cancel-");
        }
    }
}
