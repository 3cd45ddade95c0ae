package io.ringvault.agent.logical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ringvault.agent.snapshot.SnapshotFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogicalExportsTest {
    @TempDir
    Path root;

    @Test
    void shouldStopARunningExportOnCancelAndSaySo() throws Exception {
        try (LogicalExports exports = new LogicalExports(root.resolve("logical"))) {
            CountDownLatch started = new CountDownLatch(1);
            AtomicBoolean interrupted = new AtomicBoolean();
            CompletableFuture<Object> waiting = CompletableFuture.supplyAsync(() -> exports.run("b1", () -> {
                started.countDown();
                try {
                    Thread.sleep(Duration.ofMinutes(5).toMillis());
                } catch (InterruptedException e) {
                    interrupted.set(true);
                    Thread.currentThread().interrupt();
                }
                return "not cancelled";
            }));
            started.await();

            await().atMost(Duration.ofSeconds(10)).until(() -> exports.cancel("b1"));

            assertThatThrownBy(waiting::join)
                    .hasCauseInstanceOf(SnapshotFailedException.class)
                    .cause()
                    .hasMessageContaining("cancelled");
            assertThat(interrupted).isTrue();
            assertThat(exports.cancel("b1")).as("nothing runs any more").isFalse();
        }
    }

    @Test
    void shouldRemoveAnExportDirectoryAndOnlyThatOne() throws Exception {
        try (LogicalExports exports = new LogicalExports(root.resolve("logical"))) {
            Path mine = Files.createDirectories(exports.directory("b1").resolve("ks/t-0123"));
            Files.writeString(mine.resolve("00000-0001.rvlg"), "rows");
            Path other = Files.createDirectories(exports.directory("b2"));

            exports.remove("b1");
            exports.remove("b3");

            assertThat(exports.directory("b1")).doesNotExist();
            assertThat(other).exists();
            assertThatThrownBy(() -> exports.directory("../b2")).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
