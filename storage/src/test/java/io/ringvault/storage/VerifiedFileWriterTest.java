package io.ringvault.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifiedFileWriterTest {
    @TempDir
    Path directory;

    final VerifiedFileWriter writer = new VerifiedFileWriter();

    @Test
    void shouldWriteTheContentWithItsSha256AndGiveItItsNameOnlyWhenMoved() throws Exception {
        byte[] content = bytes(200_000, 7); // several buffers
        Path temporary = directory.resolve("file.part");
        Path target = directory.resolve("file");

        try (VerifiedFileWriter.Written written = writer.write(temporary, new ByteArrayInputStream(content))) {
            assertThat(written.size()).isEqualTo(content.length);
            assertThat(written.sha256()).isEqualTo(sha256(content));
            assertThat(target).doesNotExist();
            written.moveTo(target);
        }
        writer.syncDirectories(Set.of(directory));

        assertThat(Files.readAllBytes(target)).isEqualTo(content);
        assertThat(temporary).doesNotExist();
    }

    @Test
    void shouldRemoveATemporaryFileThatWasNotMoved() throws Exception {
        Path temporary = directory.resolve("refused.part");
        try (VerifiedFileWriter.Written written = writer.write(temporary, new ByteArrayInputStream(bytes(10, 1)))) {
            assertThat(written.file()).exists();
        }
        assertThat(temporary).doesNotExist();
    }

    @Test
    void shouldReplaceWhatAnEarlierAttemptLeftUnderTheTemporaryName() throws Exception {
        Path temporary = directory.resolve("file.part");
        Files.write(temporary, bytes(1_000, 2));
        byte[] content = bytes(10, 3);

        try (VerifiedFileWriter.Written written = writer.write(temporary, new ByteArrayInputStream(content))) {
            assertThat(written.size()).isEqualTo(10);
            assertThat(Files.readAllBytes(written.file())).isEqualTo(content);
        }
    }

    @Test
    void shouldTellAFailingContentApartAndLeaveNothing() {
        Path temporary = directory.resolve("broken.part");
        InputStream breaking = new SequenceInputStream(new ByteArrayInputStream(bytes(100_000, 4)), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        });

        assertThatThrownBy(() -> writer.write(temporary, breaking))
                .isInstanceOfSatisfying(VerifiedFileWriter.ContentException.class, e -> {
                    assertThat(e.bytesRead()).isEqualTo(100_000);
                    assertThat(e).hasMessage("connection reset");
                    assertThat(e.getCause()).hasMessage("connection reset");
                });
        assertThat(temporary).doesNotExist();
    }

    @Test
    void shouldLetTheContentsOwnUncheckedFailuresThroughAndLeaveNothing() {
        Path temporary = directory.resolve("refused.part");
        InputStream refusing = new InputStream() {
            @Override
            public int read() {
                throw new IllegalStateException("the source said no");
            }
        };

        assertThatThrownBy(() -> writer.write(temporary, refusing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the source said no");
        assertThat(temporary).doesNotExist();
    }

    @Test
    void shouldReplaceASmallFileInOneStep() throws Exception {
        Path record = directory.resolve("file.sha256");
        VerifiedFileWriter.replace(record, "first".getBytes(StandardCharsets.US_ASCII));
        VerifiedFileWriter.replace(record, "second".getBytes(StandardCharsets.US_ASCII));

        assertThat(record).hasContent("second");
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).containsExactly(record);
        }
    }

    static byte[] bytes(int size, int seed) {
        byte[] bytes = new byte[size];
        new java.util.Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
