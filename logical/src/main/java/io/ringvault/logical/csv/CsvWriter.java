package io.ringvault.logical.csv;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes CSV records as Python's {@code csv} module does with cqlsh's dialect: a field in quotes when it holds the
 * delimiter or a line break; a quote or the escape character preceded by the escape; CRLF after each record.
 */
final class CsvWriter {
    private final Writer out;
    private final CsvOptions options;
    private final StringBuilder field = new StringBuilder();

    CsvWriter(Writer out, CsvOptions options) {
        this.out = out;
        this.options = options;
    }

    void write(List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(options.delimiter());
            }
            out.write(field(fields.get(i)));
        }
        out.write("\r\n");
    }

    private String field(String value) {
        field.setLength(0);
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == options.quote() || c == options.escape()) {
                field.append(options.escape());
            } else if (c == options.delimiter() || c == '\r' || c == '\n') {
                quoted = true;
            }
            field.append(c);
        }
        return quoted ? options.quote() + field.toString() + options.quote() : field.toString();
    }
}
