package io.ringvault.agent.messaging;

import io.ringvault.agent.config.AdvertisedUrl;
import io.ringvault.agent.snapshot.SnapshotFile;
import io.ringvault.agent.snapshot.TakenSnapshot;
import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Envelope;
import io.ringvault.common.TopicNames;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.FileReady;
import io.ringvault.common.message.NodeFailed;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.Payload;
import io.ringvault.common.message.SnapshotTaken;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * Announces a snapshot: one {@code file.ready} per file on the files topic, keyed
 * {@code <hostId>/<keyspace>/<tableDirectory>/<fileName>}; then, once Kafka has acknowledged every one,
 * {@code node.snapshot.taken} on the events topic keyed by the backup id. The coordinator may count on every file being
 * announced when it reads the count.
 *
 * <p>The files are dealt over the partitions (and so over the uploaders) largest first, round robin from a random
 * partition: each partition gets about the same bytes. Hashing the key spreads the number of files evenly but not their
 * bytes, and a snapshot's bytes sit in a few large {@code Data.db} files: one uploader could get twice the bytes of
 * another and finish last.
 */
public class AgentEventPublisher {
    public static final String REPORTED_BY = "node-agent";
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaTemplate<String, byte[]> kafka;
    private final CloudEventCodec codec;
    private final TopicNames topics;
    private final String source;
    private final AdvertisedUrl agentUrl;
    private final boolean exposeLocalPath;

    public AgentEventPublisher(
            KafkaTemplate<String, byte[]> kafka,
            CloudEventCodec codec,
            TopicNames topics,
            String source,
            AdvertisedUrl agentUrl,
            boolean exposeLocalPath) {
        this.kafka = kafka;
        this.codec = codec;
        this.topics = topics;
        this.source = source;
        this.agentUrl = agentUrl;
        this.exposeLocalPath = exposeLocalPath;
    }

    public void snapshotTaken(TakenSnapshot snapshot, BackupMode mode) {
        NodeRef node = snapshot.node().node();
        List<CompletableFuture<SendResult<String, byte[]>>> sends = new ArrayList<>();
        List<SnapshotFile> largestFirst = new ArrayList<>(snapshot.files());
        largestFirst.sort(Comparator.comparingLong(SnapshotFile::size).reversed());
        int partitions = kafka.partitionsFor(topics.files()).size();
        int next = ThreadLocalRandom.current().nextInt(partitions);
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
            sends.add(kafka.send(record(topics.files(), next, key, snapshot.backupId(), ready)));
            next = (next + 1) % partitions;
        }
        await(CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)), topics.files());
        publish(
                snapshot.backupId(),
                new SnapshotTaken(
                        node,
                        snapshot.files().size(),
                        snapshot.totalBytes(),
                        snapshot.node().cassandraVersion(),
                        snapshot.node().tokens(),
                        snapshot.schema()));
    }

    public void nodeFailed(String operationId, NodeRef node, String reason, String detail) {
        publish(operationId, new NodeFailed(node, reason, detail, REPORTED_BY));
    }

    private void publish(String operationId, Payload data) {
        await(kafka.send(record(topics.events(), null, operationId, operationId, data)), topics.events());
    }

    /** @param partition null: the partitioner's choice, by key */
    private ProducerRecord<String, byte[]> record(
            String topic, Integer partition, String key, String operationId, Payload data) {
        return new ProducerRecord<>(topic, partition, key, codec.encode(Envelope.of(source, operationId, data)));
    }

    private static void await(CompletableFuture<?> sent, String topic) {
        try {
            sent.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish to " + topic + ": " + e.getMessage(), e);
        }
    }
}
