package io.ringvault.logical.format;

import com.github.luben.zstd.Zstd;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.logical.LogicalException;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Writes one chunk file: the header (format version, table layout, properties), then rows gathered into blocks of about
 * {@code blockBytes} that are compressed with zstd one at a time, then a trailer with the row count. Memory is one block
 * (and its compressed copy), whatever the number of rows.
 *
 * <p>Not thread-safe: one writer per chunk file, used by one thread.
 */
public final class ChunkWriter implements AutoCloseable {
    /** The default uncompressed size of a block. */
    public static final int DEFAULT_BLOCK_BYTES = 256 << 10;

    private final Path file;
    private final TableLayout layout;
    private final int blockBytes;
    private final int level;
    private final MessageDigest sha256;
    private final CountingOutput counting;
    private final DataOutputStream out;
    private final Bytes.Output block = new Bytes.Output();
    private int blockRows;
    private long rows;
    private long blocks;
    private ChunkSummary summary;

    private ChunkWriter(Path file, TableLayout layout, int blockBytes, int level) throws IOException {
        this.file = file;
        this.layout = layout;
        this.blockBytes = blockBytes;
        this.level = level;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        this.counting = new CountingOutput(
                new BufferedOutputStream(new DigestOutputStream(Files.newOutputStream(file), sha256), 64 << 10));
        this.out = new DataOutputStream(counting);
    }

    /**
     * Creates {@code file} (replacing one that exists) and writes its header.
     *
     * @param properties free-form facts about the chunk (the token range, the export's time), kept in the header
     * @param blockBytes the uncompressed size past which a block is compressed and written
     * @param level the zstd level (1 is fast and compresses well enough; 3 is zstd's default)
     */
    public static ChunkWriter create(
            Path file, TableLayout layout, Map<String, String> properties, int blockBytes, int level) {
        if (blockBytes <= 0 || blockBytes > ChunkFormat.MAX_BLOCK_BYTES) {
            throw new IllegalArgumentException("block size out of range: " + blockBytes);
        }
        try {
            ChunkWriter writer = new ChunkWriter(file, layout, blockBytes, level);
            writer.writeHeader(properties);
            return writer;
        } catch (IOException e) {
            throw new LogicalException(FailureReason.STAGING_ERROR, "cannot create chunk file " + file, e);
        }
    }

    public static ChunkWriter create(Path file, TableLayout layout, Map<String, String> properties) {
        return create(file, layout, properties, DEFAULT_BLOCK_BYTES, 1);
    }

    private void writeHeader(Map<String, String> properties) throws IOException {
        out.write(ChunkFormat.MAGIC);
        out.writeShort(ChunkFormat.VERSION);
        out.writeByte(ChunkFormat.COMPRESSION_ZSTD);
        out.writeByte(0);
        Bytes.Output header = new Bytes.Output();
        header.writeString(layout.keyspace());
        header.writeString(layout.table());
        header.writeUnsignedVarLong(layout.columns().size());
        for (ChunkColumn column : layout.columns()) {
            header.writeString(column.name());
            header.writeByte(column.kind().code);
            header.writeByte((column.multiCell() ? 1 : 0) | (column.counter() ? 2 : 0));
            header.writeString(column.cqlType());
        }
        header.writeUnsignedVarLong(properties.size());
        for (Map.Entry<String, String> property : properties.entrySet()) {
            header.writeString(property.getKey());
            header.writeString(property.getValue());
        }
        out.writeInt(header.size());
        out.write(header.array(), 0, header.size());
        out.writeInt(crc(header.array(), header.size()));
    }

    /** Adds a row; its values must follow the layout (checked, so that no reader meets a row it cannot read). */
    public void write(ChunkRow row) {
        if (summary != null) {
            throw new IllegalStateException("chunk " + file + " is closed");
        }
        List<ChunkColumn> key = layout.primaryKey();
        if (row.key().size() != key.size()) {
            throw new IllegalArgumentException(
                    "row has " + row.key().size() + " key values, the layout " + key.size() + " key columns");
        }
        block.writeByte((row.hasStatics() ? ChunkFormat.ROW_HAS_STATICS : 0)
                | (row.staticOnly() ? ChunkFormat.ROW_STATIC_ONLY : 0));
        for (int i = 0; i < key.size(); i++) {
            ByteBuffer value = row.key().get(i);
            if (value == null && !(row.staticOnly() && key.get(i).kind() == ColumnKind.CLUSTERING)) {
                throw new IllegalArgumentException("key column " + key.get(i).name() + " has no value");
            }
            block.writeNullableBytes(value);
        }
        if (row.hasStatics()) {
            writeCells(layout.statics(), row.statics());
        }
        if (!row.staticOnly()) {
            writeCells(layout.regulars(), row.regulars());
        }
        blockRows++;
        rows++;
        if (block.size() >= blockBytes) {
            flushBlock();
        }
    }

    private void writeCells(List<ChunkColumn> columns, List<Cell> cells) {
        if (cells.size() != columns.size()) {
            throw new IllegalArgumentException("row has " + cells.size() + " cells for " + columns.size() + " columns");
        }
        for (int i = 0; i < columns.size(); i++) {
            ChunkColumn column = columns.get(i);
            Cell cell = cells.get(i);
            boolean fits = switch (cell.kind()) {
                case ABSENT -> true;
                case SIMPLE -> !column.multiCell() && !column.counter();
                case COUNTER -> column.counter();
                case MULTI -> column.multiCell();
            };
            if (!fits) {
                throw new IllegalArgumentException(
                        "a " + cell.kind() + " cell cannot be written to column " + column.name());
            }
            block.writeByte(cell.kind().code);
            switch (cell.kind()) {
                case ABSENT -> {}
                case SIMPLE -> {
                    block.writeBytes(cell.value());
                    block.writeSignedVarLong(cell.writetime());
                    block.writeUnsignedVarLong(cell.ttl());
                }
                case COUNTER -> block.writeBytes(cell.value());
                case MULTI -> {
                    block.writeBytes(cell.value());
                    block.writeUnsignedVarLong(cell.elementCount());
                    for (int e = 0; e < cell.elementCount(); e++) {
                        block.writeSignedVarLong(cell.elementWritetime(e));
                        block.writeUnsignedVarLong(cell.elementTtl(e));
                    }
                }
            }
        }
    }

    private void flushBlock() {
        if (blockRows == 0) {
            return;
        }
        byte[] compressed = Zstd.compress(java.util.Arrays.copyOf(block.array(), block.size()), level);
        try {
            out.writeInt(blockRows);
            out.writeInt(block.size());
            out.writeInt(compressed.length);
            out.writeInt(crc(block.array(), block.size()));
            out.write(compressed);
        } catch (IOException e) {
            throw new LogicalException(FailureReason.STAGING_ERROR, "cannot write chunk file " + file, e);
        }
        blocks++;
        block.reset();
        blockRows = 0;
    }

    /** Rows written so far. */
    public long rows() {
        return rows;
    }

    /** Bytes of the file so far, the block being filled not counted (it is not compressed yet). */
    public long bytes() {
        return counting.count;
    }

    /** Bytes of rows waiting in the block being filled, uncompressed. */
    public int pendingBytes() {
        return block.size();
    }

    /** Writes the last block and the trailer, closes the file; returns its rows, size and SHA-256. */
    public ChunkSummary finish() {
        if (summary != null) {
            return summary;
        }
        flushBlock();
        try {
            out.writeInt(0);
            out.writeLong(rows);
            out.writeLong(blocks);
            out.close();
        } catch (IOException e) {
            throw new LogicalException(FailureReason.STAGING_ERROR, "cannot write chunk file " + file, e);
        }
        summary = new ChunkSummary(file, rows, counting.count, HexFormat.of().formatHex(sha256.digest()));
        return summary;
    }

    /** Finishes the file if it was not: a writer closed after a failure leaves a complete but shorter chunk. */
    @Override
    public void close() {
        finish();
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    /** Counts the bytes that reach the file. */
    private static final class CountingOutput extends java.io.FilterOutputStream {
        long count;

        CountingOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
