package io.ringvault.uploader.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.connections.retry.RetryPolicies;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResumingInputStreamTest {
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
    private final byte[] file = new byte[100_000];
    private final List<Long> opened = new CopyOnWriteArrayList<>();

    ResumingInputStreamTest() {
        new Random(7).nextBytes(file);
    }

    @AfterEach
    void stop() {
        watchdog.shutdownNow();
    }

    /** Serves the file from an offset; each connection breaks after {@code breakAfter} bytes, the last one does not. */
    private ResumingInputStream.Opener breakingEvery(int breakAfter, int breaks, boolean cleanEnd) {
        return offset -> {
            opened.add(offset);
            InputStream rest = new ByteArrayInputStream(file, (int) offset, file.length - (int) offset);
            if (opened.size() > breaks) {
                return rest;
            }
            return new InputStream() {
                int served;

                @Override
                public int read() throws IOException {
                    if (served == breakAfter) {
                        if (cleanEnd) {
                            return -1;
                        }
                        throw new IOException("connection reset");
                    }
                    served++;
                    return rest.read();
                }
            };
        };
    }

    private ResumingInputStream stream(ResumingInputStream.Opener opener, int maxResumes) throws SourceException {
        return new ResumingInputStream(
                opener,
                "agent/file",
                file.length,
                maxResumes,
                RetryPolicies.backoff(new RetryPolicies.Policy(4, Duration.ofMillis(1), Duration.ofMillis(1))),
                Duration.ofMinutes(1),
                watchdog);
    }

    @Test
    void shouldResumeFromTheByteItGotToAfterAReset() throws IOException {
        try (InputStream in = stream(breakingEvery(30_000, 2, false), 3)) {
            assertThat(in.readAllBytes()).isEqualTo(file);
        }
        assertThat(opened).containsExactly(0L, 30_000L, 60_000L);
    }

    @Test
    void shouldResumeABodyThatEndsEarly() throws IOException {
        try (InputStream in = stream(breakingEvery(40_000, 1, true), 3)) {
            assertThat(in.readAllBytes()).isEqualTo(file);
        }
        assertThat(opened).containsExactly(0L, 40_000L);
    }

    @Test
    void shouldGiveUpAfterTheLastResumeAsRetryable() throws IOException {
        try (InputStream in = stream(breakingEvery(10_000, 5, false), 2)) {
            assertThatThrownBy(in::readAllBytes).isInstanceOfSatisfying(SourceException.class, e -> {
                assertThat(e.reason().retryable()).isTrue();
                assertThat(e.getMessage()).contains("30000 of 100000 bytes", "connection reset");
            });
        }
    }

    @Test
    void shouldNotResumeWhenTheAgentSaysTheFileIsGone() throws IOException {
        ResumingInputStream.Opener breaking = breakingEvery(10_000, 1, false);
        ResumingInputStream.Opener gone = offset -> {
            if (offset > 0) {
                opened.add(offset);
                throw new SourceException(FailureReason.FILE_NOT_FOUND, "HTTP 404");
            }
            return breaking.open(offset);
        };
        try (InputStream in = stream(gone, 3)) {
            assertThatThrownBy(in::readAllBytes)
                    .isInstanceOfSatisfying(
                            SourceException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.FILE_NOT_FOUND));
        }
        assertThat(opened).containsExactly(0L, 10_000L);
    }

    @Test
    void shouldNotResumeADownloadClosedWhileItIsRead() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        ResumingInputStream.Opener stalling = offset -> {
            opened.add(offset);
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    reading.countDown();
                    try {
                        closed.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IOException("connection closed");
                }

                @Override
                public void close() {
                    closed.countDown();
                }
            };
        };
        ResumingInputStream in = new ResumingInputStream(
                stalling,
                "agent/file",
                file.length,
                3,
                RetryPolicies.backoff(new RetryPolicies.Policy(4, Duration.ofMinutes(10), Duration.ofMinutes(10))),
                Duration.ofMinutes(1),
                watchdog);
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();

        in.close(); // from another thread, as a cancel does

        assertThatThrownBy(() -> read.get(10, TimeUnit.SECONDS)).rootCause().hasMessage("connection closed");
        assertThat(opened).as("not reopened").containsExactly(0L);
    }
}
