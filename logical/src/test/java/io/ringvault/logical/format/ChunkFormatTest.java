package io.ringvault.logical.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.logical.LogicalException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkFormatTest {
    private static final TableLayout LAYOUT = new TableLayout(
            "ks",
            "MyTable",
            List.of(
                    new ChunkColumn("pk", ColumnKind.PARTITION_KEY, "int", false, false),
                    new ChunkColumn("Ck", ColumnKind.CLUSTERING, "text", false, false),
                    new ChunkColumn("s", ColumnKind.STATIC, "text", false, false),
                    new ChunkColumn("Col", ColumnKind.REGULAR, "text", false, false),
                    new ChunkColumn("tags", ColumnKind.REGULAR, "set<text>", true, false)));

    @TempDir
    Path directory;

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static ByteBuffer intBytes(int value) {
        return ByteBuffer.allocate(4).putInt(0, value);
    }

    private static List<ChunkRow> rows(int count) {
        Random random = new Random(42);
        List<ChunkRow> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] noise = new byte[random.nextInt(200)];
            random.nextBytes(noise);
            List<Cell> statics = i % 10 == 0 ? List.of(Cell.simple(bytes("static " + i), 1000L + i, 0)) : null;
            Cell col = switch (i % 3) {
                case 0 -> Cell.absent();
                // The empty string: zero bytes, not null.
                case 1 -> Cell.simple(ByteBuffer.allocate(0), -5L, 7);
                default -> Cell.simple(ByteBuffer.wrap(noise), Long.MAX_VALUE - i, Integer.MAX_VALUE);
            };
            Cell tags = i % 2 == 0
                    ? Cell.multi(bytes("set" + i), new long[] {1, 2, Long.MIN_VALUE}, new int[] {0, 5, 9})
                    : Cell.absent();
            rows.add(
                    new ChunkRow(Arrays.asList(intBytes(i / 10), bytes("ck" + i)), statics, List.of(col, tags), false));
        }
        // A partition with a static cell and no clustering row.
        rows.add(new ChunkRow(
                Arrays.asList(intBytes(-1), null), List.of(Cell.simple(bytes("alone"), 3, 0)), null, true));
        return rows;
    }

    private Path write(List<ChunkRow> rows, int blockBytes) {
        Path file = directory.resolve("00001-0001.rvl");
        try (ChunkWriter writer = ChunkWriter.create(file, LAYOUT, Map.of("range", "(1, 2]"), blockBytes, 1)) {
            rows.forEach(writer::write);
        }
        return file;
    }

    private static List<ChunkRow> readAll(Path file) {
        List<ChunkRow> read = new ArrayList<>();
        try (ChunkReader reader = ChunkReader.open(file)) {
            ChunkRow row;
            while ((row = reader.next()) != null) {
                read.add(row);
                assertThat(reader.rowNumber()).isEqualTo(read.size());
            }
        }
        return read;
    }

    @Test
    void shouldReadBackEveryRowAndCellExactlyAcrossManyBlocks() throws Exception {
        List<ChunkRow> rows = rows(5000);
        Path file = directory.resolve("00001-0001.rvl");
        ChunkSummary summary;
        try (ChunkWriter writer = ChunkWriter.create(file, LAYOUT, Map.of("range", "(1, 2]"), 4096, 1)) {
            rows.forEach(writer::write);
            summary = writer.finish();
        }

        assertThat(readAll(file)).isEqualTo(rows);
        assertThat(summary.rows()).isEqualTo(rows.size());
        assertThat(summary.bytes()).isEqualTo(Files.size(file));
        assertThat(summary.sha256())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
        try (ChunkReader reader = ChunkReader.open(file)) {
            assertThat(reader.layout()).isEqualTo(LAYOUT);
            assertThat(reader.properties()).containsEntry("range", "(1, 2]");
        }
    }

    @Test
    void shouldKeepAnEmptyValueDistinctFromANullOne() {
        ChunkRow row = new ChunkRow(
                Arrays.asList(intBytes(1), ByteBuffer.allocate(0)),
                null,
                List.of(Cell.simple(ByteBuffer.allocate(0), 1, 0), Cell.absent()),
                false);
        List<ChunkRow> read = readAll(write(List.of(row), 1024));

        assertThat(read).hasSize(1);
        assertThat(read.get(0).key().get(1).remaining()).isZero();
        assertThat(read.get(0).regulars().get(0).value().remaining()).isZero();
        assertThat(read.get(0).regulars().get(1).isAbsent()).isTrue();
    }

    @Test
    void shouldReadAChunkWithoutRows() {
        assertThat(readAll(write(List.of(), 1024))).isEmpty();
    }

    @Test
    void shouldNameTheFileAndOffsetOfATruncatedChunkWhereverItIsCut() throws Exception {
        Path file = write(rows(2000), 4096);
        byte[] whole = Files.readAllBytes(file);
        Path cut = directory.resolve("cut.rvl");
        for (int length :
                new int[] {0, 3, 10, 40, whole.length / 3, whole.length / 2, whole.length - 21, whole.length - 1}) {
            Files.write(cut, Arrays.copyOf(whole, length));
            assertThatThrownBy(() -> readAll(cut))
                    .as("cut at %d of %d bytes", length, whole.length)
                    .isInstanceOf(LogicalException.class)
                    .hasMessageContaining("chunk file " + cut)
                    .hasMessageContaining("offset")
                    .satisfies(
                            e -> assertThat(((LogicalException) e).reason()).isEqualTo(FailureReason.BACKUP_CORRUPT));
        }
    }

    @Test
    void shouldDetectACorruptByteInABlock() throws Exception {
        Path file = write(rows(2000), 4096);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(file, bytes);

        assertThatThrownBy(() -> readAll(file))
                .isInstanceOf(LogicalException.class)
                .hasMessageMatching("chunk file .*00001-0001.rvl is corrupt at offset \\d+: .*")
                .satisfies(e -> assertThat(((LogicalException) e).reason()).isEqualTo(FailureReason.BACKUP_CORRUPT));
    }

    @Test
    void shouldRefuseAFileThatIsNotAChunkAndAnUnknownVersion() throws Exception {
        Path file = write(rows(10), 1024);
        byte[] bytes = Files.readAllBytes(file);
        bytes[5] = 9;
        Files.write(file, bytes);
        assertThatThrownBy(() -> ChunkReader.open(file)).hasMessageContaining("format version 9 is not supported");

        Files.writeString(file, "pk,col\n1,2\n");
        assertThatThrownBy(() -> ChunkReader.open(file)).hasMessageContaining("not a ringvault chunk file");
    }

    @Test
    void shouldDetectRowsAppendedAfterTheTrailer() throws Exception {
        Path file = write(rows(10), 1024);
        Files.write(file, new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);

        assertThatThrownBy(() -> readAll(file)).hasMessageContaining("bytes after the trailer");
    }

    @Test
    void shouldRefuseARowThatDoesNotFollowTheLayout() {
        Path file = directory.resolve("bad.rvl");
        try (ChunkWriter writer = ChunkWriter.create(file, LAYOUT, Map.of())) {
            assertThatThrownBy(() -> writer.write(new ChunkRow(
                            List.of(intBytes(1), bytes("a")),
                            null,
                            List.of(Cell.multi(bytes("x"), new long[] {1}, new int[] {0}), Cell.absent()),
                            false)))
                    .hasMessageContaining("cannot be written to column Col");
        }
    }
}
