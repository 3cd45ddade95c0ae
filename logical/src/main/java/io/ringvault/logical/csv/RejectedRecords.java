package io.ringvault.logical.csv;

import static io.ringvault.logical.JsonText.quote;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.logical.LogicalException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The CSV records an import rejected, one JSON object per line: {@code table}, {@code file}, {@code line} (where the
 * record starts, from 1), {@code error}, and {@code record}, the record's text as read, so that it can be fixed and
 * loaded again. Created at the first rejected record; thread-safe.
 */
final class RejectedRecords implements AutoCloseable {
    private final Path file;
    private BufferedWriter writer;

    RejectedRecords(Path file) {
        this.file = file;
    }

    synchronized void write(String table, Path csv, long line, String record, String error) {
        try {
            if (writer == null) {
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
                writer = Files.newBufferedWriter(
                        file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            writer.write("{\"table\":" + quote(table) + ",\"file\":" + quote(csv.toString()) + ",\"line\":" + line
                    + ",\"error\":" + quote(error) + ",\"record\":" + quote(record) + "}\n");
            writer.flush();
        } catch (IOException e) {
            throw new LogicalException(FailureReason.STAGING_ERROR, "cannot write the error file " + file, e);
        }
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
