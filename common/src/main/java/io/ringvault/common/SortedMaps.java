package io.ringvault.common;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/** Maps inside messages and backup documents: sorted, so the same content is always written byte for byte the same. */
public final class SortedMaps {
    private SortedMaps() {}

    /**
     * An unmodifiable, key-sorted copy of {@code values}; empty when absent.
     *
     * @throws IllegalArgumentException naming {@code field} when a key or value is null
     */
    public static <V> SortedMap<String, V> copyOf(Map<String, V> values, String field) {
        if (values == null) {
            return Collections.emptySortedMap();
        }
        if (values.keySet().stream().anyMatch(Objects::isNull)
                || values.values().stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException(field + " must not contain null keys or values");
        }
        return Collections.unmodifiableSortedMap(new TreeMap<>(values));
    }

    /**
     * Row counts keyed by {@code "keyspace.table"}, as a field written only when set: absent (null) stays absent.
     *
     * @throws IllegalArgumentException naming {@code field} when a key or value is null or a count is negative
     */
    public static SortedMap<String, Long> rowCountsOrNull(Map<String, Long> values, String field) {
        if (values == null) {
            return null;
        }
        SortedMap<String, Long> copy = copyOf(values, field);
        for (Map.Entry<String, Long> entry : copy.entrySet()) {
            if (entry.getValue() < 0) {
                throw new IllegalArgumentException(
                        field + " holds a negative row count for " + entry.getKey() + ": " + entry.getValue());
            }
        }
        return copy;
    }
}
