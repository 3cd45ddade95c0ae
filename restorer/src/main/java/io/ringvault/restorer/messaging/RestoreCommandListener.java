package io.ringvault.restorer.messaging;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Envelope;
import io.ringvault.common.InvalidMessageException;
import io.ringvault.common.message.Payload;
import io.ringvault.common.message.StartRestore;
import io.ringvault.restorer.restore.RestoreService;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Takes {@code restore.command} from the commands topic (one consumer group for all restorers, so one of them runs each
 * restore) and runs it in the listener thread. The record is committed only once the restore is over and its
 * {@code restore.finished} is on the events topic: a restorer that stops in the middle leaves the command to the next
 * one, which continues it. Other commands are for other workers and are skipped.
 */
public class RestoreCommandListener {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreCommandListener.class);
    private static final Pattern OPERATION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private final CloudEventCodec codec;
    private final RestoreService restores;
    private final OperationHistory history;

    public RestoreCommandListener(CloudEventCodec codec, RestoreService restores, OperationHistory history) {
        this.codec = codec;
        this.restores = restores;
        this.history = history;
    }

    @KafkaListener(
            id = "restore-commands",
            topics = "#{@topicNames.commands()}",
            groupId = "${ringvault.restorer.consumer-group:ringvault-restorer}",
            containerFactory = "commandsContainerFactory")
    void onCommand(ConsumerRecord<String, byte[]> record) {
        Envelope<Payload> envelope;
        try {
            envelope = codec.decode(record.value() == null ? new byte[0] : record.value());
        } catch (InvalidMessageException e) {
            // The coordinator writes this topic; what it cannot have written is not for us to act on.
            LOG.warn(
                    "command skipped location={}-{}@{} reason={} detail={}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.reason(),
                    e.getMessage());
            return;
        }
        if (!(envelope.data() instanceof StartRestore command)) {
            return;
        }
        String operationId = envelope.subject();
        if (operationId == null || !OPERATION_ID.matcher(operationId).matches()) {
            LOG.warn("restore command skipped: its subject '{}' is not an operation id", operationId);
            return;
        }
        Optional<String> end = history.endOf(operationId);
        if (end.isPresent()) {
            LOG.info("restore command skipped operationId={}: the operation is over ({})", operationId, end.get());
            return;
        }
        LOG.info(
                "restore started operationId={} backupId={} sourceCluster={} keyspaces={} tables={} truncate={}"
                        + " allowSchemaMismatch={} requestedBy={}",
                operationId,
                command.request().backupId(),
                command.sourceCluster(),
                command.request().keyspaces(),
                command.request().tables(),
                command.request().truncate(),
                command.request().allowSchemaMismatch(),
                command.request().requestedBy());
        restores.run(operationId, command);
    }
}
