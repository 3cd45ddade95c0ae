package io.ringvault.cli.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Columns padded to their widest cell, two spaces apart. Null cells print as {@code -}. */
public final class Table {
    private static final String GAP = "  ";

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... headers) {
        this.headers = List.of(headers);
    }

    public Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException(
                    "a row of " + cells.length + " cells for " + headers.size() + " columns: " + Arrays.asList(cells));
        }
        List<String> row = new ArrayList<>(cells.length);
        for (Object cell : cells) {
            row.add(cell == null || cell.toString().isEmpty() ? "-" : cell.toString());
        }
        rows.add(row);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The header line then one line per row, each prefixed with {@code indent}. */
    public List<String> lines(String indent) {
        int[] widths = new int[headers.size()];
        for (int column = 0; column < widths.length; column++) {
            widths[column] = headers.get(column).length();
            for (List<String> row : rows) {
                widths[column] = Math.max(widths[column], row.get(column).length());
            }
        }
        List<String> lines = new ArrayList<>(rows.size() + 1);
        lines.add(indent + line(headers, widths));
        for (List<String> row : rows) {
            lines.add(indent + line(row, widths));
        }
        return lines;
    }

    public List<String> lines() {
        return lines("");
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int column = 0; column < cells.size(); column++) {
            if (column > 0) {
                line.append(GAP);
            }
            line.append(cells.get(column));
            line.append(" ".repeat(widths[column] - cells.get(column).length()));
        }
        return line.toString().stripTrailing();
    }
}
