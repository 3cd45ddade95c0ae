package io.ringvault.agent.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class BulkLoaderOutputTest {
    /** What Cassandra 5.0's loader prints for a table streamed to two nodes, redraws of its progress line included. */
    private static final String[] SUCCESS = {
        "Established connection to initial hosts",
        "Opening sstables and calculating sections to stream",
        "Streaming relevant part of /staging/op-1/shop/orders/nb-1-big-Data.db to [/127.0.0.1:7000, /127.0.0.2:7000]",
        "progress: [/127.0.0.1:7000]0:0/1 0  % [/127.0.0.2:7000]0:0/1 0  % total: 0% 0.000KiB/s (avg: 0.000KiB/s)",
        "progress: [/127.0.0.1:7000]0:1/1 100% [/127.0.0.2:7000]0:0/1 40 % total: 70% 1.2MiB/s (avg: 1.1MiB/s)",
        "progress: [/127.0.0.1:7000]0:1/1 100% [/127.0.0.2:7000]0:1/1 100% total: 100% 0.9MiB/s (avg: 1.0MiB/s)",
        "",
        "Summary statistics: ",
        "   Connections per host    : 1         ",
        "   Total files transferred : 2         ",
        "   Total bytes transferred : 1.953MiB  ",
        "   Total duration          : 2043 ms   ",
        "   Average transfer rate   : 979.5KiB/s",
        "   Peak transfer rate      : 1.171MiB/s",
    };

    @Test
    void shouldFollowTheProgressAndReadTheSummary() {
        BulkLoaderOutput output = new BulkLoaderOutput(5);
        StringBuilder percents = new StringBuilder();
        for (String line : SUCCESS) {
            OptionalInt percent = output.accept(line);
            percent.ifPresent(p -> percents.append(p).append(' '));
        }

        assertThat(percents.toString()).isEqualTo("0 70 100 ");
        assertThat(output.percent()).isEqualTo(100);
        assertThat(output.filesTransferred()).isEqualTo(2);
        assertThat(output.bytesTransferred()).isEqualTo("1.953MiB");
        assertThat(output.hostsFailed()).isFalse();
        assertThat(output.lastLines()).hasSize(5).last().asString().startsWith("Peak transfer rate");
    }

    @Test
    void shouldKeepTheFailureAndOnlyTheLatestProgressLineWithoutStackFrames() {
        BulkLoaderOutput output = new BulkLoaderOutput(4);
        output.accept("progress: [/127.0.0.1:7000]0:0/1 10 % total: 10% 1MiB/s (avg: 1MiB/s)");
        output.accept("progress: [/127.0.0.1:7000]0:0/1 20 % total: 20% 1MiB/s (avg: 1MiB/s)");
        output.accept("Streaming to the following hosts failed:");
        output.accept("[/127.0.0.2:7000]");
        output.accept("java.util.concurrent.ExecutionException: org.apache.cassandra.streaming.StreamException: Stream"
                + " failed");
        output.accept("\tat com.google.common.util.concurrent.AbstractFuture.getDoneValue(AbstractFuture.java:552)");
        output.accept("\tat org.apache.cassandra.tools.BulkLoader.load(BulkLoader.java:99)");
        output.accept("\t... 3 more");

        assertThat(output.hostsFailed()).isTrue();
        assertThat(output.percent()).isEqualTo(20);
        assertThat(output.lastLines())
                .containsExactly(
                        "progress: [/127.0.0.1:7000]0:0/1 20 % total: 20% 1MiB/s (avg: 1MiB/s)",
                        "Streaming to the following hosts failed:",
                        "[/127.0.0.2:7000]",
                        "java.util.concurrent.ExecutionException: org.apache.cassandra.streaming.StreamException:"
                                + " Stream failed");
        assertThat(output.tail()).contains("Streaming to the following hosts failed: | [/127.0.0.2:7000] | ");
    }

    @Test
    void shouldSayThereWasNoOutput() {
        BulkLoaderOutput output = new BulkLoaderOutput(3);

        assertThat(output.tail()).isEqualTo("(no output)");
        assertThat(output.filesTransferred()).isEqualTo(-1);
        assertThat(output.bytesTransferred()).isNull();
        assertThat(output.percent()).isEqualTo(-1);
    }
}
