package io.ringvault.coordinator.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Envelope;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.OperationId;
import io.ringvault.common.message.Payload;
import io.ringvault.common.message.Request;
import io.ringvault.common.message.RequestRejected;
import io.ringvault.connections.kafka.DeadLetters;
import io.ringvault.connections.kafka.EventPublisher;
import io.ringvault.connections.kafka.RecordDecoder;
import io.ringvault.coordinator.cluster.ClusterUnavailableException;
import io.ringvault.coordinator.request.RequestRejectedException;
import io.ringvault.coordinator.request.RequestService;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import tools.jackson.databind.JsonNode;

/**
 * Takes requests that other systems publish on the requests topic. A request that cannot be accepted goes to the
 * dead-letter topic with its original bytes and the reason, and a {@code request.rejected} event records it; the
 * listener then goes on, so one poison message never blocks the topic.
 */
public class RequestListener {
    private final CloudEventCodec codec;
    private final RecordDecoder decoder;
    private final DeadLetters deadLetters;
    private final RequestService requests;
    private final EventPublisher publisher;
    private final MeterRegistry meters;
    private final String groupId;

    /** @param groupId the requests' consumer group, shared by the coordinators of a deployment */
    public RequestListener(
            CloudEventCodec codec,
            RecordDecoder decoder,
            DeadLetters deadLetters,
            RequestService requests,
            EventPublisher publisher,
            MeterRegistry meters,
            String groupId) {
        this.codec = codec;
        this.decoder = decoder;
        this.deadLetters = deadLetters;
        this.requests = requests;
        this.publisher = publisher;
        this.meters = meters;
        this.groupId = groupId;
    }

    public String groupId() {
        return groupId;
    }

    @KafkaListener(
            id = "requests",
            topics = "#{@topicNames.requests()}",
            groupId = "#{__listener.groupId()}",
            properties = "auto.offset.reset=earliest")
    void onRequest(ConsumerRecord<String, byte[]> record) {
        // A request that does not decode is dead-lettered by the decoder; it is recorded as rejected here.
        Optional<Envelope<Payload>> decoded =
                decoder.decodeOrDeadLetter(record, (reason, detail) -> recordRejection(record, reason, detail, null));
        if (decoded.isEmpty()) {
            return;
        }
        Envelope<Payload> envelope = decoded.get();
        if (!(envelope.data() instanceof Request)) {
            reject(
                    record,
                    FailureReason.NOT_A_REQUEST,
                    "type '" + envelope.type().type()
                            + "' is not a request; the requests topic takes backup.requested, restore.requested, backup.verify.requested,"
                            + " backup.delete.requested, backup.purge.requested, backup.gc.requested, backup.copy.requested and"
                            + " operation.cancel.requested",
                    envelope);
            return;
        }
        try {
            @SuppressWarnings("unchecked")
            Envelope<Request> request = (Envelope<Request>) (Envelope<?>) envelope;
            requests.submit(request, "kafka");
        } catch (RequestRejectedException e) {
            reject(record, e.reason(), e.getMessage(), envelope);
        }
        // ClusterUnavailableException propagates: the container's error handler retries with back-off.
    }

    /** Called by the error handler once retries are exhausted (for example Cassandra stayed unreachable). */
    public void rejectAfterRetries(ConsumerRecord<?, ?> record, Exception cause) {
        Throwable root = cause;
        while (root.getCause() != null && !(root instanceof ClusterUnavailableException)) {
            root = root.getCause();
        }
        FailureReason reason = root instanceof ClusterUnavailableException
                ? FailureReason.CLUSTER_UNAVAILABLE
                : FailureReason.PROCESSING_FAILED;
        @SuppressWarnings("unchecked")
        ConsumerRecord<String, byte[]> bytes = (ConsumerRecord<String, byte[]>) record;
        reject(bytes, reason, root.getMessage(), null);
    }

    private void reject(
            ConsumerRecord<String, byte[]> record, FailureReason reason, String detail, Envelope<Payload> envelope) {
        deadLetters.write(record, reason, detail);
        recordRejection(record, reason, detail, envelope);
    }

    /** After the dead letter: the rejection counted and on the events topic, as {@code request.rejected}. */
    private void recordRejection(
            ConsumerRecord<String, byte[]> record, FailureReason reason, String detail, Envelope<Payload> envelope) {
        meters.counter("ringvault.requests.rejected", "reason", reason.code(), "channel", "kafka")
                .increment();
        String requestId = envelope != null ? envelope.id() : peek(record.value(), "id");
        String subject = OperationId.isValid(requestId) ? requestId : "rejected-" + UUID.randomUUID();
        publisher.publish(
                subject,
                new RequestRejected(
                        reason,
                        detail,
                        "kafka",
                        envelope != null ? envelope.type().type() : peek(record.value(), "type"),
                        envelope != null ? envelope.source() : peek(record.value(), "source"),
                        DeadLetters.location(record)));
    }

    /** Best effort: read one attribute from a message that failed validation, to say what was rejected. */
    private String peek(byte[] value, String attribute) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode json = codec.mapper().readTree(value);
            JsonNode node = json == null ? null : json.get(attribute);
            return node != null && node.isString() ? node.asString() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
