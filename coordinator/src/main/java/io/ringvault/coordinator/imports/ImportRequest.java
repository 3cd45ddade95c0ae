package io.ringvault.coordinator.imports;

import java.util.List;
import java.util.Objects;

/**
 * What {@code ringvault import} sends: a cqlsh {@code DESCRIBE} schema and the {@code COPY TO} files of its tables.
 *
 * @param schema the schema script ({@code cqlsh -e 'DESCRIBE KEYSPACE ks'}); required
 * @param files the CSV files, in order; several files of one table are loaded in that order (cqlsh's
 *     {@code MAXOUTPUTSIZE} splits a table into several)
 * @param nullMarker the text the files stand for null with ({@code COPY TO ... WITH NULL = '...'}); null means
 *     cqlsh's default, the empty text
 * @param header whether each file starts with the column names ({@code WITH HEADER = TRUE}); without one, its fields
 *     follow the table's columns in {@code COPY TO}'s order: partition key, clustering columns, then the others by
 *     name
 */
public record ImportRequest(String schema, List<ImportFile> files, String nullMarker, boolean header) {
    /** cqlsh's own NULL text when {@code COPY} is given none. */
    public static final String CQLSH_DEFAULT_NULL = "";

    public ImportRequest {
        Objects.requireNonNull(schema, "schema");
        files = List.copyOf(files);
        nullMarker = nullMarker == null ? CQLSH_DEFAULT_NULL : nullMarker;
    }
}
