package io.ringvault.uploader.config;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.MeterRegistry;
import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Topic;
import io.ringvault.common.TopicNames;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.connections.Secret;
import io.ringvault.connections.kafka.DeadLetters;
import io.ringvault.connections.kafka.DeclaredTopics;
import io.ringvault.connections.kafka.EventPublisher;
import io.ringvault.connections.kafka.ListenerErrorHandlers;
import io.ringvault.connections.kafka.ListenerErrorHandlers.Retries;
import io.ringvault.connections.kafka.RecentRecordsReplay;
import io.ringvault.connections.kafka.RecordDecoder;
import io.ringvault.connections.retry.RetryPolicies;
import io.ringvault.storage.Bandwidth;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.ObjectStores;
import io.ringvault.storage.StorageProperties;
import io.ringvault.uploader.agent.AgentClient;
import io.ringvault.uploader.messaging.CancelListener;
import io.ringvault.uploader.messaging.FileReadyListener;
import io.ringvault.uploader.upload.CancelledBackups;
import io.ringvault.uploader.upload.FileUploader;
import io.ringvault.uploader.upload.SnapshotFileSource;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Wires the uploader: the object store, the file source, the retry and bandwidth policies, and the Kafka plumbing. The
 * topic names, the codec, the dead letters and the listeners' decoder come from {@code connections}'
 * auto-configuration.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({UploaderProperties.class, StorageProperties.class})
public class UploaderConfig {
    private static final Logger LOG = LoggerFactory.getLogger(UploaderConfig.class);

    /** The topics the uploader reads and writes, created with their partitions and configuration when missing. */
    @Bean
    KafkaAdmin.NewTopics ringvaultTopics(TopicNames names) {
        return DeclaredTopics.of(names, Topic.COMMANDS, Topic.FILES, Topic.EVENTS, Topic.DLQ);
    }

    @Bean(destroyMethod = "close")
    ObjectStore objectStore(StorageProperties storage) {
        ObjectStore store = ObjectStores.open(storage);
        LOG.info("object store {}", store.describe());
        return store;
    }

    @Bean
    ObjectLayout objectLayout(StorageProperties storage) {
        return new ObjectLayout(storage.prefix(), storage.cluster());
    }

    /** The uploader's retry settings as the one retry policy: bounded attempts, exponential back-off to a ceiling. */
    private static RetryPolicies.Policy retryPolicy(UploaderProperties properties) {
        UploaderProperties.Retry retry = properties.retry();
        return new RetryPolicies.Policy(retry.maxAttempts(), retry.initialBackoff(), retry.maxBackoff());
    }

    /** The policy's back-off (±50% jitter, capped), shared by the retry of files and the resumption of downloads. */
    @Bean
    IntervalFunction uploadBackoff(UploaderProperties properties) {
        return RetryPolicies.backoff(retryPolicy(properties));
    }

    /** Retries a file's lookup and transfer when its failure's reason is retryable. */
    @Bean
    Retry fileRetry(UploaderProperties properties) {
        return RetryPolicies.retry("file-transfer", retryPolicy(properties));
    }

    @Bean(destroyMethod = "close")
    SnapshotFileSource snapshotFileSource(UploaderProperties properties, IntervalFunction uploadBackoff) {
        return new SnapshotFileSource(
                new AgentClient(
                        Secret.valueOf(properties.agentToken()),
                        properties.agentTimeout(),
                        properties.agentTls().sslContext()),
                properties.directRead(),
                properties.retry().maxAttempts() - 1,
                uploadBackoff,
                properties.agentTimeout());
    }

    @Bean
    Bandwidth bandwidth(UploaderProperties properties) {
        return Bandwidth.of(properties.maxBytesPerSecond().toBytes());
    }

    @Bean
    CancelledBackups cancelledBackups(UploaderProperties properties) {
        return new CancelledBackups(
                properties.cancels().maxBackups(), properties.cancels().rememberFor(), Clock.systemUTC());
    }

    @Bean
    FileUploader fileUploader(
            ObjectStore store,
            ObjectLayout layout,
            SnapshotFileSource source,
            Bandwidth bandwidth,
            Retry fileRetry,
            CancelledBackups cancels) {
        return new FileUploader(store, layout, source, bandwidth, fileRetry, cancels);
    }

    /**
     * The outcomes of a batch are published without waiting for each ({@link EventPublisher#publishAsync}), so that
     * they share the producer's batches; the listener waits for all of them before it commits.
     */
    @Bean
    EventPublisher eventPublisher(
            KafkaTemplate<String, byte[]> kafka,
            CloudEventCodec codec,
            TopicNames topics,
            UploaderProperties properties) {
        return new EventPublisher(kafka, codec, topics, properties.source());
    }

    /** The threads that upload files: {@code concurrency} of them, so that many files at once. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService fileWorkers(UploaderProperties properties) {
        return threads(properties.concurrency(), "ringvault-file-");
    }

    /** The threads that look files up in the store: {@code lookup-concurrency} of them. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService fileLookups(UploaderProperties properties) {
        return threads(properties.lookupConcurrency(), "ringvault-lookup-");
    }

    private static ExecutorService threads(int count, String prefix) {
        AtomicInteger started = new AtomicInteger();
        return Executors.newFixedThreadPool(count, runnable -> {
            Thread thread = new Thread(runnable, prefix + started.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    FileReadyListener fileReadyListener(
            RecordDecoder decoder,
            DeadLetters deadLetters,
            FileUploader uploader,
            EventPublisher publisher,
            MeterRegistry meters,
            ExecutorService fileLookups,
            ExecutorService fileWorkers,
            UploaderProperties properties,
            CancelledBackups cancels) {
        return new FileReadyListener(
                decoder,
                deadLetters,
                uploader,
                publisher,
                meters,
                fileLookups,
                fileWorkers,
                properties.batchBytes().toBytes(),
                cancels,
                properties.consumerGroup());
    }

    /**
     * On start, the commands topic is read from as far back as a cancel is remembered; once read up to where it ended,
     * the recent cancels are known.
     */
    @Bean
    RecentRecordsReplay cancelReplay(CancelledBackups cancels, UploaderProperties properties) {
        return new RecentRecordsReplay(properties.cancels().rememberFor(), cancels::caughtUp);
    }

    /** Every instance reads every cancel: a consumer group of its own, named after the shared one. */
    @Bean
    CancelListener cancelListener(
            RecordDecoder decoder,
            CancelledBackups cancels,
            RecentRecordsReplay cancelReplay,
            UploaderProperties properties) {
        return new CancelListener(
                decoder,
                cancels,
                cancelReplay,
                properties.consumerGroup() + "-cancel-"
                        + UUID.randomUUID().toString().substring(0, 8));
    }

    /**
     * One consumer per instance, polling batches of {@code file.ready} (the files are stored by the worker pool); a
     * batch is committed once every outcome is published, by the listener itself (it may hand the end of a poll back,
     * see {@link FileReadyListener}). What escapes the listener (Kafka itself failing to take an
     * outcome) has the batch delivered again with back-off: its files are then stored or reused again, which is
     * harmless. After five minutes of failing, the batch's records are dead-lettered: the backup then fails on the
     * coordinator's node timeout rather than the partition staying blocked.
     */
    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> filesContainerFactory(
            ConsumerFactory<String, byte[]> consumers, DeadLetters deadLetters) {
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory =
                new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumers);
        factory.setConcurrency(1);
        factory.setBatchListener(true);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.MANUAL);
        factory.setCommonErrorHandler(ListenerErrorHandlers.create(Retries.DEFAULT, deadLetters));
        return factory;
    }

    /**
     * The cancels: one consumer, batches of commands, each partition started in the recent past when it is assigned
     * ({@link RecentRecordsReplay}); nothing is committed (each start reads that window again).
     */
    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> cancelsContainerFactory(
            ConsumerFactory<String, byte[]> consumers, RecentRecordsReplay cancelReplay) {
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory =
                new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumers);
        factory.setConcurrency(1);
        factory.setBatchListener(true);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.MANUAL);
        factory.getContainerProperties().setConsumerRebalanceListener(cancelReplay);
        return factory;
    }
}
