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
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The agent's messages, written by the shared {@link EventPublisher}. Files are announced as {@code file.ready} on the
 * files topic, keyed {@code <hostId>/<keyspace>/<tableDirectory>/<fileName>}; {@code node.snapshot.taken} goes on the
 * events topic keyed by the backup id. A snapshot's files are all announced, and acknowledged by Kafka, before its
 * {@code node.snapshot.taken}; a logical export announces each file as soon as it is written, so its
 * {@code node.snapshot.taken}, sent when the export ends, comes after every one of its files too, but uploads (and
 * {@code file.stored}) go on meanwhile. The coordinator may count on every file being announced when it reads the count.
 *
 * <p>The files are dealt over the partitions (and so over the uploaders) round robin, largest first within one
 * announcement: each partition gets about the same bytes. Hashing the key spreads the number of files evenly but not
 * their bytes, and a snapshot's bytes sit in a few large {@code Data.db} files: one uploader could get twice the bytes
 * of another and finish last. A logical export's chunks, announced one at a time, are of about the same size, so round
 * robin over them spreads the bytes as well.
 */
public class AgentEventPublisher {
    public static final String REPORTED_BY = "node-agent";

    private final EventPublisher publisher;
    private final TopicNames topics;
    private final AdvertisedUrl agentUrl;
    private final boolean exposeLocalPath;
    /** The partition the next file goes to; starts at random so that agents do not all start on partition 0. */
    private final AtomicInteger nextPartition =
            new AtomicInteger(ThreadLocalRandom.current().nextInt(1 << 16));

    public AgentEventPublisher(
            EventPublisher publisher, TopicNames topics, AdvertisedUrl agentUrl, boolean exposeLocalPath) {
        this.publisher = publisher;
        this.topics = topics;
        this.agentUrl = agentUrl;
        this.exposeLocalPath = exposeLocalPath;
    }

    /**
     * Announces {@code files} of the backup {@code backupId} on {@code node}, one {@code file.ready} each, and returns
     * once Kafka has acknowledged every one. Thread-safe: a logical export announces from several threads.
     */
    public void filesReady(String backupId, NodeRef node, List<SnapshotFile> files, BackupMode mode) {
        List<SnapshotFile> largestFirst = new ArrayList<>(files);
        largestFirst.sort(Comparator.comparingLong(SnapshotFile::size).reversed());
        int partitions = publisher.partitionCount(topics.files());
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
                    exposeLocalPath ? file.path().toString() : null,
                    file.rows());
            String key = node.hostId() + "/" + file.keyspace() + "/" + file.tableDirectory() + "/" + file.fileName();
            int partition = Math.floorMod(nextPartition.getAndIncrement(), partitions);
            announcements.add(publisher.record(topics.files(), partition, key, backupId, ready));
        }
        publisher.sendAll(announcements);
    }

    /**
     * Says that the node's part of {@code snapshot} is taken: its file count and bytes are the totals, whether its files
     * were announced before ({@link TakenSnapshot#filesAnnounced()}) or by {@link #filesReady} just now.
     */
    public void snapshotTaken(TakenSnapshot snapshot) {
        publisher.publish(
                snapshot.backupId(),
                new SnapshotTaken(
                        snapshot.node().node(),
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
