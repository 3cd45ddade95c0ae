package io.ringvault.agent.messaging;

import io.ringvault.agent.snapshot.SnapshotFailedException;
import io.ringvault.agent.snapshot.SnapshotService;
import io.ringvault.agent.snapshot.TakenSnapshot;
import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Envelope;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.CancelOperation;
import io.ringvault.common.message.ClearSnapshot;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.Payload;
import io.ringvault.common.message.TakeSnapshot;
import io.ringvault.connections.kafka.RecordDecoder;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Reads the commands topic. Every agent reads every command (its consumer group is its own) and acts on those that name
 * its host id; {@code CancelOperation} names no node, so every agent clears the snapshot of that operation if it holds
 * one. Commands are handled one at a time, in order per operation (they are keyed by operation id). A command that does
 * not decode is dead-lettered ({@link RecordDecoder}).
 */
public class CommandListener {
    public static final String ID = "agent-commands";
    private static final Logger LOG = LoggerFactory.getLogger(CommandListener.class);

    private final CloudEventCodec codec;
    private final RecordDecoder decoder;
    private final SnapshotService snapshots;
    private final AgentEventPublisher publisher;
    private final NodeRef self;
    private final String groupId;

    public CommandListener(
            CloudEventCodec codec,
            RecordDecoder decoder,
            SnapshotService snapshots,
            AgentEventPublisher publisher,
            NodeRef self,
            String groupId) {
        this.codec = codec;
        this.decoder = decoder;
        this.snapshots = snapshots;
        this.publisher = publisher;
        this.self = self;
        this.groupId = groupId;
    }

    /** The consumer group: one per node, so that every agent gets every command. */
    public String groupId() {
        return groupId;
    }

    // Started by StartupRecovery once the snapshots of finished operations are cleared.
    @KafkaListener(
            id = ID,
            topics = "#{@topicNames.commands()}",
            groupId = "#{__listener.groupId()}",
            autoStartup = "false",
            properties = "auto.offset.reset=earliest")
    void onCommand(ConsumerRecord<String, byte[]> record) {
        decoder.decodeOrDeadLetter(record).ifPresent(this::handle);
    }

    void handle(Envelope<Payload> command) {
        Payload data = command.data();
        if (data instanceof TakeSnapshot take) {
            if (addressed(take.nodes())) {
                takeSnapshot(take);
            }
        } else if (data instanceof ClearSnapshot clear) {
            // No nodes listed: meant for every node of the operation.
            if (clear.nodes().isEmpty() || addressed(clear.nodes())) {
                snapshots.clear(clear.backupId(), "clear command", false, clear.backupCompleted());
            }
        } else if (data instanceof CancelOperation cancel) {
            snapshots.clear(command.operationId(), "cancelled: " + cancel.reason(), true);
        } else {
            LOG.debug("not a node agent command type={}", command.type().type());
        }
    }

    private void takeSnapshot(TakeSnapshot command) {
        LOG.info(
                "snapshot command backupId={} keyspaces={} tables={}",
                command.backupId(),
                command.keyspaces(),
                command.tables());
        Optional<TakenSnapshot> taken;
        try {
            // A logical export's files are announced one by one as it writes them, so that they upload meanwhile.
            taken = snapshots.take(
                    command, file -> publisher.filesReady(command.backupId(), self, List.of(file), command.mode()));
        } catch (SnapshotFailedException e) {
            LOG.warn(
                    "snapshot failed backupId={} reason={} detail={}",
                    command.backupId(),
                    e.reason().code(),
                    e.getMessage());
            publisher.nodeFailed(command.backupId(), self, e.reason(), e.getMessage());
            return;
        }
        // A failure to publish propagates: the command is delivered again, and the snapshot listed again.
        taken.ifPresent(snapshot -> {
            if (!snapshot.filesAnnounced()) {
                publisher.filesReady(snapshot.backupId(), snapshot.node().node(), snapshot.files(), command.mode());
            }
            publisher.snapshotTaken(snapshot);
        });
    }

    /**
     * Called by the error handler once retries are exhausted (Cassandra or Kafka stayed unreachable): a snapshot command
     * for this node is answered with {@code node.failed}, so the operation fails now rather than on the node timeout.
     */
    public void giveUp(ConsumerRecord<?, ?> record, Exception cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        LOG.error(
                "command given up location={}-{}@{} error={}",
                record.topic(),
                record.partition(),
                record.offset(),
                root.toString());
        try {
            Envelope<Payload> command = codec.decode((byte[]) record.value());
            if (command.data() instanceof TakeSnapshot take && addressed(take.nodes())) {
                publisher.nodeFailed(
                        take.backupId(),
                        self,
                        FailureReason.SNAPSHOT_FAILED,
                        "the node agent could not complete the snapshot: " + root.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.error(
                    "node failure not reported location={}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
        }
    }

    private boolean addressed(List<NodeRef> nodes) {
        return nodes.stream().anyMatch(node -> self.hostId().equals(node.hostId()));
    }
}
