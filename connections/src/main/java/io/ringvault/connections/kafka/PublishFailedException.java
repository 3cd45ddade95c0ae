package io.ringvault.connections.kafka;

/**
 * Kafka did not confirm a record within the time allowed: it refused it, did not answer in time, or the wait was
 * interrupted. The record may still have been written (an acknowledgement can be lost), so a caller that tries again
 * must be safe to repeat; ringvault's readers take every event at least once.
 */
public class PublishFailedException extends IllegalStateException {
    private final String topic;

    public PublishFailedException(String topic, String message, Throwable cause) {
        super(message, cause);
        this.topic = topic;
    }

    /** The topic the record was for. */
    public String topic() {
        return topic;
    }
}
