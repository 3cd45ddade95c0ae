package io.ringvault.uploader;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.Topic;
import io.ringvault.testkit.SharedStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The uploader as it starts: on the real Kafka, with its own topic names. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UploaderApplicationTest {
    private static final String PREFIX =
            "app-test-" + UUID.randomUUID().toString().substring(0, 8);

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> SharedStack.get().kafkaBootstrapServers());
        registry.add("ringvault.topics.commands", () -> PREFIX + ".commands");
        registry.add("ringvault.topics.files", () -> PREFIX + ".files");
        registry.add("ringvault.topics.events", () -> PREFIX + ".events");
        registry.add("ringvault.topics.dlq", () -> PREFIX + ".dlq");
    }

    @Test
    void shouldStartAndReportHealthUp() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    /** The broker creates no topic on first use: the uploader creates its own, with their partitions, as it starts. */
    @Test
    void shouldCreateItsTopicsWithTheirPartitionsBeforeConsuming() throws Exception {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedStack.get().kafkaBootstrapServers()))) {
            Map<String, TopicDescription> topics = admin.describeTopics(
                            List.of(PREFIX + ".commands", PREFIX + ".files", PREFIX + ".events", PREFIX + ".dlq"))
                    .allTopicNames()
                    .get();
            assertThat(topics.get(PREFIX + ".commands").partitions()).hasSize(Topic.COMMANDS.partitions());
            assertThat(topics.get(PREFIX + ".files").partitions()).hasSize(Topic.FILES.partitions());
            assertThat(topics.get(PREFIX + ".events").partitions()).hasSize(Topic.EVENTS.partitions());
            assertThat(topics.get(PREFIX + ".dlq").partitions()).hasSize(Topic.DLQ.partitions());
        }
    }
}
