package io.ringvault.agent.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.common.failure.FailureReason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingAreaTest {
    private static final String DATA = "nb-1-big-Data.db";
    private static final String TOC = "nb-1-big-TOC.txt";

    @TempDir
    Path root;

    private StagingArea staging;
    private final StagedTable orders = new StagedTable("op1", "shop", "orders");

    @BeforeEach
    void area() {
        staging = new StagingArea(root.resolve("staging"));
    }

    @Test
    void shouldStageAFileUnderItsNameWithItsChecksum() throws Exception {
        byte[] content = bytes(200_000);

        StageResult result = stage(orders, DATA, sha256(content), content);

        assertThat(result.alreadyStaged()).isFalse();
        assertThat(result.file()).isEqualTo(new StagedFile(DATA, content.length, sha256(content)));
        Path staged = root.resolve("staging/op1/shop/orders").resolve(DATA);
        assertThat(staged).hasBinaryContent(content);
        assertThat(staging.list(orders)).containsExactly(result.file());
        // Only the component is in the directory Cassandra imports.
        assertThat(filesIn(root.resolve("staging/op1/shop/orders"))).containsExactly(DATA);
    }

    @Test
    void shouldRefuseABodyWhoseChecksumDiffersAndStageNothing() throws Exception {
        byte[] content = bytes(10_000);
        String wrong = sha256("something else".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> stage(orders, DATA, wrong, content))
                .isInstanceOfSatisfying(
                        RestoreException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.CHECKSUM_MISMATCH))
                .hasMessageContaining(DATA)
                .hasMessageContaining(wrong)
                .hasMessageContaining(sha256(content));

        assertThat(staging.list(orders)).isEmpty();
        assertThat(allFiles()).isEmpty();
    }

    @Test
    void shouldKeepAnIdenticalFileWithoutReadingTheBodyAgain() throws Exception {
        byte[] content = bytes(5_000);
        stage(orders, DATA, sha256(content), content);
        Path staged = root.resolve("staging/op1/shop/orders").resolve(DATA);
        long modified = Files.getLastModifiedTime(staged).toMillis();

        StageResult again = staging.stage(orders, DATA, sha256(content).toUpperCase(), content.length, unreadable());

        assertThat(again.alreadyStaged()).isTrue();
        assertThat(again.file()).isEqualTo(new StagedFile(DATA, content.length, sha256(content)));
        assertThat(Files.getLastModifiedTime(staged).toMillis()).isEqualTo(modified);
    }

    @Test
    void shouldReplaceAStagedFileWhenTheChecksumDiffers() throws Exception {
        byte[] first = bytes(1_000);
        byte[] second = "another version".getBytes(StandardCharsets.UTF_8);
        stage(orders, DATA, sha256(first), first);

        StageResult replaced = stage(orders, DATA, sha256(second), second);

        assertThat(replaced.alreadyStaged()).isFalse();
        assertThat(staging.list(orders)).containsExactly(new StagedFile(DATA, second.length, sha256(second)));
    }

    @Test
    void shouldListOnlyCompleteFilesForAResumedRestore() throws Exception {
        byte[] data = bytes(3_000);
        byte[] toc = "Data.db\nTOC.txt\n".getBytes(StandardCharsets.UTF_8);
        stage(orders, DATA, sha256(data), data);
        stage(orders, TOC, sha256(toc), toc);
        // An upload that broke off: its partial file is not listed.
        assertThatThrownBy(() ->
                        staging.stage(orders, "nb-1-big-Index.db", sha256(data), data.length, breaking(data, 1_000)))
                .isInstanceOfSatisfying(
                        RestoreException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.INCOMPLETE_BODY));
        // Another table and another operation are listed apart.
        stage(new StagedTable("op1", "shop", "items"), DATA, sha256(toc), toc);
        stage(new StagedTable("op2", "shop", "orders"), DATA, sha256(toc), toc);

        List<StagedFile> listed = staging.list(orders);

        assertThat(listed)
                .containsExactly(
                        new StagedFile(DATA, data.length, sha256(data)), new StagedFile(TOC, toc.length, sha256(toc)));
        assertThat(allFiles()).noneMatch(name -> name.endsWith(".part"));
        assertThat(staging.list(new StagedTable("op1", "shop", "absent"))).isEmpty();
    }

    @Test
    void shouldRecomputeAMissingChecksumRecord() throws Exception {
        byte[] data = bytes(2_000);
        stage(orders, DATA, sha256(data), data);
        Files.delete(root.resolve("staging/op1/.meta/shop/orders").resolve(DATA + ".sha256"));

        assertThat(staging.list(orders)).containsExactly(new StagedFile(DATA, data.length, sha256(data)));
        assertThat(root.resolve("staging/op1/.meta/shop/orders").resolve(DATA + ".sha256"))
                .content()
                .startsWith(sha256(data));
    }

    @Test
    void shouldRefuseABodyShorterThanItsContentLength() throws Exception {
        byte[] data = bytes(2_000);

        assertThatThrownBy(() ->
                        staging.stage(orders, DATA, sha256(data), data.length + 10, new ByteArrayInputStream(data)))
                .isInstanceOfSatisfying(
                        RestoreException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.INCOMPLETE_BODY));
        assertThat(allFiles()).isEmpty();
    }

    @Test
    void shouldRefuseMissingOrMalformedChecksums() {
        byte[] data = bytes(10);
        assertThatThrownBy(() -> staging.stage(orders, DATA, null, 10, new ByteArrayInputStream(data)))
                .isInstanceOfSatisfying(
                        RestoreException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.MISSING_CHECKSUM));
        assertThatThrownBy(() -> staging.stage(orders, DATA, "abc", 10, new ByteArrayInputStream(data)))
                .isInstanceOfSatisfying(
                        RestoreException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.INVALID_CHECKSUM));
        assertThatThrownBy(() -> staging.stage(orders, "manifest.json", sha256(data), 10, unreadable()))
                .isInstanceOfSatisfying(
                        RestoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(FailureReason.NOT_SSTABLE_COMPONENT));
    }

    @Test
    void shouldRefuseAFileLargerThanTheUsableSpace() {
        assertThatThrownBy(() -> staging.stage(orders, DATA, sha256(new byte[0]), Long.MAX_VALUE, unreadable()))
                .isInstanceOfSatisfying(
                        RestoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(FailureReason.INSUFFICIENT_SPACE));
    }

    @Test
    void shouldRefuseASecondConcurrentUploadOfTheSameFile() throws Exception {
        byte[] data = bytes(1_000);
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        InputStream slow = new InputStream() {
            private final InputStream content = new ByteArrayInputStream(data);

            @Override
            public int read() throws IOException {
                reading.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return content.read();
            }
        };
        CompletableFuture<StageResult> first =
                CompletableFuture.supplyAsync(() -> staging.stage(orders, DATA, sha256(data), data.length, slow));
        assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> stage(orders, DATA, sha256(data), data))
                .isInstanceOfSatisfying(
                        RestoreException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.STAGING_BUSY));
        assertThatThrownBy(() -> staging.deleteOperation("op1"))
                .isInstanceOfSatisfying(
                        RestoreException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.STAGING_BUSY));

        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).file().sha256()).isEqualTo(sha256(data));
    }

    @Test
    void shouldRefuseUploadsForATableAlreadyImported() throws Exception {
        byte[] data = bytes(100);
        staging.markImported(orders, new ImportResult("shop", "orders", 1, 100, false, null, false, LoadMethod.IMPORT));

        assertThatThrownBy(() -> stage(orders, DATA, sha256(data), data))
                .isInstanceOfSatisfying(
                        RestoreException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.ALREADY_IMPORTED));
    }

    @Test
    void shouldRemoveAnOperationsStagingIdempotently() throws Exception {
        byte[] data = bytes(100);
        stage(orders, DATA, sha256(data), data);
        StagedTable other = new StagedTable("op2", "shop", "orders");
        stage(other, DATA, sha256(data), data);

        assertThat(staging.deleteOperation("op1")).isTrue();
        assertThat(staging.deleteOperation("op1")).isFalse();

        assertThat(root.resolve("staging/op1")).doesNotExist();
        assertThat(staging.list(orders)).isEmpty();
        assertThat(staging.list(other)).hasSize(1);
    }

    @Test
    void shouldReportUsableSpaceAndStagedBytes() throws Exception {
        byte[] data = bytes(1_234);
        stage(orders, DATA, sha256(data), data);

        StagingSpace space = staging.space("op1");

        assertThat(space.usableBytes()).isPositive();
        assertThat(space.stagedBytes()).isEqualTo(1_234);
        assertThat(space.stagingDirectory())
                .isEqualTo(root.resolve("staging/op1").toAbsolutePath().toString());
        assertThat(staging.space("op-without-files").stagedBytes()).isZero();
    }

    // ---- helpers

    private StageResult stage(StagedTable table, String fileName, String sha256, byte[] content) {
        return staging.stage(table, fileName, sha256, content.length, new ByteArrayInputStream(content));
    }

    private List<String> allFiles() throws IOException {
        Path base = root.resolve("staging");
        if (!Files.exists(base)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(base)) {
            return paths.filter(Files::isRegularFile)
                    .map(p -> base.relativize(p).toString())
                    .toList();
        }
    }

    private static List<String> filesIn(Path directory) throws IOException {
        try (Stream<Path> paths = Files.list(directory)) {
            return paths.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + i / 7);
        }
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A body that must not be read. */
    private static InputStream unreadable() {
        return new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the body was read");
            }
        };
    }

    /** A body that breaks off after {@code after} bytes, as a client that disconnects. */
    private static InputStream breaking(byte[] content, int after) {
        return new InputStream() {
            private int position;

            @Override
            public int read() throws IOException {
                if (position >= after) {
                    throw new IOException("connection reset");
                }
                return content[position++] & 0xff;
            }
        };
    }
}
