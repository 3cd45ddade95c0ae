package io.ringvault.uploader.messaging;

import io.ringvault.common.Envelope;
import io.ringvault.common.message.CancelOperation;
import io.ringvault.common.message.Payload;
import io.ringvault.connections.kafka.RecentRecordsReplay;
import io.ringvault.connections.kafka.RecordDecoder;
import io.ringvault.uploader.upload.CancelledBackups;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Watches the commands topic for {@code operation.cancel.command} in a consumer group of its own (a new one per
 * instance): every uploader sees every cancel, whichever of them holds the backup's files. A cancel goes to
 * {@link CancelledBackups}, which drops the backup's files from then on and aborts its uploads in flight. A command
 * that does not decode is dead-lettered ({@link RecordDecoder}); other commands are for other workers.
 *
 * <p>The files topic and the commands topic are read apart, so a cancel may be read before or after the files of its
 * backup. Reading starts a while back ({@link RecentRecordsReplay}, {@code ringvault.uploader.cancels.remember-for}),
 * so an instance that starts also learns the cancels sent while it was down; once it has read them,
 * {@link CancelledBackups#caughtUp()}. Nothing is committed: each start reads that window again, and the group leaves
 * nothing behind.
 */
public class CancelListener {
    private static final Logger LOG = LoggerFactory.getLogger(CancelListener.class);

    private final RecordDecoder decoder;
    private final CancelledBackups cancels;
    private final RecentRecordsReplay replay;
    private final String groupId;

    /**
     * @param replay the cancels container's rebalance listener
     * @param groupId a consumer group no other instance uses
     */
    public CancelListener(RecordDecoder decoder, CancelledBackups cancels, RecentRecordsReplay replay, String groupId) {
        this.decoder = decoder;
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
            Optional<Envelope<Payload>> command = decoder.decodeOrDeadLetter(record);
            if (command.isPresent()
                    && command.get().data() instanceof CancelOperation cancel
                    && command.get().subject() != null) {
                String operationId = command.get().subject();
                Instant sent = Instant.ofEpochMilli(record.timestamp());
                int aborted = cancels.cancel(operationId, cancel.reason(), sent);
                LOG.info(
                        "cancel received operationId={} reason={} sentAt={} uploadsAborted={}",
                        operationId,
                        cancel.reason(),
                        sent,
                        aborted);
            }
        }
        replay.afterPoll(consumer);
    }
}
