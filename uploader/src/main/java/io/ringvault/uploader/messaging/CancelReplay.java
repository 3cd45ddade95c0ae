package io.ringvault.uploader.messaging;

import io.ringvault.uploader.upload.CancelledBackups;
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
 * Where the {@link CancelListener} starts reading: each partition of the commands topic {@code replay} back when it is
 * assigned, not at its end, so that an instance that starts learns the cancels sent while it was down (their backups'
 * files may still wait on the files topic). Notes where each partition ended at that moment; once the listener has
 * read up to there, every recent cancel is known ({@link CancelledBackups#caughtUp()}). Runs on the consumer's thread.
 */
public class CancelReplay implements ConsumerAwareRebalanceListener {
    private static final Logger LOG = LoggerFactory.getLogger(CancelReplay.class);

    private final CancelledBackups cancels;
    private final Duration replay;
    /** The end offsets of the partitions still being caught up with. */
    private final Map<TopicPartition, Long> catchingUp = new HashMap<>();

    /** @param replay how far back the commands topic is read when its partitions are assigned */
    public CancelReplay(CancelledBackups cancels, Duration replay) {
        this.cancels = cancels;
        this.replay = replay;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        long since = System.currentTimeMillis() - replay.toMillis();
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
                "reading cancels since={} partitions={} withRecentRecords={}",
                Instant.ofEpochMilli(since),
                partitions.size(),
                catchingUp.size());
        caughtUpIfDone();
    }

    /** After the listener has handled a poll: the partitions read up to where they ended are caught up with. */
    void read(Consumer<?, ?> consumer) {
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
            cancels.caughtUp();
        }
    }
}
