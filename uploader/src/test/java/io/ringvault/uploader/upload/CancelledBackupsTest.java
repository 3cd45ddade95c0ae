package io.ringvault.uploader.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CancelledBackupsTest {
    private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        Instant now = START;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final TestClock clock = new TestClock();
    private final CancelledBackups cancels = new CancelledBackups(3, Duration.ofHours(1), clock);

    /** A download that blocks until it is closed, then fails as a closed connection does. */
    private static final class Blocking extends InputStream {
        final CountDownLatch reading = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public int read() throws IOException {
            reading.countDown();
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("closed");
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return read();
        }

        @Override
        public void close() {
            closed.countDown();
        }

        boolean isClosed() {
            return closed.getCount() == 0;
        }
    }

    @Test
    void shouldRememberACancelWithItsReason() {
        cancels.cancel("b1", "cancelled by alice", START);
        cancels.cancel("b2", null, START);

        assertThat(cancels.reason("b1")).contains("cancelled by alice");
        assertThat(cancels.reason("b2")).contains("cancelled");
        assertThat(cancels.isCancelled("b3")).isFalse();
        assertThatThrownBy(() -> cancels.check("b1", true)).isInstanceOfSatisfying(UploadCancelled.class, e -> {
            assertThat(e.backupId()).isEqualTo("b1");
            assertThat(e.reason()).isEqualTo("cancelled by alice");
            assertThat(e.inFlight()).isTrue();
        });
    }

    @Test
    void shouldForgetACancelOnceItIsOlderThanItIsRememberedFor() {
        cancels.cancel("b1", "cancelled", START);
        clock.now = START.plus(Duration.ofMinutes(59));
        assertThat(cancels.isCancelled("b1")).isTrue();

        clock.now = START.plus(Duration.ofMinutes(61));
        assertThat(cancels.isCancelled("b1")).isFalse();
        assertThat(cancels.size()).isZero();
    }

    @Test
    void shouldIgnoreACancelSentLongerAgoThanItIsRememberedFor() {
        assertThat(cancels.cancel("b1", "cancelled", START.minus(Duration.ofHours(2))))
                .isZero();

        assertThat(cancels.isCancelled("b1")).isFalse();
        assertThat(cancels.size()).isZero();
    }

    @Test
    void shouldKeepTheFirstTimeOfACancelHeardTwice() {
        cancels.cancel("b1", "cancelled", START);
        cancels.cancel("b1", "cancelled", START.plus(Duration.ofMinutes(50)));

        clock.now = START.plus(Duration.ofMinutes(61));
        assertThat(cancels.isCancelled("b1")).isFalse();
    }

    @Test
    void shouldRememberAtMostItsCapacityForgettingTheOldestFirst() {
        for (int i = 1; i <= 5; i++) {
            cancels.cancel("b" + i, "cancelled", START.plusSeconds(i));
        }

        assertThat(cancels.size()).isEqualTo(3);
        assertThat(cancels.isCancelled("b1")).isFalse();
        assertThat(cancels.isCancelled("b2")).isFalse();
        assertThat(cancels.isCancelled("b3")).isTrue();
        assertThat(cancels.isCancelled("b5")).isTrue();
    }

    @Test
    void shouldAbortTheTransfersInFlightOfTheCancelledBackupOnly() throws Exception {
        InputStream first = cancels.guard("b1", new ByteArrayInputStream(new byte[100]));
        InputStream second = cancels.guard("b1", new ByteArrayInputStream(new byte[100]));
        InputStream other = cancels.guard("b2", new ByteArrayInputStream(new byte[100]));
        assertThat(first.read(new byte[10])).isEqualTo(10);

        assertThat(cancels.cancel("b1", "cancelled", START)).isEqualTo(2);

        assertThatThrownBy(() -> first.read(new byte[10])).isInstanceOf(TransferCancelled.class);
        assertThatThrownBy(second::read).isInstanceOf(TransferCancelled.class);
        assertThat(other.read(new byte[10])).isEqualTo(10);
        first.close();
        second.close();
        other.close();
        assertThat(cancels.inFlight()).isZero();
    }

    @Test
    void shouldWakeAReadWaitingForTheAgentWhenTheBackupIsCancelled() throws Exception {
        Blocking download = new Blocking();
        InputStream guarded = cancels.guard("b1", download);
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
            try {
                return guarded.read(new byte[10]);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(download.reading.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(cancels.cancel("b1", "cancelled", START)).isEqualTo(1);

        assertThatThrownBy(() -> read.get(10, TimeUnit.SECONDS))
                .rootCause()
                .isInstanceOf(IOException.class)
                .hasMessage("closed");
        assertThatThrownBy(() -> read.get(10, TimeUnit.SECONDS))
                .cause()
                .cause()
                .isInstanceOf(TransferCancelled.class)
                .hasMessageContaining("b1");
        assertThat(download.isClosed()).isTrue();
    }

    @Test
    void shouldRefuseToStartATransferOfACancelledBackup() {
        cancels.cancel("b1", "cancelled", START);
        Blocking download = new Blocking();

        assertThatThrownBy(() -> cancels.guard("b1", download)).isInstanceOf(TransferCancelled.class);
        assertThat(download.isClosed()).as("the source is closed").isTrue();
        assertThat(cancels.inFlight()).isZero();
    }

    @Test
    void shouldForgetATransferOnceItIsClosed() throws IOException {
        cancels.guard("b1", new ByteArrayInputStream(new byte[1])).close();

        assertThat(cancels.inFlight()).isZero();
        assertThat(cancels.cancel("b1", "cancelled", START)).isZero();
    }

    @Test
    void shouldSayOnceTheRecentCancelsAreKnown() throws InterruptedException {
        assertThat(cancels.awaitCaughtUp(Duration.ofMillis(10))).isFalse();

        cancels.caughtUp();

        assertThat(cancels.awaitCaughtUp(Duration.ZERO)).isTrue();
    }
}
