package io.ringvault.uploader.config;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Topic;
import io.ringvault.common.TopicNames;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.connections.EmptyKafkaPropertiesRemover;
import io.ringvault.connections.kafka.DeadLetters;
import io.ringvault.connections.kafka.DeclaredTopics;
import io.ringvault.connections.kafka.ListenerErrorHandlers;
import io.ringvault.connections.kafka.ListenerErrorHandlers.Retries;
import io.ringvault.storage.Bandwidth;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.ObjectStores;
import io.ringvault.storage.StorageProperties;
import io.ringvault.uploader.agent.AgentClient;
import io.ringvault.uploader.messaging.CancelListener;
import io.ringvault.uploader.messaging.CancelReplay;
import io.ringvault.uploader.messaging.EventPublisher;
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
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties;

/** Wires the uploader: the object store, the file source, the retry and bandwidth policies, and the Kafka plumbing. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({UploaderProperties.class, TopicsProperties.class, StorageProperties.class})
@Import(EmptyKafkaPropertiesRemover.class)
public class UploaderConfig {
    private static final Logger LOG = LoggerFactory.getLogger(UploaderConfig.class);

    @Bean
    TopicNames topicNames(TopicsProperties properties) {
        return properties.names();
    }

    /** The topics the uploader reads and writes, created with their partitions and configuration when missing. */
    @Bean
    KafkaAdmin.NewTopics ringvaultTopics(TopicNames names) {
        return DeclaredTopics.of(names, Topic.COMMANDS, Topic.FILES, Topic.EVENTS, Topic.DLQ);
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

    @Bean
    ObjectLayout objectLayout(StorageProperties storage) {
        return new ObjectLayout(storage.prefix(), storage.cluster());
    }

    /** Exponential back-off with jitter (±50%), shared by the retry of files and the resumption of downloads. */
    @Bean
    IntervalFunction uploadBackoff(UploaderProperties properties) {
        return IntervalFunction.ofExponentialRandomBackoff(
                properties.retry().initialBackoff(),
                2.0,
                0.5,
                properties.retry().maxBackoff());
    }

    @Bean
    Retry fileRetry(UploaderProperties properties, IntervalFunction uploadBackoff) {
        return Retry.of(
                "file-transfer",
                RetryConfig.custom()
                        .maxAttempts(properties.retry().maxAttempts())
                        .intervalFunction(uploadBackoff)
                        .retryOnException(FileUploader::retryable)
                        .build());
    }

    @Bean(destroyMethod = "close")
    SnapshotFileSource snapshotFileSource(UploaderProperties properties, IntervalFunction uploadBackoff) {
        return new SnapshotFileSource(
                new AgentClient(properties.agentToken(), properties.agentTimeout()),
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
            CloudEventCodec codec,
            FileUploader uploader,
            EventPublisher publisher,
            TopicNames topics,
            MeterRegistry meters,
            ExecutorService fileLookups,
            ExecutorService fileWorkers,
            UploaderProperties properties,
            CancelledBackups cancels) {
        return new FileReadyListener(
                codec,
                uploader,
                publisher,
                topics,
                meters,
                fileLookups,
                fileWorkers,
                properties.batchBytes().toBytes(),
                cancels);
    }

    /** On start, the commands topic is read from as far back as a cancel is remembered. */
    @Bean
    CancelReplay cancelReplay(CancelledBackups cancels, UploaderProperties properties) {
        return new CancelReplay(cancels, properties.cancels().rememberFor());
    }

    /** Every instance reads every cancel: a consumer group of its own, named after the shared one. */
    @Bean
    CancelListener cancelListener(
            CloudEventCodec codec, CancelledBackups cancels, CancelReplay cancelReplay, UploaderProperties properties) {
        return new CancelListener(
                codec,
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
            ConsumerFactory<String, byte[]> consumers, KafkaTemplate<String, byte[]> kafka, TopicNames topics) {
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory =
                new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumers);
        factory.setConcurrency(1);
        factory.setBatchListener(true);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.MANUAL);
        factory.setCommonErrorHandler(
                ListenerErrorHandlers.create(Retries.DEFAULT, new DeadLetters(kafka, topics.dlq())));
        return factory;
    }

    /**
     * The cancels: one consumer, batches of commands, each partition started in the recent past when it is assigned
     * ({@link CancelReplay}); nothing is committed (each start reads that window again).
     */
    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> cancelsContainerFactory(
            ConsumerFactory<String, byte[]> consumers, CancelReplay cancelReplay) {
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
