package io.ringvault.coordinator.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Envelope;
import io.ringvault.common.InvalidMessageException;
import io.ringvault.common.TopicNames;
import io.ringvault.common.message.Payload;
import io.ringvault.common.message.Request;
import io.ringvault.common.message.RequestRejected;
import io.ringvault.connections.kafka.DeadLetters;
import io.ringvault.coordinator.cluster.ClusterUnavailableException;
import io.ringvault.coordinator.request.RequestRejectedException;
import io.ringvault.coordinator.request.RequestService;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import tools.jackson.databind.JsonNode;

/**
 * Takes requests that other systems publish on the requests topic. A request that cannot be accepted goes to the
 * dead-letter topic with its original bytes and the reason, and a {@code request.rejected} event records it; the
 * listener then goes on, so one poison message never blocks the topic.
 */
public class RequestListener {
    private static final Logger LOG = LoggerFactory.getLogger(RequestListener.class);

    private final CloudEventCodec codec;
    private final RequestService requests;
    private final EventPublisher publisher;
    private final TopicNames topics;
    private final MeterRegistry meters;

    public RequestListener(
            CloudEventCodec codec,
            RequestService requests,
            EventPublisher publisher,
            TopicNames topics,
            MeterRegistry meters) {
        this.codec = codec;
        this.requests = requests;
        this.publisher = publisher;
        this.topics = topics;
        this.meters = meters;
    }

    @KafkaListener(
            id = "requests",
            topics = "#{@topicNames.requests()}",
            groupId = "${ringvault.coordinator.consumer-group}-requests",
            properties = "auto.offset.reset=earliest")
    void onRequest(ConsumerRecord<String, byte[]> record) {
        Envelope<Payload> envelope;
        try {
            envelope = codec.decode(record.value() == null ? new byte[0] : record.value());
        } catch (InvalidMessageException e) {
            reject(record, e.reason(), e.getMessage(), null);
            return;
        }
        if (!(envelope.data() instanceof Request)) {
            reject(
                    record,
                    "not-a-request",
                    "type '" + envelope.type().type()
                            + "' is not a request; the requests topic takes backup.requested, restore.requested and operation.cancel.requested",
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
        String reason = root instanceof ClusterUnavailableException ? "cluster-unavailable" : "processing-failed";
        @SuppressWarnings("unchecked")
        ConsumerRecord<String, byte[]> bytes = (ConsumerRecord<String, byte[]>) record;
        reject(bytes, reason, root.getMessage(), null);
    }

    private void reject(
            ConsumerRecord<String, byte[]> record, String reason, String detail, Envelope<Payload> envelope) {
        String location = record.topic() + "-" + record.partition() + "@" + record.offset();
        LOG.warn("request rejected location={} reason={} detail={}", location, reason, detail);
        meters.counter("ringvault.requests.rejected", "reason", reason, "channel", "kafka")
                .increment();

        publisher.send(DeadLetters.deadLetter(record, topics.dlq(), reason, detail));

        String requestId = envelope != null ? envelope.id() : peekId(record.value());
        String subject = requestId != null && requestId.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
                ? requestId
                : "rejected-" + UUID.randomUUID();
        publisher.publish(
                subject,
                new RequestRejected(
                        reason,
                        detail,
                        "kafka",
                        envelope != null ? envelope.type().type() : peek(record.value(), "type"),
                        envelope != null ? envelope.source() : peek(record.value(), "source"),
                        location));
    }

    private String peekId(byte[] value) {
        return peek(value, "id");
    }

    /** Best effort: read one attribute from a message that failed validation, to say what was rejected. */
    private String peek(byte[] value, String attribute) {
        try {
            JsonNode json = codec.mapper().readTree(value);
            JsonNode node = json == null ? null : json.get(attribute);
            return node != null && node.isString() ? node.asString() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
