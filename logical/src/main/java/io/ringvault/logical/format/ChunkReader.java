package io.ringvault.logical.format;

import com.github.luben.zstd.Zstd;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.logical.LogicalException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Reads a chunk file written by {@link ChunkWriter}, one block in memory at a time. Every block's checksum, every
 * length and the trailer's row count are checked: a truncated or corrupt file fails with a {@link LogicalException} of
 * reason {@link FailureReason#BACKUP_CORRUPT} whose message names the file and the byte offset where it went wrong, never
 * with rows silently missing.
 *
 * <p>Not thread-safe.
 */
public final class ChunkReader implements AutoCloseable {
    private final Path file;
    private final DataInputStream in;
    private final TableLayout layout;
    private final Map<String, String> properties;
    private final List<ChunkColumn> key;
    private final List<ChunkColumn> statics;
    private final List<ChunkColumn> regulars;
    private long offset;
    private long blockOffset;
    private Bytes.Input block;
    private long rowNumber;
    private long blocksRead;
    private boolean ended;

    private ChunkReader(Path file, InputStream stream) {
        this.file = file;
        this.in = new DataInputStream(new BufferedInputStream(stream, 64 << 10));
        try {
            byte[] magic = readFully(4, "the magic number");
            if (!Arrays.equals(magic, ChunkFormat.MAGIC)) {
                throw corrupt(0, "not a ringvault chunk file (magic " + Bytes.hex(ByteBuffer.wrap(magic)) + ")");
            }
            int version = readUnsignedShort();
            if (version != ChunkFormat.VERSION) {
                throw corrupt(
                        4,
                        "format version " + version + " is not supported (this reader knows version "
                                + ChunkFormat.VERSION + ")");
            }
            int compression = readByte();
            readByte();
            if (compression != ChunkFormat.COMPRESSION_ZSTD) {
                throw corrupt(6, "unknown compression " + compression);
            }
            long headerOffset = offset;
            int headerLength = readInt();
            if (headerLength < 0 || headerLength > ChunkFormat.MAX_BLOCK_BYTES) {
                throw corrupt(headerOffset, "header length " + headerLength + " out of range");
            }
            byte[] header = readFully(headerLength, "the header");
            int crc = readInt();
            if (crc != crc(header, headerLength)) {
                throw corrupt(headerOffset, "header checksum mismatch");
            }
            Bytes.Input input = new Bytes.Input(header, headerLength);
            try {
                String keyspace = input.readString();
                String table = input.readString();
                int columnCount = input.readCount();
                List<ChunkColumn> columns = new ArrayList<>(columnCount);
                for (int i = 0; i < columnCount; i++) {
                    String name = input.readString();
                    ColumnKind kind = ColumnKind.ofCode(input.readByte());
                    int flags = input.readByte();
                    columns.add(new ChunkColumn(name, kind, input.readString(), (flags & 1) != 0, (flags & 2) != 0));
                }
                int propertyCount = input.readCount();
                Map<String, String> props = new LinkedHashMap<>();
                for (int i = 0; i < propertyCount; i++) {
                    props.put(input.readString(), input.readString());
                }
                this.layout = new TableLayout(keyspace, table, columns);
                this.properties = Map.copyOf(props);
            } catch (Bytes.Malformed | IllegalArgumentException e) {
                throw corrupt(headerOffset, "unreadable header: " + e.getMessage());
            }
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
        this.key = layout.primaryKey();
        this.statics = layout.statics();
        this.regulars = layout.regulars();
        this.blockOffset = offset;
    }

    /** Opens {@code file} and reads its header. */
    public static ChunkReader open(Path file) {
        try {
            return new ChunkReader(file, Files.newInputStream(file));
        } catch (IOException e) {
            throw new LogicalException(FailureReason.STAGING_ERROR, "cannot open chunk file " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    /** The exported table's columns, from the header. */
    public TableLayout layout() {
        return layout;
    }

    /** The free-form facts the exporter recorded (the token range, the time of the export). */
    public Map<String, String> properties() {
        return properties;
    }

    /** The number (from 1) of the row {@link #next()} returned last. */
    public long rowNumber() {
        return rowNumber;
    }

    /** The next row, or null after the last one (once the trailer confirmed the row count). */
    public ChunkRow next() {
        while (block == null || !block.hasMore()) {
            if (ended || !readBlock()) {
                return null;
            }
        }
        long rowOffsetInBlock = block.position();
        try {
            ChunkRow row = readRow(block);
            rowNumber++;
            return row;
        } catch (Bytes.Malformed | IllegalArgumentException e) {
            throw corrupt(
                    blockOffset,
                    "row " + (rowNumber + 1) + " at byte " + rowOffsetInBlock + " of block " + blocksRead
                            + " is unreadable: " + e.getMessage());
        }
    }

    private boolean readBlock() {
        long at = offset;
        int rows = readInt();
        if (rows == 0) {
            long totalRows = readLong();
            long blocks = readLong();
            if (totalRows != rowNumber || blocks != blocksRead) {
                throw corrupt(
                        at,
                        "the trailer counts " + totalRows + " rows in " + blocks + " blocks, the file holds "
                                + rowNumber + " rows in " + blocksRead + " blocks");
            }
            try {
                if (in.read() != -1) {
                    throw corrupt(offset, "bytes after the trailer");
                }
            } catch (IOException e) {
                throw ioFailure(e);
            }
            ended = true;
            return false;
        }
        int length = readInt();
        int compressedLength = readInt();
        int crc = readInt();
        if (rows < 0
                || length <= 0
                || length > ChunkFormat.MAX_BLOCK_BYTES
                || compressedLength <= 0
                || compressedLength > ChunkFormat.MAX_BLOCK_BYTES) {
            throw corrupt(
                    at,
                    "block header out of range (rows " + rows + ", length " + length + ", compressed "
                            + compressedLength + ")");
        }
        byte[] compressed = readFully(compressedLength, "a block of " + compressedLength + " bytes");
        byte[] bytes;
        try {
            bytes = Zstd.decompress(compressed, length);
        } catch (RuntimeException e) {
            throw corrupt(at, "block " + (blocksRead + 1) + " does not decompress: " + e.getMessage());
        }
        if (bytes.length != length || crc(bytes, length) != crc) {
            throw corrupt(at, "block " + (blocksRead + 1) + " checksum mismatch");
        }
        blockOffset = at;
        blocksRead++;
        block = new Bytes.Input(bytes, length);
        return true;
    }

    private ChunkRow readRow(Bytes.Input input) {
        int flags = input.readByte();
        if ((flags & ~(ChunkFormat.ROW_HAS_STATICS | ChunkFormat.ROW_STATIC_ONLY)) != 0) {
            throw new Bytes.Malformed("unknown row flags " + flags);
        }
        boolean hasStatics = (flags & ChunkFormat.ROW_HAS_STATICS) != 0;
        boolean staticOnly = (flags & ChunkFormat.ROW_STATIC_ONLY) != 0;
        List<ByteBuffer> keyValues = new ArrayList<>(key.size());
        for (int i = 0; i < key.size(); i++) {
            keyValues.add(input.readNullableBytes());
        }
        List<Cell> staticCells = hasStatics ? readCells(input, statics) : null;
        List<Cell> regularCells = staticOnly ? null : readCells(input, regulars);
        return new ChunkRow(keyValues, staticCells, regularCells, staticOnly);
    }

    private static List<Cell> readCells(Bytes.Input input, List<ChunkColumn> columns) {
        List<Cell> cells = new ArrayList<>(columns.size());
        for (ChunkColumn column : columns) {
            int kind = input.readByte();
            cells.add(
                    switch (kind) {
                        case 0 -> Cell.absent();
                        case 1 -> Cell.simple(input.readBytes(), input.readSignedVarLong(), input.readTtl());
                        case 2 -> Cell.counter(input.readBytes());
                        case 3 -> {
                            ByteBuffer value = input.readBytes();
                            int count = input.readCount();
                            long[] writetimes = new long[count];
                            int[] ttls = new int[count];
                            for (int e = 0; e < count; e++) {
                                writetimes[e] = input.readSignedVarLong();
                                ttls[e] = input.readTtl();
                            }
                            yield Cell.multi(value, writetimes, ttls);
                        }
                        default ->
                            throw new Bytes.Malformed("unknown cell kind " + kind + " for column " + column.name());
                    });
        }
        return cells;
    }

    private byte[] readFully(int length, String what) {
        byte[] bytes = new byte[length];
        try {
            in.readFully(bytes);
        } catch (EOFException e) {
            throw truncated(what);
        } catch (IOException e) {
            throw ioFailure(e);
        }
        offset += length;
        return bytes;
    }

    private int readByte() {
        return readFully(1, "a byte")[0] & 0xFF;
    }

    private int readUnsignedShort() {
        byte[] b = readFully(2, "the format version");
        return ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
    }

    private int readInt() {
        return ByteBuffer.wrap(readFully(4, "a block header")).getInt();
    }

    private long readLong() {
        return ByteBuffer.wrap(readFully(8, "the trailer")).getLong();
    }

    private LogicalException truncated(String expected) {
        return new LogicalException(
                FailureReason.BACKUP_CORRUPT,
                "chunk file " + file + " is truncated at offset " + offset + ": it ends where " + expected
                        + " was expected");
    }

    private LogicalException corrupt(long at, String detail) {
        return new LogicalException(
                FailureReason.BACKUP_CORRUPT, "chunk file " + file + " is corrupt at offset " + at + ": " + detail);
    }

    private LogicalException ioFailure(IOException e) {
        return new LogicalException(
                FailureReason.STAGING_ERROR, "cannot read chunk file " + file + " at offset " + offset, e);
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    private void closeQuietly() {
        try {
            in.close();
        } catch (IOException ignored) {
            // Already failing: the first failure is the one to report.
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
