package io.ringvault.connections.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Envelope;
import io.ringvault.common.TopicNames;
import io.ringvault.common.message.CancelOperation;
import io.ringvault.common.message.OperationCompleted;
import io.ringvault.common.message.OperationKind;
import io.ringvault.common.message.Payload;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

class EventPublisherTest {
    private static final CloudEventCodec CODEC = new CloudEventCodec();
    private static final TopicNames TOPICS = new TopicNames(null, "acme.commands", null, "acme.events", null);
    private static final OperationCompleted COMPLETED = new OperationCompleted(OperationKind.BACKUP, 1, 2, 30, 30);

    @Test
    void shouldPublishOnTheTopicOfTheTypeKeyedByTheOperation() {
        MockProducer<String, byte[]> producer = producer(true);
        EventPublisher publisher = publisher(producer, Duration.ofSeconds(5));

        Envelope<OperationCompleted> completed = publisher.publish("op-1", COMPLETED);
        publisher.publish("op-1", new CancelOperation("cancelled by test"));

        List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertThat(sent).extracting(ProducerRecord::topic).containsExactly("acme.events", "acme.commands");
        assertThat(sent).extracting(ProducerRecord::key).containsExactly("op-1", "op-1");
        assertThat(sent).extracting(ProducerRecord::partition).containsOnlyNulls();
        Envelope<Payload> written = CODEC.decode(sent.get(0).value());
        assertThat(written.id()).isEqualTo(completed.id());
        assertThat(written.subject()).isEqualTo("op-1");
        assertThat(written.source()).isEqualTo("/ringvault/test");
        assertThat(written.data()).isEqualTo(COMPLETED);
    }

    @Test
    void shouldFailWhenKafkaRefusesTheEvent() {
        MockProducer<String, byte[]> producer = producer(false);
        EventPublisher publisher = publisher(producer, Duration.ofSeconds(5));
        CompletableFuture<Envelope<OperationCompleted>> sent = publisher.publishAsync("op-1", COMPLETED);

        producer.errorNext(new KafkaException("broker says no"));

        assertThat(sent)
                .failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause()
                .isInstanceOf(PublishFailedException.class)
                .withMessageContaining("acme.events")
                .withMessageContaining("broker says no");
    }

    /** Kafka never answers: the wait ends after the timeout, with the one exception type. */
    @Test
    void shouldStopWaitingForTheAcknowledgementAfterTheTimeout() {
        MockProducer<String, byte[]> producer = producer(false);
        EventPublisher publisher = publisher(producer, Duration.ofMillis(200));

        long started = System.nanoTime();
        assertThatThrownBy(() -> publisher.publish("op-1", COMPLETED))
                .isInstanceOf(PublishFailedException.class)
                .hasMessageContaining("no acknowledgement within PT0.2S")
                .satisfies(e -> assertThat(((PublishFailedException) e).topic()).isEqualTo("acme.events"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void shouldCompleteAnAsynchronousPublishOnceKafkaHasIt() {
        MockProducer<String, byte[]> producer = producer(false);
        EventPublisher publisher = publisher(producer, Duration.ofSeconds(5));

        CompletableFuture<Envelope<OperationCompleted>> sent = publisher.publishAsync("op-2", COMPLETED);
        assertThat(sent).isNotDone();
        producer.completeNext();

        assertThat(sent).succeedsWithin(Duration.ofSeconds(5)).satisfies(event -> {
            assertThat(event.subject()).isEqualTo("op-2");
            assertThat(producer.history().get(0).key()).isEqualTo("op-2");
        });
    }

    /** The node agent's announcements: keys and partitions of the caller's, then one wait for all of them. */
    @Test
    void shouldSendRecordsWithTheCallersKeysAndPartitionsAndWaitForAll() {
        MockProducer<String, byte[]> producer = producer(true);
        EventPublisher publisher = publisher(producer, Duration.ofSeconds(5));

        publisher.sendAll(List.of(
                publisher.record("acme.files", 3, "host/ks/table/a-Data.db", "op-3", COMPLETED),
                publisher.record("acme.files", 4, "host/ks/table/b-Data.db", "op-3", COMPLETED)));

        assertThat(producer.history()).extracting(ProducerRecord::partition).containsExactly(3, 4);
        assertThat(producer.history())
                .extracting(ProducerRecord::key)
                .containsExactly("host/ks/table/a-Data.db", "host/ks/table/b-Data.db");
        assertThat(CODEC.decode(producer.history().get(1).value()).subject()).isEqualTo("op-3");
    }

    @Test
    void shouldFailAllWhenOneRecordIsNotAcknowledged() {
        MockProducer<String, byte[]> producer = producer(false);
        EventPublisher publisher = publisher(producer, Duration.ofMillis(300));
        List<ProducerRecord<String, byte[]>> records = List.of(
                publisher.record("acme.files", 0, "a", "op-4", COMPLETED),
                publisher.record("acme.files", 1, "b", "op-4", COMPLETED));
        Thread acknowledgeOne = new Thread(() -> {
            while (producer.history().size() < 2) {
                Thread.onSpinWait();
            }
            producer.completeNext();
        });
        acknowledgeOne.setDaemon(true);
        acknowledgeOne.start();

        assertThatThrownBy(() -> publisher.sendAll(records))
                .isInstanceOf(PublishFailedException.class)
                .hasMessageContaining("acme.files");
    }

    @Test
    void shouldRefuseAPublisherWithoutSourceOrTimeout() {
        KafkaTemplate<String, byte[]> kafka = template(producer(true));
        assertThatThrownBy(() -> new EventPublisher(kafka, CODEC, TOPICS, " ", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventPublisher(kafka, CODEC, TOPICS, "/s", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A producer that outlives the template's close after each send, as a real factory's shared producer does. */
    static MockProducer<String, byte[]> producer(boolean autoComplete) {
        return new MockProducer<>(autoComplete, null, new StringSerializer(), new ByteArraySerializer()) {
            @Override
            public void close() {}

            @Override
            public void close(Duration timeout) {}
        };
    }

    static KafkaTemplate<String, byte[]> template(MockProducer<String, byte[]> producer) {
        return new KafkaTemplate<>(new MockProducerFactory<>(() -> producer));
    }

    private static EventPublisher publisher(MockProducer<String, byte[]> producer, Duration timeout) {
        return new EventPublisher(template(producer), CODEC, TOPICS, "/ringvault/test", timeout);
    }
}
