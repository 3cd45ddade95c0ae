package io.ringvault.uploader.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Envelope;
import io.ringvault.common.InvalidMessageException;
import io.ringvault.common.TopicNames;
import io.ringvault.common.message.Event;
import io.ringvault.common.message.FileReady;
import io.ringvault.common.message.FileStored;
import io.ringvault.common.message.Payload;
import io.ringvault.uploader.upload.FileUploader;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Takes {@code file.ready} events from the files topic (one consumer group for all uploaders, so they share the
 * files), has each file stored, and publishes the outcome ({@code file.stored} or {@code node.failed}) on the events
 * topic before the record is committed. A record that is not a usable {@code file.ready} goes to the dead-letter topic
 * with its reason; nothing blocks the partition.
 */
public class FileReadyListener {
    private static final Logger LOG = LoggerFactory.getLogger(FileReadyListener.class);
    /** Backup ids end up in object keys and URLs: the contract's id alphabet. */
    private static final Pattern BACKUP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    public static final String REASON_HEADER = "ringvault.rejection.reason";
    public static final String DETAIL_HEADER = "ringvault.rejection.detail";

    private final CloudEventCodec codec;
    private final FileUploader uploader;
    private final EventPublisher publisher;
    private final TopicNames topics;
    private final MeterRegistry meters;

    public FileReadyListener(
            CloudEventCodec codec,
            FileUploader uploader,
            EventPublisher publisher,
            TopicNames topics,
            MeterRegistry meters) {
        this.codec = codec;
        this.uploader = uploader;
        this.publisher = publisher;
        this.topics = topics;
        this.meters = meters;
    }

    @KafkaListener(
            id = "files",
            topics = "#{@topicNames.files()}",
            groupId = "${ringvault.uploader.consumer-group:ringvault-uploader}",
            containerFactory = "filesContainerFactory")
    void onFile(ConsumerRecord<String, byte[]> record) {
        Envelope<Payload> envelope;
        try {
            envelope = codec.decode(record.value() == null ? new byte[0] : record.value());
        } catch (InvalidMessageException e) {
            reject(record, e.reason(), e.getMessage());
            return;
        }
        if (!(envelope.data() instanceof FileReady file)) {
            reject(
                    record,
                    "not-a-file-ready",
                    "type '" + envelope.type().type() + "' does not belong on the files topic");
            return;
        }
        String backupId = envelope.subject();
        if (backupId == null || !BACKUP_ID.matcher(backupId).matches()) {
            reject(record, "invalid-subject", "a file.ready needs its backup id as subject, not '" + backupId + "'");
            return;
        }
        Event outcome = uploader.upload(backupId, file);
        publisher.publish(backupId, outcome);
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

    private void reject(ConsumerRecord<String, byte[]> record, String reason, String detail) {
        String location = record.topic() + "-" + record.partition() + "@" + record.offset();
        LOG.warn("file.ready rejected location={} reason={} detail={}", location, reason, detail);
        meters.counter("ringvault.uploader.files", "outcome", "rejected").increment();
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(topics.dlq(), record.key(), record.value());
        dead.headers().add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        dead.headers().add(DETAIL_HEADER, detail.getBytes(StandardCharsets.UTF_8));
        dead.headers().add("ringvault.original.topic", record.topic().getBytes(StandardCharsets.UTF_8));
        dead.headers()
                .add(
                        "ringvault.original.partition",
                        Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
        dead.headers()
                .add("ringvault.original.offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        publisher.send(dead);
    }
}
