package io.ringvault.connections.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Envelope;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.CancelOperation;
import io.ringvault.common.message.Payload;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class RecordDecoderTest {
    private static final CloudEventCodec CODEC = new CloudEventCodec();
    private static final byte[] NOT_JSON = "{not json".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldHandBackWhatDecodesAndDeadLetterNothing() {
        MockProducer<String, byte[]> producer = EventPublisherTest.producer(true);
        byte[] command = CODEC.encode(Envelope.of("/test", "op-1", new CancelOperation("by test")));

        Optional<Envelope<Payload>> decoded = decoder(producer).decodeOrDeadLetter(record(command));

        assertThat(decoded).get().extracting(Envelope::data).isEqualTo(new CancelOperation("by test"));
        assertThat(producer.history()).isEmpty();
    }

    /** Never skipped silently: the record goes to the dead-letter topic unchanged, with the codec's reason. */
    @Test
    void shouldDeadLetterARecordThatDoesNotDecode() {
        MockProducer<String, byte[]> producer = EventPublisherTest.producer(true);
        List<FailureReason> told = new ArrayList<>();

        assertThat(decoder(producer).decodeOrDeadLetter(record(NOT_JSON), (reason, detail) -> told.add(reason)))
                .isEmpty();

        assertThat(producer.history()).hasSize(1);
        ProducerRecord<String, byte[]> dead = producer.history().get(0);
        assertThat(dead.topic()).isEqualTo("acme.dlq");
        assertThat(dead.key()).isEqualTo("op-1");
        assertThat(dead.value()).isEqualTo(NOT_JSON);
        assertThat(header(dead, DeadLetters.REASON_HEADER)).isEqualTo("malformed-json");
        assertThat(header(dead, DeadLetters.ORIGINAL_TOPIC_HEADER)).isEqualTo("acme.commands");
        assertThat(header(dead, DeadLetters.ORIGINAL_PARTITION_HEADER)).isEqualTo("2");
        assertThat(header(dead, DeadLetters.ORIGINAL_OFFSET_HEADER)).isEqualTo("41");
        assertThat(told).containsExactly(FailureReason.MALFORMED_JSON);
    }

    @Test
    void shouldDeadLetterARecordWithoutValue() {
        MockProducer<String, byte[]> producer = EventPublisherTest.producer(true);

        assertThat(decoder(producer).decodeOrDeadLetter(record(null))).isEmpty();

        assertThat(producer.history())
                .singleElement()
                .satisfies(dead -> assertThat(dead.value()).isNull());
    }

    /** The record is not lost: the listener fails and its record is delivered again. */
    @Test
    void shouldFailWhenTheDeadLetterIsRefused() {
        MockProducer<String, byte[]> producer = EventPublisherTest.producer(false);
        RecordDecoder decoder = decoder(producer);
        Thread refuse = new Thread(() -> {
            while (producer.history().isEmpty()) {
                Thread.onSpinWait();
            }
            producer.errorNext(new KafkaException("no dead letters today"));
        });
        refuse.setDaemon(true);
        refuse.start();

        assertThatThrownBy(() -> decoder.decodeOrDeadLetter(record(NOT_JSON)))
                .isInstanceOf(PublishFailedException.class)
                .hasMessageContaining("no dead letters today");
    }

    /** Batch listeners collect the dead letters' sends and wait for them before they commit. */
    @Test
    void shouldLeaveTheWaitToTheCallerWhenAskedTo() {
        MockProducer<String, byte[]> producer = EventPublisherTest.producer(false);
        List<CompletableFuture<Void>> pending = new ArrayList<>();

        assertThat(decoder(producer).decodeOrDeadLetterLater(record(NOT_JSON), pending::add))
                .isEmpty();

        assertThat(pending).singleElement().satisfies(sent -> assertThat(sent).isNotDone());
        producer.completeNext();
        assertThat(pending.get(0)).succeedsWithin(Duration.ofSeconds(5));
    }

    private static RecordDecoder decoder(MockProducer<String, byte[]> producer) {
        return new RecordDecoder(CODEC, new DeadLetters(EventPublisherTest.template(producer), "acme.dlq"));
    }

    private static ConsumerRecord<String, byte[]> record(byte[] value) {
        return new ConsumerRecord<>("acme.commands", 2, 41, "op-1", value);
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
