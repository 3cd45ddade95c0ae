package io.ringvault.agent.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.ringvault.agent.api.BearerTokenFilter;
import io.ringvault.agent.logical.AgentLogicalExports;
import io.ringvault.agent.logical.LogicalExporter;
import io.ringvault.agent.logical.LogicalExports;
import io.ringvault.agent.messaging.AgentEventPublisher;
import io.ringvault.agent.messaging.CommandListener;
import io.ringvault.agent.messaging.ExportCancelListener;
import io.ringvault.agent.messaging.StartupRecovery;
import io.ringvault.agent.node.CassandraHealthIndicator;
import io.ringvault.agent.node.CassandraJmx;
import io.ringvault.agent.node.LocalNode;
import io.ringvault.agent.node.NodeState;
import io.ringvault.agent.restore.BulkLoad;
import io.ringvault.agent.restore.BulkLoaderCommand;
import io.ringvault.agent.restore.ImportService;
import io.ringvault.agent.restore.JmxSSTableImport;
import io.ringvault.agent.restore.JmxTableRepair;
import io.ringvault.agent.restore.ProcessBulkLoader;
import io.ringvault.agent.restore.RepairService;
import io.ringvault.agent.restore.SSTableImport;
import io.ringvault.agent.restore.StagingArea;
import io.ringvault.agent.snapshot.AnnouncedFiles;
import io.ringvault.agent.snapshot.BackupsDirectories;
import io.ringvault.agent.snapshot.BackupsDirectoryGaps;
import io.ringvault.agent.snapshot.BackupsDirectoryPolicy;
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
import io.ringvault.connections.CassandraConnection;
import io.ringvault.connections.CassandraSsl;
import io.ringvault.connections.CqlSessions;
import io.ringvault.connections.Secret;
import io.ringvault.connections.kafka.DeadLetters;
import io.ringvault.connections.kafka.DeclaredTopics;
import io.ringvault.connections.kafka.EventPublisher;
import io.ringvault.connections.kafka.EventsReplay;
import io.ringvault.connections.kafka.ListenerErrorHandlers;
import io.ringvault.connections.kafka.ListenerErrorHandlers.Retries;
import io.ringvault.connections.kafka.RecordDecoder;
import io.ringvault.connections.tls.HttpsServer;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;

/**
 * Wires the node agent: the local node, the snapshot life cycle, the Kafka adapters, the file endpoint and the restore
 * staging. The topic names, the codec, the dead letters, the listeners' decoder and the events replay come from
 * {@code connections}' auto-configuration.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
    AgentProperties.class,
    BulkLoaderProperties.class,
    RepairProperties.class,
    BackupsDirectoryProperties.class,
    LogicalExportProperties.class
})
@EnableScheduling
public class AgentConfig {
    private static final Logger LOG = LoggerFactory.getLogger(AgentConfig.class);
    /** A snapshot's announcements are many records at once: they get longer than the other services' sends. */
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(60);

    /**
     * The topics the agent reads and writes, created with their partitions before its listener subscribes: a broker
     * that creates topics on first use would otherwise give the agent a one-partition commands topic.
     */
    @Bean
    KafkaAdmin.NewTopics ringvaultTopics(TopicNames names) {
        return DeclaredTopics.of(names, Topic.COMMANDS, Topic.FILES, Topic.EVENTS, Topic.DLQ);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Fails start-up, naming the contact point, when the local node cannot be reached: the agent is useless without. */
    @Bean(destroyMethod = "close")
    LocalNode localNode(AgentProperties properties) {
        return LocalNode.connect(properties.contactPoint(), CqlSessions.connector(properties.cassandra()));
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
                properties.jmxUrl(),
                properties.jmxUsername(),
                Secret.valueOf(properties.jmxPassword()),
                properties.jmxSsl());
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
    BackupsDirectories backupsDirectories(AgentProperties properties) {
        return new BackupsDirectories(properties.dataDirectories());
    }

    @Bean
    BackupsDirectoryGaps backupsDirectoryGaps(AgentProperties properties) {
        return new BackupsDirectoryGaps(properties.workDirectory());
    }

    @Bean
    BackupsDirectoryPolicy backupsDirectoryPolicy(
            BackupsDirectories directories,
            BackupsDirectoryGaps gaps,
            BackupsDirectoryProperties properties,
            Clock clock,
            MeterRegistry meters) {
        return new BackupsDirectoryPolicy(directories, gaps, properties.maxUnshippedAge(), clock, meters);
    }

    /** Every {@code backups-directory.check-interval}, removes what is too old and measures the backups/ directories. */
    @Bean
    SchedulingConfigurer backupsDirectoryCheck(BackupsDirectoryPolicy policy, BackupsDirectoryProperties properties) {
        Duration interval = properties.checkInterval();
        return tasks -> tasks.addFixedDelayTask(new FixedDelayTask(policy::enforce, interval, Duration.ZERO));
    }

    /** Where logical backups are exported: {@code <workDirectory>/logical/<backupId>/}, never the data directories. */
    @Bean(destroyMethod = "close")
    LogicalExports logicalExports(AgentProperties properties) {
        return new LogicalExports(properties.workDirectory().resolve("logical"));
    }

    @Bean
    SnapshotService snapshotService(
            LocalNode node,
            SnapshotOperations operations,
            SnapshotRegistry registry,
            BackupsDirectories backupsDirectories,
            BackupsDirectoryGaps gaps,
            AgentProperties properties,
            LogicalExportProperties logical,
            LogicalExports exports,
            AnnouncedFiles announced,
            Clock clock) {
        LOG.info("logical export settings={} directory={}", logical, exports.root());
        return new SnapshotService(
                node,
                operations,
                new SnapshotLister(properties.dataDirectories()),
                registry,
                backupsDirectories,
                gaps,
                clock,
                new AgentLogicalExports(new LogicalExporter(node.session(), node.node(), logical), exports),
                announced);
    }

    /** The files of running logical exports announced so far: the snapshot service adds, the file server reads. */
    @Bean
    AnnouncedFiles announcedFiles() {
        return new AnnouncedFiles();
    }

    @Bean
    SnapshotFileAccess snapshotFileAccess(
            AgentProperties properties, SnapshotRegistry registry, LogicalExports exports, AnnouncedFiles announced) {
        return new SnapshotFileAccess(properties.dataDirectories(), registry, exports.root(), announced);
    }

    @Bean
    ExportCancelListener exportCancelListener(
            CloudEventCodec codec, SnapshotService snapshots, CommandListener commands) {
        return new ExportCancelListener(codec, snapshots, commands.groupId() + "-cancels");
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

    /**
     * The bulk loader behind the {@code stream} method, pointed at the local node with the agent's own CQL
     * credentials and TLS; without {@code ringvault.agent.bulk-loader.command}, streams are refused.
     */
    @Bean
    BulkLoad bulkLoad(BulkLoaderProperties loader, AgentProperties properties, NodeRef self, LocalNode localNode) {
        String node = "node " + self.hostId() + " (" + properties.contactPoint() + ")";
        if (!loader.configured()) {
            LOG.info("restore streaming off: no ringvault.agent.bulk-loader.command");
            return BulkLoad.notConfigured(node);
        }
        // The loader connects to every node on one storage port it is told: the configured one, else the node's own.
        Integer storagePort = loader.storagePort() != null
                ? loader.storagePort()
                : localNode.storagePort().stream().boxed().findFirst().orElse(null);
        BulkLoaderCommand command =
                bulkLoaderCommand(loader, storagePort, properties.cassandra(), properties.contactPoint());
        LOG.info("restore streaming with command={} timeout={}", command, loader.timeout());
        return new ProcessBulkLoader(command, loader.timeout(), node);
    }

    static BulkLoaderCommand bulkLoaderCommand(
            BulkLoaderProperties loader, Integer storagePort, CassandraConnection cassandra, String contactPoint) {
        InetSocketAddress address = CqlSessions.contactPoint(contactPoint);
        CassandraSsl ssl = cassandra.ssl();
        BulkLoaderCommand.Tls tls = ssl.enabled()
                ? new BulkLoaderCommand.Tls(
                        ssl.truststorePath(), ssl.truststorePassword(), ssl.keystorePath(), ssl.keystorePassword())
                : null;
        return new BulkLoaderCommand(
                loader.command(),
                address.getHostString(),
                address.getPort(),
                storagePort,
                cassandra.username(),
                cassandra.password(),
                tls,
                loader.extraArguments());
    }

    @Bean
    ImportService importService(
            StagingArea staging, LocalNode node, SSTableImport sstableImport, BulkLoad bulkLoad, Clock clock) {
        return new ImportService(staging, node, sstableImport, bulkLoad, clock);
    }

    /** The repair a restore may ask for after its import: full, primary ranges, over the shared JMX connection. */
    @Bean
    RepairService repairService(LocalNode node, CassandraJmx jmx, RepairProperties repair) {
        return new RepairService(node, new JmxTableRepair(jmx, repair.pollInterval()), repair.timeout());
    }

    @Bean
    AdvertisedUrl advertisedUrl(AgentProperties properties) {
        return new AdvertisedUrl(properties.advertisedUrl(), properties.tls().enabled());
    }

    /** The agent's source names its node unless one is configured. */
    @Bean
    EventPublisher eventPublisher(
            KafkaTemplate<String, byte[]> kafka,
            CloudEventCodec codec,
            TopicNames topics,
            AgentProperties properties,
            NodeRef self) {
        String source = properties.source() == null ? "/ringvault/node-agent/" + self.hostId() : properties.source();
        return new EventPublisher(kafka, codec, topics, source, ACK_TIMEOUT);
    }

    @Bean
    AgentEventPublisher agentEventPublisher(
            EventPublisher publisher, TopicNames topics, AgentProperties properties, AdvertisedUrl advertisedUrl) {
        return new AgentEventPublisher(publisher, topics, advertisedUrl, properties.exposeLocalPath());
    }

    @Bean
    CommandListener commandListener(
            CloudEventCodec codec,
            RecordDecoder decoder,
            SnapshotService snapshots,
            AgentEventPublisher publisher,
            NodeRef self,
            AgentProperties properties) {
        String group =
                properties.consumerGroup() == null ? "ringvault-agent-" + self.hostId() : properties.consumerGroup();
        return new CommandListener(codec, decoder, snapshots, publisher, self, group);
    }

    /**
     * A command that fails for a reason other than the snapshot itself (Kafka or Cassandra unreachable) is tried again
     * a few times; then a snapshot command is answered with {@code node.failed}, the command is dead-lettered and the next one is read.
     */
    @Bean
    DefaultErrorHandler commandErrorHandler(CommandListener listener, DeadLetters deadLetters) {
        return ListenerErrorHandlers.create(
                new Retries(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(10)),
                listener::giveUp,
                deadLetters);
    }

    @Bean
    StartupRecovery startupRecovery(
            EventsReplay events,
            SnapshotService snapshots,
            KafkaListenerEndpointRegistry listeners,
            AgentProperties properties) {
        return new StartupRecovery(events, snapshots, listeners, properties.startupReplayTimeout());
    }

    /** HTTPS on the agent's port with {@code ringvault.agent.tls.*}, client certificates required with mtls or both. */
    @Bean
    HttpsServer httpsServer(AgentProperties properties) {
        return new HttpsServer(properties.tls());
    }

    /** The bearer token on {@code /api/**}, unless {@code ringvault.agent.auth=mtls} puts the certificate in its place. */
    @Bean
    @Conditional(ChecksToken.class)
    FilterRegistrationBean<BearerTokenFilter> bearerTokenFilter(AgentProperties properties) {
        FilterRegistrationBean<BearerTokenFilter> registration = new FilterRegistrationBean<>(
                new BearerTokenFilter(properties.token().value()));
        // Every API path: the snapshot files (/api/v1/snapshots/...) and the restore staging (/api/v1/restores/...).
        registration.addUrlPatterns("/api/*");
        return registration;
    }

    @Bean
    CassandraHealthIndicator cassandraHealthIndicator(LocalNode node, SnapshotOperations operations) {
        return new CassandraHealthIndicator(node, operations);
    }

    /** Every {@code clear-retry-interval}, tries again to clear the snapshots Cassandra could not clear when asked. */
    @Bean
    SchedulingConfigurer clearRetry(SnapshotService snapshots, AgentProperties properties) {
        Duration interval = properties.clearRetryInterval();
        return tasks -> tasks.addFixedDelayTask(new FixedDelayTask(snapshots::retryPendingClears, interval, interval));
    }

    /** Whether {@code ringvault.agent.auth} checks the token: read before {@link AgentProperties} exists as a bean. */
    static final class ChecksToken implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return Binder.get(context.getEnvironment())
                    .bind("ringvault.agent.auth", AgentAuth.class)
                    .orElse(AgentAuth.TOKEN)
                    .checksToken();
        }
    }
}
