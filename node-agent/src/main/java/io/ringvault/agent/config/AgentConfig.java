package io.ringvault.agent.config;

import io.ringvault.agent.api.BearerTokenFilter;
import io.ringvault.agent.messaging.AgentEventPublisher;
import io.ringvault.agent.messaging.CommandListener;
import io.ringvault.agent.messaging.FinishedOperationsReader;
import io.ringvault.agent.messaging.StartupRecovery;
import io.ringvault.agent.node.CassandraHealthIndicator;
import io.ringvault.agent.node.CassandraJmx;
import io.ringvault.agent.node.LocalNode;
import io.ringvault.agent.node.NodeState;
import io.ringvault.agent.restore.ImportService;
import io.ringvault.agent.restore.JmxSSTableImport;
import io.ringvault.agent.restore.SSTableImport;
import io.ringvault.agent.restore.StagingArea;
import io.ringvault.agent.snapshot.JmxSnapshotOperations;
import io.ringvault.agent.snapshot.SnapshotFileAccess;
import io.ringvault.agent.snapshot.SnapshotLister;
import io.ringvault.agent.snapshot.SnapshotOperations;
import io.ringvault.agent.snapshot.SnapshotRegistry;
import io.ringvault.agent.snapshot.SnapshotService;
import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Topic;
import io.ringvault.common.TopicNames;
import io.ringvault.common.message.NodeRef;
import io.ringvault.connections.CqlSessions;
import io.ringvault.connections.EmptyKafkaPropertiesRemover;
import io.ringvault.connections.kafka.DeadLetters;
import io.ringvault.connections.kafka.DeclaredTopics;
import io.ringvault.connections.kafka.ListenerErrorHandlers;
import io.ringvault.connections.kafka.ListenerErrorHandlers.Retries;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Wires the node agent: the local node, the snapshot life cycle, the Kafka adapters, the file endpoint and the restore
 * staging.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AgentProperties.class, TopicsProperties.class})
@EnableScheduling
@Import(EmptyKafkaPropertiesRemover.class)
public class AgentConfig {
    private static final Logger LOG = LoggerFactory.getLogger(AgentConfig.class);

    @Bean
    TopicNames topicNames(TopicsProperties properties) {
        return properties.names();
    }

    /**
     * The topics the agent reads and writes, created with their partitions before its listener subscribes: a broker
     * that creates topics on first use would otherwise give the agent a one-partition commands topic.
     */
    @Bean
    KafkaAdmin.NewTopics ringvaultTopics(TopicNames names) {
        return DeclaredTopics.of(names, Topic.COMMANDS, Topic.FILES, Topic.EVENTS, Topic.DLQ);
    }

    @Bean
    CloudEventCodec cloudEventCodec() {
        return new CloudEventCodec();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Fails start-up, naming the contact point, when the local node cannot be reached: the agent is useless without. */
    @Bean(destroyMethod = "close")
    LocalNode localNode(AgentProperties properties) {
        AgentProperties.Cassandra cassandra = properties.cassandra();
        return LocalNode.connect(
                cassandra.contactPoint(),
                CqlSessions.connector(
                        List.of(cassandra.contactPoint()),
                        cassandra.localDatacenter(),
                        cassandra.username(),
                        cassandra.password(),
                        cassandra.ssl()));
    }

    /** Who this agent is: the node's host id, read once (it never changes for a node). */
    @Bean
    NodeRef self(LocalNode node, AgentProperties properties) {
        NodeState state = node.state();
        LOG.info(
                "node agent for hostId={} address={} datacenter={} rack={} cassandra={} settings={}",
                state.node().hostId(),
                state.node().address(),
                state.node().datacenter(),
                state.node().rack(),
                state.cassandraVersion(),
                properties);
        return state.node();
    }

    @Bean(destroyMethod = "close")
    CassandraJmx cassandraJmx(AgentProperties properties) {
        return new CassandraJmx(
                properties.jmxUrl(), properties.jmxUsername(), properties.jmxPassword(), properties.jmxSsl());
    }

    @Bean
    SnapshotOperations snapshotOperations(CassandraJmx jmx) {
        return new JmxSnapshotOperations(jmx);
    }

    @Bean
    SnapshotRegistry snapshotRegistry(AgentProperties properties) {
        return new SnapshotRegistry(properties.workDirectory());
    }

    @Bean
    SnapshotService snapshotService(
            LocalNode node,
            SnapshotOperations operations,
            SnapshotRegistry registry,
            AgentProperties properties,
            Clock clock) {
        return new SnapshotService(node, operations, new SnapshotLister(properties.dataDirectories()), registry, clock);
    }

    @Bean
    SnapshotFileAccess snapshotFileAccess(AgentProperties properties, SnapshotRegistry registry) {
        return new SnapshotFileAccess(properties.dataDirectories(), registry);
    }

    @Bean
    StagingArea stagingArea(AgentProperties properties) {
        StagingArea staging = StagingArea.open(
                properties.stagingRoot(), properties.dataDirectories().get(0));
        LOG.info("restore staging directory={}", staging.root());
        return staging;
    }

    @Bean
    SSTableImport sstableImport(CassandraJmx jmx) {
        return new JmxSSTableImport(jmx);
    }

    @Bean
    ImportService importService(StagingArea staging, LocalNode node, SSTableImport sstableImport, Clock clock) {
        return new ImportService(staging, node, sstableImport, clock);
    }

    @Bean
    AdvertisedUrl advertisedUrl(AgentProperties properties) {
        return new AdvertisedUrl(properties.advertisedUrl());
    }

    @Bean
    AgentEventPublisher agentEventPublisher(
            KafkaTemplate<String, byte[]> kafka,
            CloudEventCodec codec,
            TopicNames topics,
            AgentProperties properties,
            NodeRef self,
            AdvertisedUrl advertisedUrl) {
        String source = properties.source() == null || properties.source().isBlank()
                ? "/ringvault/node-agent/" + self.hostId()
                : properties.source();
        return new AgentEventPublisher(kafka, codec, topics, source, advertisedUrl, properties.exposeLocalPath());
    }

    @Bean
    CommandListener commandListener(
            CloudEventCodec codec,
            SnapshotService snapshots,
            AgentEventPublisher publisher,
            NodeRef self,
            AgentProperties properties) {
        String group =
                properties.consumerGroup() == null || properties.consumerGroup().isBlank()
                        ? "ringvault-agent-" + self.hostId()
                        : properties.consumerGroup();
        return new CommandListener(codec, snapshots, publisher, self, group);
    }

    /**
     * A command that fails for a reason other than the snapshot itself (Kafka or Cassandra unreachable) is tried again
     * a few times; then a snapshot command is answered with {@code node.failed}, the command is dead-lettered and the next one is read.
     */
    @Bean
    DefaultErrorHandler commandErrorHandler(
            CommandListener listener, KafkaTemplate<String, byte[]> kafka, TopicNames topics) {
        return ListenerErrorHandlers.create(
                new Retries(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(10)),
                listener::giveUp,
                new DeadLetters(kafka, topics.dlq()));
    }

    @Bean
    FinishedOperationsReader finishedOperationsReader(KafkaProperties kafka, TopicNames topics) {
        return new FinishedOperationsReader(kafka.buildConsumerProperties(), topics.events());
    }

    @Bean
    StartupRecovery startupRecovery(
            FinishedOperationsReader reader,
            SnapshotService snapshots,
            KafkaListenerEndpointRegistry listeners,
            AgentProperties properties) {
        return new StartupRecovery(reader, snapshots, listeners, properties.startupReplayTimeout());
    }

    @Bean
    FilterRegistrationBean<BearerTokenFilter> bearerTokenFilter(AgentProperties properties) {
        FilterRegistrationBean<BearerTokenFilter> registration =
                new FilterRegistrationBean<>(new BearerTokenFilter(properties.token()));
        // Every API path: the snapshot files (/api/v1/snapshots/...) and the restore staging (/api/v1/restores/...).
        registration.addUrlPatterns("/api/*");
        return registration;
    }

    @Bean
    CassandraHealthIndicator cassandraHealthIndicator(LocalNode node, SnapshotOperations operations) {
        return new CassandraHealthIndicator(node, operations);
    }

    @Bean
    ClearRetry clearRetry(SnapshotService snapshots) {
        return new ClearRetry(snapshots);
    }

    /** Tries again to clear the snapshots Cassandra could not clear when asked. */
    static final class ClearRetry {
        private final SnapshotService snapshots;

        ClearRetry(SnapshotService snapshots) {
            this.snapshots = snapshots;
        }

        @Scheduled(
                fixedDelayString = "${ringvault.agent.clear-retry-interval}",
                initialDelayString = "${ringvault.agent.clear-retry-interval}")
        void retry() {
            snapshots.retryPendingClears();
        }
    }
}
