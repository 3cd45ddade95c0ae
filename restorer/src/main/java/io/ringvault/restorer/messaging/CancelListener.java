package io.ringvault.restorer.messaging;

import io.ringvault.common.Envelope;
import io.ringvault.common.message.CancelOperation;
import io.ringvault.common.message.Payload;
import io.ringvault.connections.kafka.RecordDecoder;
import io.ringvault.restorer.restore.CancelRegistry;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Watches the commands topic for {@code operation.cancel.command} in a consumer group of its own (a new one per
 * instance, from the latest offsets): every restorer sees every cancel, including the one running the operation, whose
 * listener thread is busy with the restore. A command that does not decode is dead-lettered ({@link RecordDecoder});
 * other commands are for other workers.
 */
public class CancelListener {
    private static final Logger LOG = LoggerFactory.getLogger(CancelListener.class);

    private final RecordDecoder decoder;
    private final CancelRegistry cancels;
    private final String groupId;

    /** @param groupId a consumer group no other instance uses */
    public CancelListener(RecordDecoder decoder, CancelRegistry cancels, String groupId) {
        this.decoder = decoder;
        this.cancels = cancels;
        this.groupId = groupId;
    }

    public String groupId() {
        return groupId;
    }

    @KafkaListener(
            id = "restore-cancels",
            topics = "#{@topicNames.commands()}",
            groupId = "#{__listener.groupId()}",
            containerFactory = "cancelsContainerFactory",
            properties = {"auto.offset.reset=latest", "max.poll.records=500"})
    void onCommand(ConsumerRecord<String, byte[]> record) {
        Optional<Envelope<Payload>> command = decoder.decodeOrDeadLetter(record);
        if (command.isPresent()
                && command.get().data() instanceof CancelOperation cancel
                && command.get().subject() != null) {
            LOG.info("cancel received operationId={} reason={}", command.get().subject(), cancel.reason());
            cancels.cancel(command.get().subject(), cancel.reason());
        }
    }
}
