package io.ringvault.coordinator.operation;

import io.ringvault.common.Envelope;
import io.ringvault.common.message.Payload;

/**
 * Where the coordinator's decisions go: the events it records and the commands it sends, each on the topic its type
 * belongs to and keyed by operation id, so that an operation's messages stay in order. The domain depends on this port
 * only; {@code messaging.EventPublisher} implements it on Kafka, and tests use an in-memory fake.
 */
public interface EventSink {

    /**
     * Publishes {@code data} about operation {@code operationId} and returns once it is durable (on Kafka: acknowledged
     * by the broker). Nothing is decided on an event that might be lost.
     *
     * @return the event as written
     * @throws IllegalStateException when durability is not confirmed (timeout, broker down, interrupted). The message
     *     may still have been written (an acknowledgement can be lost), so a caller that tries again must be safe to
     *     repeat.
     */
    <P extends Payload> Envelope<P> publish(String operationId, P data);
}
