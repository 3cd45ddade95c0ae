package io.ringvault.connections.kafka;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Envelope;
import io.ringvault.common.InvalidMessageException;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.Payload;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * How every listener reads a record: as a CloudEvent ({@link CloudEventCodec#decode}), or, when it does not decode, as
 * a dead letter. A record that cannot be decoded goes to the dead-letter topic ({@link DeadLetters}) with the codec's
 * reason ({@code malformed-json}, {@code unknown-type}, {@code invalid-data}…) and a log line; it is never skipped
 * silently, and retrying it would never help. A record without a value (a tombstone) does not decode either.
 *
 * <p>Several services read the commands topic (every node agent, every uploader's and every restorer's cancel
 * listener, the restorers' group): each of them dead-letters a command it cannot read, so one bad command may reach the
 * dead-letter topic more than once, each time with the same original location in its headers.
 */
public class RecordDecoder {
    private final CloudEventCodec codec;
    private final DeadLetters deadLetters;

    public RecordDecoder(CloudEventCodec codec, DeadLetters deadLetters) {
        this.codec = codec;
        this.deadLetters = deadLetters;
    }

    /**
     * The record's message, or empty once the record is on the dead-letter topic (acknowledged by the broker).
     *
     * @throws PublishFailedException when the dead letter is not acknowledged: the listener fails, and the record is
     *     delivered again rather than lost
     */
    public Optional<Envelope<Payload>> decodeOrDeadLetter(ConsumerRecord<String, byte[]> record) {
        return decodeOrDeadLetter(record, (reason, detail) -> {});
    }

    /**
     * As {@link #decodeOrDeadLetter(ConsumerRecord)}, then tells {@code deadLettered} the reason and detail the dead
     * letter carries (for example to record the rejection as an event too).
     */
    public Optional<Envelope<Payload>> decodeOrDeadLetter(
            ConsumerRecord<String, byte[]> record, BiConsumer<FailureReason, String> deadLettered) {
        try {
            return Optional.of(decode(record));
        } catch (InvalidMessageException e) {
            deadLetters.write(record, e.reason(), e.getMessage());
            deadLettered.accept(e.reason(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * As {@link #decodeOrDeadLetter(ConsumerRecord)} without waiting for the dead letter: its send goes to
     * {@code pending}, for batch listeners that wait for all their sends before they commit.
     */
    public Optional<Envelope<Payload>> decodeOrDeadLetterLater(
            ConsumerRecord<String, byte[]> record, Consumer<CompletableFuture<Void>> pending) {
        try {
            return Optional.of(decode(record));
        } catch (InvalidMessageException e) {
            pending.accept(deadLetters.send(record, e.reason(), e.getMessage()));
            return Optional.empty();
        }
    }

    private Envelope<Payload> decode(ConsumerRecord<String, byte[]> record) {
        return codec.decode(record.value() == null ? new byte[0] : record.value());
    }
}
