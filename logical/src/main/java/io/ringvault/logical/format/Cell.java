package io.ringvault.logical.format;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * The content of one static or regular column of a row, exactly as Cassandra returned it.
 *
 * <ul>
 *   <li>{@link Kind#ABSENT}: no live cell (CQL {@code null});
 *   <li>{@link Kind#SIMPLE}: a single-cell column (any frozen or scalar type): its value in the protocol's bytes, its
 *       write time (microseconds) and its remaining TTL in seconds (0: none);
 *   <li>{@link Kind#COUNTER}: a counter's value (8 bytes), which has no write time a client can set;
 *   <li>{@link Kind#MULTI}: a non-frozen collection or UDT: the whole value in the protocol's bytes, plus each
 *       element's (or field's) write time and TTL, in the order of the elements in the value.
 * </ul>
 *
 * <p>Values are never decoded: the bytes are those Cassandra sent ({@code Row.getBytesUnsafe}), so every type is kept
 * exactly, an empty value (zero bytes) stays distinct from a null one.
 */
public final class Cell {
    public enum Kind {
        ABSENT(0),
        SIMPLE(1),
        COUNTER(2),
        MULTI(3);

        final int code;

        Kind(int code) {
            this.code = code;
        }
    }

    /** The write time of an element with no cell: a null field of a non-frozen UDT. */
    public static final long NO_WRITETIME = Long.MIN_VALUE;

    private static final Cell ABSENT = new Cell(Kind.ABSENT, null, 0, 0, null, null);

    private final Kind kind;
    private final ByteBuffer value;
    private final long writetime;
    private final int ttl;
    private final long[] elementWritetimes;
    private final int[] elementTtls;

    private Cell(Kind kind, ByteBuffer value, long writetime, int ttl, long[] elementWritetimes, int[] elementTtls) {
        this.kind = kind;
        this.value = value;
        this.writetime = writetime;
        this.ttl = ttl;
        this.elementWritetimes = elementWritetimes;
        this.elementTtls = elementTtls;
    }

    public static Cell absent() {
        return ABSENT;
    }

    public static Cell simple(ByteBuffer value, long writetime, int ttl) {
        requireTtl(ttl);
        return new Cell(Kind.SIMPLE, Objects.requireNonNull(value, "value"), writetime, ttl, null, null);
    }

    public static Cell counter(ByteBuffer value) {
        return new Cell(Kind.COUNTER, Objects.requireNonNull(value, "value"), 0, 0, null, null);
    }

    public static Cell multi(ByteBuffer value, long[] elementWritetimes, int[] elementTtls) {
        Objects.requireNonNull(value, "value");
        if (elementWritetimes.length != elementTtls.length) {
            throw new IllegalArgumentException("as many write times as TTLs are needed");
        }
        for (int ttl : elementTtls) {
            requireTtl(ttl);
        }
        return new Cell(Kind.MULTI, value, 0, 0, elementWritetimes.clone(), elementTtls.clone());
    }

    private static void requireTtl(int ttl) {
        if (ttl < 0) {
            throw new IllegalArgumentException("a TTL is 0 (none) or positive: " + ttl);
        }
    }

    public Kind kind() {
        return kind;
    }

    public boolean isAbsent() {
        return kind == Kind.ABSENT;
    }

    /** The value's bytes (a read-only view, positioned at its start); null only for an absent cell. */
    public ByteBuffer value() {
        return value == null ? null : value.asReadOnlyBuffer();
    }

    /** The write time in microseconds of a {@link Kind#SIMPLE} cell. */
    public long writetime() {
        return writetime;
    }

    /** The remaining TTL in seconds of a {@link Kind#SIMPLE} cell; 0 for none. */
    public int ttl() {
        return ttl;
    }

    /** The number of elements of a {@link Kind#MULTI} cell. */
    public int elementCount() {
        return elementWritetimes == null ? 0 : elementWritetimes.length;
    }

    public long elementWritetime(int element) {
        return elementWritetimes[element];
    }

    public int elementTtl(int element) {
        return elementTtls[element];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cell that
                && kind == that.kind
                && Objects.equals(value, that.value)
                && writetime == that.writetime
                && ttl == that.ttl
                && Arrays.equals(elementWritetimes, that.elementWritetimes)
                && Arrays.equals(elementTtls, that.elementTtls);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, value, writetime, ttl, Arrays.hashCode(elementWritetimes));
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ABSENT -> "null";
            case SIMPLE -> Bytes.hex(value) + "@" + writetime + (ttl > 0 ? " ttl " + ttl : "");
            case COUNTER -> "counter " + Bytes.hex(value);
            case MULTI ->
                Bytes.hex(value) + "@" + Arrays.toString(elementWritetimes) + " ttl " + Arrays.toString(elementTtls);
        };
    }
}
