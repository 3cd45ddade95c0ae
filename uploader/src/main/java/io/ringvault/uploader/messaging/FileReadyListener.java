package io.ringvault.uploader.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.ringvault.common.Envelope;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.Event;
import io.ringvault.common.message.FileReady;
import io.ringvault.common.message.FileStored;
import io.ringvault.common.message.OperationId;
import io.ringvault.common.message.Payload;
import io.ringvault.connections.kafka.DeadLetters;
import io.ringvault.connections.kafka.EventPublisher;
import io.ringvault.connections.kafka.RecordDecoder;
import io.ringvault.uploader.upload.BatchBudget;
import io.ringvault.uploader.upload.CancelledBackups;
import io.ringvault.uploader.upload.FileUploader;
import io.ringvault.uploader.upload.StoredFiles;
import io.ringvault.uploader.upload.UploadCancelled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;

/**
 * Takes {@code file.ready} events from the files topic (one consumer group for all uploaders, so they share the
 * files), has each file stored, and publishes the outcome ({@code file.stored} or {@code node.failed}) on the events
 * topic before the records are committed. A record that is not a usable {@code file.ready} goes to the dead-letter
 * topic with its reason; nothing blocks the partition.
 *
 * <p>Records come in batches (one poll); the batch's files are looked up (a differential backup reuses what is already
 * stored) by a pool of {@code ringvault.uploader.lookup-concurrency} threads and uploaded by a pool of workers, as many
 * at once as {@code ringvault.uploader.concurrency}, and their outcomes are sent without waiting for each. The batch is committed
 * once every outcome is acknowledged. A file costs no Kafka round trip of its own: most files of a snapshot are small
 * components, and a round trip and a commit per file used to cost more than storing them.
 *
 * <p>A batch is bounded by the bytes its files announce ({@code ringvault.uploader.batch-bytes}), not only by the
 * records of the poll: a poll of hundreds of small components (or of files a differential backup reuses) is one batch
 * with one commit, while a poll of large files is cut where the budget runs out, the rest handed back to Kafka
 * ({@link Acknowledgment#nack(int, Duration)}) for the next poll. So a batch takes about as long as its budget whatever
 * the files' sizes, well within {@code max.poll.interval.ms}.
 *
 * <p>Files of a cancelled backup ({@link CancelledBackups}, filled by {@link CancelListener}) are dropped: nothing is
 * published for them and their records are committed with the batch. Before its first batch the listener waits (up to
 * {@link #CANCELS_CATCH_UP}) for the cancel listener to have read the recent cancels, so that an instance that starts
 * on a backlog does not upload a backup cancelled while it was down.
 */
public class FileReadyListener {
    private static final Logger LOG = LoggerFactory.getLogger(FileReadyListener.class);

    /** How long the first batch waits for the recent cancels to be read. */
    static final Duration CANCELS_CATCH_UP = Duration.ofSeconds(30);

    private final RecordDecoder decoder;
    private final DeadLetters deadLetters;
    private final FileUploader uploader;
    private final EventPublisher publisher;
    private final MeterRegistry meters;
    private final Executor lookups;
    private final Executor workers;
    private final long batchBytes;
    private final CancelledBackups cancels;
    private final String groupId;
    /** Listener thread only. */
    private boolean waitedForCancels;

    /**
     * @param lookups where a differential backup's lookups run (is the file already stored?), as many at once as it has
     *     threads
     * @param workers where files are uploaded, as many at once as it has threads
     * @param batchBytes the bytes the files of one batch may announce together (a batch takes at least one file)
     * @param cancels the backups whose files are dropped
     * @param groupId the files' consumer group, shared by every uploader of a deployment
     */
    public FileReadyListener(
            RecordDecoder decoder,
            DeadLetters deadLetters,
            FileUploader uploader,
            EventPublisher publisher,
            MeterRegistry meters,
            Executor lookups,
            Executor workers,
            long batchBytes,
            CancelledBackups cancels,
            String groupId) {
        this.decoder = decoder;
        this.deadLetters = deadLetters;
        this.uploader = uploader;
        this.publisher = publisher;
        this.meters = meters;
        this.lookups = lookups;
        this.workers = workers;
        this.batchBytes = batchBytes;
        this.cancels = cancels;
        this.groupId = groupId;
    }

    public String groupId() {
        return groupId;
    }

    @KafkaListener(
            id = "files",
            topics = "#{@topicNames.files()}",
            groupId = "#{__listener.groupId()}",
            containerFactory = "filesContainerFactory",
            batch = "true")
    void onFiles(List<ConsumerRecord<String, byte[]>> records, Acknowledgment acknowledgment)
            throws InterruptedException {
        awaitCancelsOnce();
        long started = System.nanoTime();
        List<CompletableFuture<?>> outcomes = new ArrayList<>();
        List<Accepted> accepted = new ArrayList<>();
        Map<String, Dropped> dropped = new ConcurrentHashMap<>();
        BatchBudget budget = new BatchBudget(batchBytes);
        for (ConsumerRecord<String, byte[]> record : records) {
            Accepted file = accept(record, outcomes);
            if (file == null) {
                budget.takeWithoutFile();
            } else if (cancels.isCancelled(file.backupId())) {
                // Read after its backup's cancel: dropped, and committed with the batch.
                budget.takeWithoutFile();
                drop(dropped, file.backupId(), cancels.reason(file.backupId()).orElse("cancelled"), false);
            } else if (budget.take(file.file().size())) {
                accepted.add(file);
            } else {
                break;
            }
        }
        // Largest first, so one big file does not start last and leave the other workers idle at the end of the batch.
        accepted.sort(
                Comparator.comparingLong((Accepted file) -> file.file().size()).reversed());
        StoredFiles known =
                uploader.storedFiles(accepted.stream().map(Accepted::file).toList());
        for (Accepted file : accepted) {
            // The lookup first, on its own (larger) pool: in a differential backup most files end there, answered by
            // the batch's listings and the previous manifest, or a HeadObject. Only files it cannot reuse take an
            // upload worker.
            outcomes.add(CompletableFuture.supplyAsync(
                            () -> uploader.reuse(file.backupId(), file.file(), known), lookups)
                    .thenCompose(reused -> reused.map(CompletableFuture::completedFuture)
                            .orElseGet(() -> CompletableFuture.supplyAsync(
                                    () -> uploader.store(file.backupId(), file.file()), workers)))
                    .thenCompose(outcome -> {
                        count(outcome);
                        return publisher.publishAsync(file.backupId(), outcome);
                    })
                    .exceptionally(failure -> {
                        // The backup was cancelled before, during or just after the file's upload: nothing to say.
                        if (failure instanceof CompletionException && failure.getCause() instanceof UploadCancelled c) {
                            drop(dropped, c.backupId(), c.reason(), c.inFlight());
                            return null;
                        }
                        throw failure instanceof CompletionException e ? e : new CompletionException(failure);
                    }));
        }
        // Committed only once every outcome is on the events topic. A failure here (Kafka refusing an event) has the
        // error handler deliver the batch again, which is harmless.
        CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).join();
        Map<String, Integer> answers = known.answers();
        answers.forEach((answeredBy, count) ->
                meters.counter("ringvault.uploader.lookups", "by", answeredBy).increment(count));
        dropped.forEach((backupId, files) -> {
            LOG.info(
                    "files of a cancelled backup dropped backupId={} queued={} aborted={} reason={}",
                    backupId,
                    files.queued.get(),
                    files.aborted.get(),
                    files.reason);
            meters.counter("ringvault.uploader.files", "outcome", "cancelled")
                    .increment(files.queued.get() + files.aborted.get());
        });
        boolean cut = budget.cut(records.size());
        LOG.info(
                "batch done files={} bytesAnnounced={} ms={} cut={} lookupsByListing={} lookupsByManifest={}"
                        + " lookupsByHead={} cancelled={}",
                accepted.size(),
                budget.bytes(),
                (System.nanoTime() - started) / 1_000_000,
                cut,
                answers.get("listing"),
                answers.get("manifest"),
                answers.get("head"),
                dropped.values().stream()
                        .mapToInt(files -> files.queued.get() + files.aborted.get())
                        .sum());
        meters.counter("ringvault.uploader.batches", "end", cut ? "budget" : "poll")
                .increment();
        if (cut) {
            // Commits the records taken and seeks back to the first one left: the next poll starts the next batch
            // there.
            acknowledgment.nack(budget.taken(), Duration.ZERO);
        } else {
            acknowledgment.acknowledge();
        }
    }

    /**
     * The first batch waits for the cancels sent before this instance started: one of its records may belong to a
     * backup cancelled meanwhile. Later batches never wait; a cancel the reader has not read yet reaches the files in
     * flight when it is read.
     */
    private void awaitCancelsOnce() throws InterruptedException {
        if (waitedForCancels) {
            return;
        }
        waitedForCancels = true;
        if (!cancels.awaitCaughtUp(CANCELS_CATCH_UP)) {
            LOG.warn(
                    "the recent cancels were not read within {}: going on without them; a file of a backup cancelled"
                            + " while this instance was down may be uploaded",
                    CANCELS_CATCH_UP);
        }
    }

    /** The files of one cancelled backup a batch dropped: before they started, or aborted in flight. */
    private static final class Dropped {
        final AtomicInteger queued = new AtomicInteger();
        final AtomicInteger aborted = new AtomicInteger();
        final String reason;

        Dropped(String reason) {
            this.reason = reason;
        }
    }

    private static void drop(Map<String, Dropped> dropped, String backupId, String reason, boolean inFlight) {
        Dropped files = dropped.computeIfAbsent(backupId, id -> new Dropped(reason));
        (inFlight ? files.aborted : files.queued).incrementAndGet();
    }

    /**
     * The file a record announces, or null when the record was sent to the dead-letter topic instead. The cut of a batch
     * comes only after a file that does not fit, so a record rejected here always belongs to the batch
     * ({@link BatchBudget}).
     */
    private Accepted accept(ConsumerRecord<String, byte[]> record, List<CompletableFuture<?>> outcomes) {
        Optional<Envelope<Payload>> decoded = decoder.decodeOrDeadLetterLater(record, outcomes::add);
        if (decoded.isEmpty()) {
            rejected();
            return null;
        }
        Envelope<Payload> envelope = decoded.get();
        if (!(envelope.data() instanceof FileReady file)) {
            outcomes.add(reject(
                    record,
                    FailureReason.NOT_A_FILE_READY,
                    "type '" + envelope.type().type() + "' does not belong on the files topic"));
            return null;
        }
        // Backup ids end up in object keys and URLs.
        String backupId = envelope.subject();
        if (!OperationId.isValid(backupId)) {
            outcomes.add(reject(
                    record,
                    FailureReason.INVALID_SUBJECT,
                    "a file.ready needs its backup id as subject, not '" + backupId + "'"));
            return null;
        }
        return new Accepted(backupId, file);
    }

    private void count(Event outcome) {
        if (outcome instanceof FileStored stored) {
            meters.counter("ringvault.uploader.files", "outcome", stored.reused() ? "reused" : "stored")
                    .increment();
            if (!stored.reused()) {
                meters.counter("ringvault.uploader.bytes").increment(stored.size());
            }
        } else {
            meters.counter("ringvault.uploader.files", "outcome", "failed").increment();
        }
    }

    private record Accepted(String backupId, FileReady file) {}

    /** Dead-letters a {@code file.ready} that cannot be uploaded; the batch waits for the dead letter. */
    private CompletableFuture<Void> reject(ConsumerRecord<String, byte[]> record, FailureReason reason, String detail) {
        rejected();
        return deadLetters.send(record, reason, detail);
    }

    private void rejected() {
        meters.counter("ringvault.uploader.files", "outcome", "rejected").increment();
    }
}
