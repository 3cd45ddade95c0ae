package io.ringvault.agent.messaging;

import io.ringvault.agent.snapshot.SnapshotService;
import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Envelope;
import io.ringvault.common.message.CancelOperation;
import io.ringvault.common.message.Payload;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Reads the cancels of the commands topic beside {@link CommandListener}, in a consumer group of its own: a logical
 * export runs on the commands listener's thread for as long as it takes, so a cancel queued behind it there would only
 * be read once the export is over. This one stops the export at once; the commands listener then reads the cancel too
 * and clears what the export left. Only new cancels matter, so it starts from the end of the topic; a record it cannot
 * decode is the commands listener's to dead-letter.
 */
public class ExportCancelListener {
    private static final Logger LOG = LoggerFactory.getLogger(ExportCancelListener.class);

    private final CloudEventCodec codec;
    private final SnapshotService snapshots;
    private final String groupId;

    public ExportCancelListener(CloudEventCodec codec, SnapshotService snapshots, String groupId) {
        this.codec = codec;
        this.snapshots = snapshots;
        this.groupId = groupId;
    }

    /** The consumer group: one per node, beside the commands group. */
    public String groupId() {
        return groupId;
    }

    @KafkaListener(
            id = "agent-export-cancels",
            topics = "#{@topicNames.commands()}",
            groupId = "#{__listener.groupId()}",
            properties = "auto.offset.reset=latest")
    void onCommand(ConsumerRecord<String, byte[]> record) {
        Envelope<Payload> command;
        try {
            command = codec.decode(record.value());
        } catch (RuntimeException e) {
            return;
        }
        if (command.data() instanceof CancelOperation && snapshots.cancelExport(command.operationId())) {
            LOG.info("logical export stopped operationId={}", command.operationId());
        }
    }
}
