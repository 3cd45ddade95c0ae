package io.ringvault.restorer.config;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Topic;
import io.ringvault.common.TopicNames;
import io.ringvault.connections.CqlSessions;
import io.ringvault.connections.EmptyKafkaPropertiesRemover;
import io.ringvault.connections.kafka.DeadLetters;
import io.ringvault.connections.kafka.DeclaredTopics;
import io.ringvault.connections.kafka.ListenerErrorHandlers;
import io.ringvault.connections.kafka.ListenerErrorHandlers.Retries;
import io.ringvault.restorer.agent.AgentClient;
import io.ringvault.restorer.agent.AgentUrls;
import io.ringvault.restorer.cluster.CassandraTargetCluster;
import io.ringvault.restorer.messaging.CancelListener;
import io.ringvault.restorer.messaging.EventPublisher;
import io.ringvault.restorer.messaging.KafkaRestoreEvents;
import io.ringvault.restorer.messaging.OperationHistory;
import io.ringvault.restorer.messaging.RestoreCommandListener;
import io.ringvault.restorer.restore.AgentRefused;
import io.ringvault.restorer.restore.CancelRegistry;
import io.ringvault.restorer.restore.RestoreMetrics;
import io.ringvault.restorer.restore.RestorePlanner;
import io.ringvault.restorer.restore.RestoreService;
import io.ringvault.restorer.restore.SchemaRestorer;
import io.ringvault.storage.Bandwidth;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.ObjectStores;
import io.ringvault.storage.StorageException;
import io.ringvault.storage.StorageProperties;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties;

/** Wires the restorer: the object store, the target cluster, the agents, the retry policy and the Kafka plumbing. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({RestorerProperties.class, TopicsProperties.class, StorageProperties.class})
@Import(EmptyKafkaPropertiesRemover.class)
public class RestorerConfig {
    private static final Logger LOG = LoggerFactory.getLogger(RestorerConfig.class);

    @Bean
    TopicNames topicNames(TopicsProperties properties) {
        return properties.names();
    }

    /** The topics the restorer reads and writes, created with their partitions and configuration when missing. */
    @Bean
    KafkaAdmin.NewTopics ringvaultTopics(TopicNames names) {
        return DeclaredTopics.of(names, Topic.COMMANDS, Topic.EVENTS, Topic.DLQ);
    }

    @Bean
    CloudEventCodec cloudEventCodec() {
        return new CloudEventCodec();
    }

    @Bean(destroyMethod = "close")
    ObjectStore objectStore(StorageProperties storage) {
        ObjectStore store = ObjectStores.open(storage);
        LOG.info("object store {}", store.describe());
        return store;
    }

    @Bean(destroyMethod = "close")
    CassandraTargetCluster targetCluster(RestorerProperties properties) {
        RestorerProperties.Cassandra cassandra = properties.cassandra();
        return new CassandraTargetCluster(CqlSessions.connector(
                cassandra.contactPoints(),
                cassandra.localDatacenter(),
                cassandra.username(),
                cassandra.password(),
                cassandra.ssl()));
    }

    /**
     * The one place that decides what is worth another attempt: a node agent that cannot be reached or answers that it
     * is busy or failing (it may be restarting), and object-store errors the store classified as retryable.
     */
    public static boolean retryable(Throwable e) {
        if (e instanceof AgentRefused agent) {
            return agent.retryable();
        }
        if (e instanceof StorageException storage) {
            return storage.retryable();
        }
        return e instanceof IOException || e instanceof java.io.UncheckedIOException;
    }

    @Bean
    Retry agentRetry(RestorerProperties properties) {
        RestorerProperties.Retry settings = properties.retry();
        return Retry.of(
                "agent-transfer",
                RetryConfig.custom()
                        .maxAttempts(settings.maxAttempts())
                        .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(
                                settings.initialBackoff(), 2.0, 0.5, settings.maxBackoff()))
                        .retryOnException(RestorerConfig::retryable)
                        .build());
    }

    @Bean
    AgentClient agentClient(RestorerProperties properties) {
        return new AgentClient(properties.agentToken(), properties.agentTimeout(), properties.importTimeout());
    }

    @Bean
    CancelRegistry cancelRegistry() {
        return new CancelRegistry();
    }

    @Bean
    RestoreMetrics restoreMetrics(MeterRegistry registry) {
        return new RestoreMetrics(registry);
    }

    @Bean
    EventPublisher eventPublisher(
            KafkaTemplate<String, byte[]> kafka,
            CloudEventCodec codec,
            TopicNames topics,
            RestorerProperties properties) {
        return new EventPublisher(kafka, codec, topics, properties.source());
    }

    @Bean(destroyMethod = "close")
    RestoreService restoreService(
            RestorerProperties properties,
            StorageProperties storage,
            ObjectStore store,
            CloudEventCodec codec,
            CassandraTargetCluster cluster,
            AgentClient agents,
            EventPublisher publisher,
            CancelRegistry cancels,
            Retry agentRetry,
            RestoreMetrics metrics) {
        RestorePlanner planner = new RestorePlanner(
                store,
                storage.prefix(),
                codec.mapper(),
                cluster,
                new AgentUrls(properties.agentUrls(), properties.agentUrlTemplate()));
        return new RestoreService(
                planner,
                new SchemaRestorer(cluster),
                cluster,
                store,
                agents,
                new KafkaRestoreEvents(publisher),
                cancels,
                agentRetry,
                Bandwidth.of(properties.maxBytesPerSecond().toBytes()),
                metrics,
                properties.progressInterval(),
                properties.nodeParallelism(),
                properties.fileParallelism());
    }

    @Bean
    OperationHistory operationHistory(ConsumerFactory<String, byte[]> consumers, TopicNames topics) {
        return new OperationHistory(consumers.getConfigurationProperties(), topics.events(), Duration.ofMinutes(2));
    }

    @Bean
    RestoreCommandListener restoreCommandListener(
            CloudEventCodec codec, RestoreService restores, OperationHistory history) {
        return new RestoreCommandListener(codec, restores, history);
    }

    @Bean
    CancelListener cancelListener(CloudEventCodec codec, CancelRegistry cancels, RestorerProperties properties) {
        return new CancelListener(
                codec,
                cancels,
                properties.consumerGroup() + "-cancel-"
                        + UUID.randomUUID().toString().substring(0, 8));
    }

    /**
     * One restore at a time per instance, in the listener thread; the record is committed when the restore is over.
     * What escapes the listener (Kafka failing to take the final event) is retried with back-off: the restore then
     * runs again and finds its work done. After five minutes of failing, the command is dead-lettered: the
     * restore then fails on the coordinator's node timeout rather than the partition staying blocked.
     */
    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> commandsContainerFactory(
            ConsumerFactory<String, byte[]> consumers, KafkaTemplate<String, byte[]> kafka, TopicNames topics) {
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory =
                new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumers);
        factory.setConcurrency(1);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.RECORD);
        factory.setCommonErrorHandler(
                ListenerErrorHandlers.create(Retries.DEFAULT, new DeadLetters(kafka, topics.dlq())));
        return factory;
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> cancelsContainerFactory(
            ConsumerFactory<String, byte[]> consumers) {
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory =
                new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumers);
        factory.setConcurrency(1);
        return factory;
    }
}
