package io.ringvault.connections.kafka;

import io.ringvault.common.Topic;
import io.ringvault.common.TopicNames;
import java.util.Arrays;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The topics a service reads or writes, declared so that Spring's {@link KafkaAdmin} creates them (or raises their
 * partition count) at start-up, before any listener container starts.
 *
 * <p>Why every service declares its own: no deployment may rely on the broker creating topics on first use. A consumer
 * that subscribes first would get a one-partition topic, and would see the partitions added later only at its next
 * metadata refresh, five minutes on. Every service takes partition counts and configs from the same {@link Topic}, so
 * whichever starts first creates the topic as the others expect it.
 */
public final class DeclaredTopics {
    private DeclaredTopics() {}

    /** {@code topics} under the deployment's names, each with its partitions and configs. */
    public static KafkaAdmin.NewTopics of(TopicNames names, Topic... topics) {
        return new KafkaAdmin.NewTopics(Arrays.stream(topics)
                .map(topic ->
                        new NewTopic(names.nameOf(topic), topic.partitions(), (short) -1).configs(topic.configs()))
                .toArray(NewTopic[]::new));
    }
}
