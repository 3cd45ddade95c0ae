package io.ringvault.uploader.messaging;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Envelope;
import io.ringvault.common.InvalidMessageException;
import io.ringvault.common.message.CancelOperation;
import io.ringvault.common.message.Payload;
import io.ringvault.uploader.upload.CancelledBackups;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Watches the commands topic for {@code operation.cancel.command} in a consumer group of its own (a new one per
 * instance): every uploader sees every cancel, whichever of them holds the backup's files. A cancel goes to
 * {@link CancelledBackups}, which drops the backup's files from then on and aborts its uploads in flight.
 *
 * <p>The files topic and the commands topic are read apart, so a cancel may be read before or after the files of its
 * backup. Reading starts a while back ({@link CancelReplay}), so an instance that starts also learns the cancels sent
 * while it was down. Nothing is committed: each start reads that window again, and the group leaves nothing behind.
 */
public class CancelListener {
    private static final Logger LOG = LoggerFactory.getLogger(CancelListener.class);

    private final CloudEventCodec codec;
    private final CancelledBackups cancels;
    private final CancelReplay replay;
    private final String groupId;

    /** @param groupId a consumer group no other instance uses */
    public CancelListener(CloudEventCodec codec, CancelledBackups cancels, CancelReplay replay, String groupId) {
        this.codec = codec;
        this.cancels = cancels;
        this.replay = replay;
        this.groupId = groupId;
    }

    public String groupId() {
        return groupId;
    }

    @KafkaListener(
            id = "upload-cancels",
            topics = "#{@topicNames.commands()}",
            groupId = "#{__listener.groupId()}",
            containerFactory = "cancelsContainerFactory",
            batch = "true",
            properties = {"auto.offset.reset=latest", "max.poll.records=500"})
    void onCommands(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
        for (ConsumerRecord<String, byte[]> record : records) {
            Envelope<Payload> envelope;
            try {
                envelope = codec.decode(record.value() == null ? new byte[0] : record.value());
            } catch (InvalidMessageException e) {
                // Only the coordinator writes this topic: nothing to dead-letter, nothing to retry.
                LOG.warn(
                        "command skipped location={}-{}@{} reason={} detail={}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        e.reason(),
                        e.getMessage());
                continue;
            }
            if (envelope.data() instanceof CancelOperation cancel && envelope.subject() != null) {
                Instant sent = Instant.ofEpochMilli(record.timestamp());
                int aborted = cancels.cancel(envelope.subject(), cancel.reason(), sent);
                LOG.info(
                        "cancel received operationId={} reason={} sentAt={} uploadsAborted={}",
                        envelope.subject(),
                        cancel.reason(),
                        sent,
                        aborted);
            }
        }
        replay.read(consumer);
    }
}
