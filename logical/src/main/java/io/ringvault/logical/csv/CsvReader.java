package io.ringvault.logical.csv;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV records the way Python's {@code csv} module reads cqlsh's files: fields split at the delimiter, a field in
 * quotes may hold delimiters, newlines and quotes (doubled, {@code ""}, or escaped, {@code \"}), and the escape
 * character outside quotes escapes the next character. Streams: one record in memory at a time.
 *
 * <p>Not thread-safe. Public for readers of a logical backup's CSV files outside the importer (tests, tools).
 */
public final class CsvReader implements AutoCloseable {
    /** A record: its fields, the line it starts on (from 1), and its text as read, for the error file. */
    public record Record(List<String> fields, long line, String text) {}

    /** A record that cannot be parsed; the reader goes on with the next line. */
    public static final class MalformedRecordException extends Exception {
        private final long line;
        private final String text;

        MalformedRecordException(String message, long line, String text) {
            super(message);
            this.line = line;
            this.text = text;
        }

        long line() {
            return line;
        }

        String text() {
            return text;
        }
    }

    private final Reader in;
    private final char delimiter;
    private final char quote;
    private final char escape;
    private long line = 1;
    private int pushedBack = -2;

    public CsvReader(Reader in, char delimiter, char quote, char escape) {
        this.in = in;
        this.delimiter = delimiter;
        this.quote = quote;
        this.escape = escape;
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        return in.read();
    }

    /**
     * The next record, or null at the end of the input.
     *
     * @throws MalformedRecordException for a quote that never closes (the rest of the input is that record)
     */
    public Record next() throws IOException, MalformedRecordException {
        int c = read();
        if (c == -1) {
            return null;
        }
        long start = line;
        StringBuilder raw = new StringBuilder();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean afterQuotedField = false;
        boolean malformed = false;
        String problem = null;
        while (true) {
            if (c == -1) {
                if (quoted) {
                    throw new MalformedRecordException(
                            "a quoted field is not closed before the end of the file", start, raw.toString());
                }
                break;
            }
            char ch = (char) c;
            if (quoted) {
                raw.append(ch);
                if (ch == '\n') {
                    line++;
                }
                if (ch == quote) {
                    int following = read();
                    if (following == quote) {
                        raw.append(quote);
                        field.append(quote);
                    } else {
                        quoted = false;
                        afterQuotedField = true;
                        pushedBack = following;
                    }
                } else if (ch == escape) {
                    int escaped = read();
                    if (escaped == -1) {
                        continue;
                    }
                    raw.append((char) escaped);
                    if (escaped == '\n') {
                        line++;
                    }
                    field.append((char) escaped);
                } else {
                    field.append(ch);
                }
            } else if (ch == '\r' || ch == '\n') {
                if (ch == '\r') {
                    int following = read();
                    if (following != '\n') {
                        pushedBack = following;
                    }
                }
                line++;
                break;
            } else {
                raw.append(ch);
                if (ch == delimiter) {
                    fields.add(field.toString());
                    field.setLength(0);
                    afterQuotedField = false;
                } else if (ch == quote && field.isEmpty() && !afterQuotedField) {
                    quoted = true;
                } else if (ch == escape) {
                    int escaped = read();
                    if (escaped != -1) {
                        raw.append((char) escaped);
                        field.append((char) escaped);
                        if (escaped == '\n') {
                            line++;
                        }
                    }
                } else if (afterQuotedField) {
                    malformed = true;
                    problem = "text after the closing quote of field " + (fields.size() + 1);
                    field.append(ch);
                } else {
                    field.append(ch);
                }
            }
            c = read();
        }
        fields.add(field.toString());
        if (malformed) {
            throw new MalformedRecordException(problem, start, raw.toString());
        }
        return new Record(List.copyOf(fields), start, raw.toString());
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
