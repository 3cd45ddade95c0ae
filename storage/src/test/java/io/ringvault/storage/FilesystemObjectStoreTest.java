package io.ringvault.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.common.failure.FailureReason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write path of the filesystem store, quickly and in a temporary directory; {@code FilesystemObjectStoreIT} runs
 * the whole object-store contract on it.
 */
class FilesystemObjectStoreTest {
    @TempDir
    Path root;

    FilesystemObjectStore store;

    @Test
    void shouldStoreExactlyTheAnnouncedBytesWithTheirChecksum() throws Exception {
        store = new FilesystemObjectStore(root);
        byte[] content = VerifiedFileWriterTest.bytes(150_000, 5);

        StoredObject stored = store.put("ks/t/nb-1-big-Data.db", new ByteArrayInputStream(content), content.length);

        assertThat(stored.checksum()).isEqualTo("sha256:" + VerifiedFileWriterTest.sha256(content));
        assertThat(store.head("ks/t/nb-1-big-Data.db")).contains(stored);
        assertThat(Files.readAllBytes(root.resolve("ks/t/nb-1-big-Data.db"))).isEqualTo(content);
        assertThat(filesIn(root.resolve("ks/t")))
                .containsExactlyInAnyOrder("nb-1-big-Data.db", "nb-1-big-Data.db.ringvault-sha256");
    }

    @Test
    void shouldRefuseContentShorterOrLongerThanAnnouncedAndLeaveNothing() throws Exception {
        store = new FilesystemObjectStore(root);

        assertThatThrownBy(() -> store.put("ks/shorter", new ByteArrayInputStream(new byte[10]), 11))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.SIZE_MISMATCH));
        assertThatThrownBy(() -> store.put("ks/longer", new ByteArrayInputStream(new byte[10]), 9))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.SIZE_MISMATCH));

        assertThat(filesIn(root.resolve("ks"))).isEmpty();
    }

    @Test
    void shouldReportAFailingSourceAsTheCallersAndLeaveNothing() throws Exception {
        store = new FilesystemObjectStore(root);
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(new byte[70_000]), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset by the agent");
            }
        });

        assertThatThrownBy(() -> store.put("ks/failing", failing, 100_000))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.fromSource()).isTrue();
                    assertThat(e.getCause()).hasMessage("connection reset by the agent");
                });
        assertThat(filesIn(root.resolve("ks"))).isEmpty();
    }

    private static Stream<String> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).toList().stream();
        }
    }
}
