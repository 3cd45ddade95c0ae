package io.ringvault.coordinator.fakes;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Envelope;
import io.ringvault.common.MessageType;
import io.ringvault.common.Topic;
import io.ringvault.common.message.Payload;
import io.ringvault.coordinator.operation.EventSink;
import io.ringvault.coordinator.operation.OperationLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Kafka as the coordinator sees it, in memory: what the coordinator publishes is recorded, and whatever lands on the
 * events topic is folded into the {@link OperationLog} at once, as the event log reader would. Other services' events
 * come in with {@link #append}. A publish can be made to fail, as a Kafka timeout does.
 */
public final class FakeEventLog implements EventSink {
    private final OperationLog log;
    private final Clock clock;
    private final CloudEventCodec codec = new CloudEventCodec();
    private final List<Payload> published = new ArrayList<>();
    /** How many of the next publishes of each type fail. */
    private final Map<Class<?>, Integer> failuresToCome = new HashMap<>();

    private int failedPublishes;
    private boolean folding = true;
    private long nextOffset;

    public FakeEventLog(OperationLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** An event another service published (a node agent, an uploader, a restorer), folded now. */
    public synchronized void append(String operationId, Payload data) {
        fold(envelope(operationId, data));
    }

    @Override
    public synchronized <P extends Payload> Envelope<P> publish(String operationId, P data) {
        Integer failures = failuresToCome.get(data.getClass());
        if (failures != null && failures > 0) {
            failuresToCome.put(data.getClass(), failures - 1);
            failedPublishes++;
            throw new IllegalStateException("could not publish to ringvault.events: Timeout expired after 30000ms");
        }
        Envelope<P> event = envelope(operationId, data);
        published.add(data);
        if (folding && event.type().topic() == Topic.EVENTS) {
            fold(event);
        }
        return event;
    }

    /** The next publish of a {@code type} fails, as when Kafka does not acknowledge it in time. */
    public synchronized void failNextPublishOf(Class<? extends Payload> type) {
        failuresToCome.merge(type, 1, Integer::sum);
    }

    /** From now on, published events are recorded but not folded: the reader lags behind. */
    public synchronized void stopFolding() {
        folding = false;
    }

    public synchronized int failedPublishes() {
        return failedPublishes;
    }

    /** Everything published so far, in order. */
    public synchronized List<Payload> published() {
        return List.copyOf(published);
    }

    /** The CloudEvent types published so far, in order: {@code io.ringvault.operation.completed}, … */
    public synchronized List<String> publishedTypes() {
        return published.stream().map(p -> MessageType.of(p).type()).toList();
    }

    public synchronized <T extends Payload> List<T> published(Class<T> type) {
        return published.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private <P extends Payload> Envelope<P> envelope(String operationId, P data) {
        return new Envelope<>(UUID.randomUUID().toString(), "/test", null, clock.instant(), operationId, data);
    }

    @SuppressWarnings("unchecked")
    private void fold(Envelope<? extends Payload> event) {
        Envelope<Payload> any = (Envelope<Payload>) event;
        log.apply(any, codec.toJson(any), 0, nextOffset++);
    }
}
