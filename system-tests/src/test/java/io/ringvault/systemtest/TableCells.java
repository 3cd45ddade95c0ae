package io.ringvault.systemtest;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.Row;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The rows of small test tables as their cells' serialized bytes, for suites that compare a table before and after. */
final class TableCells {
    private TableCells() {}

    /**
     * Every row of every one of {@code tables}, each as {@code column=hex;...} of its cells' serialized bytes: equal sets
     * mean equal data, type for type, and NULL differs from an empty value.
     */
    static Map<String, Set<String>> of(CqlSession session, String keyspace, List<String> tables) {
        Map<String, Set<String>> contents = new LinkedHashMap<>();
        HexFormat hex = HexFormat.of();
        for (String table : tables) {
            Set<String> rows = new TreeSet<>();
            for (Row row : session.execute("SELECT * FROM " + keyspace + "." + table)) {
                StringBuilder cells = new StringBuilder();
                int i = 0;
                for (ColumnDefinition column : row.getColumnDefinitions()) {
                    ByteBuffer value = row.getBytesUnsafe(i++);
                    byte[] bytes = null;
                    if (value != null) {
                        bytes = new byte[value.remaining()];
                        value.duplicate().get(bytes);
                    }
                    cells.append(column.getName().asInternal())
                            .append('=')
                            .append(bytes == null ? "null" : hex.formatHex(bytes))
                            .append(';');
                }
                rows.add(cells.toString());
            }
            contents.put(table, rows);
        }
        return contents;
    }
}
