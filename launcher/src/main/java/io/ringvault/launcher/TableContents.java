package io.ringvault.launcher;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ColumnDefinitions;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every row of one table, as its primary key and a SHA-256 of every column's serialized value (so NULL, an empty string
 * and a missing row all differ). Comparing two of these checks the rows one by one while holding only a key and a digest
 * per row, whatever the size of the values.
 *
 * @param table {@code keyspace.table}
 * @param rows digest of each row's columns, by its primary key (hex of the key columns' bytes)
 */
record TableContents(String table, Map<String, String> rows) {
    private static final int PAGE_SIZE = 500;
    private static final int EXAMPLES_SHOWN = 3;

    static Map<String, TableContents> readKeyspace(CqlSession session, String keyspace) {
        Map<String, TableContents> tables = new TreeMap<>();
        session.refreshSchema();
        session.getMetadata()
                .getKeyspace(keyspace)
                .ifPresent(metadata -> metadata.getTables()
                        .values()
                        .forEach(table -> tables.put(table.getName().asInternal(), read(session, table))));
        return tables;
    }

    static TableContents read(CqlSession session, TableMetadata table) {
        List<String> keyColumns = new ArrayList<>();
        for (ColumnMetadata column : table.getPrimaryKey()) {
            keyColumns.add(column.getName().asCql(true));
        }
        String name = table.getKeyspace().asCql(true) + "." + table.getName().asCql(true);
        Map<String, String> rows = new HashMap<>();
        for (Row row : session.execute(
                SimpleStatement.newInstance("SELECT * FROM " + name).setPageSize(PAGE_SIZE))) {
            ColumnDefinitions columns = row.getColumnDefinitions();
            StringBuilder key = new StringBuilder();
            for (String keyColumn : keyColumns) {
                key.append(hex(row.getBytesUnsafe(keyColumn))).append('/');
            }
            MessageDigest digest = sha256();
            for (int i = 0; i < columns.size(); i++) {
                digest.update(columns.get(i).getName().asInternal().getBytes(StandardCharsets.UTF_8));
                ByteBuffer value = row.getBytesUnsafe(i);
                if (value == null) {
                    digest.update((byte) 0); // NULL
                } else {
                    digest.update((byte) 1);
                    digest.update(value.duplicate());
                }
            }
            rows.put(key.toString(), HexFormat.of().formatHex(digest.digest()));
        }
        return new TableContents(name, rows);
    }

    /**
     * @return what differs from {@code before}, one line each (a few examples per kind); empty when identical
     */
    List<String> differencesFrom(TableContents before) {
        List<String> differences = new ArrayList<>();
        Set<String> missing = new TreeSet<>(before.rows.keySet());
        missing.removeAll(rows.keySet());
        Set<String> extra = new TreeSet<>(rows.keySet());
        extra.removeAll(before.rows.keySet());
        Set<String> changed = new TreeSet<>();
        before.rows.forEach((key, digest) -> {
            String now = rows.get(key);
            if (now != null && !now.equals(digest)) {
                changed.add(key);
            }
        });
        describe(differences, missing, "missing");
        describe(differences, extra, "not in the original");
        describe(differences, changed, "with different values");
        return differences;
    }

    private void describe(List<String> differences, Set<String> keys, String what) {
        if (!keys.isEmpty()) {
            differences.add("%s: %d rows %s, for example the rows with key bytes %s"
                    .formatted(
                            table,
                            keys.size(),
                            what,
                            keys.stream().limit(EXAMPLES_SHOWN).toList()));
        }
    }

    private static String hex(ByteBuffer value) {
        if (value == null) {
            return "null";
        }
        byte[] bytes = new byte[value.remaining()];
        value.duplicate().get(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
