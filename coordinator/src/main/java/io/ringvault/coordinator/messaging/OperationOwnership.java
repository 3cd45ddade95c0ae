package io.ringvault.coordinator.messaging;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * This instance's membership of the coordinators' consumer group on the events topic, kept only for the group's
 * partition assignment: holding an operation's partition means driving that operation ({@link OwnedPartitions}).
 *
 * <p>It reads no records: every partition is paused as soon as it is assigned. The {@link EventLogReader} already reads
 * every event, and each change it folds into an owned operation has the driver look at that operation again. A second
 * consumer fetching and committing every event only to learn which operation it belongs to cost the coordinator and
 * the broker as much as the fold itself.
 */
public class OperationOwnership implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(OperationOwnership.class);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration RECONNECT_PAUSE = Duration.ofSeconds(1);

    private final Supplier<Consumer<?, ?>> consumerFactory;
    private final String topic;
    private final OwnedPartitions owned;
    private final java.util.function.Consumer<Collection<Integer>> gained;
    private volatile Consumer<?, ?> consumer;
    private volatile Thread thread;
    private volatile boolean running;

    /**
     * @param consumerFactory a consumer of the coordinators' group (any deserializers: it reads nothing)
     * @param gained called with the partitions this instance has just been given, so their operations are looked at
     */
    public OperationOwnership(
            Supplier<Consumer<?, ?>> consumerFactory,
            String topic,
            OwnedPartitions owned,
            java.util.function.Consumer<Collection<Integer>> gained) {
        this.consumerFactory = consumerFactory;
        this.topic = topic;
        this.owned = owned;
        this.gained = gained;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::holdMembership, "operation-ownership");
        thread.setDaemon(true);
        thread.start();
    }

    private void holdMembership() {
        while (running) {
            try (Consumer<?, ?> group = consumerFactory.get()) {
                consumer = group;
                group.subscribe(List.of(topic), new Rebalance(group));
                while (running) {
                    // Every assigned partition is paused: polling only keeps the membership and runs rebalances.
                    group.poll(POLL);
                }
            } catch (WakeupException e) {
                // stopping
            } catch (RuntimeException e) {
                LOG.error("the coordinators' consumer group failed; joining it again topic={}", topic, e);
                owned.clear();
                sleepQuietly();
            } finally {
                consumer = null;
            }
        }
        owned.clear();
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        private final Consumer<?, ?> group;

        Rebalance(Consumer<?, ?> group) {
            this.group = group;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            group.pause(partitions);
            List<Integer> numbers =
                    partitions.stream().map(TopicPartition::partition).toList();
            owned.assigned(numbers);
            if (!numbers.isEmpty()) {
                gained.accept(numbers);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            owned.revoked(partitions.stream().map(TopicPartition::partition).toList());
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(RECONNECT_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void stop() {
        running = false;
        Consumer<?, ?> group = consumer;
        if (group != null) {
            group.wakeup();
        }
        Thread holder = thread;
        if (holder != null) {
            try {
                holder.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
