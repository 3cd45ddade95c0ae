package io.ringvault.agent.messaging;

import io.ringvault.agent.config.AdvertisedUrl;
import io.ringvault.agent.snapshot.SnapshotFile;
import io.ringvault.agent.snapshot.TakenSnapshot;
import io.ringvault.common.TopicNames;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.FileReady;
import io.ringvault.common.message.NodeFailed;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.SnapshotTaken;
import io.ringvault.connections.kafka.EventPublisher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The agent's messages, written by the shared {@link EventPublisher}. A snapshot is announced as one
 * {@code file.ready} per file on the files topic, keyed {@code <hostId>/<keyspace>/<tableDirectory>/<fileName>}; then,
 * once Kafka has acknowledged every one, {@code node.snapshot.taken} on the events topic keyed by the backup id. The
 * coordinator may count on every file being announced when it reads the count.
 *
 * <p>The files are dealt over the partitions (and so over the uploaders) largest first, round robin from a random
 * partition: each partition gets about the same bytes. Hashing the key spreads the number of files evenly but not their
 * bytes, and a snapshot's bytes sit in a few large {@code Data.db} files: one uploader could get twice the bytes of
 * another and finish last.
 */
public class AgentEventPublisher {
    public static final String REPORTED_BY = "node-agent";

    private final EventPublisher publisher;
    private final TopicNames topics;
    private final AdvertisedUrl agentUrl;
    private final boolean exposeLocalPath;

    public AgentEventPublisher(
            EventPublisher publisher, TopicNames topics, AdvertisedUrl agentUrl, boolean exposeLocalPath) {
        this.publisher = publisher;
        this.topics = topics;
        this.agentUrl = agentUrl;
        this.exposeLocalPath = exposeLocalPath;
    }

    public void snapshotTaken(TakenSnapshot snapshot, BackupMode mode) {
        NodeRef node = snapshot.node().node();
        List<SnapshotFile> largestFirst = new ArrayList<>(snapshot.files());
        largestFirst.sort(Comparator.comparingLong(SnapshotFile::size).reversed());
        int partitions = publisher.partitionCount(topics.files());
        int next = ThreadLocalRandom.current().nextInt(partitions);
        List<ProducerRecord<String, byte[]>> announcements = new ArrayList<>();
        for (SnapshotFile file : largestFirst) {
            FileReady ready = new FileReady(
                    node,
                    file.keyspace(),
                    file.table(),
                    file.tableId(),
                    file.fileName(),
                    file.size(),
                    mode,
                    file.dataDirectory(),
                    file.tableDirectory(),
                    agentUrl.get(),
                    exposeLocalPath ? file.path().toString() : null);
            String key = node.hostId() + "/" + file.keyspace() + "/" + file.tableDirectory() + "/" + file.fileName();
            announcements.add(publisher.record(topics.files(), next, key, snapshot.backupId(), ready));
            next = (next + 1) % partitions;
        }
        publisher.sendAll(announcements);
        publisher.publish(
                snapshot.backupId(),
                new SnapshotTaken(
                        node,
                        snapshot.files().size(),
                        snapshot.totalBytes(),
                        snapshot.node().cassandraVersion(),
                        snapshot.node().tokens(),
                        snapshot.schema(),
                        snapshot.incremental(),
                        snapshot.note(),
                        snapshot.rows()));
    }

    public void nodeFailed(String operationId, NodeRef node, FailureReason reason, String detail) {
        publisher.publish(operationId, new NodeFailed(node, reason, detail, REPORTED_BY));
    }
}
