package io.ringvault.restorer.messaging;

import io.ringvault.common.Envelope;
import io.ringvault.common.MessageType;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.OperationId;
import io.ringvault.common.message.Payload;
import io.ringvault.common.message.StartCopy;
import io.ringvault.common.message.StartDelete;
import io.ringvault.common.message.StartGc;
import io.ringvault.common.message.StartPurge;
import io.ringvault.common.message.StartRestore;
import io.ringvault.common.message.StartVerify;
import io.ringvault.connections.kafka.DeadLetters;
import io.ringvault.connections.kafka.EventsReplay;
import io.ringvault.connections.kafka.EventsReplay.ReplayedEvent;
import io.ringvault.connections.kafka.RecordDecoder;
import io.ringvault.restorer.copy.BackupCopier;
import io.ringvault.restorer.delete.BackupDeleter;
import io.ringvault.restorer.gc.GarbageCollector;
import io.ringvault.restorer.restore.RestoreService;
import io.ringvault.restorer.verify.BackupVerifier;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Takes {@code restore.command}, {@code backup.verify.command}, {@code backup.delete.command},
 * {@code backup.purge.command}, {@code backup.gc.command} and {@code backup.copy.command} from the commands topic (one
 * consumer group for all restorers, so one of them runs each restore, verify, delete, purge, gc or copy) and runs it in the listener thread. One
 * listener takes both:
 * two listeners in one group would split the topic's partitions between them, each skipping the other's commands.
 * A verify's record, like a restore's, is committed once its {@code backup.verify.finished} is written; a delete's
 * once its {@code backup.delete.finished} is, a purge's once its {@code backup.purge.finished} is, a gc's once its
 * {@code backup.gc.finished} is, a copy's once its {@code backup.copy.finished} is. The record is committed only once the restore is over and its
 * {@code restore.finished} is on the events topic: a restorer that stops in the middle leaves the command to the next
 * one, which continues it. Other commands are for other workers and are skipped; a command that does not decode, or a
 * restore or verify command without an operation id, is dead-lettered.
 *
 * <p>Before it runs a restore, the listener looks on the events topic ({@link EventsReplay}, the operation's partition
 * only) for the event that ended the operation: a {@code restore.finished} (a restorer finished it and stopped before
 * committing its command) or the coordinator's {@code operation.completed}, {@code .failed} or {@code .cancelled}. A
 * command of an operation that is over is skipped.
 */
public class RestoreCommandListener {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreCommandListener.class);
    private static final Set<String> TERMINAL_TYPES = Set.of(
            MessageType.RESTORE_FINISHED.type(),
            MessageType.VERIFY_FINISHED.type(),
            MessageType.DELETE_FINISHED.type(),
            MessageType.PURGE_FINISHED.type(),
            MessageType.GC_FINISHED.type(),
            MessageType.COPY_FINISHED.type(),
            MessageType.OPERATION_COMPLETED.type(),
            MessageType.OPERATION_FAILED.type(),
            MessageType.OPERATION_CANCELLED.type());
    /** Bound on the look at the operation's events. */
    private static final Duration HISTORY_TIMEOUT = Duration.ofMinutes(2);

    private final RecordDecoder decoder;
    private final DeadLetters deadLetters;
    private final RestoreService restores;
    private final BackupVerifier verifier;
    private final BackupDeleter deleter;
    private final GarbageCollector collector;
    private final BackupCopier copier;
    private final EventsReplay events;
    private final String groupId;

    /** @param groupId the commands' consumer group, shared by every restorer of a deployment */
    public RestoreCommandListener(
            RecordDecoder decoder,
            DeadLetters deadLetters,
            RestoreService restores,
            BackupVerifier verifier,
            BackupDeleter deleter,
            GarbageCollector collector,
            BackupCopier copier,
            EventsReplay events,
            String groupId) {
        this.decoder = decoder;
        this.deadLetters = deadLetters;
        this.restores = restores;
        this.verifier = verifier;
        this.deleter = deleter;
        this.collector = collector;
        this.copier = copier;
        this.events = events;
        this.groupId = groupId;
    }

    public String groupId() {
        return groupId;
    }

    @KafkaListener(
            id = "restore-commands",
            topics = "#{@topicNames.commands()}",
            groupId = "#{__listener.groupId()}",
            containerFactory = "commandsContainerFactory")
    void onCommand(ConsumerRecord<String, byte[]> record) {
        Optional<Envelope<Payload>> decoded = decoder.decodeOrDeadLetter(record);
        if (decoded.isEmpty()
                || !(decoded.get().data() instanceof StartRestore
                        || decoded.get().data() instanceof StartVerify
                        || decoded.get().data() instanceof StartDelete
                        || decoded.get().data() instanceof StartPurge
                        || decoded.get().data() instanceof StartGc
                        || decoded.get().data() instanceof StartCopy)) {
            return;
        }
        String operationId = decoded.get().subject();
        if (!OperationId.isValid(operationId)) {
            deadLetters.write(
                    record,
                    FailureReason.INVALID_SUBJECT,
                    "a " + decoded.get().type().type() + " needs its operation id as subject, not '" + operationId
                            + "'");
            return;
        }
        Optional<ReplayedEvent> end = events.findForKey(
                operationId, HISTORY_TIMEOUT, event -> event.type() != null && TERMINAL_TYPES.contains(event.type()));
        if (end.isPresent()) {
            LOG.info(
                    "{} skipped operationId={}: the operation is over ({})",
                    decoded.get().type().type(),
                    operationId,
                    end.get().type());
            return;
        }
        if (decoded.get().data() instanceof StartVerify verify) {
            LOG.info(
                    "verify started operationId={} backupId={} sourceCluster={} deep={} requestedBy={}",
                    operationId,
                    verify.request().backupId(),
                    verify.sourceCluster(),
                    verify.request().rereads(),
                    verify.request().requestedBy());
            verifier.run(operationId, verify);
            return;
        }
        if (decoded.get().data() instanceof StartDelete delete) {
            LOG.info(
                    "delete started operationId={} backupId={} sourceCluster={} requestedBy={}",
                    operationId,
                    delete.request().backupId(),
                    delete.sourceCluster(),
                    delete.request().requestedBy());
            deleter.run(operationId, delete);
            return;
        }
        if (decoded.get().data() instanceof StartPurge purge) {
            LOG.info(
                    "purge started operationId={} backups={} dryRun={} sourceCluster={} requestedBy={}",
                    operationId,
                    purge.backups().size(),
                    purge.dryRun(),
                    purge.sourceCluster(),
                    purge.request().requestedBy());
            deleter.run(operationId, purge);
            return;
        }
        if (decoded.get().data() instanceof StartCopy copy) {
            LOG.info(
                    "copy started operationId={} backupId={} target={} sourceCluster={} requestedBy={}",
                    operationId,
                    copy.request().backupId(),
                    copy.request().target(),
                    copy.sourceCluster(),
                    copy.request().requestedBy());
            copier.run(operationId, copy);
            return;
        }
        if (decoded.get().data() instanceof StartGc gc) {
            LOG.info(
                    "gc started operationId={} sourceCluster={} cutoff={} dryRun={} requestedBy={}",
                    operationId,
                    gc.sourceCluster(),
                    gc.cutoff(),
                    gc.dryRun(),
                    gc.request().requestedBy());
            collector.run(operationId, gc);
            return;
        }
        StartRestore command = (StartRestore) decoded.get().data();
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
