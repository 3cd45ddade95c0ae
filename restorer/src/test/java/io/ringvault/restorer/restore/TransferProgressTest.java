package io.ringvault.restorer.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TransferProgressTest {
    final AtomicLong nanos = new AtomicLong();
    final TransferProgress progress = new TransferProgress(10, 1_000_000, nanos::get);

    @Test
    void shouldMeasureTheRateOverTheLastIntervalAndEstimateTheTimeLeft() {
        progress.bytes(100_000);
        nanos.addAndGet(2_000_000_000L);
        TransferProgress.Snapshot first = progress.sample();
        assertThat(first.bytesPerSecond()).isEqualTo(50_000);
        assertThat(first.etaSeconds()).isEqualTo(18);

        progress.bytes(400_000);
        progress.fileDone();
        nanos.addAndGet(1_000_000_000L);
        TransferProgress.Snapshot second = progress.sample();
        assertThat(second.bytesPerSecond()).isEqualTo(400_000);
        assertThat(second.etaSeconds()).isEqualTo(2);
        assertThat(second.filesDone()).isEqualTo(1);
        assertThat(second.bytesDone()).isEqualTo(500_000);
    }

    @Test
    void shouldNotCountFilesAlreadyStagedInTheRate() {
        progress.alreadyDone(4, 600_000);
        nanos.addAndGet(1_000_000_000L);
        TransferProgress.Snapshot snapshot = progress.sample();
        assertThat(snapshot.filesDone()).isEqualTo(4);
        assertThat(snapshot.bytesDone()).isEqualTo(600_000);
        assertThat(snapshot.bytesPerSecond()).isZero();
        assertThat(snapshot.etaSeconds()).isNull();
    }

    @Test
    void shouldTakeBackTheBytesOfAFailedTransfer() {
        progress.bytes(300_000);
        progress.bytes(-300_000);
        assertThat(progress.current().bytesDone()).isZero();
    }

    @Test
    void shouldSayNothingIsLeftWhenDone() {
        progress.bytes(1_000_000);
        nanos.addAndGet(1_000_000_000L);
        assertThat(progress.sample().etaSeconds()).isZero();
    }

    @Test
    void shouldHaveNoRateWithoutElapsedTime() {
        progress.bytes(10);
        assertThat(progress.sample().bytesPerSecond()).isNull();
    }
}
