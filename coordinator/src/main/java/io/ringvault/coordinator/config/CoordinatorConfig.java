package io.ringvault.coordinator.config;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Topic;
import io.ringvault.common.TopicNames;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.connections.kafka.DeadLetters;
import io.ringvault.connections.kafka.DeclaredTopics;
import io.ringvault.connections.kafka.EventPublisher;
import io.ringvault.connections.kafka.RecordDecoder;
import io.ringvault.connections.tls.HttpsServer;
import io.ringvault.coordinator.catalog.BackupCatalog;
import io.ringvault.coordinator.cluster.ClusterTopology;
import io.ringvault.coordinator.imports.ImportBuilder;
import io.ringvault.coordinator.lifecycle.OperationDriver;
import io.ringvault.coordinator.messaging.EventLogReader;
import io.ringvault.coordinator.messaging.OperationOwnership;
import io.ringvault.coordinator.messaging.OwnedPartitions;
import io.ringvault.coordinator.messaging.RequestListener;
import io.ringvault.coordinator.operation.EventSink;
import io.ringvault.coordinator.operation.Operation;
import io.ringvault.coordinator.operation.OperationLog;
import io.ringvault.coordinator.operation.OperationStatus;
import io.ringvault.coordinator.request.RequestService;
import io.ringvault.coordinator.request.RequestValidator;
import io.ringvault.coordinator.retention.RetentionSettings;
import io.ringvault.coordinator.retention.ScheduleRetentions;
import io.ringvault.coordinator.schedule.ScheduleService;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.ObjectStores;
import io.ringvault.storage.StorageProperties;
import io.ringvault.storage.StorageTargets;
import java.time.Clock;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Wires the coordinator: the event log and its fold, request handling, the driver, and the Kafka plumbing. The topic
 * names, the codec, the dead letters and the listeners' decoder come from {@code connections}' auto-configuration.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
    CoordinatorProperties.class,
    StorageProperties.class,
    StorageTargets.class,
    RetentionProperties.class,
    GcProperties.class
})
@EnableScheduling
public class CoordinatorConfig {

    /** HTTPS for the REST API with {@code ringvault.coordinator.tls.*}; plain HTTP without a certificate. */
    @Bean
    HttpsServer httpsServer(CoordinatorProperties properties) {
        return new HttpsServer(properties.tls());
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Every topic, created with its partitions and configuration at start-up when missing. */
    @Bean
    KafkaAdmin.NewTopics ringvaultTopics(TopicNames names) {
        return DeclaredTopics.of(names, Topic.values());
    }

    @Bean
    OperationLog operationLog(Clock clock, MeterRegistry meters) {
        OperationLog log = new OperationLog(clock);
        for (OperationStatus status : OperationStatus.values()) {
            Gauge.builder("ringvault.operations", log, l -> l.countByStatus().get(status))
                    .description("Operations known to the coordinator, by state")
                    .tag("state", status.name().toLowerCase())
                    .register(meters);
        }
        return log;
    }

    @Bean
    EventLogReader eventLogReader(
            KafkaProperties kafka, TopicNames topics, CloudEventCodec codec, OperationLog log, KafkaAdmin admin) {
        return new EventLogReader(kafka.buildConsumerProperties(), topics.events(), codec, log);
    }

    /** Waits for each acknowledgement: a request is only accepted once its event is durable. */
    @Bean
    EventPublisher eventPublisher(
            KafkaTemplate<String, byte[]> kafka,
            CloudEventCodec codec,
            TopicNames topics,
            CoordinatorProperties properties) {
        return new EventPublisher(kafka, codec, topics, properties.source());
    }

    /** The domain's port to Kafka: every decision is published, and durable, before it counts. */
    @Bean
    EventSink eventSink(EventPublisher publisher) {
        return publisher::publish;
    }

    @Bean(destroyMethod = "close")
    ObjectStore objectStore(StorageProperties storage) {
        return ObjectStores.open(storage);
    }

    @Bean
    BackupCatalog backupCatalog(ObjectStore store, StorageProperties storage, CloudEventCodec codec) {
        return new BackupCatalog(store, new ObjectLayout(storage.prefix(), storage.cluster()), codec.mapper());
    }

    @Bean
    ImportBuilder importBuilder(ObjectStore store, BackupCatalog catalog, Clock clock) {
        return new ImportBuilder(store, catalog, clock);
    }

    @Bean
    RequestValidator requestValidator(
            ClusterTopology topology, OperationLog log, BackupCatalog catalog, StorageTargets targets) {
        // Only the names: the restorers open the targets' stores and copy.
        return new RequestValidator(topology, log, catalog, targets.names());
    }

    /**
     * Purges are judged by the configured cluster policy, and by a schedule's own policy when a bean provides the
     * schedules' policies; without one, the cluster's applies to every backup.
     */
    @Bean
    RequestService requestService(
            RequestValidator validator,
            EventSink publisher,
            OperationLog log,
            OperationDriver driver,
            BackupCatalog catalog,
            RetentionProperties retention,
            ObjectProvider<ScheduleRetentions> schedules,
            Clock clock,
            GcProperties gc,
            ScheduleService scheduleService) {
        return new RequestService(
                validator,
                publisher,
                log,
                driver,
                catalog,
                catalog.layout().cluster(),
                new RetentionSettings(
                        retention.policy(),
                        retention.zone(),
                        schedules.getIfAvailable(ScheduleRetentions::none),
                        clock),
                gc.gracePeriod(),
                scheduleService);
    }

    @Bean
    OperationDriver operationDriver(
            OperationLog log,
            EventSink publisher,
            Clock clock,
            CoordinatorProperties properties,
            BackupCatalog catalog) {
        return new OperationDriver(log, publisher, clock, properties.nodeTimeout(), catalog);
    }

    @Bean
    OwnedPartitions ownedPartitions(EventLogReader reader) {
        return new OwnedPartitions(reader::partitions);
    }

    /**
     * The coordinators' consumer group decides which instance drives which operation. Every change the fold makes to an
     * operation this instance drives, and every partition it is given, has the driver look at the operations again.
     */
    @Bean
    OperationOwnership operationOwnership(
            ConsumerFactory<String, byte[]> consumers,
            CoordinatorProperties properties,
            TopicNames topics,
            OwnedPartitions owned,
            OperationLog log,
            OperationDriver driver) {
        java.util.function.Consumer<Operation> driveIfOwned = operation -> {
            if (owned.owns(operation.id())) {
                driver.evaluateSoon(operation.id());
            }
        };
        log.onChange(driveIfOwned);
        Properties reading = new Properties();
        // It reads nothing, so it has nothing to commit.
        reading.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new OperationOwnership(
                () -> consumers.createConsumer(properties.consumerGroup(), null, "-ownership", reading),
                topics.events(),
                owned,
                gained -> log.forEachActive(driveIfOwned));
    }

    @Bean
    RequestListener requestListener(
            CloudEventCodec codec,
            RecordDecoder decoder,
            DeadLetters deadLetters,
            RequestService requests,
            EventPublisher publisher,
            MeterRegistry meters,
            CoordinatorProperties properties) {
        return new RequestListener(
                codec, decoder, deadLetters, requests, publisher, meters, properties.consumerGroup() + "-requests");
    }

    /**
     * Requests: a rejected request is handled in the listener; what is left (Cassandra unreachable) is retried with
     * back-off, then dead-lettered with its reason.
     */
    @Bean
    DefaultErrorHandler requestErrorHandler(RequestListener listener) {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(10_000);
        backOff.setMaxElapsedTime(60_000);
        return new DefaultErrorHandler(listener::rejectAfterRetries, backOff);
    }

    /**
     * Every {@code timeout-sweep}, has the driver look again at the operations this instance drives: nodes silent past
     * the timeout, and ends whose publishing Kafka did not acknowledge.
     */
    @Bean
    SchedulingConfigurer timeoutSweep(
            OperationDriver driver, OwnedPartitions ownership, CoordinatorProperties properties) {
        return tasks -> tasks.addFixedDelayTask(() -> driver.sweepTimeouts(ownership::owns), properties.timeoutSweep());
    }
}
