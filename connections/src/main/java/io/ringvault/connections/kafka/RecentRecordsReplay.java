package io.ringvault.connections.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

/**
 * Where a listener that keeps no committed offsets starts: each partition a {@code window} back in time when it is
 * assigned (by the records' timestamps), not at its end, so that a listener that starts also reads what was sent in
 * the recent past, while it was down. Notes where each partition ended at that moment; once the listener has read up to
 * there ({@link #afterPoll}), it has caught up, and {@code caughtUp} runs. Set it as the container's rebalance
 * listener; it runs on the consumer's thread.
 */
public class RecentRecordsReplay implements ConsumerAwareRebalanceListener {
    private static final Logger LOG = LoggerFactory.getLogger(RecentRecordsReplay.class);

    private final Duration window;
    private final Runnable caughtUp;
    private final Clock clock;
    /** The end offsets of the partitions still being caught up with. Consumer thread only. */
    private final Map<TopicPartition, Long> catchingUp = new HashMap<>();

    /**
     * @param window how far back each partition is read when it is assigned
     * @param caughtUp what to do once every assigned partition has been read up to where it ended when it was
     *     assigned (runs each time that becomes true, on the consumer's thread)
     */
    public RecentRecordsReplay(Duration window, Runnable caughtUp, Clock clock) {
        this.window = window;
        this.caughtUp = caughtUp;
        this.clock = clock;
    }

    public RecentRecordsReplay(Duration window, Runnable caughtUp) {
        this(window, caughtUp, Clock.systemUTC());
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        long since = clock.millis() - window.toMillis();
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(partition -> times.put(partition, since));
        Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        for (TopicPartition partition : partitions) {
            long end = ends.get(partition);
            OffsetAndTimestamp start = starts.get(partition);
            long offset = start == null ? end : start.offset(); // null: no record since then
            consumer.seek(partition, offset);
            if (offset < end) {
                catchingUp.put(partition, end);
            } else {
                catchingUp.remove(partition);
            }
        }
        LOG.info(
                "reading recent records since={} partitions={} withRecentRecords={}",
                Instant.ofEpochMilli(since),
                partitions.size(),
                catchingUp.size());
        caughtUpIfDone();
    }

    /** To call after the listener has handled a poll: the partitions read up to where they ended are caught up. */
    public void afterPoll(Consumer<?, ?> consumer) {
        if (!catchingUp.isEmpty()) {
            catchingUp.entrySet().removeIf(end -> consumer.position(end.getKey()) >= end.getValue());
            caughtUpIfDone();
        }
    }

    @Override
    public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(catchingUp::remove);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(catchingUp::remove);
    }

    private void caughtUpIfDone() {
        if (catchingUp.isEmpty()) {
            caughtUp.run();
        }
    }
}
