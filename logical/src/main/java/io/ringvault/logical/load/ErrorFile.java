package io.ringvault.logical.load;

import static io.ringvault.logical.JsonText.quote;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.logical.LogicalException;
import io.ringvault.logical.format.Cell;
import io.ringvault.logical.format.ChunkRow;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.List;

/**
 * The rows an import rejected, one JSON object per line: {@code table}, {@code chunk}, {@code row} (its number in the
 * chunk, from 1), {@code error}, and the row itself ({@code key}: the primary key values in hex; {@code statics},
 * {@code regulars}: each cell as hex value, write time and TTL), so that nothing rejected is lost. Created at the first
 * rejected row; thread-safe.
 */
final class ErrorFile implements AutoCloseable {
    private final Path file;
    private BufferedWriter writer;

    ErrorFile(Path file) {
        this.file = file;
    }

    synchronized void write(String table, Path chunk, long rowNumber, ChunkRow row, String error) {
        try {
            if (writer == null) {
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
                writer = Files.newBufferedWriter(
                        file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            StringBuilder line = new StringBuilder("{");
            field(line, "table", table).append(',');
            field(line, "chunk", chunk.toString()).append(',');
            line.append("\"row\":").append(rowNumber).append(',');
            field(line, "error", error).append(',');
            line.append("\"key\":[");
            List<ByteBuffer> key = row.key();
            for (int i = 0; i < key.size(); i++) {
                line.append(i > 0 ? "," : "").append(key.get(i) == null ? "null" : quote(hex(key.get(i))));
            }
            line.append("],\"statics\":").append(cells(row.statics()));
            line.append(",\"regulars\":").append(cells(row.regulars()));
            line.append("}\n");
            writer.write(line.toString());
            writer.flush();
        } catch (IOException e) {
            throw new LogicalException(FailureReason.STAGING_ERROR, "cannot write the error file " + file, e);
        }
    }

    private static String cells(List<Cell> cells) {
        if (cells == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < cells.size(); i++) {
            out.append(i > 0 ? "," : "").append(quote(cells.get(i).toString()));
        }
        return out.append(']').toString();
    }

    private static StringBuilder field(StringBuilder line, String name, String value) {
        return line.append(quote(name)).append(':').append(quote(value));
    }

    private static String hex(ByteBuffer value) {
        ByteBuffer copy = value.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    @Override
    public synchronized void close() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new LogicalException(FailureReason.STAGING_ERROR, "cannot close the error file " + file, e);
            }
        }
    }
}
