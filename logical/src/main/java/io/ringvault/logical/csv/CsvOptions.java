package io.ringvault.logical.csv;

import java.util.Objects;

/**
 * The CSV dialect, cqlsh {@code COPY}'s by default: {@code ,} between fields, {@code "} around a field that holds a
 * delimiter or a line break, {@code \} before a quote or a backslash inside a field, lines ending in CRLF.
 *
 * @param header whether the first line names the columns (cqlsh: {@code HEADER = TRUE}); without it, fields follow the
 *     table's columns in cqlsh's order: partition key, clustering columns, then the others by name
 * @param nullMarker the field text that stands for null (cqlsh: {@code NULL}, by default the empty text, so that an
 *     empty text and a null look alike)
 * @param delimiter between fields (cqlsh: {@code DELIMITER})
 * @param quote around a field (cqlsh: {@code QUOTE})
 * @param escape before a quote or itself (cqlsh: {@code ESCAPE})
 */
public record CsvOptions(boolean header, String nullMarker, char delimiter, char quote, char escape) {
    public CsvOptions {
        Objects.requireNonNull(nullMarker, "nullMarker");
        if (delimiter == quote || delimiter == escape || quote == escape) {
            throw new IllegalArgumentException("the delimiter, the quote and the escape must differ");
        }
    }

    /** cqlsh's defaults, with a header and {@code <null>} for null, so that an empty text stays an empty text. */
    public static CsvOptions defaults() {
        return new CsvOptions(true, "<null>", ',', '"', '\\');
    }

    public CsvOptions withHeader(boolean value) {
        return new CsvOptions(value, nullMarker, delimiter, quote, escape);
    }

    public CsvOptions withNullMarker(String value) {
        return new CsvOptions(header, value, delimiter, quote, escape);
    }
}
