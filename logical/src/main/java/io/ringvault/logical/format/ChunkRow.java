package io.ringvault.logical.format;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One row of a chunk, its values in the order of the chunk's {@link TableLayout}.
 *
 * @param key the primary key columns' values (partition key, then clustering); a clustering value is null only in a
 *     {@code staticOnly} row
 * @param statics the static columns' cells, present only in the first row of a partition (static cells are stored
 *     once per partition); null otherwise
 * @param regulars the regular columns' cells; null in a {@code staticOnly} row
 * @param staticOnly a partition with static cells and no clustering row
 */
public record ChunkRow(List<ByteBuffer> key, List<Cell> statics, List<Cell> regulars, boolean staticOnly) {
    public ChunkRow {
        key = java.util.Collections.unmodifiableList(Arrays.asList(key.toArray(ByteBuffer[]::new)));
        statics = statics == null ? null : List.copyOf(statics);
        regulars = regulars == null ? null : List.copyOf(regulars);
        if (staticOnly && (statics == null || regulars != null)) {
            throw new IllegalArgumentException("a static-only row has static cells and no regular ones");
        }
        if (!staticOnly) {
            Objects.requireNonNull(regulars, "regulars");
        }
    }

    public boolean hasStatics() {
        return statics != null;
    }
}
