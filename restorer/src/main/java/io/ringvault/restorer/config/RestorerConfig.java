package io.ringvault.restorer.config;

import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.MeterRegistry;
import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Topic;
import io.ringvault.common.TopicNames;
import io.ringvault.connections.CqlSessions;
import io.ringvault.connections.Secret;
import io.ringvault.connections.kafka.DeadLetters;
import io.ringvault.connections.kafka.DeclaredTopics;
import io.ringvault.connections.kafka.EventPublisher;
import io.ringvault.connections.kafka.EventsReplay;
import io.ringvault.connections.kafka.ListenerErrorHandlers;
import io.ringvault.connections.kafka.ListenerErrorHandlers.Retries;
import io.ringvault.connections.kafka.RecordDecoder;
import io.ringvault.connections.retry.RetryPolicies;
import io.ringvault.restorer.agent.AgentClient;
import io.ringvault.restorer.agent.AgentUrls;
import io.ringvault.restorer.cluster.CassandraTargetCluster;
import io.ringvault.restorer.copy.BackupCopier;
import io.ringvault.restorer.delete.BackupDeleter;
import io.ringvault.restorer.gc.GarbageCollector;
import io.ringvault.restorer.logical.LogicalRestorer;
import io.ringvault.restorer.messaging.CancelListener;
import io.ringvault.restorer.messaging.KafkaCopyEvents;
import io.ringvault.restorer.messaging.KafkaDeleteEvents;
import io.ringvault.restorer.messaging.KafkaGcEvents;
import io.ringvault.restorer.messaging.KafkaRestoreEvents;
import io.ringvault.restorer.messaging.KafkaVerifyEvents;
import io.ringvault.restorer.messaging.RestoreCommandListener;
import io.ringvault.restorer.restore.CancelRegistry;
import io.ringvault.restorer.restore.RestoreMetrics;
import io.ringvault.restorer.restore.RestorePlanner;
import io.ringvault.restorer.restore.RestoreService;
import io.ringvault.restorer.restore.SchemaRestorer;
import io.ringvault.restorer.verify.BackupVerifier;
import io.ringvault.storage.Bandwidth;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.ObjectStores;
import io.ringvault.storage.StorageProperties;
import io.ringvault.storage.StorageTargets;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties;

/**
 * Wires the restorer: the object store, the target cluster, the agents, the retry policy and the Kafka plumbing. The
 * topic names, the codec, the dead letters, the listeners' decoder and the events replay come from {@code connections}'
 * auto-configuration.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({RestorerProperties.class, StorageProperties.class, StorageTargets.class})
public class RestorerConfig {
    private static final Logger LOG = LoggerFactory.getLogger(RestorerConfig.class);

    /** The topics the restorer reads and writes, created with their partitions and configuration when missing. */
    @Bean
    KafkaAdmin.NewTopics ringvaultTopics(TopicNames names) {
        return DeclaredTopics.of(names, Topic.COMMANDS, Topic.EVENTS, Topic.DLQ);
    }

    @Bean(destroyMethod = "close")
    ObjectStore objectStore(StorageProperties storage) {
        ObjectStore store = ObjectStores.open(storage);
        LOG.info("object store {}", store.describe());
        return store;
    }

    /**
     * The copy targets' stores, opened when the restorer starts with the same factory as the primary store: a target
     * whose settings cannot work (an S3 or GCS target without a bucket) stops the start-up, as the primary would.
     */
    @Bean(destroyMethod = "close")
    CopyTargetStores copyTargetStores(StorageTargets targets) {
        CopyTargetStores stores = new CopyTargetStores();
        for (String name : targets.names()) {
            ObjectStore store = targets.open(name);
            stores.put(name, store);
            LOG.info("copy target {}: object store {}", name, store.describe());
        }
        return stores;
    }

    /** The open stores of the copy targets by name; closes them with the context. */
    static final class CopyTargetStores extends java.util.TreeMap<String, ObjectStore> implements AutoCloseable {
        @Override
        public void close() {
            values().forEach(ObjectStore::close);
        }
    }

    @Bean(destroyMethod = "close")
    CassandraTargetCluster targetCluster(RestorerProperties properties) {
        return new CassandraTargetCluster(CqlSessions.connector(properties.cassandra()));
    }

    /**
     * Retries an agent or object-store call when its failure's reason is retryable (an agent that cannot be reached or
     * answers that it is busy or failing, a store that throttles or times out), with the restorer's attempts and
     * back-off.
     */
    @Bean
    Retry agentRetry(RestorerProperties properties) {
        RestorerProperties.Retry settings = properties.retry();
        return RetryPolicies.retry(
                "agent-transfer",
                new RetryPolicies.Policy(settings.maxAttempts(), settings.initialBackoff(), settings.maxBackoff()));
    }

    @Bean
    AgentClient agentClient(RestorerProperties properties) {
        return new AgentClient(
                Secret.valueOf(properties.agentToken()),
                properties.agentTimeout(),
                properties.importTimeout(),
                properties.repairTimeout());
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

    /** Logical backups, restored by the restorer itself through the target cluster's session. */
    @Bean(destroyMethod = "close")
    LogicalRestorer logicalRestorer(
            RestorerProperties properties,
            ObjectStore store,
            CassandraTargetCluster cluster,
            EventPublisher publisher,
            CancelRegistry cancels,
            Retry agentRetry) {
        RestorerProperties.Logical logical = properties.logical();
        return new LogicalRestorer(
                store,
                cluster::session,
                cluster,
                new SchemaRestorer(cluster),
                new KafkaRestoreEvents(publisher),
                cancels,
                agentRetry,
                new LogicalRestorer.Settings(
                        logical.parallelism(),
                        logical.maxInFlight(),
                        logical.maxRowsPerSecond(),
                        java.nio.file.Path.of(logical.workDirectory()),
                        properties.progressInterval()));
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
            RestoreMetrics metrics,
            LogicalRestorer logical) {
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
                properties.fileParallelism(),
                logical);
    }

    /** Verifies with the restores' retry policy: a store that throttles or times out is asked again. */
    @Bean(destroyMethod = "close")
    BackupVerifier backupVerifier(
            RestorerProperties properties,
            StorageProperties storage,
            ObjectStore store,
            CloudEventCodec codec,
            EventPublisher publisher,
            CancelRegistry cancels,
            Retry agentRetry) {
        return new BackupVerifier(
                store,
                storage.prefix(),
                codec.mapper(),
                new KafkaVerifyEvents(publisher),
                cancels,
                agentRetry,
                properties.progressInterval(),
                properties.verifyParallelism());
    }

    /** Copies with the restores' retry policy around each object, manifest and index write. */
    @Bean(destroyMethod = "close")
    BackupCopier backupCopier(
            RestorerProperties properties,
            StorageProperties storage,
            ObjectStore store,
            CopyTargetStores targets,
            CloudEventCodec codec,
            EventPublisher publisher,
            CancelRegistry cancels,
            Retry agentRetry) {
        return new BackupCopier(
                store,
                storage.prefix(),
                targets,
                codec.mapper(),
                new KafkaCopyEvents(publisher),
                cancels,
                agentRetry,
                properties.progressInterval(),
                properties.copyParallelism());
    }

    /**
     * Deletes and purges with the restores' retry policy: a store that throttles or times out is asked again.
     */
    @Bean
    BackupDeleter backupDeleter(
            RestorerProperties properties,
            StorageProperties storage,
            ObjectStore store,
            CloudEventCodec codec,
            EventPublisher publisher,
            CancelRegistry cancels,
            Retry agentRetry) {
        KafkaDeleteEvents events = new KafkaDeleteEvents(publisher);
        return new BackupDeleter(
                store,
                storage.prefix(),
                codec.mapper(),
                events,
                events,
                cancels,
                agentRetry,
                properties.progressInterval());
    }

    /** Collects garbage with the restores' retry policy around each read and batch delete. */
    @Bean
    GarbageCollector garbageCollector(
            RestorerProperties properties,
            StorageProperties storage,
            ObjectStore store,
            CloudEventCodec codec,
            EventPublisher publisher,
            CancelRegistry cancels,
            Retry agentRetry) {
        return new GarbageCollector(
                store,
                storage.prefix(),
                codec.mapper(),
                new KafkaGcEvents(publisher),
                cancels,
                agentRetry,
                properties.progressInterval());
    }

    @Bean
    RestoreCommandListener restoreCommandListener(
            RecordDecoder decoder,
            DeadLetters deadLetters,
            RestoreService restores,
            BackupVerifier verifier,
            BackupDeleter deleter,
            GarbageCollector collector,
            BackupCopier copier,
            EventsReplay events,
            RestorerProperties properties) {
        return new RestoreCommandListener(
                decoder,
                deadLetters,
                restores,
                verifier,
                deleter,
                collector,
                copier,
                events,
                properties.consumerGroup());
    }

    /** Every instance reads every cancel: a consumer group of its own, named after the shared one. */
    @Bean
    CancelListener cancelListener(RecordDecoder decoder, CancelRegistry cancels, RestorerProperties properties) {
        return new CancelListener(
                decoder,
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
            ConsumerFactory<String, byte[]> consumers, DeadLetters deadLetters) {
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory =
                new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumers);
        factory.setConcurrency(1);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.RECORD);
        factory.setCommonErrorHandler(ListenerErrorHandlers.create(Retries.DEFAULT, deadLetters));
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
