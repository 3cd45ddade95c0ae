package io.ringvault.restorer.messaging;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Envelope;
import io.ringvault.common.InvalidMessageException;
import io.ringvault.common.message.CancelOperation;
import io.ringvault.common.message.Payload;
import io.ringvault.restorer.restore.CancelRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Watches the commands topic for {@code operation.cancel.command} in a consumer group of its own (a new one per
 * instance, from the latest offsets): every restorer sees every cancel, including the one running the operation, whose
 * listener thread is busy with the restore.
 */
public class CancelListener {
    private static final Logger LOG = LoggerFactory.getLogger(CancelListener.class);

    private final CloudEventCodec codec;
    private final CancelRegistry cancels;
    private final String groupId;

    public CancelListener(CloudEventCodec codec, CancelRegistry cancels, String groupId) {
        this.codec = codec;
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
        Envelope<Payload> envelope;
        try {
            envelope = codec.decode(record.value() == null ? new byte[0] : record.value());
        } catch (InvalidMessageException e) {
            return;
        }
        if (envelope.data() instanceof CancelOperation cancel && envelope.subject() != null) {
            LOG.info("cancel received operationId={} reason={}", envelope.subject(), cancel.reason());
            cancels.cancel(envelope.subject(), cancel.reason());
        }
    }
}
