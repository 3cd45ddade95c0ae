package io.ringvault.coordinator.imports;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * One CSV file of an import, as {@code cqlsh COPY TO} wrote it.
 *
 * @param table the table it holds, as the operator named it in CQL ({@code ks.t}, {@code "Ks"."T"})
 * @param name the file's own name, for the people reading the backup's manifest and error reports
 * @param size its length in bytes
 * @param content opens the file from its start; called twice (once to count the rows, once to store it), so the
 *     caller keeps the file (on disk, not in memory) until the import returns
 */
public record ImportFile(String table, String name, long size, Content content) {
    /** Opens a file's bytes from its start. */
    @FunctionalInterface
    public interface Content {
        InputStream open() throws IOException;
    }

    public ImportFile {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(content, "content");
        name = name == null || name.isBlank() ? "file.csv" : name;
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
    }
}
